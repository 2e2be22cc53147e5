// The result builder (private to sim/): turns what a finished run measured
// (at the simulated scale) into its SimResult at full scale: the run priced
// by the cost ledger, the capacity in force per table-hour, the totals, the
// storage at the end and the digest.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "headlock/capacity/pricing.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/ddb/database.h"
#include "headlock/sim/simulator.h"
#include "metrics.h"

namespace headlock::sim {

struct RunFacts {
  const Scenario* scenario = nullptr;
  std::string capacity_policy;
  std::map<std::string, WarmThroughput> warm_tables;
  std::vector<int64_t> crawl_starts;
  uint64_t events = 0;
};

// `storage`: the samples taken at the end (already in the record); `db`
// describes the tables still alive. Everything but `policy_costs` and
// `wall_seconds`.
Result<SimResult> BuildResult(Metrics::Finished measured, const RunFacts& facts,
                              const PricingTable& pricing,
                              const std::vector<StorageSample>& storage, Database* db);

// Sets `result->policy_costs`: its capacity log replayed under each standard
// policy (kStandardPolicies). Errors: the replay's (no price in force).
Status ReplayPolicies(const PricingTable& pricing, SimResult* result);

}  // namespace headlock::sim
