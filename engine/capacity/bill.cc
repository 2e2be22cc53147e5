#include "headlock/capacity/bill.h"

#include <fmt/format.h>

#include <map>

#include "headlock/iso_week.h"

namespace headlock {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;
constexpr std::string_view kTotal = "TOTAL";

std::string WeekOfHour(int64_t hour) { return IsoWeekLabel(IsoWeekOf(hour * kHourMs)); }

Result<PolicyBill> BillFor(const CapacityRecord& priced, const std::vector<SubjectReplayStats>* stats,
                           std::string policy, const PricingTable& pricing,
                           const BillOptions& options) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<TableHourCost> hours,
                            PriceHours(priced, pricing, options.region, options.table_class));
  std::map<std::pair<std::string, std::string>, BillLine> lines;
  auto line = [&](const std::string& table, const std::string& week) -> BillLine& {
    BillLine& l = lines[{table, week}];
    l.table_name = table;
    l.week = week;
    return l;
  };
  for (const TableHourCost& h : hours) {
    BillLine& l = line(h.table_name, WeekOfHour(h.hour));
    l.on_demand_write_usd += h.on_demand_write_usd;
    l.on_demand_read_usd += h.on_demand_read_usd;
    l.provisioned_write_usd += h.provisioned_write_usd;
    l.provisioned_read_usd += h.provisioned_read_usd;
    l.storage_usd += h.storage_usd;
  }
  for (const CapacityLog::Row& row : priced.usage) {
    BillLine& l = line(row.table_name, WeekOfHour(row.second / 3600));
    l.consumed += row.units;
    if (!stats) l.throttled += row.throttled_units;
  }
  PolicyBill bill;
  bill.policy = std::move(policy);
  // Per-policy throttling is known per table and index, not per week: it
  // goes on each table's total line.
  std::map<std::string, CapacityHalfUnits> throttled_by_table;
  if (stats) {
    for (const auto& s : *stats) throttled_by_table[s.table_name] += s.throttled;
  }
  BillLine grand;
  grand.table_name = grand.week = std::string(kTotal);
  BillLine table_total;
  for (auto it = lines.begin(); it != lines.end(); ++it) {
    if (table_total.table_name != it->second.table_name) {
      table_total = BillLine{};
      table_total.table_name = it->second.table_name;
      table_total.week = std::string(kTotal);
    }
    bill.lines.push_back(it->second);
    table_total.Add(it->second);
    auto next = std::next(it);
    if (next == lines.end() || next->first.first != it->first.first) {
      table_total.throttled += throttled_by_table[table_total.table_name];
      bill.lines.push_back(table_total);
      grand.Add(table_total);
    }
  }
  bill.lines.push_back(grand);
  return bill;
}

}  // namespace

void BillLine::Add(const BillLine& o) {
  on_demand_write_usd += o.on_demand_write_usd;
  on_demand_read_usd += o.on_demand_read_usd;
  provisioned_write_usd += o.provisioned_write_usd;
  provisioned_read_usd += o.provisioned_read_usd;
  storage_usd += o.storage_usd;
  consumed += o.consumed;
  throttled += o.throttled;
}

Result<std::vector<PolicyBill>> CompareBills(const CapacityRecord& record,
                                             const std::vector<std::string>& policy_specs,
                                             const PricingTable& pricing,
                                             const BillOptions& options) {
  std::vector<PolicyBill> bills;
  for (const std::string& spec : policy_specs) {
    if (spec == kAsLoggedPolicy) {
      HEADLOCK_ASSIGN_OR_RETURN(PolicyBill bill,
                                BillFor(record, nullptr, spec, pricing, options));
      bills.push_back(std::move(bill));
      continue;
    }
    HEADLOCK_ASSIGN_OR_RETURN(std::unique_ptr<CapacityPolicy> policy, ParseCapacityPolicy(spec));
    HEADLOCK_ASSIGN_OR_RETURN(ReplayResult replay,
                              ReplayUnderPolicy(record, *policy, options.replay));
    HEADLOCK_ASSIGN_OR_RETURN(
        PolicyBill bill, BillFor(replay.record, &replay.stats, policy->name(), pricing, options));
    bills.push_back(std::move(bill));
  }
  return bills;
}

std::string BillsToCsv(const std::vector<PolicyBill>& bills) {
  std::string out =
      "policy,table,week,on_demand_write_usd,on_demand_read_usd,provisioned_write_usd,"
      "provisioned_read_usd,storage_usd,total_usd,read_units,write_units,throttled_read_units,"
      "throttled_write_units\n";
  for (const PolicyBill& bill : bills) {
    for (const BillLine& l : bill.lines) {
      // Policy names contain commas ("provisioned:rcu=1,wcu=2"): quote them.
      out += fmt::format("\"{}\",{},{},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{},{},{},{}\n",
                         bill.policy, l.table_name, l.week, l.on_demand_write_usd,
                         l.on_demand_read_usd, l.provisioned_write_usd, l.provisioned_read_usd,
                         l.storage_usd, l.total_usd(), HalfUnitsToText(l.consumed.read),
                         HalfUnitsToText(l.consumed.write), HalfUnitsToText(l.throttled.read),
                         HalfUnitsToText(l.throttled.write));
    }
  }
  return out;
}

}  // namespace headlock
