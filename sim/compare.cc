#include "headlock/sim/compare.h"

#include "headlock/capacity/capacity_policy.h"
#include "headlock/queue/lock_strategy.h"

namespace headlock::sim {

Result<Comparison> ParseComparison(std::string_view name) {
  if (name == "strategies") return Comparison::kStrategies;
  if (name == "policies") return Comparison::kPolicies;
  return Status::InvalidInput("--compare must be 'strategies' or 'policies'");
}

std::vector<Scenario> ComparedScenarios(const Scenario& scenario, Comparison comparison) {
  std::vector<Scenario> runs;
  if (comparison == Comparison::kStrategies) {
    for (LockStrategyKind kind : kLockStrategyKinds) {
      runs.push_back(scenario);
      runs.back().lock_strategy = kind;
    }
  } else if (comparison == Comparison::kPolicies) {
    for (std::string_view policy : kStandardPolicies) {
      runs.push_back(scenario);
      runs.back().capacity_policy = std::string(policy);
    }
  } else {
    runs.push_back(scenario);
  }
  return runs;
}

std::string RunLabel(const Scenario& run, Comparison comparison) {
  return comparison == Comparison::kPolicies ? run.capacity_policy
                                             : std::string(LockStrategyName(run.lock_strategy));
}

std::string RunLabel(const SimResult& run, Comparison comparison) {
  return comparison == Comparison::kPolicies ? run.capacity_policy : run.lock_strategy;
}

Result<std::vector<SimResult>> RunComparison(const Scenario& scenario, Comparison comparison,
                                             const CompareOptions& options) {
  std::vector<Scenario> runs = ComparedScenarios(scenario, comparison);
  std::vector<SimResult> results;
  for (size_t i = 0; i < runs.size(); ++i) {
    SimOptions o = options.options_for ? options.options_for(i, runs[i]) : SimOptions{};
    if (i > 0) {
      // Paired: every run meets the baseline's crawls; policies sized
      // "peak" learn the peaks from it.
      o.crawl_starts = results.front().crawl_starts;
      if (comparison == Comparison::kPolicies) o.peaks = results.front().peaks;
    }
    HEADLOCK_ASSIGN_OR_RETURN(SimResult r, RunSimulation(runs[i], o));
    if (options.finished) options.finished(r);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace headlock::sim
