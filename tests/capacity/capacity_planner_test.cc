#include "headlock/capacity/capacity_planner.h"

#include <gtest/gtest.h>

namespace headlock {
namespace {

const CapacitySetting kOnDemand = CapacitySetting::OnDemand();
CapacitySetting P(int64_t r, int64_t w) { return CapacitySetting::Provisioned(r, w); }

CapacityPlanMember Member(CapacitySetting in_force, CapacitySetting wanted, double peak_r = -1,
                          double peak_w = -1) {
  return CapacityPlanMember{in_force, wanted, peak_r, peak_w};
}

TEST(CapacityPlannerTest, NothingChangesWhenEveryoneHasWhatTheyWant) {
  CapacityPlan plan = PlanTableCapacity({Member(P(10, 5), P(10, 5)), Member(P(3, 3), P(3, 3))});
  EXPECT_FALSE(plan.switches_mode);
  EXPECT_FALSE(plan.changes());
  EXPECT_EQ(plan.settings, (std::vector<CapacitySetting>{P(10, 5), P(3, 3)}));
}

TEST(CapacityPlannerTest, TheTablesModeDecidesItsIndexes) {
  // The table wants on-demand: its index follows, whatever it wants.
  CapacityPlan plan = PlanTableCapacity({Member(P(10, 5), kOnDemand), Member(P(3, 3), P(7, 7))});
  EXPECT_TRUE(plan.switches_mode);
  EXPECT_EQ(plan.settings, (std::vector<CapacitySetting>{kOnDemand, kOnDemand}));
  EXPECT_EQ(plan.changed, (std::vector<bool>{true, true}));
}

TEST(CapacityPlannerTest, OnDemandTableWithOnDemandIndexesStaysPut) {
  // An index asking for units under an on-demand table changes nothing.
  CapacityPlan plan = PlanTableCapacity({Member(kOnDemand, kOnDemand), Member(kOnDemand, P(9, 9))});
  EXPECT_FALSE(plan.switches_mode);
  EXPECT_FALSE(plan.changes());
}

TEST(CapacityPlannerTest, IndexWantingOnDemandUnderProvisionedTableIsSizedFromItsPeak) {
  // The table switches to provisioned; the index has no units yet.
  CapacityPlan plan = PlanTableCapacity(
      {Member(kOnDemand, P(100, 50)), Member(kOnDemand, kOnDemand, /*peak_r=*/7, /*peak_w=*/1.4)});
  EXPECT_TRUE(plan.switches_mode);
  // PlanUnitsForPeak: ceil(peak / 0.7).
  EXPECT_EQ(plan.settings, (std::vector<CapacitySetting>{P(100, 50), P(10, 2)}));
}

TEST(CapacityPlannerTest, IndexWithUnknownPeakGetsOneUnit) {
  CapacityPlan plan = PlanTableCapacity({Member(kOnDemand, P(4, 4)), Member(kOnDemand, kOnDemand)});
  EXPECT_EQ(plan.settings[1], P(1, 1));
}

TEST(CapacityPlannerTest, ProvisionedIndexWantingOnDemandKeepsItsUnits) {
  // No UpdateTable every minute for an index that cannot have what it wants.
  CapacityPlan plan = PlanTableCapacity(
      {Member(P(10, 10), P(10, 10)), Member(P(6, 2), kOnDemand, /*peak_r=*/70, /*peak_w=*/70)});
  EXPECT_FALSE(plan.switches_mode);
  EXPECT_FALSE(plan.changes());
  EXPECT_EQ(plan.settings[1], P(6, 2));
}

TEST(CapacityPlannerTest, OnlyTheIndexChanges) {
  CapacityPlan plan = PlanTableCapacity({Member(P(10, 10), P(10, 10)), Member(P(6, 2), P(4, 2))});
  EXPECT_FALSE(plan.switches_mode);
  EXPECT_EQ(plan.changed, (std::vector<bool>{false, true}));
  EXPECT_EQ(plan.settings[1], P(4, 2));
}

TEST(CapacityPlannerTest, TableAloneSwitchingToOnDemand) {
  CapacityPlan plan = PlanTableCapacity({Member(P(5, 5), kOnDemand)});
  EXPECT_TRUE(plan.switches_mode);
  EXPECT_TRUE(plan.changes());
  EXPECT_EQ(plan.settings, (std::vector<CapacitySetting>{kOnDemand}));
}

}  // namespace
}  // namespace headlock
