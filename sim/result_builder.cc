#include "result_builder.h"

#include "digest.h"
#include "headlock/capacity/bill.h"
#include "headlock/capacity/consumed_capacity.h"
#include "headlock/capacity/cost_ledger.h"

namespace headlock::sim {
namespace {

using TableHours = std::map<std::pair<int64_t, std::string>, TableHourRow>;

// Prices the run hour by hour into the table-hours and the totals.
Status Price(const CapacityRecord& record, const Scenario& sc, const PricingTable& pricing,
             TableHours* hours, SimTotals* totals) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<TableHourCost> costs,
                            PriceHours(record, pricing, sc.region, sc.table_class));
  for (const TableHourCost& c : costs) {
    TableHourRow& th = (*hours)[{c.hour * kHourMs, c.table_name}];
    th.hour_start_ms = c.hour * kHourMs;
    th.table = c.table_name;
    th.cost_usd += c.total_usd();
    totals->on_demand_usd += c.on_demand_read_usd + c.on_demand_write_usd;
    totals->provisioned_usd += c.provisioned_read_usd + c.provisioned_write_usd;
    totals->storage_usd += c.storage_usd;
  }
  return Status::OK();
}

// Capacity in force at the end of each table-hour, from the change history.
void SetCapacityInForce(const std::vector<CapacityLog::CapacityChange>& changes,
                        TableHours* hours) {
  for (auto& [key, th] : *hours) {
    th.mode = "on-demand";
    for (const CapacityLog::CapacityChange& ch : changes) {
      if (ch.time_ms >= th.hour_start_ms + kHourMs) break;
      if (ch.table_name != th.table || !ch.index_name.empty()) continue;
      th.read_capacity_units = ch.read_capacity_units;
      th.write_capacity_units = ch.write_capacity_units;
      th.mode = ch.deleted ? "deleted" : ch.read_capacity_units < 0 ? "on-demand" : "provisioned";
    }
  }
}

// The timeline and the totals at full scale (k = 1 / scale).
void Scale(double k, std::vector<MinuteRow>* timeline, SimTotals* totals) {
  for (const TotalField& f : kTotalFields) {
    if (f.kind == TotalKind::kFromTimeline) totals->*f.member = 0;
  }
  for (MinuteRow& m : *timeline) {
    for (const MinuteField& f : kMinuteFields) m.*f.member *= k;
    for (const TotalField& f : kTotalFields) {
      if (f.kind == TotalKind::kFromTimeline) totals->*f.member += m.*f.minute;
    }
  }
  for (const TotalField& f : kTotalFields) {
    if (f.kind == TotalKind::kScaled) totals->*f.member *= k;
  }
  totals->cost_usd = totals->on_demand_usd + totals->provisioned_usd + totals->storage_usd;
}

// The run's capacity log replayed under each standard policy.
Result<std::vector<PolicyCost>> PolicyCosts(const SimResult& r, const PricingTable& pricing) {
  BillOptions options;
  options.region = r.scenario.region;
  options.table_class = r.scenario.table_class;
  options.replay.table_limit_scale = r.scenario.scale;
  options.replay.warm_throughput = r.warm_tables;
  const std::vector<std::string> policies(std::begin(kStandardPolicies),
                                          std::end(kStandardPolicies));
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<PolicyBill> bills,
                            CompareBills(r.record, policies, pricing, options));
  const double k = 1.0 / r.scenario.scale;
  std::vector<PolicyCost> out;
  for (const PolicyBill& b : bills) {
    const BillLine& t = b.total();
    out.push_back(PolicyCost{
        b.policy, t.total_usd() * k, (t.on_demand_read_usd + t.on_demand_write_usd) * k,
        (t.provisioned_read_usd + t.provisioned_write_usd) * k, t.storage_usd * k,
        HalfUnitsToDouble(t.consumed.total()) * k, HalfUnitsToDouble(t.throttled.total()) * k});
  }
  return out;
}

}  // namespace

Result<SimResult> BuildResult(Metrics::Finished measured, const RunFacts& facts,
                              const PricingTable& pricing,
                              const std::vector<StorageSample>& storage, Database* db) {
  const Scenario& sc = *facts.scenario;
  const double k = 1.0 / sc.scale;
  SimResult result;
  result.scenario = sc;
  result.lock_strategy = std::string(LockStrategyName(sc.lock_strategy));
  result.capacity_policy = facts.capacity_policy;
  result.warm_tables = facts.warm_tables;
  result.crawl_starts = facts.crawl_starts;
  SimTotals& totals = measured.totals;
  HEADLOCK_RETURN_IF_ERROR(Price(measured.record, sc, pricing, &measured.table_hours, &totals));
  SetCapacityInForce(measured.record.changes, &measured.table_hours);
  Scale(k, &measured.timeline, &totals);
  for (auto& [key, th] : measured.table_hours) {
    th.read_units *= k;
    th.write_units *= k;
    th.throttled_requests *= k;
    th.cost_usd *= k;
    result.tables.push_back(th);
  }
  for (auto& [key, units] : measured.table_days) {
    result.table_days.push_back(TableDayRow{key.first, key.second, units * k});
  }
  // Storage at the end, per table still alive: its items (requests, in a
  // request table) and the bytes billed (the table's and its indexes').
  for (const StorageSample& s : storage) {
    DescribeTableResponse d;
    if (!db->DescribeTable(DescribeTableRequest{s.table_name}, &d).ok()) continue;
    result.storage.push_back(TableStorage{s.table_name, d.table.item_count * k, s.bytes * k});
  }
  result.totals = totals;
  result.timeline = std::move(measured.timeline);
  result.peaks = std::move(measured.peaks);
  result.record = std::move(measured.record);
  result.events = facts.events;
  result.digest = DigestOf(result);
  return result;
}

Status ReplayPolicies(const PricingTable& pricing, SimResult* result) {
  HEADLOCK_ASSIGN_OR_RETURN(result->policy_costs, PolicyCosts(*result, pricing));
  return Status::OK();
}

}  // namespace headlock::sim
