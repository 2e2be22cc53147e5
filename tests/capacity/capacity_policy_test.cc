// Capacity policies replayed on recorded loads, the capacity-log CSV, and
// the bills that come out, against figures computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/cost_ledger.h"
#include "headlock/capacity/policy_replay.h"
#include "headlock/clock.h"
#include "headlock/iso_week.h"

namespace headlock::testing {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;
const int64_t kWeek45 = DaysFromCivil(2026, 11, 2) * 86400000;  // Monday 2026-11-02, ISO week 45
constexpr double kWcuHour = 0.00065, kRcuHour = 0.00013, kWriteMillion = 0.625;

// A record whose table "requests-2026-w45" (and index "byQueue") was created
// on-demand at `start` and used at `write_units` per second (table and
// index alike) for `seconds` seconds.
CapacityRecord SteadyLoad(int64_t start, int64_t seconds, int64_t write_units, int64_t end) {
  CapacityRecord r;
  for (const char* index : {"", "byQueue"}) {
    r.changes.push_back({start, "requests-2026-w45", index, -1, -1, false});
  }
  for (int64_t s = 0; s < seconds; ++s) {
    for (const char* index : {"", "byQueue"}) {
      CapacityLog::Row row;
      row.second = start / 1000 + s;
      row.table_name = "requests-2026-w45";
      row.index_name = index;
      row.units.write = write_units * 2;
      row.requests = write_units;
      r.usage.push_back(row);
    }
  }
  r.end_ms = end;
  return r;
}

std::unique_ptr<CapacityPolicy> Policy(std::string_view spec) {
  auto p = ParseCapacityPolicy(spec);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(*p) : nullptr;
}

double Bill(const CapacityRecord& r) {
  auto hours = PriceHours(r, PricingTable::Default(), "us-east-1", "STANDARD");
  EXPECT_TRUE(hours.ok()) << hours.status().ToString();
  double total = 0;
  for (const auto& h : *hours) total += h.total_usd();
  return total;
}

ReplayResult Replay(const CapacityRecord& r, std::string_view spec, ReplayOptions options = {}) {
  auto policy = Policy(spec);
  auto result = ReplayUnderPolicy(r, *policy, options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(*result);
}

TEST(CapacityPolicyTest, SpecsParseAndBadOnesAreRejected) {
  EXPECT_EQ(Policy("on-demand")->name(), "on-demand");
  EXPECT_EQ(Policy("provisioned")->name(), "provisioned:rcu=peak,wcu=peak");
  EXPECT_EQ(Policy("provisioned:wcu=20,rcu=10")->name(), "provisioned:rcu=10,wcu=20");
  EXPECT_EQ(Policy("autoscaled")->name(),
            "autoscaled:target=70,min=5,max=40000,initial=5,up_minutes=2,down_minutes=15");
  EXPECT_EQ(Policy("weekly-hybrid:k=3")->name(), "weekly-hybrid:k=3,rcu=peak,wcu=peak");
  for (std::string_view bad :
       {"", "ondemand", "provisioned:wcu", "provisioned:wcu=0", "provisioned:wcu=40001",
        "provisioned:wcu=1,wcu=2", "provisioned:x=1", "autoscaled:target=95",
        "autoscaled:min=10,max=5", "autoscaled:initial=1", "weekly-hybrid:k=0",
        "on-demand:k=1", "provisioned:wcu=1.5"}) {
    auto p = ParseCapacityPolicy(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok()) {
      EXPECT_TRUE(p.status().IsValidation()) << bad;
    }
  }
  EXPECT_EQ(PlanUnitsForPeak(7), 10);   // 7 / 0.7
  EXPECT_EQ(PlanUnitsForPeak(7.01), 11);
  EXPECT_EQ(PlanUnitsForPeak(-1), 1);
  EXPECT_EQ(PlanUnitsForPeak(1e9), kMaxProvisionedUnits);
}

TEST(CapacityRecordTest, CsvRoundTripsAndRejectsBadLines) {
  CapacityRecord r = SteadyLoad(kWeek45, 3, 5, kWeek45 + kHour);
  r.usage[0].units.read = 3;  // 1.5 units
  r.usage[0].throttled_units = {1, 4};
  r.usage[0].throttled_requests = 2;
  r.changes.push_back({kWeek45 + 10 * kMinute, "requests-2026-w45", "", 10, 20, false});
  r.changes.push_back({kWeek45 + 20 * kMinute, "requests-2026-w45", "", -1, -1, true});
  r.storage.push_back({kWeek45 + kMinute, "requests-2026-w45", 123456, 789});
  std::string csv = CapacityRecordToCsv(r);
  auto back = CapacityRecordFromCsv(csv);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CapacityRecordToCsv(*back), csv);
  EXPECT_EQ(back->usage[0].units.read, 3);
  EXPECT_EQ(back->storage[0].items, 789);
  EXPECT_EQ(back->end_ms, kWeek45 + kHour);

  std::string header = csv.substr(0, csv.find('\n') + 1);
  for (std::string bad : {std::string(""), std::string("nope\n"), header,
                          header + "0,usage,t,,1.25,0,1,0,0,0,-1,-1,,\n0,end,,,,,,,,,,,,\n",
                          header + "0,usage,t,,x,0,1,0,0,0,-1,-1,,\n0,end,,,,,,,,,,,,\n",
                          header + "500,usage,t,,1,0,1,0,0,0,-1,-1,,\n1000,end,,,,,,,,,,,,\n",
                          header + "0,usage,,,1,0,1,0,0,0,-1,-1,,\n1000,end,,,,,,,,,,,,\n",
                          header + "0,bogus,t,,,,,,,,,,,\n1000,end,,,,,,,,,,,,\n",
                          header + "0,capacity,t,,5,-1,,,,,5,-1,,\n1000,end,,,,,,,,,,,,\n",
                          header + "0,usage,t,,1,0,1,0,0,0,-1,-1\n1000,end,,,,,,,,,,,,\n",
                          header + "5000,usage,t,,1,0,1,0,0,0,-1,-1,,\n1000,end,,,,,,,,,,,,\n"}) {
    auto parsed = CapacityRecordFromCsv(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_TRUE(parsed.status().IsValidation()) << bad;
    }
  }
}

TEST(CapacityPolicyTest, OnDemandBillsUnitsOnly) {
  CapacityRecord r = SteadyLoad(kWeek45, 60, 100, kWeek45 + kHour);
  ReplayResult out = Replay(r, "on-demand");
  // 2 subjects x 60 s x 100 units.
  EXPECT_NEAR(Bill(out.record), 12000 / 1e6 * kWriteMillion, 1e-12);
  for (const auto& s : out.stats) EXPECT_EQ(s.throttled.write, 0);
}

TEST(CapacityPolicyTest, FixedProvisionedBillsEveryHourAndThrottlesBeyondBurst) {
  CapacityRecord r = SteadyLoad(kWeek45, 60, 100, kWeek45 + 3 * kHour);
  ReplayResult out = Replay(r, "provisioned:rcu=10,wcu=20");
  // Two subjects, each 20 WCU and 10 RCU for 3 hours.
  EXPECT_NEAR(Bill(out.record), 2 * 3 * (20 * kWcuHour + 10 * kRcuHour), 1e-12);
  // The bucket starts with 300 s x 20 units = 6,000 and refills 20 a second;
  // 60 seconds ask for 6,000 and get it all.
  ASSERT_EQ(out.stats.size(), 2u);
  EXPECT_EQ(out.stats[0].throttled.write, 0);
  // At 2 WCU: 600 burst + 2 per second over the minute (each second is
  // offered at its last millisecond; whole half units only) = about 720 of
  // the 6,000 asked.
  ReplayResult tight = Replay(r, "provisioned:rcu=1,wcu=2");
  for (int i = 0; i < 2; ++i) {
    double admitted = 6000 - tight.stats[i].throttled.write / 2.0;
    EXPECT_GE(admitted, 717);
    EXPECT_LE(admitted, 720);
  }
  // The usage rows now say what was in force.
  EXPECT_EQ(tight.record.usage[0].write_capacity_units, 2);
}

TEST(CapacityPolicyTest, PeakSizingUsesTheBusiestMinute) {
  CapacityRecord r = SteadyLoad(kWeek45, 60, 7, kWeek45 + kHour);
  ReplayResult out = Replay(r, "provisioned");
  // 7 units per second -> 10 WCU; nothing read -> 1 RCU.
  EXPECT_NEAR(Bill(out.record), 2 * (10 * kWcuHour + 1 * kRcuHour), 1e-12);
}

TEST(CapacityPolicyTest, AutoScalingTracksTheTargetAfterTwoMinutes) {
  // 10 units per second for 30 minutes, starting at 5 WCU: two minutes above
  // 70% -> ceil(10 / 0.7) = 15 WCU from minute 2. 10/15 is below the target,
  // but the scale-downs at minutes 17 and 32 would land on 15 again; the
  // third 15-minute quiet streak (minutes 33-47) scales down to the minimum,
  // 5. Reads stay at the minimum of 5.
  CapacityRecord r = SteadyLoad(kWeek45, 30 * 60, 10, kWeek45 + kHour);
  ReplayResult out = Replay(r, "autoscaled");
  double expected_per_subject =
      kWcuHour * (5 * 2.0 + 15 * 45.0 + 5 * 13.0) / 60 + 5 * kRcuHour;
  EXPECT_NEAR(Bill(out.record), 2 * expected_per_subject, 1e-12);
  ASSERT_EQ(out.stats.size(), 2u);
  EXPECT_EQ(out.stats[0].changes, 2);
  EXPECT_EQ(out.stats[0].throttled.write, 0);  // the burst covers the first two minutes
  // The change is in the record at minute 2.
  int found = 0;
  for (const auto& c : out.record.changes) {
    if (c.time_ms == kWeek45 + 2 * kMinute && c.write_capacity_units == 15) ++found;
  }
  EXPECT_EQ(found, 2);
}

TEST(CapacityPolicyTest, AutoScalingScalesDownAfterFifteenQuietMinutes) {
  // 100 units per second for 10 minutes, then nothing.
  CapacityRecord r = SteadyLoad(kWeek45, 10 * 60, 100, kWeek45 + 2 * kHour);
  ReplayResult out = Replay(r, "autoscaled:initial=200");
  // Minutes 1..10 at 50% (below 70%), 15 below-target minutes end at minute
  // 15 and scale to ceil(100 / 0.7) = 143; 15 more quiet ones end at minute
  // 30 and scale to the minimum, 5.
  std::vector<int64_t> writes;
  for (const auto& c : out.record.changes) {
    if (c.index_name.empty()) writes.push_back(c.write_capacity_units);
  }
  EXPECT_EQ(writes, (std::vector<int64_t>{200, 143, 5}));
}

TEST(CapacityPolicyTest, WeeklyHybridProvisionsTheNewestWeeksThenGoesOnDemand) {
  // Created at the start of week 45, used in its first minute and in the
  // first minute of week 47; the record ends one hour into week 47.
  CapacityRecord r = SteadyLoad(kWeek45, 60, 7, kWeek45 + 2 * kWeekMillis + kHour);
  CapacityRecord later = SteadyLoad(kWeek45 + 2 * kWeekMillis, 60, 3, 0);
  r.usage.insert(r.usage.end(), later.usage.begin(), later.usage.end());
  ReplayResult out = Replay(r, "weekly-hybrid");
  // Provisioned for two weeks at the peak plan (7/s -> 10 WCU, 1 RCU), then
  // on-demand: 2 subjects x 60 s x 3 units in week 47.
  double provisioned = 2 * 14 * 24 * (10 * kWcuHour + 1 * kRcuHour);
  double on_demand = 2 * 60 * 3 / 1e6 * kWriteMillion;
  EXPECT_NEAR(Bill(out.record), provisioned + on_demand, 1e-9);
  // k=1: on-demand from week 46 on.
  ReplayResult k1 = Replay(r, "weekly-hybrid:k=1,wcu=10,rcu=1");
  EXPECT_NEAR(Bill(k1.record), provisioned / 2 + on_demand, 1e-9);
}

TEST(CapacityPolicyTest, RetentionDropsOldWeeksUnlessStillUsed) {
  CapacityRecord r = SteadyLoad(kWeek45, 60, 7, kWeek45 + 4 * kWeekMillis);
  r.storage.push_back({kWeek45, "requests-2026-w45", int64_t{1} << 30, 0});
  ReplayOptions keep_one_week;
  keep_one_week.retention_weeks = 1;
  ReplayResult out = Replay(r, "on-demand", keep_one_week);
  // Dropped at the end of week 46: two weeks of 1 GB storage, then nothing.
  double storage = 0.25 * 14 * 24 / 730.0;
  double units = 2 * 60 * 7 / 1e6 * kWriteMillion;
  EXPECT_NEAR(Bill(out.record), storage + units, 1e-9);
  // Used in week 48: kept.
  CapacityRecord used = SteadyLoad(kWeek45 + 3 * kWeekMillis, 1, 1, 0);
  r.usage.insert(r.usage.end(), used.usage.begin(), used.usage.end());
  ReplayResult kept = Replay(r, "on-demand", keep_one_week);
  EXPECT_NEAR(Bill(kept.record), 0.25 * 28 * 24 / 730.0 + units + 2 * 1 / 1e6 * kWriteMillion,
              1e-9);
}

// A policy that wants something else every minute, to exercise the rules.
class FlipFlop : public CapacityPolicy {
 public:
  explicit FlipFlop(bool switch_modes) : switch_modes_(switch_modes) {}
  std::string name() const override { return "flip-flop"; }
  std::unique_ptr<CapacityController> Start(const CapacitySubject&) const override {
    struct C : CapacityController {
      bool switch_modes;
      int64_t n = 0;
      CapacitySetting Initial() override { return CapacitySetting::Provisioned(100, 100); }
      CapacitySetting Decide(const MinuteUsage&, const CapacitySetting& now) override {
        ++n;
        if (switch_modes) return now.on_demand ? Initial() : CapacitySetting::OnDemand();
        return CapacitySetting::Provisioned(100 - n, 100 - n);  // always a decrease
      }
    };
    auto c = std::make_unique<C>();
    c->switch_modes = switch_modes_;
    return c;
  }

