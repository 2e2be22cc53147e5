#include "headlock/capacity/policy_replay.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "headlock/capacity/capacity_planner.h"
#include "headlock/capacity/on_demand_meter.h"
#include "headlock/capacity/token_bucket.h"
#include "headlock/iso_week.h"

namespace headlock {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;

int64_t FloorTo(int64_t ms, int64_t unit) { return ms >= 0 ? ms / unit * unit : (ms - unit + 1) / unit * unit; }

// One table or index during one lifetime of its table.
struct SubjectRun {
  CapacitySubject subject;
  std::vector<const CapacityLog::Row*> rows;  // time order
  size_t next_row = 0;
  std::unique_ptr<CapacityController> controller;
  CapacitySetting in_force;
  TokenBucket read_bucket, write_bucket;
  OnDemandMeter read_meter, write_meter;
  int64_t max_read_provisioned = 0, max_write_provisioned = 0;
  DecreaseCounter decreases;
  MinuteUsage minute;  // admitted in the current minute
  SubjectReplayStats stats;
};

// One lifetime of a table: [start_ms, end_ms).
struct TableRun {
  std::string name;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool deleted = false;  // ends by deletion rather than with the record
  std::vector<std::unique_ptr<SubjectRun>> subjects;  // [0] is the table itself
  std::vector<int64_t> switches_to_on_demand_ms;
  int64_t last_switch_ms = 0;
};

class Replayer {
 public:
  Replayer(const CapacityRecord& logged, const CapacityPolicy& policy, const ReplayOptions& options)
      : logged_(logged), policy_(policy), options_(options) {}

