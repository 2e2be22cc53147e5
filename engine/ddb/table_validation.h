// Validation of control-plane requests, with DynamoDB's error wording.
#pragma once

#include <string_view>

#include "headlock/ddb/requests.h"
#include "ddb/table_codec.h"
#include "headlock/result.h"

namespace headlock::ddb {

// Checks a table or index name: 3..255 characters of [A-Za-z0-9_.-].
Status ValidateTableName(std::string_view name);

// Validates a CreateTable request and returns its definition with every key
// attribute's type taken from AttributeDefinitions.
Result<TableDefinition> ResolveCreateTable(const CreateTableRequest& request);

// Applies an UpdateTable request to `record` (billing mode, throughput,
// per-index throughput), checking DynamoDB's rules: validation, then the
// mode-switch and decrease limits of `rules` (all or nothing).
Status ApplyTableUpdate(const UpdateTableRequest& request, int64_t now_ms, CapacityRuleSet rules,
                        TableRecord* record);

}  // namespace headlock::ddb
