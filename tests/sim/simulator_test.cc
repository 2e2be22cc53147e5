// Whole runs of the simulator: reproducible to the byte, and what they
// report agrees with the engine and with itself.
#include <gtest/gtest.h>

#include <cmath>

#include "headlock/sim/simulator.h"

namespace headlock::sim {
namespace {

// A small, quick scenario: 6 simulated minutes at a low load.
Scenario Small(uint64_t seed) {
  Scenario s = DefaultScenario();
  s.name = "small";
  s.seed = seed;
  s.duration_ms = 6 * 60'000;
  s.scale = 0.002;
  return s;
}

TEST(SimulatorTest, SameSeedSameDigestDifferentSeedDifferentRun) {
  Result<SimResult> a = RunSimulation(Small(7));
  Result<SimResult> b = RunSimulation(Small(7));
  Result<SimResult> c = RunSimulation(Small(8));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(a.value().digest, b.value().digest);
  EXPECT_EQ(a.value().events, b.value().events);
  EXPECT_EQ(a.value().totals.write_units, b.value().totals.write_units);
  EXPECT_NE(a.value().digest, c.value().digest);
  EXPECT_EQ(a.value().timeline.size(), 6u);
}

TEST(SimulatorTest, FiguresAgreeWithEachOther) {
  Result<SimResult> r = RunSimulation(Small(3));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const SimTotals& t = r.value().totals;
  EXPECT_GT(t.requests_handled, 0);
  EXPECT_GT(t.api_writes, 0);
  EXPECT_LE(t.requests_handled, t.requests_added);
  // Every handled request was locked, prolonged and updated: >= 2 API writes,
  // and every write costs at least one write unit.
  EXPECT_GE(t.api_writes, 2 * t.requests_handled);
  EXPECT_GE(t.write_units, t.api_writes * 0.9);
  // The timeline adds up to the totals.
  double units = 0, handled = 0;
  for (const MinuteRow& m : r.value().timeline) {
    units += m.write_units;
    handled += m.requests_handled;
  }
  EXPECT_NEAR(units, t.write_units, 1e-6 * t.write_units);
  EXPECT_NEAR(handled, t.requests_handled, 1e-9);
  // The per-table hours add up too, and the cost is positive and in parts.
  double table_units = 0;
  for (const TableHourRow& th : r.value().tables) table_units += th.write_units;
  EXPECT_NEAR(table_units, t.write_units, 1e-6 * t.write_units);
  EXPECT_GT(t.cost_usd, 0);
  EXPECT_NEAR(t.cost_usd, t.on_demand_usd + t.provisioned_usd + t.storage_usd, 1e-9);
  // The weekly request table holds the requests.
  bool found = false;
  for (const TableStorage& s : r.value().storage) {
    if (s.table.rfind("requests-2026-w45", 0) == 0) found = s.items >= t.requests_added * 0.99;
  }
  EXPECT_TRUE(found);
}

// The load controller holds the mean of the writes to the profile even where
// one crawl writes many minutes' worth: at 0.0005 about one crawler runs at a
// time, bulk crawls among them. The multiplicative correction alone held the
// median minute to it instead, 1.66x and 2.02x the target over seeds 1 and 2.
// One seed at this scale scatters widely (eight seeds measured, per seed:
// 0.96 to 1.54, mean 1.15; before the random streams were split per decision,
// 0.86 to 1.26, mean 1.08), so four seeds are pooled and the bound is 0.3.
TEST(SimulatorTest, LoadControllerHoldsTheMeanWhereMinutesAreSkewed) {
  double target = 0, achieved = 0;
  for (uint64_t seed : {1, 2, 3, 4}) {
    Scenario s = DefaultScenario();
    s.seed = seed;
    s.scale = 0.0005;
    s.start_ms += 10 * 3'600'000;  // the default 2026-11-02T14:00Z + 10 h: a night and a morning
    s.duration_ms = 12 * 3'600'000;
    Result<SimResult> r = RunSimulation(s);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::vector<MinuteRow>& timeline = r.value().timeline;
    ASSERT_EQ(timeline.size(), 720u);
    for (size_t i = kWarmupMinutes; i < timeline.size(); ++i) {
      target += timeline[i].target_api_writes;
      achieved += timeline[i].api_writes;
    }
  }
  EXPECT_NEAR(achieved / target, 1.0, 0.3);
}

TEST(SimulatorTest, ServerSideLocksNeverDuplicateWithoutFaultsClientSideDoes) {
  Scenario s = Small(5);
  s.faults.migrations_per_actor_hour = 0;
  s.population.crawlers_weights = {0, 0, 0, 1};  // 8 crawlers on every queue
  Result<SimResult> locked = RunSimulation(s);
  s.lock_strategy = LockStrategyKind::kClientSide;
  Result<SimResult> client = RunSimulation(s);
  ASSERT_TRUE(locked.ok()) << locked.status().ToString();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ(locked.value().totals.duplicate_handlings, 0);
  EXPECT_GT(client.value().totals.duplicate_handlings, 0);
}

TEST(SimulatorTest, MigrationsWithoutNoticeWasteWork) {
  Scenario s = Small(11);
  s.faults.migrations_per_actor_hour = 30;
  s.faults.notice_share = 0;
  Result<SimResult> r = RunSimulation(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r.value().totals.migrations, 0);
  EXPECT_EQ(r.value().totals.migrations_with_notice, 0);
  EXPECT_GT(r.value().totals.wasted_pages, 0);
}

TEST(SimulatorTest, ProvisionedTablesThrottleAndTheSdkRetries) {
  Scenario s = Small(13);
  s.capacity_policy = "provisioned:rcu=5,wcu=5";
  Result<SimResult> r = RunSimulation(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r.value().totals.throttled_requests, 0);
  EXPECT_GT(r.value().totals.api_throttled_calls, 0);
  EXPECT_GT(r.value().totals.provisioned_usd, 0);
  EXPECT_EQ(r.value().totals.on_demand_usd, 0);
}

TEST(SimulatorTest, TablesInUseBeforeTheRunStartWarmAndAColdTableThrottles) {
  // At the daily peak a request table and its index each take several times
  // a new on-demand table's 4,000 writes per second. At scale 0.1 the
  // table-wide limits apply to 100 s windows of the sample, each allowing 10
  // whole-table seconds: a cold table throttles here as it would at full
  // scale (over 10% of requests); a warm one does not (throttles left, if
  // any, are single queues over a partition's 1,000 units). Below 0.1
  // table-wide limits are off: the cold table throttles only such queues
  // (1.1% of requests at seed 31 and 0.05).
  Scenario warm = Small(31);
  warm.scale = 0.1;
  warm.duration_ms = 60'000;
  Result<SimResult> w = RunSimulation(warm);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w.value().warm_tables.count("requests-2026-w45"), 1u);
  EXPECT_EQ(w.value().warm_tables.count("requests-2026-w46"), 0u);  // next week's: cold
  EXPECT_LT(w.value().totals.throttled_requests, 0.01 * w.value().totals.ddb_requests);
  Scenario cold = warm;
  cold.warm_throughput = WarmThroughput{0, 0};
  Result<SimResult> c = RunSimulation(cold);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c.value().warm_tables.empty());
  EXPECT_GT(c.value().totals.throttled_requests, 0.1 * c.value().totals.ddb_requests);
  Scenario small_cold = cold;
  small_cold.scale = 0.05;
  Result<SimResult> sc = RunSimulation(small_cold);
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  EXPECT_LT(sc.value().totals.throttled_requests, 0.02 * sc.value().totals.ddb_requests);
}

TEST(SimulatorTest, BadScenariosAreRefused) {
  Scenario s = Small(1);
  s.scale = 0;
  EXPECT_EQ(RunSimulation(s).status().code(), Status::Code::kInvalidInput);
  s = Small(1);
  s.capacity_policy = "cheap";
  EXPECT_FALSE(RunSimulation(s).ok());
  s = Small(1);
  s.faults.sdk_retry = "never";
  EXPECT_FALSE(RunSimulation(s).ok());
}

}  // namespace
}  // namespace headlock::sim
