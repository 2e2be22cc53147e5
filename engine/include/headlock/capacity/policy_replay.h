// Replaying a recorded load under another capacity policy: what would the
// capacity in force, the throttling and therefore the bill have been?
//
// The load is what the record says each table and index consumed, second by
// second. The replay walks every table minute by minute from its creation to
// its deletion (or the record's end): the policy's controllers decide at each
// minute's end, DynamoDB's rules for mode switches (per table) and decreases
// (per table and per index) accept or refuse the change (mode_rules.h), and
// each second's units are offered to a model of the capacity in force - a
// token bucket with 300 seconds of burst when provisioned, the on-demand
// meter (4,000 / 12,000 units, twice the previous peak) when on-demand.
// What does not fit is counted as would-be-throttled units.
//
// Modelling choices (documented in docs/DESIGN-NOTES.md):
//   - the units are still billed: a throttled request is retried by the SDK
//     and eventually succeeds, so the load's total units do not change; the
//     throttled figures say how much of it would have had to wait;
//   - the controllers see what was admitted, not what was asked (auto
//     scaling only sees consumed capacity, so a sudden burst takes several
//     rounds to catch up, as in DynamoDB);
//   - the per-partition limits are not replayed (the record has no keys);
//   - a changed setting takes effect at once (DynamoDB's UpdateTable takes
//     minutes).
// Retention: with `retention_weeks` >= 0 a weekly table ("-YYYY-wWW") is
// dropped `retention_weeks` after its week ended, unless it is still used
// later in the record (a named queue keeps its table alive); it then bills
// neither storage nor capacity.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/mode_rules.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/result.h"

namespace headlock {

struct ReplayOptions {
  CapacityRuleSet rules = CapacityRuleSet::k2025_08_12;
  // Weeks after a weekly table's week ended at which it is dropped; -1: never.
  int retention_weeks = -1;
  // The simulator's sampled fraction: on-demand's table-wide limits apply
  // per OnDemandWindowForScale(scale) (Options::table_limit_scale).
  double table_limit_scale = 1;
  // Warm throughput of tables (and their indexes) by name, in whole-table
  // units per second (0: on-demand's initial rates).
  std::map<std::string, WarmThroughput> warm_throughput;
};

struct SubjectReplayStats {
  std::string table_name;
  std::string index_name;
  CapacityHalfUnits throttled;  // units that would not have fitted
  int changes = 0;              // settings applied after creation
  int refused_changes = 0;      // refused by the switch or decrease rules
};

struct ReplayResult {
  CapacityRecord record;  // the same usage, with the policy's capacity in force
  std::vector<SubjectReplayStats> stats;  // ordered by (table, index)
};

// Errors: ValidationException when the record is inconsistent (usage after
// the end).
Result<ReplayResult> ReplayUnderPolicy(const CapacityRecord& logged, const CapacityPolicy& policy,
                                       const ReplayOptions& options = {});

}  // namespace headlock
