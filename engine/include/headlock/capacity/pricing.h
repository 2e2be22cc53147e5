// Pricing: what DynamoDB charges, by region, table class and the date a price
// took effect, each row naming its source (reference/dynamodb.md §6).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/result.h"
#include "headlock/time.h"  // DaysFromCivil, for price dates

namespace headlock {

struct PriceSchedule {
  std::string region = "us-east-1";
  std::string table_class = "STANDARD";
  int64_t effective_from_ms = 0;      // in force from this time on (UTC)
  double on_demand_write_per_million = 0;  // USD per million write request units
  double on_demand_read_per_million = 0;   // USD per million read request units
  double provisioned_wcu_hour = 0;    // USD per WCU-hour
  double provisioned_rcu_hour = 0;    // USD per RCU-hour
  double storage_gb_month = 0;        // USD per GB-month (GB = 2^30 bytes)
  std::string source;
};

inline constexpr double kHoursPerMonth = 730;                // AWS's billing month for proration
inline constexpr int64_t kStorageOverheadBytesPerItemBilled = 100;  // indexing overhead per item

class PricingTable {
 public:
  // us-east-1 Standard, before and from 2024-11-01 (on-demand halved).
  static PricingTable Default();

  // Loads schedules from CSV with the header
  //   region,table_class,effective_from,on_demand_write_per_million,
  //   on_demand_read_per_million,provisioned_wcu_hour,provisioned_rcu_hour,
  //   storage_gb_month,source
  // where effective_from is YYYY-MM-DD (UTC). Errors: ValidationException
  // naming the line.
  static Result<PricingTable> FromCsv(std::string_view csv);
  // The same, read from a file (the simulator's `pricing_csv`, `headlock
  // cost --pricing`). Errors: ValidationException "cannot read pricing file
  // 'PATH'", or FromCsv's.
  static Result<PricingTable> FromCsvFile(const std::string& path);

  // The schedule in force at `time_ms` for `region` and `table_class`, or a
  // ValidationException when none is.
  Result<PriceSchedule> At(std::string_view region, std::string_view table_class,
                           int64_t time_ms) const;

  const std::vector<PriceSchedule>& schedules() const { return schedules_; }

 private:
  std::vector<PriceSchedule> schedules_;
};


}  // namespace headlock
