// The simulator's parts on their own: the metrics' one Count() call and its
// field tables, the load controller, typed scenario overrides, comparisons.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>
#include <string>

#include "headlock/sim/compare.h"
#include "headlock/sim/scenario.h"
#include "headlock/sim/seeds.h"
#include "headlock/sim/simulator.h"
#include "sim/load_controller.h"
#include "sim/metrics.h"

namespace headlock::sim {
namespace {

TEST(SimPartsTest, EveryTotalCountedPerMinuteHasItsTimelineColumn) {
  std::vector<double MinuteRow::*> columns;
  for (const MinuteField& f : kMinuteFields) columns.push_back(f.member);
  for (const TotalField& f : kTotalFields) {
    if (f.kind == TotalKind::kFromTimeline) {
      EXPECT_NE(f.minute, nullptr) << f.name << " is summed from the timeline";
    }
    if (f.minute) {
      EXPECT_NE(std::find(columns.begin(), columns.end(), f.minute), columns.end()) << f.name;
      EXPECT_NE(f.kind, TotalKind::kCount) << f.name << " is scaled with its column";
    }
  }
  // Every SimTotals member is listed once (the digest and scaling rely on it).
  std::vector<double SimTotals::*> members;
  for (const TotalField& f : kTotalFields) {
    EXPECT_EQ(std::find(members.begin(), members.end(), f.member), members.end()) << f.name;
    members.push_back(f.member);
  }
  EXPECT_EQ(members.size() * sizeof(double), sizeof(SimTotals));
  EXPECT_EQ(std::size(kMinuteFields) * sizeof(double) + 3 * sizeof(int64_t), sizeof(MinuteRow));
}

TEST(SimPartsTest, CountBumpsTheTotalAndItsMinuteColumnOnce) {
  Metrics m(1'000'000, true);
  m.Count(&SimTotals::requests_handled);
  m.Count(&SimTotals::requests_handled, 2);
  m.Count(&SimTotals::failed_pages);  // no minute column
  m.Count(&SimTotals::api_writes, 5);
  EXPECT_EQ(m.totals().requests_handled, 3);
  EXPECT_EQ(m.minute().requests_handled, 3);
  EXPECT_EQ(m.totals().failed_pages, 1);
  EXPECT_EQ(m.minute().api_writes, 5);
  m.CrawlerStarted();
  m.CrawlStarted();
  const MinuteRow& closed = m.CloseMinute(42, 1'060'000);
  EXPECT_EQ(closed.start_ms, 1'000'000);
  EXPECT_EQ(closed.target_api_writes, 42);
  EXPECT_EQ(closed.actors_running, 1);
  EXPECT_EQ(closed.crawls_started, 1);
  EXPECT_EQ(m.minute().start_ms, 1'060'000);
  EXPECT_EQ(m.minute().requests_handled, 0);  // a new minute
  EXPECT_EQ(m.totals().requests_handled, 3);  // the run's totals go on
  EXPECT_EQ(m.timeline().size(), 1u);
}

TEST(SimPartsTest, CapacityRowsGoToTheMinuteTableHoursAndPeaks) {
  Metrics m(0, true);
  CapacityLog::Row table;
  table.second = 10;
  table.table_name = "requests-2026-w45";
  table.units.write = 8;  // half units: 4 write units
  table.requests = 3;
  table.throttled_requests = 1;
  CapacityLog::Row index = table;
  index.index_name = "byOrderNo";
  index.units.write = 4;
  m.AddCapacityRows({table, index}, 60);
  EXPECT_EQ(m.minute().write_units, 6);
  EXPECT_EQ(m.minute().ddb_requests, 3);        // counted on the table only
  EXPECT_EQ(m.minute().throttled_requests, 1);  // likewise
  EXPECT_DOUBLE_EQ(m.peaks().at({"requests-2026-w45", ""}).second, 4.0 / 60);
  Metrics::Finished f = std::move(m).Finish();
  EXPECT_EQ(f.table_hours.at({0, "requests-2026-w45"}).write_units, 6);
  EXPECT_EQ(f.record.usage.size(), 2u);  // per second: both rows kept
}

TEST(SimPartsTest, LoadControllerStartsFastAndHoldsBackAboveTheAim) {
  Scenario s = DefaultScenario();
  LoadController c(s, true);
  const double first = c.FirstMinuteRate();
  EXPECT_GT(first, 0);
  const double target = s.load.WritesPerMinuteAt(s.start_ms, s.start_ms) * s.scale;
  // Far above the aim: no crawls start.
  EXPECT_FALSE(c.NextMinuteRate(target, 10 * target, 1, s.start_ms + kMinuteMs).has_value());
  // Below it: the rate rises.
  LoadController d(s, true);
  std::optional<double> rate = d.NextMinuteRate(target, target / 4, 1, s.start_ms + kMinuteMs);
  ASSERT_TRUE(rate.has_value());
  EXPECT_GT(*rate, first / 2);
}

TEST(SimPartsTest, FlagsGoThroughTheFieldsValidators) {
  Scenario s = DefaultScenario();
  EXPECT_TRUE(SetScenarioField(&s, "scale", 0.5).ok());
  EXPECT_EQ(s.scale, 0.5);
  EXPECT_TRUE(SetScenarioField(&s, "seed", std::numeric_limits<uint64_t>::max()).ok());
  EXPECT_EQ(s.seed, std::numeric_limits<uint64_t>::max());
  EXPECT_TRUE(SetScenarioField(&s, "duration", std::string("30s")).ok());
  EXPECT_EQ(s.duration_ms, 30'000);
  EXPECT_TRUE(SetScenarioField(&s, "lock_strategy", std::string("filter")).ok());
  EXPECT_EQ(s.lock_strategy, LockStrategyKind::kFilter);
  EXPECT_TRUE(SetScenarioField(&s, "on_disk", true).ok());
  EXPECT_TRUE(s.on_disk);

  const Scenario before = s;
  Status st = SetScenarioField(&s, "scale", std::numeric_limits<double>::quiet_NaN());
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'scale'"), std::string::npos) << st.message();
  EXPECT_EQ(ScenarioToJson(s), ScenarioToJson(before));  // unchanged on error
  st = SetScenarioField(&s, "capacity_policy", std::string("cheap"));
  EXPECT_NE(st.message().find("unknown capacity policy"), std::string::npos) << st.message();
  st = SetScenarioField(&s, "scael", 1.0);
  EXPECT_NE(st.message().find("'scael': unknown field"), std::string::npos) << st.message();
  st = SetScenarioField(&s, "population.concurrency_min", int64_t{1000});  // above the max
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(s.population.concurrency_min, before.population.concurrency_min);
  st = SetScenarioField(&s, "scale", std::string("0.5"));  // a string for a number
  EXPECT_NE(st.message().find("expected a number"), std::string::npos) << st.message();
}

TEST(SimPartsTest, ComparisonsRunEveryStrategyOrPolicyBaselineFirst) {
  const Scenario s = DefaultScenario();
  std::vector<Scenario> strategies = ComparedScenarios(s, Comparison::kStrategies);
  ASSERT_EQ(strategies.size(), 4u);
  EXPECT_EQ(RunLabel(strategies[0], Comparison::kStrategies), "order-no");
  EXPECT_EQ(RunLabel(strategies[3], Comparison::kStrategies), "client-side");
  std::vector<Scenario> policies = ComparedScenarios(s, Comparison::kPolicies);
  ASSERT_EQ(policies.size(), 4u);
  EXPECT_EQ(policies[0].capacity_policy, "on-demand");
  EXPECT_EQ(ComparedScenarios(s, Comparison::kNone).size(), 1u);
  EXPECT_TRUE(ParseComparison("policies").ok());
  EXPECT_FALSE(ParseComparison("everything").ok());
}

TEST(SimPartsTest, APolicyComparisonSizesPeakPoliciesFromItsBaseline) {
  Scenario s = DefaultScenario();
  s.duration_ms = 3 * kMinuteMs;
  s.scale = 0.001;
  std::vector<std::string> finished;
  CompareOptions o;
  o.finished = [&](const SimResult& r) { finished.push_back(r.capacity_policy); };
  Result<std::vector<SimResult>> runs = RunComparison(s, Comparison::kPolicies, o);
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs.value().size(), 4u);
  EXPECT_EQ(finished.size(), 4u);
  EXPECT_FALSE(runs.value()[0].peaks.empty());
  // Each run carries its own replays of the standard policies.
  for (const SimResult& r : runs.value()) EXPECT_EQ(r.policy_costs.size(), 4u);
}

}  // namespace
}  // namespace headlock::sim

