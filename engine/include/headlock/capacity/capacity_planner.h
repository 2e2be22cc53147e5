// The capacity planner: turns what a capacity policy's controllers want for
// a table and its global secondary indexes into the settings to apply.
//
// Both appliers of a policy call it, so that they cannot disagree: the
// replay (policy_replay.h) and the simulator's live run, which applies the
// plan with UpdateTable. The planner knows DynamoDB's billing rule, not its
// change limits: whoever applies the plan enforces those (mode_rules.h).
//
// The rules:
//   - the table's mode decides its indexes' (DynamoDB bills a table and its
//     GSIs in one mode): under an on-demand table every member is on-demand;
//   - under a provisioned table an index gets the units it wants, and an
//     index that wants on-demand keeps the provisioned units it has, or, if
//     it has none yet (the table is created or switches to provisioned), is
//     sized from its peak: PlanUnitsForPeak(peak), which is 1 when the peak
//     is unknown (-1);
//   - a plan whose settings all equal those in force changes nothing.
//
// Thread safety: a pure function.
#pragma once

#include <cstddef>
#include <vector>

#include "headlock/capacity/capacity_policy.h"

namespace headlock {

// One member of a table: the table itself or one of its indexes.
struct CapacityPlanMember {
  CapacitySetting in_force;  // what the table or index has now
  CapacitySetting wanted;    // what its controller asks for (Initial or Decide)
  // The member's CapacitySubject peaks, per second; -1 when unknown.
  double peak_read_units_per_second = -1;
  double peak_write_units_per_second = -1;
};

struct CapacityPlan {
  // What to apply, one per member, in the members' order.
  std::vector<CapacitySetting> settings;
  // The table's mode changes: DynamoDB's switch rules apply, and every member
  // changes with it (CheckModeSwitch in mode_rules.h).
  bool switches_mode = false;
  // Members whose setting differs from the one in force (the table's
  // decrease rules apply to each apart); none: nothing to do.
  std::vector<bool> changed;
  bool changes() const;
};

// REQUIRES: !members.empty(); members[0] is the table, then its indexes.
CapacityPlan PlanTableCapacity(const std::vector<CapacityPlanMember>& members);

}  // namespace headlock
