// A comparison over several seeds: every run of every seed meets the same
// scenario, and each figure is reported with its spread and a 95% interval
// of its mean; each run is also compared with the baseline run *of the same
// seed* (a paired difference), and a difference is called one only when its
// interval excludes zero. One seed's winner is an anecdote; this is the
// evidence.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "headlock/result.h"
#include "headlock/sim/compare.h"
#include "headlock/sim/scenario.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {

// The spread of one figure over n seeds: [low, high] is the 95% interval of
// the mean (Student's t with n - 1 degrees of freedom); with one seed it is
// the value itself.
struct Interval {
  int n = 0;
  double mean = 0, min = 0, max = 0, low = 0, high = 0;
  // The interval lies wholly above or below zero (n >= 2).
  bool excludes_zero() const { return n >= 2 && (low > 0 || high < 0); }
};
Interval IntervalOf(const std::vector<double>& xs);

// A per-request figure of a run, as compared across seeds.
struct SeedFigure {
  const char* name;   // for summary.json
  const char* title;  // for tables
  double (*of)(const SimResult&);
};
// Write and read units, API writes and DynamoDB requests per request
// handled, cost per million requests handled, duplicates and throttled
// DynamoDB requests per 1,000 handled.
const std::vector<SeedFigure>& SeedFigures();

struct RunOverSeeds {
  std::string label;
  std::vector<Interval> figures;      // SeedFigures()'s, in order
  std::vector<Interval> vs_baseline;  // paired: this run minus the same seed's baseline
};

struct SeedComparison {
  Comparison comparison = Comparison::kNone;
  std::vector<uint64_t> seeds;
  std::vector<std::vector<SimResult>> by_seed;  // [seed][run]; run 0 is the baseline
  std::vector<RunOverSeeds> runs;
};

// Summarises results already run: by_seed[i] is seeds[i]'s comparison.
SeedComparison SummarizeSeeds(Comparison comparison, std::vector<uint64_t> seeds,
                              std::vector<std::vector<SimResult>> by_seed);

// Runs the comparison (or the single run, kNone) for `count` seeds, the
// scenario's seed and the ones after it. Errors: the first failed run.
Result<SeedComparison> RunSeeds(const Scenario& scenario, Comparison comparison, int count,
                                const CompareOptions& options);

}  // namespace headlock::sim