namespace headlock::sim {
namespace {

TEST(SeedsTest, IntervalIsTheMeanWithStudentsT) {
  Interval one = IntervalOf({5});
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.low, 5);
  EXPECT_EQ(one.high, 5);
  EXPECT_FALSE(one.excludes_zero());  // one seed proves nothing
  // 10, 11, 12: mean 11, s = 1, t(2) = 4.303: 11 +- 4.303 / sqrt(3).
  Interval three = IntervalOf({10, 11, 12});
  EXPECT_DOUBLE_EQ(three.mean, 11);
  EXPECT_EQ(three.min, 10);
  EXPECT_EQ(three.max, 12);
  EXPECT_NEAR(three.low, 11 - 4.303 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(three.high, 11 + 4.303 / std::sqrt(3.0), 1e-9);
  EXPECT_TRUE(three.excludes_zero());
  EXPECT_FALSE(IntervalOf({1, 2, 3}).excludes_zero());  // 2 +- 2.48
}

SimResult Fake(const std::string& strategy, double handled, double write_units) {
  SimResult r;
  r.lock_strategy = strategy;
  r.totals.requests_handled = handled;
  r.totals.write_units = write_units;
  return r;
}

TEST(SeedsTest, DifferencesArePairedWithTheSameSeedsBaseline) {
  // Seeds differ a lot from each other, but b always writes 1 unit per
  // request more than a on the same seed: only pairing sees it.
  std::vector<std::vector<SimResult>> by_seed = {
      {Fake("a", 100, 1000), Fake("b", 100, 1100)},
      {Fake("a", 100, 3000), Fake("b", 100, 3100)},
      {Fake("a", 100, 2000), Fake("b", 100, 2100)},
  };
  SeedComparison c = SummarizeSeeds(Comparison::kStrategies, {1, 2, 3}, by_seed);
  ASSERT_EQ(c.runs.size(), 2u);
  EXPECT_EQ(c.runs[1].label, "b");
  const Interval& b = c.runs[1].figures[0];  // write units / request
  const Interval& a = c.runs[0].figures[0];
  EXPECT_LT(b.low, a.high);  // the unpaired intervals overlap...
  const Interval& d = c.runs[1].vs_baseline[0];
  EXPECT_DOUBLE_EQ(d.mean, 1);  // ...the paired difference does not
  EXPECT_TRUE(d.excludes_zero());
  EXPECT_FALSE(c.runs[0].vs_baseline[0].excludes_zero());  // the baseline against itself
}

}  // namespace
}  // namespace headlock::sim
