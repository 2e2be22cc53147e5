#include <fmt/core.h>

#include <cstdlib>
#include <map>
#include <set>

#include "report_parts.h"

namespace headlock::sim::report {

std::string TimelineCsv(const SimResult& r) {
  std::string csv = "minute,time";
  for (const MinuteField& f : kMinuteFields) csv += fmt::format(",{}", f.name);
  csv += ",actors_running,crawls_started\n";
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const MinuteRow& m = r.timeline[i];
    csv += fmt::format("{},{}", i, FormatUtc(m.start_ms));
    for (const MinuteField& f : kMinuteFields) csv += fmt::format(",{:.1f}", m.*f.member);
    csv += fmt::format(",{},{}\n", m.actors_running, m.crawls_started);
  }
  return csv;
}

std::string TablesCsv(const SimResult& r) {
  std::string csv =
      "hour,table,week,mode,read_capacity_units,write_capacity_units,read_units,write_units,"
      "throttled_requests,cost_usd\n";
  std::vector<TableHourRow> rows = r.tables;
  std::stable_sort(rows.begin(), rows.end(), [](const TableHourRow& a, const TableHourRow& b) {
    return a.hour_start_ms != b.hour_start_ms ? a.hour_start_ms < b.hour_start_ms
                                              : a.table < b.table;
  });
  for (const TableHourRow& th : rows) {
    csv += fmt::format("{},{},{},{},{},{},{:.1f},{:.1f},{:.1f},{:.6f}\n",
                       FormatUtc(th.hour_start_ms), th.table, WeekOf(th.table), th.mode,
                       th.read_capacity_units, th.write_capacity_units, th.read_units,
                       th.write_units, th.throttled_requests, th.cost_usd);
  }
  return csv;
}

namespace {

// Write units per physical table over time: per hour for runs up to two
// days, per day beyond (the seed's "lifecycle of DynamoDB table write units").
std::string TableUnitsMatrix(const SimResult& r, bool* daily) {
  *daily = r.scenario.duration_ms > 2 * kDayMs;
  const int64_t bucket = *daily ? kDayMs : kHourMs;
  std::set<std::string> names;
  std::map<int64_t, std::map<std::string, double>> cells;
  for (const TableHourRow& th : r.tables) {
    if (th.table.rfind("requests", 0) != 0) continue;  // the weekly request tables
    names.insert(th.table);
    const int64_t b = (th.hour_start_ms - r.scenario.start_ms) / bucket;
    cells[b][th.table] += th.write_units;
  }
  std::string out = *daily ? "day" : "hour";
  for (const std::string& n : names) out += " " + n;
  out += "\n";
  for (auto& [b, row] : cells) {
    out += fmt::format("{}", b);
    for (const std::string& n : names) out += fmt::format(" {:.1f}", row.count(n) ? row[n] : 0.0);
    out += "\n";
  }
  return out;
}

// Runs gnuplot on `script` for both terminals. Returns false when gnuplot is
// missing or fails.
bool Plot(const fs::path& dir, const std::string& name, const std::string& body) {
  bool ok = true;
  for (const char* ext : {"png", "svg"}) {
    std::string script = std::string(ext) == "png"
                             ? "set terminal png size 1100,550 font ',11'\n"
                             : "set terminal svg size 1100,550 dynamic font 'sans,11'\n";
    script += fmt::format("set output '{}'\nset termoption noenhanced\n",
                          (dir / (name + "." + ext)).string());
    script += body;
    const fs::path gp = dir / (name + ".gp");
    if (!WriteFile(gp, script).ok()) return false;
    const std::string cmd = fmt::format("gnuplot '{}' >/dev/null 2>&1", gp.string());
    ok = ok && std::system(cmd.c_str()) == 0;
    fs::remove(gp);
  }
  return ok;
}

}  // namespace