  Result<ReplayResult> Run() {
    if (!logged_.usage.empty() && logged_.usage.back().second * 1000 >= logged_.end_ms) {
      return Status::Validation("capacity record: usage after its end");
    }
    ComputePeaks();
    std::vector<TableRun> runs = Lifetimes();
    std::map<std::pair<std::string, std::string>, SubjectReplayStats> stats;
    for (TableRun& run : runs) {
      Replay(&run);
      for (auto& s : run.subjects) {
        auto& into = stats[{s->subject.table_name, s->subject.index_name}];
        into.table_name = s->subject.table_name;
        into.index_name = s->subject.index_name;
        into.throttled += s->stats.throttled;
        into.changes += s->stats.changes;
        into.refused_changes += s->stats.refused_changes;
      }
    }
    out_.record.storage = logged_.storage;
    out_.record.end_ms = logged_.end_ms;
    std::stable_sort(out_.record.usage.begin(), out_.record.usage.end(),
                     [](const auto& a, const auto& b) {
                       return std::tie(a.second, a.table_name, a.index_name) <
                              std::tie(b.second, b.table_name, b.index_name);
                     });
    std::stable_sort(out_.record.changes.begin(), out_.record.changes.end(),
                     [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
    for (auto& [key, s] : stats) out_.stats.push_back(std::move(s));
    return std::move(out_);
  }

 private:
  using Key = std::pair<std::string, std::string>;

  void ComputePeaks() {
    std::map<std::tuple<std::string, std::string, int64_t>, CapacityHalfUnits> minutes;
    for (const auto& row : logged_.usage) {
      minutes[{row.table_name, row.index_name, FloorTo(row.second * 1000, kMinuteMs)}] += row.units;
    }
    for (const auto& [key, units] : minutes) {
      auto& [r, w] = peaks_[{std::get<0>(key), std::get<1>(key)}];
      r = std::max(r, units.read / 2.0 / 60.0);
      w = std::max(w, units.write / 2.0 / 60.0);
    }
  }

  // Splits each table's history into lifetimes (created ... deleted) and
  // gives each its subjects and usage rows.
  std::vector<TableRun> Lifetimes() {
    std::map<std::string, std::vector<TableRun>> by_table;
    auto open_run = [&](const std::string& table, int64_t at) -> TableRun& {
      auto& list = by_table[table];
      if (list.empty() || list.back().deleted) {
        TableRun run;
        run.name = table;
        run.start_ms = at;
        run.end_ms = logged_.end_ms;
        list.push_back(std::move(run));
        Subject(&list.back(), "");  // the table is always subject 0
      }
      return list.back();
    };
    // Creations and deletions come from the table's own capacity changes;
    // usage before any change opens a lifetime at its first second.
    std::vector<std::pair<int64_t, const CapacityLog::CapacityChange*>> events;
    for (const auto& c : logged_.changes) events.emplace_back(c.time_ms, &c);
    size_t u = 0;
    auto take_usage_until = [&](int64_t until_ms) {
      for (; u < logged_.usage.size() && logged_.usage[u].second * 1000 < until_ms; ++u) {
        const auto& row = logged_.usage[u];
        TableRun& run = open_run(row.table_name, row.second * 1000);
        Subject(&run, row.index_name)->rows.push_back(&row);
      }
    };
    for (const auto& [time, c] : events) {
      take_usage_until(time);
      if (c->deleted) {
        if (c->index_name.empty()) {
          auto& list = by_table[c->table_name];
          if (!list.empty() && !list.back().deleted) {
            list.back().end_ms = c->time_ms;
            list.back().deleted = true;
          }
        }
        continue;
      }
      Subject(&open_run(c->table_name, c->time_ms), c->index_name);
    }
    take_usage_until(INT64_MAX);

    std::vector<TableRun> runs;
    for (auto& [name, list] : by_table) {
      for (auto& run : list) {
        ApplyRetention(&run);
        runs.push_back(std::move(run));
      }
    }
    return runs;
  }

  SubjectRun* Subject(TableRun* run, const std::string& index) {
    for (auto& s : run->subjects) {
      if (s->subject.index_name == index) return s.get();
    }
    auto s = std::make_unique<SubjectRun>();
    s->subject.table_name = run->name;
    s->subject.index_name = index;
    s->subject.created_ms = run->start_ms;
    s->subject.week = ParseWeekSuffix(run->name);
    auto peak = peaks_.find({run->name, index});
    if (peak != peaks_.end()) {
      s->subject.peak_read_units_per_second = peak->second.first;
      s->subject.peak_write_units_per_second = peak->second.second;
    }
    if (index.empty() && !run->subjects.empty()) {
      run->subjects.insert(run->subjects.begin(), std::move(s));
      return run->subjects.front().get();
    }
    run->subjects.push_back(std::move(s));
    return run->subjects.back().get();
  }

  void ApplyRetention(TableRun* run) {
    std::optional<IsoWeek> week = ParseWeekSuffix(run->name);
    if (options_.retention_weeks < 0 || !week) return;
    int64_t drop_ms = IsoWeekStartMs(*week) + kWeekMillis * (1 + options_.retention_weeks);
    if (drop_ms >= run->end_ms) return;
    for (const auto& s : run->subjects) {
      if (!s->rows.empty() && s->rows.back()->second * 1000 >= drop_ms) return;  // still in use
    }
    run->end_ms = std::max(drop_ms, run->start_ms);
    run->deleted = true;
  }

  void Record(const TableRun& run, const SubjectRun& s, int64_t now_ms) {
    const CapacitySetting& c = s.in_force;
    out_.record.changes.push_back({now_ms, run.name, s.subject.index_name,
                                   c.on_demand ? -1 : c.read_units, c.on_demand ? -1 : c.write_units,
                                   false});
  }

  void Apply(SubjectRun* s, const CapacitySetting& to, int64_t now_ms, bool initial) {
    if (to.on_demand) {
      if (initial || !s->in_force.on_demand) {
        const OnDemandWindow window = OnDemandWindowForScale(options_.table_limit_scale);
        s->read_meter =
            OnDemandMeter(kOnDemandInitialReadUnits, s->max_read_provisioned, -1, window);
        s->write_meter =
            OnDemandMeter(kOnDemandInitialWriteUnits, s->max_write_provisioned, -1, window);
        auto warm = options_.warm_throughput.find(s->subject.table_name);
        if (warm != options_.warm_throughput.end()) {
          s->read_meter.RaiseInitial(warm->second.read_units_per_second);
          s->write_meter.RaiseInitial(warm->second.write_units_per_second);
        }
      }
    } else if (initial || s->in_force.on_demand) {
      s->read_bucket = TokenBucket(to.read_units * 2, now_ms);
      s->write_bucket = TokenBucket(to.write_units * 2, now_ms);
    } else {
      s->read_bucket.SetRate(to.read_units * 2, now_ms);
      s->write_bucket.SetRate(to.write_units * 2, now_ms);
    }
    if (!to.on_demand) {
      s->max_read_provisioned = std::max(s->max_read_provisioned, to.read_units);
      s->max_write_provisioned = std::max(s->max_write_provisioned, to.write_units);
    }
    s->in_force = to;
    if (!initial) ++s->stats.changes;
  }

  // Offers one logged second to the capacity in force.
  void Offer(SubjectRun* s, const CapacityLog::Row& row) {
    int64_t at_ms = row.second * 1000 + 999;
    auto admit = [&](int64_t half, TokenBucket& bucket, OnDemandMeter& meter) {
      int64_t room = s->in_force.on_demand ? meter.AllowedHalfUnits(at_ms) : bucket.Available(at_ms);
      int64_t admitted = std::min(half, std::max<int64_t>(room, 0));
      if (s->in_force.on_demand) {
        meter.Consume(admitted, at_ms);
      } else {
        bucket.Consume(admitted);
      }
      return admitted;
    };
    int64_t read = admit(row.units.read, s->read_bucket, s->read_meter);
    int64_t write = admit(row.units.write, s->write_bucket, s->write_meter);
    s->stats.throttled += CapacityHalfUnits{row.units.read - read, row.units.write - write};
    s->minute.read_units += read / 2.0;
    s->minute.write_units += write / 2.0;
    CapacityLog::Row out = row;
    out.read_capacity_units = s->in_force.on_demand ? -1 : s->in_force.read_units;
    out.write_capacity_units = s->in_force.on_demand ? -1 : s->in_force.write_units;
    out_.record.usage.push_back(std::move(out));
  }

  // What the table's members want, for the planner (capacity_planner.h).
  static std::vector<CapacityPlanMember> Members(const TableRun& run) {
    std::vector<CapacityPlanMember> members;
    members.reserve(run.subjects.size());
    for (const auto& s : run.subjects) {
      members.push_back({s->in_force, CapacitySetting{}, s->subject.peak_read_units_per_second,
                         s->subject.peak_write_units_per_second});
    }
    return members;
  }

  void Decide(TableRun* run, int64_t now_ms) {
    std::vector<CapacityPlanMember> members = Members(*run);
    for (size_t i = 0; i < members.size(); ++i) {
      SubjectRun& s = *run->subjects[i];
      s.minute.minute_end_ms = now_ms;
      members[i].wanted = s.controller->Decide(s.minute, s.in_force);
      s.minute = MinuteUsage{};
    }
    const CapacityPlan plan = PlanTableCapacity(members);
    if (plan.switches_mode) {
      SwitchMode(run, plan, now_ms);
      return;
    }
    for (size_t i = 0; i < plan.settings.size(); ++i) {
      if (!plan.changed[i]) continue;
      SubjectRun& s = *run->subjects[i];
      const CapacitySetting& to = plan.settings[i];
      bool decrease = !to.on_demand && (to.read_units < s.in_force.read_units ||
                                        to.write_units < s.in_force.write_units);
      if (decrease && !TakeDecrease(&s.decreases, now_ms, s.subject.index_name).ok()) {
        ++s.stats.refused_changes;
        continue;
      }
      Apply(&s, to, now_ms, false);
      Record(*run, s, now_ms);
    }
  }

  // A change of the table's mode: all members at once, if the rules allow.
  void SwitchMode(TableRun* run, const CapacityPlan& plan, int64_t now_ms) {
    const bool on_demand = plan.settings.front().on_demand;
    Status allowed = CheckModeSwitch(options_.rules, on_demand, run->switches_to_on_demand_ms,
                                     run->last_switch_ms, now_ms);
    if (!allowed.ok()) {
      ++run->subjects.front()->stats.refused_changes;
      return;
    }
    if (on_demand) run->switches_to_on_demand_ms.push_back(now_ms);
    run->last_switch_ms = now_ms;
    for (size_t i = 0; i < plan.settings.size(); ++i) {
      Apply(run->subjects[i].get(), plan.settings[i], now_ms, false);
      Record(*run, *run->subjects[i], now_ms);
    }
  }

  void Replay(TableRun* run) {
    for (auto& s : run->subjects) {
      s->controller = policy_.Start(s->subject);
    }
    // The table decides the mode; indexes follow it from creation on.
    std::vector<CapacityPlanMember> members = Members(*run);
    for (size_t i = 0; i < members.size(); ++i) {
      members[i].wanted = run->subjects[i]->controller->Initial();
    }
    const CapacityPlan plan = PlanTableCapacity(members);
    for (size_t i = 0; i < members.size(); ++i) {
      Apply(run->subjects[i].get(), plan.settings[i], run->start_ms, true);
      Record(*run, *run->subjects[i], run->start_ms);
    }
    int64_t minute = FloorTo(run->start_ms, kMinuteMs);
    while (minute < run->end_ms) {
      int64_t minute_end = minute + kMinuteMs;
      for (auto& s : run->subjects) {
        while (s->next_row < s->rows.size() && s->rows[s->next_row]->second * 1000 < minute_end) {
          const CapacityLog::Row& row = *s->rows[s->next_row++];
          if (row.second * 1000 < run->end_ms) Offer(s.get(), row);
        }
      }
      if (minute_end >= run->end_ms) break;
      Decide(run, minute_end);
      minute = minute_end;
    }
    if (run->deleted) {
      for (auto& s : run->subjects) {
        out_.record.changes.push_back(
            {run->end_ms, run->name, s->subject.index_name, -1, -1, true});
      }
    }
  }

  const CapacityRecord& logged_;
  const CapacityPolicy& policy_;
  ReplayOptions options_;
  std::map<Key, std::pair<double, double>> peaks_;  // read, write units per second
  ReplayResult out_;
};

}  // namespace

Result<ReplayResult> ReplayUnderPolicy(const CapacityRecord& logged, const CapacityPolicy& policy,
                                       const ReplayOptions& options) {
  return Replayer(logged, policy, options).Run();
}

}  // namespace headlock
