// Storage samples for the cost ledger: what every table holds now.
#pragma once

#include <vector>

#include "headlock/capacity/capacity_record.h"
#include "headlock/ddb/database.h"
#include "headlock/result.h"

namespace headlock {

// One StorageSample per existing table at the database clock's now. The
// bytes and items count the table and each global secondary index, since
// DynamoDB bills an index's storage (with its own 100-byte per-item
// overhead) as it bills the table's. Errors: those of ListTables and
// DescribeTable (a table deleted meanwhile is skipped).
Result<std::vector<StorageSample>> SampleStorage(Database* db);

}  // namespace headlock