bool RunCharts(const fs::path& dir, const SimResult& r) {
  const std::vector<PolicyCost>& policies = r.policy_costs;
  bool ok = true;
  ok &=
      Plot(dir, "writes_per_minute",
           "set title 'Request-queue API writes per minute: target vs achieved'\n"
           "set datafile separator ','\nset key top left\nset xlabel 'minute of the run'\n"
           "set ylabel 'API writes per minute'\nset format y '%.0s%c'\nset grid\nset yrange [0:*]\n"
           "plot 'timeline.csv' using 1:3 skip 1 with lines lw 3 title 'target', "
           "'' using 1:4 skip 1 with linespoints lw 1 pt 7 ps 0.5 title 'achieved'\n");
  bool daily = false;
  const std::string matrix = TableUnitsMatrix(r, &daily);
  if (WriteFile(dir / "table_write_units.dat", matrix).ok()) {
    ok &= Plot(
        dir, "table_write_units",
        fmt::format(
            "set title 'Write units per weekly request table ({})'\n"
            "set key outside right\nset xlabel '{} of the run'\nset ylabel 'write units'\n"
            "set format y '%.0f'\nset grid\nset style data linespoints\n"
            "stats 'table_write_units.dat' skip 1 nooutput\n"
            "plot for [i=2:STATS_columns] 'table_write_units.dat' using 1:i title columnhead(i)\n",
            daily ? "per day" : "per hour", daily ? "day" : "hour"));
  }
  if (!policies.empty()) {
    std::string data;
    for (const PolicyCost& p : policies) {
      data += fmt::format("\"{}\" {:.6f}\n", p.policy.substr(0, p.policy.find(':')), p.total);
    }
    if (WriteFile(dir / "cost_per_policy.dat", data).ok()) {
      ok &=
          Plot(dir, "cost_per_policy",
               "set title 'Cost of this load per capacity policy (USD)'\nset style fill solid 0.6\n"
               "set boxwidth 0.6\nset yrange [0:*]\nset grid ytics\nset xtics rotate by -20\n"
               "plot 'cost_per_policy.dat' using 0:2:xtic(1) with boxes notitle, "
               "'' using 0:2:(sprintf('$%.2f',$2)) with labels offset 0,1 notitle\n");
    }
  }
  return ok;
}

bool ComparisonCharts(const fs::path& dir, const std::vector<SimResult>& runs, Comparison c) {
  std::string data =
      "label write_units_per_request read_units_per_request duplicates_per_1000 cost\n";
  for (const SimResult& r : runs) {
    data += fmt::format("\"{}\" {:.4f} {:.4f} {:.4f} {:.6f}\n", RunLabel(r, c),
                        PerHandled(r.totals.write_units, r), PerHandled(r.totals.read_units, r),
                        1000 * PerHandled(r.totals.duplicate_handlings, r), r.totals.cost_usd);
  }
  if (!WriteFile(dir / "comparison.dat", data).ok()) return false;
  bool ok = true;
  if (c == Comparison::kStrategies) {
    ok &= Plot(
        dir, "strategies",
        "set multiplot layout 1,2 title 'Per handled request, by lock strategy'\n"
        "set style data histograms\nset style histogram clustered gap 1\n"
        "set style fill solid 0.6\nset grid ytics\nset yrange [0:*]\nset key top left\n"
        "set key autotitle columnhead\nset title 'capacity units'\n"
        "plot 'comparison.dat' using 2:xtic(1) title 'write units', '' using 3 title 'read units'\n"
        "set title 'duplicate handlings per 1,000 handled'\n"
        "plot 'comparison.dat' using 4:xtic(1) notitle lc rgb '#cc4444'\n"
        "unset multiplot\n");
  }
  ok &= Plot(
      dir, "cost_per_policy",
      fmt::format("set title 'Cost of the run (USD), by {}'\nset style fill solid 0.6\n"
                  "set boxwidth 0.6\nset yrange [0:*]\nset grid ytics\nset xtics rotate by -20\n"
                  "plot 'comparison.dat' using 0:5:xtic(1) skip 1 with boxes notitle, "
                  "'' using 0:5:(sprintf('$%.2f',$5)) skip 1 with labels offset 0,1 notitle\n",
                  c == Comparison::kStrategies ? "lock strategy" : "capacity policy"));
  return ok;
}

}  // namespace headlock::sim::report
