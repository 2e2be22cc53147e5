#include "headlock/capacity/capacity_planner.h"

#include <algorithm>

namespace headlock {
namespace {

// The setting a member takes when its table is in mode `table_on_demand`.
CapacitySetting InTableMode(const CapacityPlanMember& m, bool table_on_demand) {
  if (table_on_demand) return CapacitySetting::OnDemand();
  if (!m.wanted.on_demand) return m.wanted;
  // An index cannot be on-demand under a provisioned table. Keeping what it
  // has avoids a pointless UpdateTable every minute; sizing a new one from
  // its peak (rather than 1 unit) gives it what it will consume.
  if (!m.in_force.on_demand) return m.in_force;
  return CapacitySetting::Provisioned(PlanUnitsForPeak(m.peak_read_units_per_second),
                                      PlanUnitsForPeak(m.peak_write_units_per_second));
}

}  // namespace

bool CapacityPlan::changes() const {
  return std::find(changed.begin(), changed.end(), true) != changed.end();
}

CapacityPlan PlanTableCapacity(const std::vector<CapacityPlanMember>& members) {
  CapacityPlan plan;
  const bool on_demand = members.front().wanted.on_demand;
  plan.switches_mode = on_demand != members.front().in_force.on_demand;
  plan.settings.reserve(members.size());
  plan.changed.reserve(members.size());
  for (const CapacityPlanMember& m : members) {
    plan.settings.push_back(InTableMode(m, on_demand));
    plan.changed.push_back(!(plan.settings.back() == m.in_force));
  }
  return plan;
}

}  // namespace headlock
