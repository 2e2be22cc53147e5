#include "live_capacity.h"

#include <algorithm>

#include "headlock/capacity/consumed_capacity.h"

namespace headlock::sim {

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
  std::vector<std::pair<std::pair<const Key, Subject>*, CapacitySetting>> wants;
  bool change = false;
  for (auto it = subjects_.lower_bound({table, ""});
       it != subjects_.end() && it->first.first == table; ++it) {
    Subject& s = it->second;
    CapacitySetting want =
        fresh ? s.controller->Initial()
              : s.controller->Decide(MinuteUsage{now_ms, s.minute_read_units, s.minute_write_units},
                                     s.in_force);
    s.minute_read_units = s.minute_write_units = 0;
    change |= !(want == s.in_force);
    wants.emplace_back(&*it, want);
  }
  if (!change) return Status::OK();
  // The table's mode decides its indexes' (DynamoDB bills them together).
  const CapacitySetting& table_want = wants.front().second;
  UpdateTableRequest req;
  req.table_name = table;
  const bool was_on_demand = wants.front().first->second.in_force.on_demand;
  if (table_want.on_demand) {
    if (was_on_demand) return Status::OK();
    req.billing_mode = BillingMode::kPayPerRequest;
  } else {
    if (was_on_demand) req.billing_mode = BillingMode::kProvisioned;
    req.provisioned_throughput =
        ProvisionedThroughput{table_want.read_units, table_want.write_units};
    for (size_t i = 1; i < wants.size(); ++i) {
      CapacitySetting w = wants[i].second;
      if (w.on_demand) w = CapacitySetting::Provisioned(1, 1);
      req.global_secondary_index_updates.push_back(
          UpdateTableRequest::IndexUpdate{wants[i].first->first.second,
                                          ProvisionedThroughput{w.read_units, w.write_units},
                                          {},
                                          {}});
    }
  }
  UpdateTableResponse resp;
  Status st = db_->UpdateTable(req, &resp);
  if (st.code() == Status::Code::kLimitExceededException) {
    // Refused by DynamoDB's switch or decrease rules: asked again next minute.
    metrics_->Count(&SimTotals::refused_capacity_changes);
    return Status::OK();
  }
  HEADLOCK_RETURN_IF_ERROR(st);
  metrics_->Count(&SimTotals::capacity_changes);
  for (auto& [s, w] : wants) {
    s->second.in_force = table_want.on_demand ? CapacitySetting::OnDemand() : w;
    if (!table_want.on_demand && w.on_demand)
      s->second.in_force = CapacitySetting::Provisioned(1, 1);
  }
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
