// The live capacity policy (private to sim/): the scenario's capacity
// policy applied while the simulation runs, as an operator's automation
// would: each table and index the services create gets a controller
// (capacity_policy.h) that decides its setting every minute from the
// minute's use; the capacity planner (capacity_planner.h, shared with the
// policy replay) turns a table's decisions into one UpdateTable, which the
// engine applies under DynamoDB's rules (a refusal is asked again the next
// minute). Tables in
// use before the run start warm (Scenario::warm_throughput).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "headlock/capacity/capacity_log.h"
#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/ddb/database.h"
#include "headlock/iso_week.h"
#include "headlock/sim/scenario.h"
#include "headlock/sim/simulator.h"
#include "metrics.h"

namespace headlock::sim {

class LiveCapacityPolicy {
 public:
  // `db`, `metrics` and `scenario` outlive the policy. `peaks`: known
  // peaks for policies sized "peak" (SimOptions::peaks).
  LiveCapacityPolicy(const Scenario& scenario, Database* db, Metrics* metrics, PeakUnits peaks,
                     std::unique_ptr<CapacityPolicy> policy);

  // Starts controllers for the tables that exist (their initial setting).
  Status Start(int64_t now_ms) { return Apply(now_ms, false); }
  // A queue was created at `now_ms`: a new ISO week's tables get theirs.
  Status QueueCreated(int64_t now_ms);
  // The minute's capacity log rows, for the controllers' decisions.
  void Observe(const std::vector<CapacityLog::Row>& rows);
  // Applies every controller's decision for the minute ending at `now_ms`.
  Status MinuteEnded(int64_t now_ms) { return Apply(now_ms, true); }

  std::string name() const { return policy_->name(); }
  // The tables warmed at the start, for replays.
  const std::map<std::string, WarmThroughput>& warm_tables() const { return warm_tables_; }

 private:
  // One (table, index) under the policy.
  struct Subject {
    std::unique_ptr<CapacityController> controller;
    CapacitySetting in_force;
    double minute_read_units = 0;
    double minute_write_units = 0;
    double peak_read_units_per_second = -1;  // CapacitySubject's, for the planner
    double peak_write_units_per_second = -1;
  };
  using Key = std::pair<std::string, std::string>;  // (table, index)

  // New tables get controllers and, with `decide`, every controller's
  // decision for the minute ending now is applied.
  Status Apply(int64_t now_ms, bool decide);
  Result<std::vector<std::string>> ListAllTables();
  Status StartTable(const std::string& table);
  // Applies what a table's members want now; nothing when nothing changes.
  Status DecideTable(const std::string& table, int64_t now_ms, bool fresh);
  // Raises the warm throughput of a new table to the scenario's if it stands
  // for one in use before the run: not a weekly table of a week after the
  // start's (Scenario::warm_throughput).
  Status WarmIfPresentAtStart(const std::string& table, const TableDefinition& def);

  const Scenario& sc_;
  Database* db_;
  Metrics* metrics_;
  PeakUnits peaks_;
  std::unique_ptr<CapacityPolicy> policy_;
  std::map<Key, Subject> subjects_;
  std::map<std::string, WarmThroughput> warm_tables_;
  std::optional<IsoWeek> week_;  // the week whose tables have controllers
};

}  // namespace headlock::sim
