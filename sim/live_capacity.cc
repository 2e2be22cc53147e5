#include "live_capacity.h"

#include <algorithm>

#include "headlock/capacity/capacity_planner.h"
#include "headlock/capacity/consumed_capacity.h"

namespace headlock::sim {
namespace {

// The UpdateTable request that applies `plan` to `table` (indexes[0] is "",
// the table; then its indexes, in the plan's order).
UpdateTableRequest UpdateFor(const std::string& table, const std::vector<std::string>& indexes,
                             const CapacityPlan& plan) {
  UpdateTableRequest req;
  req.table_name = table;
  const CapacitySetting& t = plan.settings.front();
  if (t.on_demand) {
    req.billing_mode = BillingMode::kPayPerRequest;
    return req;
  }
  if (plan.switches_mode) req.billing_mode = BillingMode::kProvisioned;
  req.provisioned_throughput = ProvisionedThroughput{t.read_units, t.write_units};
  for (size_t i = 1; i < plan.settings.size(); ++i) {
    const CapacitySetting& w = plan.settings[i];
    req.global_secondary_index_updates.push_back(UpdateTableRequest::IndexUpdate{
        indexes[i], ProvisionedThroughput{w.read_units, w.write_units}, {}, {}});
  }
  return req;
}

}  // namespace

LiveCapacityPolicy::LiveCapacityPolicy(const Scenario& scenario, Database* db, Metrics* metrics,
                                       PeakUnits peaks, std::unique_ptr<CapacityPolicy> policy)
    : sc_(scenario),
      db_(db),
      metrics_(metrics),
      peaks_(std::move(peaks)),
      policy_(std::move(policy)) {}

Status LiveCapacityPolicy::QueueCreated(int64_t now_ms) {
  const IsoWeek week = IsoWeekOf(now_ms);
  if (week_ && *week_ == week) return Status::OK();
  week_ = week;
  return Apply(now_ms, false);
}

void LiveCapacityPolicy::Observe(const std::vector<CapacityLog::Row>& rows) {
  for (const CapacityLog::Row& r : rows) {
    auto it = subjects_.find({r.table_name, r.index_name});
    if (it == subjects_.end()) continue;
    it->second.minute_read_units += HalfUnitsToDouble(r.units.read);
    it->second.minute_write_units += HalfUnitsToDouble(r.units.write);
  }
}

Result<std::vector<std::string>> LiveCapacityPolicy::ListAllTables() {
  ListTablesRequest list;
  std::vector<std::string> tables;
  for (;;) {
    ListTablesResponse resp;
    HEADLOCK_RETURN_IF_ERROR(db_->ListTables(list, &resp));
    tables.insert(tables.end(), resp.table_names.begin(), resp.table_names.end());
    if (!resp.last_evaluated_table_name) return tables;
    list.exclusive_start_table_name = resp.last_evaluated_table_name;
  }
}

Status LiveCapacityPolicy::Apply(int64_t now_ms, bool decide) {
  // Tables the services created since the last minute get their controllers.
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<std::string> tables, ListAllTables());
  // Drop the subjects of deleted tables.
  std::erase_if(subjects_, [&](const auto& entry) {
    return !std::binary_search(tables.begin(), tables.end(), entry.first.first);
  });
  for (const std::string& table : tables) {
    const bool fresh = !subjects_.count({table, ""});
    if (!fresh && !decide) continue;
    if (fresh) HEADLOCK_RETURN_IF_ERROR(StartTable(table));
    HEADLOCK_RETURN_IF_ERROR(DecideTable(table, now_ms, fresh));
  }
  return Status::OK();
}

