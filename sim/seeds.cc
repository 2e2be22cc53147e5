#include "headlock/sim/seeds.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace headlock::sim {
namespace {

// Student's t, two-sided 95%, by degrees of freedom (1..30, then coarser).
double T975(int df) {
  static constexpr double kSmall[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                      2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                      2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                      2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df >= 1 && df <= 30) return kSmall[df - 1];
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.000;
  if (df <= 120) return 1.980;
  return 1.960;
}

double Per(double x, const SimResult& r) {
  return r.totals.requests_handled > 0 ? x / r.totals.requests_handled : 0;
}

}  // namespace

Interval IntervalOf(const std::vector<double>& xs) {
  Interval i;
  i.n = static_cast<int>(xs.size());
  if (xs.empty()) return i;
  i.mean = std::accumulate(xs.begin(), xs.end(), 0.0) / i.n;
  i.min = *std::min_element(xs.begin(), xs.end());
  i.max = *std::max_element(xs.begin(), xs.end());
  i.low = i.high = i.mean;
  if (i.n < 2) return i;
  double ss = 0;
  for (double x : xs) ss += (x - i.mean) * (x - i.mean);
  const double half = T975(i.n - 1) * std::sqrt(ss / (i.n - 1) / i.n);
  i.low = i.mean - half;
  i.high = i.mean + half;
  return i;
}

const std::vector<SeedFigure>& SeedFigures() {
  static const std::vector<SeedFigure> figures = {
      {"write_units_per_request", "write units / request",
       [](const SimResult& r) { return Per(r.totals.write_units, r); }},
      {"read_units_per_request", "read units / request",
       [](const SimResult& r) { return Per(r.totals.read_units, r); }},
      {"api_writes_per_request", "API writes / request",
       [](const SimResult& r) { return Per(r.totals.api_writes, r); }},
      {"ddb_requests_per_request", "DynamoDB requests / request",
       [](const SimResult& r) { return Per(r.totals.ddb_requests, r); }},
      {"cost_usd_per_million_requests", "cost per million requests",
       [](const SimResult& r) { return Per(r.totals.cost_usd, r) * 1e6; }},
      {"duplicates_per_1000_requests", "duplicates / 1,000 requests",
       [](const SimResult& r) { return Per(r.totals.duplicate_handlings, r) * 1e3; }},
      {"throttled_per_1000_requests", "throttled DynamoDB requests / 1,000 requests",
       [](const SimResult& r) { return Per(r.totals.throttled_requests, r) * 1e3; }},
  };
  return figures;
}

SeedComparison SummarizeSeeds(Comparison comparison, std::vector<uint64_t> seeds,
                              std::vector<std::vector<SimResult>> by_seed) {
  SeedComparison out;
  out.comparison = comparison;
  out.seeds = std::move(seeds);
  out.by_seed = std::move(by_seed);
  if (out.by_seed.empty()) return out;
  const size_t runs = out.by_seed.front().size();
  for (size_t run = 0; run < runs; ++run) {
    RunOverSeeds r;
    r.label = RunLabel(out.by_seed.front()[run], comparison);
    for (const SeedFigure& f : SeedFigures()) {
      std::vector<double> values, diffs;
      for (const std::vector<SimResult>& seed : out.by_seed) {
        values.push_back(f.of(seed[run]));
        diffs.push_back(f.of(seed[run]) - f.of(seed.front()));
      }
      r.figures.push_back(IntervalOf(values));
      r.vs_baseline.push_back(IntervalOf(diffs));
    }
    out.runs.push_back(std::move(r));
  }
  return out;
}

Result<SeedComparison> RunSeeds(const Scenario& scenario, Comparison comparison, int count,
                                const CompareOptions& options) {
  if (count < 1) return Status::InvalidInput("--seeds must be at least 1");
  std::vector<uint64_t> seeds;
  std::vector<std::vector<SimResult>> by_seed;
  for (int i = 0; i < count; ++i) {
    Scenario s = scenario;
    s.seed = scenario.seed + static_cast<uint64_t>(i);
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<SimResult> runs, RunComparison(s, comparison, options));
    seeds.push_back(s.seed);
    by_seed.push_back(std::move(runs));
  }
  return SummarizeSeeds(comparison, std::move(seeds), std::move(by_seed));
}

}  // namespace headlock::sim
