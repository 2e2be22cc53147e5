#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "headlock/iso_week.h"
#include "report_parts.h"

namespace headlock::sim::report {

double PerMonth(double total, const Scenario& sc) {
  return total / (sc.duration_ms / (double)kDayMs) * kDaysPerMonth;
}

std::string Group(double x) {
  if (!std::isfinite(x)) return "n/a";
  std::string digits = fmt::format("{:.0f}", std::fabs(x));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (x < 0 && digits != "0" ? "-" : "") + out;
}

std::string Usd(double x) {
  if (std::fabs(x) >= 100) return "$" + Group(x);
  if (std::fabs(x) >= 1) return fmt::format("${:.2f}", x);
  return fmt::format("${:.4f}", x);
}

std::string Ratio(double a, double b) { return b > 0 ? fmt::format("{:.2f}", a / b) : "n/a"; }

std::string Duration(int64_t ms) {
  if (ms % (7 * kDayMs) == 0) return fmt::format("{} week(s)", ms / (7 * kDayMs));
  if (ms % kDayMs == 0) return fmt::format("{} day(s)", ms / kDayMs);
  if (ms % kHourMs == 0) return fmt::format("{} hour(s)", ms / kHourMs);
  if (ms % kMinuteMs == 0) return fmt::format("{} minute(s)", ms / kMinuteMs);
  return fmt::format("{:g} second(s)", ms / 1000.0);
}

std::string WeekOf(const std::string& table) {
  std::optional<IsoWeek> w = ParseWeekSuffix(table);
  return w ? IsoWeekLabel(*w) : "-";
}

Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Status::Storage(fmt::format("cannot write {}", path.string()));
  return Status::OK();
}

std::string DirName(const std::string& label) {
  std::string out;
  for (char ch : label) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ? ch : '_';
  return out;
}

LoadFit FitOf(const SimResult& r) {
  LoadFit f;
  double target = 0, achieved = 0;
  int n = 0;
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const MinuteRow& m = r.timeline[i];
    target += m.target_api_writes;
    achieved += m.api_writes;
    ++n;
    f.peak_achieved = std::max(f.peak_achieved, m.api_writes);
    if (static_cast<int>(i) < kWarmupMinutes || m.target_api_writes <= 0) continue;
    ++f.minutes;
    if (std::fabs(m.api_writes - m.target_api_writes) <= 0.05 * m.target_api_writes) ++f.within;
  }
  if (n > 0) {
    f.mean_target = target / n;
    f.mean_achieved = achieved / n;
  }
  return f;
}

std::vector<TableTotal> TableTotals(const SimResult& r) {
  std::map<std::string, TableTotal> by;
  for (const TableHourRow& th : r.tables) {
    TableTotal& t = by[th.table];
    t.table = th.table;
    t.write_units += th.write_units;
    t.read_units += th.read_units;
    t.throttled += th.throttled_requests;
    t.cost += th.cost_usd;
    t.mode = th.mode;
    t.rcu = th.read_capacity_units;
    t.wcu = th.write_capacity_units;
  }
  std::vector<TableTotal> out;
  for (auto& [name, t] : by) out.push_back(t);
  return out;
}

double PerHandled(double x, const SimResult& r) {
  return r.totals.requests_handled > 0 ? x / r.totals.requests_handled : 0;
}

}  // namespace headlock::sim::report