Status LiveCapacityPolicy::StartTable(const std::string& table) {
  DescribeTableResponse desc;
  HEADLOCK_RETURN_IF_ERROR(db_->DescribeTable(DescribeTableRequest{table}, &desc));
  const TableDefinition& def = desc.table.definition;
  HEADLOCK_RETURN_IF_ERROR(WarmIfPresentAtStart(table, def));
  std::vector<std::string> names = {""};
  for (const auto& gsi : def.global_secondary_indexes) names.push_back(gsi.index_name);
  for (const std::string& index : names) {
    CapacitySubject subject;
    subject.table_name = table;
    subject.index_name = index;
    subject.created_ms = desc.table.creation_date_time_ms;
    subject.week = ParseWeekSuffix(table);
    auto peak = peaks_.find({table, index});
    if (peak != peaks_.end()) {
      subject.peak_read_units_per_second = peak->second.first;
      subject.peak_write_units_per_second = peak->second.second;
    }
    Subject& s = subjects_[{table, index}];
    s.peak_read_units_per_second = subject.peak_read_units_per_second;
    s.peak_write_units_per_second = subject.peak_write_units_per_second;
    s.controller = policy_->Start(subject);
    s.in_force =
        def.billing_mode == BillingMode::kPayPerRequest
            ? CapacitySetting::OnDemand()
            : CapacitySetting::Provisioned(def.provisioned_throughput.read_capacity_units,
                                           def.provisioned_throughput.write_capacity_units);
  }
  return Status::OK();
}

Status LiveCapacityPolicy::DecideTable(const std::string& table, int64_t now_ms, bool fresh) {
  // What each member wants now (the table first, then its indexes).
  std::vector<Subject*> subjects;
  std::vector<std::string> indexes;
  std::vector<CapacityPlanMember> members;
  for (auto it = subjects_.lower_bound({table, ""});
       it != subjects_.end() && it->first.first == table; ++it) {
    Subject& s = it->second;
    CapacityPlanMember m;
    m.in_force = s.in_force;
    m.wanted =
        fresh ? s.controller->Initial()
              : s.controller->Decide(MinuteUsage{now_ms, s.minute_read_units, s.minute_write_units},
                                     s.in_force);
    m.peak_read_units_per_second = s.peak_read_units_per_second;
    m.peak_write_units_per_second = s.peak_write_units_per_second;
    s.minute_read_units = s.minute_write_units = 0;
    subjects.push_back(&s);
    indexes.push_back(it->first.second);
    members.push_back(m);
  }
  // The same planner as the replay's (capacity_planner.h).
  const CapacityPlan plan = PlanTableCapacity(members);
  if (!plan.changes()) return Status::OK();
  UpdateTableRequest req = UpdateFor(table, indexes, plan);
  UpdateTableResponse resp;
  Status st = db_->UpdateTable(req, &resp);
  if (st.code() == Status::Code::kLimitExceededException) {
    // Refused by DynamoDB's switch or decrease rules: asked again next minute.
    metrics_->Count(&SimTotals::refused_capacity_changes);
    return Status::OK();
  }
  HEADLOCK_RETURN_IF_ERROR(st);
  metrics_->Count(&SimTotals::capacity_changes);
  for (size_t i = 0; i < subjects.size(); ++i) subjects[i]->in_force = plan.settings[i];
  return Status::OK();
}

Status LiveCapacityPolicy::WarmIfPresentAtStart(const std::string& table,
                                                const TableDefinition& def) {
  const WarmThroughput& w = sc_.warm_throughput;
  std::optional<IsoWeek> week = ParseWeekSuffix(table);
  if (week && IsoWeekOf(sc_.start_ms) < *week) return Status::OK();  // no use before the run
  // Only raises: a value at or under the current one is left out.
  auto above = [](int64_t want, int64_t now) { return want > now ? want : int64_t{0}; };
  UpdateTableRequest req;
  req.table_name = table;
  WarmThroughput t{above(w.read_units_per_second, def.warm_throughput.read_units_per_second),
                   above(w.write_units_per_second, def.warm_throughput.write_units_per_second)};
  if (t != WarmThroughput{}) req.warm_throughput = t;
  for (const GlobalSecondaryIndex& g : def.global_secondary_indexes) {
    WarmThroughput gi{above(w.read_units_per_second, g.warm_throughput.read_units_per_second),
                      above(w.write_units_per_second, g.warm_throughput.write_units_per_second)};
    if (gi != WarmThroughput{}) {
      req.global_secondary_index_updates.push_back({g.index_name, {}, {}, gi});
    }
  }
  if (!req.warm_throughput && req.global_secondary_index_updates.empty()) return Status::OK();
  UpdateTableResponse updated;
  HEADLOCK_RETURN_IF_ERROR(db_->UpdateTable(req, &updated));
  warm_tables_[table] = w;
  return Status::OK();
}

}  // namespace headlock::sim
