// CostLedger: prices what happened, hour by hour, per table (its indexes
// included), from the capacity log, storage samples and a pricing table.
//
//   on-demand   the request units consumed while a table or index was
//               on-demand (an eventually consistent read is half a unit);
//   provisioned the capacity in force, for every hour it was in force, used
//               or not (pro rata when it changes within an hour);
//   storage     the bytes held plus DynamoDB's 100 bytes per item, per
//               GB-month of 730 hours, from the samples given (each sample
//               holds until the next one of its table).
// The free tier (25 GB and 25 WCU/RCU per account) is not deducted: it is
// per account, and negligible at the loads Headlock models.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/capacity/capacity_log.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/pricing.h"
#include "headlock/result.h"

namespace headlock {


struct TableHourCost {
  int64_t hour = 0;  // hours since the Unix epoch (UTC)
  std::string table_name;
  double on_demand_write_usd = 0;
  double on_demand_read_usd = 0;
  double provisioned_write_usd = 0;
  double provisioned_read_usd = 0;
  double storage_usd = 0;
  double total_usd() const {
    return on_demand_write_usd + on_demand_read_usd + provisioned_write_usd +
           provisioned_read_usd + storage_usd;
  }
};

// Prices [start of the record, record.end_ms) in `region` for
// `table_class`. A table's storage ends when it is deleted. Rows come out
// ordered by (hour, table). Errors: ValidationException when the pricing
// table has no schedule in force for some hour.
Result<std::vector<TableHourCost>> PriceHours(const CapacityRecord& record,
                                              const PricingTable& pricing,
                                              std::string_view region,
                                              std::string_view table_class);

// The same for a live log, up to `end_ms`.
Result<std::vector<TableHourCost>> PriceHours(const CapacityLog& log,
                                              const std::vector<StorageSample>& storage,
                                              const PricingTable& pricing,
                                              std::string_view region,
                                              std::string_view table_class, int64_t end_ms);

}  // namespace headlock
