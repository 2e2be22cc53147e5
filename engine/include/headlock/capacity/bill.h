// Bills: what a recorded load costs under one or more capacity policies, per
// table and per ISO week (of the hour billed), with totals - what `headlock
// cost` prints and writes, and what the simulator's report uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/cost_ledger.h"
#include "headlock/capacity/policy_replay.h"
#include "headlock/capacity/pricing.h"
#include "headlock/result.h"

namespace headlock {

// The policy name that prices the record as it was logged.
inline constexpr std::string_view kAsLoggedPolicy = "as-logged";

struct BillLine {
  std::string table_name;  // all tables: "TOTAL"
  std::string week;        // "2026-w45"; all weeks: "TOTAL"
  double on_demand_write_usd = 0;
  double on_demand_read_usd = 0;
  double provisioned_write_usd = 0;
  double provisioned_read_usd = 0;
  double storage_usd = 0;
  CapacityHalfUnits consumed;   // units the load consumed
  CapacityHalfUnits throttled;  // units that would not have fitted (policy) or were throttled (as logged)
  double total_usd() const {
    return on_demand_write_usd + on_demand_read_usd + provisioned_write_usd +
           provisioned_read_usd + storage_usd;
  }
  void Add(const BillLine& o);
};

struct PolicyBill {
  std::string policy;           // the policy's normalised name, or "as-logged"
  std::vector<BillLine> lines;  // by (table, week), then each table's TOTAL, then TOTAL/TOTAL
  const BillLine& total() const { return lines.back(); }
};

struct BillOptions {
  std::string region = "us-east-1";
  std::string table_class = "STANDARD";
  ReplayOptions replay;
};

// Prices `record` under each policy spec ("as-logged" or a capacity policy
// spec, capacity_policy.h). Errors: a bad spec, no price in force.
Result<std::vector<PolicyBill>> CompareBills(const CapacityRecord& record,
                                             const std::vector<std::string>& policy_specs,
                                             const PricingTable& pricing,
                                             const BillOptions& options = {});

// The CSV form, one row per policy and line:
//   policy,table,week,on_demand_write_usd,on_demand_read_usd,
//   provisioned_write_usd,provisioned_read_usd,storage_usd,total_usd,
//   read_units,write_units,throttled_read_units,throttled_write_units
std::string BillsToCsv(const std::vector<PolicyBill>& bills);

}  // namespace headlock
