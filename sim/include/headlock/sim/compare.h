// Comparisons: one scenario and seed run once per lock strategy or once per
// capacity policy, so that their costs and failures can be set side by side
// (the report renders them; report.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/result.h"
#include "headlock/sim/scenario.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {

enum class Comparison { kNone, kStrategies, kPolicies };

// "strategies" or "policies". Error: InvalidInput otherwise.
Result<Comparison> ParseComparison(std::string_view name);

// The scenarios a comparison runs, the baseline first: one per lock
// strategy (order-no first), or one per standard capacity policy
// (kStandardPolicies: on-demand first, the others sized from its peaks).
// kNone: the scenario itself.
std::vector<Scenario> ComparedScenarios(const Scenario& scenario, Comparison comparison);

// A run's name in a comparison: its capacity policy or its lock strategy.
std::string RunLabel(const SimResult& run, Comparison comparison);
std::string RunLabel(const Scenario& run, Comparison comparison);

struct CompareOptions {
  // The options of the i-th run (progress, an on-disk run's directory);
  // RunComparison adds the peaks a policy comparison learns from its
  // baseline.
  std::function<SimOptions(size_t index, const Scenario& run)> options_for;
  // Called as each run finishes.
  std::function<void(const SimResult& run)> finished;
};

// Runs ComparedScenarios(scenario, comparison) in order, paired: the first
// run's load controller decides when crawls start, and every later run
// replays those starts (SimOptions::crawl_starts), so all meet the same
// crawls, pages and crawlers. Policies sized "peak" learn the peaks from the
// first (on-demand) run. Errors: the first run that fails.
Result<std::vector<SimResult>> RunComparison(const Scenario& scenario, Comparison comparison,
                                             const CompareOptions& options);

}  // namespace headlock::sim
