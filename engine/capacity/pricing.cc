#include "headlock/capacity/pricing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "headlock/read_file.h"
#include "headlock/time.h"

namespace headlock {

namespace {

PriceSchedule UsEast1(int64_t from_ms, double write_m, double read_m, std::string source) {
  PriceSchedule p;
  p.effective_from_ms = from_ms;
  p.on_demand_write_per_million = write_m;
  p.on_demand_read_per_million = read_m;
  p.provisioned_wcu_hour = 0.00065;
  p.provisioned_rcu_hour = 0.00013;
  p.storage_gb_month = 0.25;
  p.source = std::move(source);
  return p;
}

std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool ParseDouble(std::string_view s, double* out) {
  std::string copy(s);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size() && *out >= 0;
}

}  // namespace

PricingTable PricingTable::Default() {
  PricingTable t;
  t.schedules_.push_back(UsEast1(
      0, 1.25, 0.25,
      "reference/dynamodb.md §6: us-east-1 Standard before 2024-11-01 (jun711.github.io, "
      "2019-09; provisioned and storage: zeonedge.com, Price List fixtures)"));
  t.schedules_.push_back(UsEast1(
      DaysFromCivil(2024, 11, 1) * kMillisPerDay, 0.625, 0.125,
      "reference/dynamodb.md §6: on-demand throughput price cut of 2024-11-01 (airbyte.com "
      "2025-07, jusdb.com 2025-08)"));
  return t;
}

Result<PricingTable> PricingTable::FromCsvFile(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return Status::Validation(fmt::format("cannot read pricing file '{}'", path));
  return FromCsv(*text);
}

Result<PricingTable> PricingTable::FromCsv(std::string_view csv) {
  PricingTable t;
  size_t line_no = 0;
  while (!csv.empty()) {
    size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view() : csv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;  // the header
    auto f = SplitCsvLine(line);
    PriceSchedule p;
    std::optional<int64_t> from = f.size() == 9 ? ParseUtcDate(f[2]) : std::nullopt;
    if (f.size() != 9 || f[0].empty() || f[1].empty() || !from ||
        !ParseDouble(f[3], &p.on_demand_write_per_million) ||
        !ParseDouble(f[4], &p.on_demand_read_per_million) ||
        !ParseDouble(f[5], &p.provisioned_wcu_hour) ||
        !ParseDouble(f[6], &p.provisioned_rcu_hour) || !ParseDouble(f[7], &p.storage_gb_month)) {
      return Status::Validation(fmt::format(
          "pricing CSV line {}: expected region,table_class,effective_from (YYYY-MM-DD),"
          "on_demand_write_per_million,on_demand_read_per_million,provisioned_wcu_hour,"
          "provisioned_rcu_hour,storage_gb_month,source with non-negative prices",
          line_no));
    }
    p.effective_from_ms = *from;
    p.region = std::string(f[0]);
    p.table_class = std::string(f[1]);
    p.source = std::string(f[8]);
    t.schedules_.push_back(std::move(p));
  }
  if (t.schedules_.empty()) return Status::Validation("pricing CSV has no price rows");
  return t;
}

Result<PriceSchedule> PricingTable::At(std::string_view region, std::string_view table_class,
                                       int64_t time_ms) const {
  const PriceSchedule* best = nullptr;
  for (const PriceSchedule& p : schedules_) {
    if (p.region != region || p.table_class != table_class || p.effective_from_ms > time_ms) {
      continue;
    }
    if (best == nullptr || p.effective_from_ms > best->effective_from_ms) best = &p;
  }
  if (best == nullptr) {
    return Status::Validation(fmt::format("no price for region {} and table class {} at {} ms",
                                          region, table_class, time_ms));
  }
  return *best;
}

}  // namespace headlock
