// The report's parts (private to sim/): formatting helpers and the
// renderers of each file of the run directory. Rendering only: every figure
// comes from a finished SimResult; nothing here runs or replays anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "headlock/sim/compare.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim::report {

namespace fs = std::filesystem;

// The seed: "about 500 million requests are stored every month".
constexpr double kSeedRequestsPerMonth = 500e6;
constexpr double kDaysPerMonth = 30.4375;

// --- report_format.cc: numbers and names as a reader wants them.
// A run's total extrapolated to a month at the run's own rate.
double PerMonth(double total, const Scenario& sc);
std::string Group(double x);  // 1234567.8 -> "1,234,568"
std::string Usd(double x);
std::string Ratio(double a, double b);
std::string Duration(int64_t ms);
std::string WeekOf(const std::string& table);
// A file-system-safe name for a run's subdirectory.
std::string DirName(const std::string& label);
Status WriteFile(const fs::path& path, const std::string& text);

struct LoadFit {
  int minutes = 0;  // after warm-up
  int within = 0;   // within ±5%
  double mean_target = 0;
  double mean_achieved = 0;
  double peak_achieved = 0;
};
LoadFit FitOf(const SimResult& r);

// Per table: totals over the run (the week tables' lifecycle in one line each).
struct TableTotal {
  std::string table;
  std::string mode;
  double write_units = 0, read_units = 0, throttled = 0, cost = 0;
  int64_t wcu = -1, rcu = -1;
};
std::vector<TableTotal> TableTotals(const SimResult& r);

// Per request handled: requests_handled counts each request once (a second
// handling is a duplicate_handling, not counted there).
double PerHandled(double x, const SimResult& r);

// --- report_markdown.cc
std::string RunSummaryMarkdown(const SimResult& r);
std::string ComparisonSummaryMarkdown(const std::vector<SimResult>& runs, Comparison c);

// --- report_json.cc
// `policies`: the replayed policy costs to list (a single run's).
std::string SummaryJson(const std::vector<SimResult>& runs, Comparison c,
                        const std::vector<PolicyCost>& policies);
// Wall-clock figures: kept out of the other files so that they are the same
// byte for byte for one scenario and seed.
std::string PerformanceJson(const SimResult& r);

// --- report_charts.cc: the CSV files and the gnuplot charts drawn from them.
std::string TimelineCsv(const SimResult& r);
std::string TablesCsv(const SimResult& r);
// Charts into `dir` (the current directory: gnuplot reads the data files
// relative to it). False when gnuplot is missing or fails.
bool RunCharts(const fs::path& dir, const SimResult& r);
bool ComparisonCharts(const fs::path& dir, const std::vector<SimResult>& runs, Comparison c);

}  // namespace headlock::sim::report
