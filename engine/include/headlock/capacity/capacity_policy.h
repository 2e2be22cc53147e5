// Capacity policies: how a table's (and each global secondary index's)
// capacity is chosen over its life, pluggable so that several can be
// compared on the same load (`headlock cost`, the simulator).
//
//   on-demand       every table PAY_PER_REQUEST;
//   provisioned     every table provisioned at fixed units;
//   autoscaled      provisioned, with DynamoDB's target tracking
//                   (reference/dynamodb.md §4.3): utilisation above the
//                   target for 2 consecutive minutes scales up to what the
//                   last minute consumed at the target; below it for 15
//                   consecutive minutes scales down to the highest of those
//                   minutes at the target; within [min, max];
//   weekly-hybrid   the seed's: the tables of the newest K ISO weeks
//                   (default 2) provisioned from a capacity plan, older
//                   tables and tables created ahead of their week
//                   on-demand. A table without a "-YYYY-wWW" suffix is
//                   always in its newest week.
//
// A policy only says what it wants; whoever applies it (the replay in
// policy_replay.h, or a live driver calling UpdateTable) enforces DynamoDB's
// rules: switches to on-demand and decreases are limited (mode_rules.h) and
// a rejected change is simply asked for again a minute later. The mode of
// a table's indexes follows the table (DynamoDB bills a table and its GSIs
// in one mode); their units are their own.
//
// Spec strings (`headlock cost --policy`):
//   on-demand
//   provisioned[:rcu=R,wcu=W]
//   autoscaled[:target=70,min=5,max=40000,initial=I,up_minutes=2,down_minutes=15]
//   weekly-hybrid[:k=2,rcu=R,wcu=W]
// Units default to `peak`: ceil(the highest one-minute average the subject
// consumed per second / 0.7), at least 1 - a plan sized by someone who knew
// the load, at the same 70% utilisation auto scaling aims for. `initial`
// defaults to `min`.
//
// Thread safety: a CapacityPolicy is immutable; a CapacityController belongs
// to one caller.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "headlock/iso_week.h"
#include "headlock/result.h"

namespace headlock {

inline constexpr int64_t kMaxProvisionedUnits = 40000;  // default per-table/GSI quota (§4.2)
inline constexpr int64_t kAutoScalingDefaultMinUnits = 5;  // console default (§4.3)
inline constexpr double kAutoScalingDefaultTarget = 0.70;  // console default (§4.3)
inline constexpr int kAutoScalingUpMinutes = 2;             // consecutive minutes above target
inline constexpr int kAutoScalingDownMinutes = 15;          // consecutive minutes below target
inline constexpr int kHybridDefaultProvisionedWeeks = 2;    // the seed: "the last two weeks"

struct CapacitySetting {
  bool on_demand = true;
  int64_t read_units = 0;   // provisioned capacity when !on_demand
  int64_t write_units = 0;
  bool operator==(const CapacitySetting&) const = default;
  static CapacitySetting OnDemand() { return {}; }
  static CapacitySetting Provisioned(int64_t read_units, int64_t write_units) {
    return {false, read_units, write_units};
  }
};

// The table or index a controller decides for.
struct CapacitySubject {
  std::string table_name;
  std::string index_name;  // empty: the table itself
  int64_t created_ms = 0;
  std::optional<IsoWeek> week;  // from the table name's suffix
  // The highest one-minute average consumption per second over the
  // subject's life, when known in advance (a replay); -1 when unknown.
  double peak_read_units_per_second = -1;
  double peak_write_units_per_second = -1;
};

// What a subject consumed in one minute.
struct MinuteUsage {
  int64_t minute_end_ms = 0;
  double read_units = 0;   // consumed in the minute (not per second)
  double write_units = 0;
};

class CapacityController {
 public:
  virtual ~CapacityController() = default;
  // The setting the table or index is created with.
  virtual CapacitySetting Initial() = 0;
  // At the end of every minute: what the subject consumed and what is in
  // force; returns the setting wanted from now on.
  virtual CapacitySetting Decide(const MinuteUsage& usage, const CapacitySetting& in_force) = 0;
};

class CapacityPolicy {
 public:
  virtual ~CapacityPolicy() = default;
  // The spec it was made from, normalised ("autoscaled:target=70,...").
  virtual std::string name() const = 0;
  virtual std::unique_ptr<CapacityController> Start(const CapacitySubject& subject) const = 0;
};

// Parses a spec (above). Errors: ValidationException naming the bad part.
Result<std::unique_ptr<CapacityPolicy>> ParseCapacityPolicy(std::string_view spec);

// The policies compared when a user names none (`headlock cost`, `headlock
// sim --compare policies` and the simulator's replays), each with its plans
// sized from the load itself: the one list, in the order they are shown.
inline constexpr std::string_view kStandardPolicies[] = {"on-demand", "provisioned", "autoscaled",
                                                         "weekly-hybrid"};

// ceil(units_per_second / 0.7), clamped to [1, kMaxProvisionedUnits]; 1 when
// unknown (negative).
int64_t PlanUnitsForPeak(double units_per_second);

}  // namespace headlock
