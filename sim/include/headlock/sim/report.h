// The run directory: what a simulation (or a comparison of several) leaves
// for its reader.
//
//   summary.md     human tables: load (target vs achieved), capacity units
//                  per table-week, throttles, duplicates, wasted work after
//                  migrations, cost (and cost per capacity policy), storage
//                  growth next to the seed's "about 500 million requests
//                  stored every month";
//   summary.json   the same, machine-readable; "runs" holds one object per
//                  strategy / policy with at least requests_handled,
//                  duplicate_handlings, write_units, read_units,
//                  throttled_requests, cost_usd;
//   timeline.csv   per minute; tables.csv per physical table per hour;
//   scenario.json  the scenario as run (every field);
//   performance.json  wall time, events/s, writes/s: the only file that
//                  differs between two runs of one scenario and seed;
//   charts         writes_per_minute, table_write_units, cost_per_policy and
//                  (comparisons) strategies, each as .png and .svg (gnuplot).
// A comparison writes each run's own files into a subdirectory named after
// its strategy or policy, and the side-by-side tables at the top.
#pragma once

#include <string>
#include <vector>

#include "headlock/result.h"
#include "headlock/sim/compare.h"
#include "headlock/sim/seeds.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {

struct ReportOptions {
  Comparison comparison = Comparison::kNone;
  bool charts = true;  // run gnuplot (skipped with a note when it is missing)
};

// Writes the run directory `dir` (created if missing). `runs` is one run, or
// one per compared strategy / policy (the first is the baseline). Pure
// rendering of finished results: fails only on I/O (kStorageError naming the
// file). Charts that were asked for but could not be drawn (no gnuplot) are
// not an error: `*charts_drawn` (if given) says whether they were.
Status WriteRunDirectory(const std::string& dir, const std::vector<SimResult>& runs,
                         const ReportOptions& options, bool* charts_drawn = nullptr);

// The side-by-side table (Markdown) of a comparison, as printed to stdout.
std::string ComparisonTable(const std::vector<SimResult>& runs, Comparison comparison);

// The tables of a comparison over several seeds (Markdown), as printed to
// stdout: each figure's mean and 95% interval per run, then each run's
// paired difference from the same seed's baseline run.
std::string SeedsTable(const SeedComparison& comparison);

// Writes `dir` for several seeds: one subdirectory per seed (`seed-N`, as
// WriteRunDirectory writes it), summary.md (the tables and the differences
// that hold at this sample) and summary.json (every interval). Errors as
// WriteRunDirectory's.
Status WriteSeedsDirectory(const std::string& dir, const SeedComparison& comparison,
                           const ReportOptions& options);

// The run's short summary for stdout (a few lines).
std::string BriefSummary(const SimResult& run);

}  // namespace headlock::sim
