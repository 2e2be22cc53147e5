// The run directory: summary.md, summary.json, timeline.csv, tables.csv,
// scenario.json, performance.json and the charts. The files' contents are
// rendered by report_markdown.cc, report_json.cc and report_charts.cc.
#include "headlock/sim/report.h"

#include <fmt/core.h>

#include "report_parts.h"

namespace headlock::sim {
namespace {

using report::DirName;
using report::WriteFile;
using report::fs::path;

// Runs `draw` with `dir` as the current directory (gnuplot reads the data
// files relative to it).
template <typename Draw>
bool DrawIn(const path& dir, Draw draw) {
  const path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  const bool ok = draw();
  std::filesystem::current_path(cwd);
  return ok;
}

Status CreateDirectory(const path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Storage(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  return Status::OK();
}

Status WriteOneRun(const path& dir, const SimResult& r, const ReportOptions& options,
                   bool* charts_ok) {
  HEADLOCK_RETURN_IF_ERROR(CreateDirectory(dir));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "summary.md", report::RunSummaryMarkdown(r)));
  HEADLOCK_RETURN_IF_ERROR(
      WriteFile(dir / "summary.json", report::SummaryJson({r}, Comparison::kNone, r.policy_costs)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "timeline.csv", report::TimelineCsv(r)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "tables.csv", report::TablesCsv(r)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "scenario.json", ScenarioToJson(r.scenario)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "performance.json", report::PerformanceJson(r)));
  if (options.charts) *charts_ok &= DrawIn(dir, [&] { return report::RunCharts(".", r); });
  return Status::OK();
}

Status WriteComparison(const path& dir, const std::vector<SimResult>& runs,
                       const ReportOptions& options, bool* charts_ok) {
  const Comparison c = options.comparison;
  for (const SimResult& r : runs) {
    HEADLOCK_RETURN_IF_ERROR(WriteOneRun(dir / DirName(RunLabel(r, c)), r, options, charts_ok));
  }
  HEADLOCK_RETURN_IF_ERROR(
      WriteFile(dir / "summary.md", report::ComparisonSummaryMarkdown(runs, c)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "summary.json", report::SummaryJson(runs, c, {})));
  if (options.charts) {
    *charts_ok &= DrawIn(dir, [&] { return report::ComparisonCharts(".", runs, c); });
  }
  return Status::OK();
}

}  // namespace

Status WriteRunDirectory(const std::string& dir, const std::vector<SimResult>& runs,
                         const ReportOptions& options, bool* charts_drawn) {
  if (runs.empty()) return Status::InvalidInput("no runs to report");
  bool charts_ok = true;
  if (options.comparison == Comparison::kNone) {
    HEADLOCK_RETURN_IF_ERROR(WriteOneRun(dir, runs.front(), options, &charts_ok));
  } else {
    HEADLOCK_RETURN_IF_ERROR(CreateDirectory(dir));
    HEADLOCK_RETURN_IF_ERROR(WriteComparison(dir, runs, options, &charts_ok));
  }
  if (charts_drawn) *charts_drawn = options.charts && charts_ok;
  return Status::OK();
}

}  // namespace headlock::sim
