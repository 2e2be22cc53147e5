// What the macro harnesses share: the request table of the Apify design
// (queueId + id, and a queueId + orderNo index), created through the engine.
#pragma once

#include <cstdint>
#include <string>

#include "headlock/ddb/database.h"

namespace headlock::bench {

// Provisioned units no harness reaches: capacity accounting runs, but never
// throttles.
inline constexpr int64_t kUnlimitedUnits = 1'000'000'000;

// CreateTable for the request table `table` with the index `index`
// (projection ALL). Provisioned tables get kUnlimitedUnits on both.
inline CreateTableRequest RequestTable(const std::string& table, const std::string& index,
                                       BillingMode mode = BillingMode::kProvisioned) {
  CreateTableRequest create;
  create.definition.table_name = table;
  create.definition.billing_mode = mode;
  create.definition.key_schema = {{"queueId", AttributeType::kS},
                                  KeyAttribute{"id", AttributeType::kS}};
  GlobalSecondaryIndex gsi;
  gsi.index_name = index;
  gsi.key_schema = {{"queueId", AttributeType::kS}, KeyAttribute{"orderNo", AttributeType::kN}};
  gsi.projection.type = ProjectionType::kAll;
  if (mode == BillingMode::kProvisioned) {
    create.definition.provisioned_throughput = {kUnlimitedUnits, kUnlimitedUnits};
    gsi.provisioned_throughput = {kUnlimitedUnits, kUnlimitedUnits};
  }
  create.definition.global_secondary_indexes.push_back(gsi);
  create.attribute_definitions = {{"queueId", AttributeType::kS},
                                  {"id", AttributeType::kS},
                                  {"orderNo", AttributeType::kN}};
  return create;
}

}  // namespace headlock::bench
