#include "headlock/capacity/cost_ledger.h"

#include <algorithm>
#include <climits>
#include <functional>
#include <map>

namespace headlock {
namespace {

constexpr int64_t kMillisPerHour = 3600 * 1000;
constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;

int64_t HourOf(int64_t ms) { return ms >= 0 ? ms / kMillisPerHour : (ms - kMillisPerHour + 1) / kMillisPerHour; }

// Calls f(hour, start_ms, fraction of that hour) for each hour [a, b) touches.
void ForEachHour(int64_t a, int64_t b, const std::function<void(int64_t, int64_t, double)>& f) {
  while (a < b) {
    int64_t hour = HourOf(a);
    int64_t hour_end = (hour + 1) * kMillisPerHour;
    int64_t stop = std::min(b, hour_end);
    f(hour, a, static_cast<double>(stop - a) / kMillisPerHour);
    a = stop;
  }
}

}  // namespace

Result<std::vector<TableHourCost>> PriceHours(const CapacityLog& log,
                                              const std::vector<StorageSample>& storage,
                                              const PricingTable& pricing,
                                              std::string_view region,
                                              std::string_view table_class, int64_t end_ms) {
  return PriceHours(CapacityRecord::From(log, storage, end_ms), pricing, region, table_class);
}

Result<std::vector<TableHourCost>> PriceHours(const CapacityRecord& record,
                                              const PricingTable& pricing,
                                              std::string_view region,
                                              std::string_view table_class) {
  const int64_t end_ms = record.end_ms;
  std::map<std::pair<int64_t, std::string>, TableHourCost> cells;
  auto cell = [&](int64_t hour, const std::string& table) -> TableHourCost& {
    TableHourCost& c = cells[{hour, table}];
    c.hour = hour;
    c.table_name = table;
    return c;
  };

  // On-demand: units consumed in seconds when the table or index was on-demand.
  for (const CapacityLog::Row& row : record.usage) {
    if (row.write_capacity_units >= 0) continue;  // provisioned then: billed by the hour below
    int64_t ms = row.second * 1000;
    HEADLOCK_ASSIGN_OR_RETURN(PriceSchedule price, pricing.At(region, table_class, ms));
    TableHourCost& c = cell(HourOf(ms), row.table_name);
    c.on_demand_write_usd += row.units.write / 2.0 / 1e6 * price.on_demand_write_per_million;
    c.on_demand_read_usd += row.units.read / 2.0 / 1e6 * price.on_demand_read_per_million;
  }

  // Provisioned: every stretch of capacity in force, hour by hour.
  std::map<std::pair<std::string, std::string>, std::vector<CapacityLog::CapacityChange>> series;
  // Each table's lifetimes [created, deleted), from its own capacity changes.
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> alive;
  for (const auto& change : record.changes) {
    if (change.index_name.empty()) {
      auto& spans = alive[change.table_name];
      if (change.deleted) {
        if (!spans.empty() && spans.back().second == INT64_MAX) spans.back().second = change.time_ms;
      } else if (spans.empty() || spans.back().second != INT64_MAX) {
        spans.emplace_back(change.time_ms, INT64_MAX);
      }
    }
    series[{change.table_name, change.index_name}].push_back(change);
  }
  for (auto& [key, changes] : series) {
    std::stable_sort(changes.begin(), changes.end(),
                     [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
    for (size_t i = 0; i < changes.size(); ++i) {
      const auto& c = changes[i];
      if (c.deleted || c.write_capacity_units < 0) continue;
      int64_t until = i + 1 < changes.size() ? changes[i + 1].time_ms : end_ms;
      until = std::min(until, end_ms);
      Status status;
      ForEachHour(c.time_ms, until, [&](int64_t hour, int64_t at_ms, double fraction) {
        Result<PriceSchedule> price = pricing.At(region, table_class, at_ms);
        if (!price.ok()) {
          status = price.status();
          return;
        }
        TableHourCost& hc = cell(hour, key.first);
        hc.provisioned_write_usd += c.write_capacity_units * fraction * price->provisioned_wcu_hour;
        hc.provisioned_read_usd += c.read_capacity_units * fraction * price->provisioned_rcu_hour;
      });
      HEADLOCK_RETURN_IF_ERROR(status);
    }
  }

  // Storage: each sample holds until the next one of its table.
  std::map<std::string, std::vector<StorageSample>> samples;
  for (const StorageSample& s : record.storage) samples[s.table_name].push_back(s);
  for (auto& [table, list] : samples) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
    for (size_t i = 0; i < list.size(); ++i) {
      int64_t until = i + 1 < list.size() ? list[i + 1].time_ms : end_ms;
      // A sample holds only while its table exists (a table the log never
      // saw created or deleted exists throughout).
      auto spans = alive.find(table);
      if (spans != alive.end()) {
        auto span = std::find_if(spans->second.begin(), spans->second.end(), [&](const auto& sp) {
          return sp.first <= list[i].time_ms && list[i].time_ms < sp.second;
        });
        if (span == spans->second.end()) continue;
        until = std::min(until, span->second);
      }
      double gb = (list[i].bytes + kStorageOverheadBytesPerItemBilled * list[i].items) / kBytesPerGb;
      Status status;
      ForEachHour(list[i].time_ms, std::min(until, end_ms),
                  [&](int64_t hour, int64_t at_ms, double fraction) {
                    Result<PriceSchedule> price = pricing.At(region, table_class, at_ms);
                    if (!price.ok()) {
                      status = price.status();
                      return;
                    }
                    cell(hour, table).storage_usd +=
                        gb * price->storage_gb_month * fraction / kHoursPerMonth;
                  });
      HEADLOCK_RETURN_IF_ERROR(status);
    }
  }

  std::vector<TableHourCost> out;
  out.reserve(cells.size());
  for (auto& [key, c] : cells) out.push_back(std::move(c));
  return out;
}

}  // namespace headlock