 private:
  bool switch_modes_;
};

TEST(CapacityPolicyTest, DecreasesAreLimitedPerUtcDay) {
  // One day from midnight: 4 decreases at once, then one per hour.
  CapacityRecord r = SteadyLoad(kWeek45, 1, 1, kWeek45 + 24 * kHour);
  auto out = ReplayUnderPolicy(r, FlipFlop(false));
  ASSERT_TRUE(out.ok());
  // Minutes 1-4 take the day's 4; each later hour (01:00 ... 23:00) adds one.
  EXPECT_EQ(out->stats[0].changes, 4 + 23);
  EXPECT_EQ(out->stats[1].changes, 4 + 23);  // the index counts apart
  EXPECT_GT(out->stats[0].refused_changes, 1000);
}

TEST(CapacityPolicyTest, SwitchesToOnDemandFollowTheRuleSet) {
  CapacityRecord r = SteadyLoad(kWeek45, 1, 1, kWeek45 + 24 * kHour);
  // Today's rule: 4 switches to on-demand per rolling 24 hours, back to
  // provisioned at any time -> 4 round trips = 8 changes per subject.
  auto now = ReplayUnderPolicy(r, FlipFlop(true));
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->stats[0].changes, 8);
  // 2018's rule: one switch either way per 24 hours.
  ReplayOptions old;
  old.rules = CapacityRuleSet::k2018_11_28;
  auto then = ReplayUnderPolicy(r, FlipFlop(true), old);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(then->stats[0].changes, 1);
}

}  // namespace
}  // namespace headlock::testing
