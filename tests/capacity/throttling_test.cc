// Provisioned throughput: token buckets with 300 s of burst, throttling of
// the table and of its indexes, nothing consumed by a throttled request,
// batches returning what could not be done.
#include <gtest/gtest.h>

#include "../ddb/ddb_test_util.h"
#include "headlock/capacity/on_demand_meter.h"
#include "headlock/capacity/throughput_governor.h"
#include "headlock/capacity/token_bucket.h"

namespace headlock::testing {
namespace {

TEST(TokenBucketTest, StartsFullWithThreeHundredSecondsAndRefillsPerMillisecond) {
  TokenBucket b(/*rate_half_units=*/10, /*now_ms=*/0);  // 5 units/s
  EXPECT_EQ(b.Available(0), 3000);                       // 300 s x 10
  EXPECT_TRUE(b.CanConsume(3000, 0));
  b.Consume(3000);
  EXPECT_FALSE(b.CanConsume(1, 0));
  EXPECT_FALSE(b.CanConsume(1, 99));  // 99 ms x 10/s = 0.99 half units
  EXPECT_TRUE(b.CanConsume(1, 100));
  EXPECT_EQ(b.Available(1000), 10);
  EXPECT_EQ(b.Available(10'000'000), 3000);  // never more than 300 s of capacity
  b.SetRate(2, 10'000'000);
  EXPECT_EQ(b.Available(10'000'000), 600);  // capped at the new burst
  b.Consume(600);
  EXPECT_EQ(b.Available(9'000'000), 0);  // time never runs backwards
}

class ThrottlingTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    CreateTableRequest r = MakeTable("prov", HashKey("pk"), {MakeIndex("byG", HashKey("g"))});
    r.definition.billing_mode = BillingMode::kProvisioned;
    r.definition.provisioned_throughput = {5, 5};
    r.definition.global_secondary_indexes[0].provisioned_throughput = {5, 1000};
    Create(r);
  }
  Status PutN(int i, bool indexed = false) {
    Item item{{"pk", S("k" + std::to_string(i))}};
    if (indexed) item["g"] = S("x");
    return Put("prov", item);
  }
};

TEST_F(ThrottlingTest, BurstLastsExactlyThreeHundredSecondsOfCapacity) {
  // 5 WCU for 300 s = 1,500 one-unit writes at once, then throttling.
  int ok = 0, throttled = 0;
  for (int i = 0; i < 1600; ++i) {
    Status s = PutN(i);
    if (s.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(s.code(), Status::Code::kProvisionedThroughputExceededException);
      EXPECT_EQ(s.message(), kTableThroughputExceededMessage);
      ++throttled;
    }
  }
  EXPECT_EQ(ok, 1500);
  EXPECT_EQ(throttled, 100);
  // Nothing was written or logged for the throttled ones.
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"prov"}, &d).ok());
  EXPECT_EQ(d.table.item_count, 1500);
  auto totals = db_->capacity_log().Totals();
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].units.write, 3000);
  EXPECT_EQ(totals[0].requests, 1500);
  EXPECT_EQ(totals[0].throttled_requests, 100);       // the log counts what was refused
  EXPECT_EQ(totals[0].throttled_units.write, 200);    // and what it asked for
  EXPECT_EQ(totals[0].write_capacity_units, 5);       // with the capacity in force
  // One second later, five more writes fit.
  clock_.Advance(1000);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(PutN(2000 + i).ok());
  EXPECT_FALSE(PutN(3000).ok());
}

TEST_F(ThrottlingTest, AShortIndexThrottlesTheTableWriteAndConsumesNothing) {
  UpdateTableRequest u;
  u.table_name = "prov";
  u.provisioned_throughput = ProvisionedThroughput{5, 1000};
  u.global_secondary_index_updates.push_back(
      {"byG", ProvisionedThroughput{5, 1}, std::nullopt, std::nullopt});
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());  // index: 1 WCU -> 300 of burst after the cap
  int ok = 0;
  Status last;
  for (int i = 0; i < 400; ++i) {
    Status s = PutN(i, /*indexed=*/true);
    if (s.ok()) ++ok; else last = s;
  }
  EXPECT_EQ(ok, 300);
  EXPECT_EQ(last.code(), Status::Code::kProvisionedThroughputExceededException);
  EXPECT_EQ(last.message(), kIndexThroughputExceededMessage);
  // Unindexed items still go through: only the table's bucket is involved.
  EXPECT_TRUE(PutN(5000, /*indexed=*/false).ok());
  std::optional<Item> got = Get("prov", {{"pk", S("k399")}});
  EXPECT_FALSE(got.has_value());
}

TEST_F(ThrottlingTest, BatchWriteReturnsWhatCouldNotBeDone) {
  for (int i = 0; i < 1490; ++i) ASSERT_TRUE(PutN(i).ok());  // 10 units of burst left
  BatchWriteItemRequest r;
  for (int i = 0; i < 25; ++i) {
    r.request_items["prov"].push_back({Item{{"pk", S("b" + std::to_string(i))}}, {}});
  }
  BatchWriteItemResponse resp;
  ASSERT_TRUE(db_->BatchWriteItem(r, &resp).ok());
  ASSERT_EQ(resp.unprocessed_items["prov"].size(), 15u);
  EXPECT_EQ(resp.unprocessed_items["prov"][0].put_request->at("pk"), S("b10"));
  // Nothing at all can be done: the call itself fails.
  Status s = db_->BatchWriteItem(r, &resp);
  EXPECT_EQ(s.code(), Status::Code::kProvisionedThroughputExceededException);
}

TEST(OnDemandMeterTest, InitialRateThenTwiceThePeakSeenThirtyMinutesAgo) {
  OnDemandMeter m(kOnDemandInitialWriteUnits, 0, -1);
  const int64_t t0 = 1700000000000;
  EXPECT_EQ(m.AllowedHalfUnits(t0), 8000);  // 4,000 units per second at once
  EXPECT_TRUE(m.CanConsume(8000, t0));
  m.Consume(8000, t0);
  EXPECT_FALSE(m.CanConsume(1, t0 + 999));  // the same second is full
  EXPECT_TRUE(m.CanConsume(8000, t0 + 1000));
  // The 4,000-unit peak counts as the previous peak only 30 minutes later.
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 29 * 60 * 1000), 8000);
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 31 * 60 * 1000), 16000);  // 2 x 4,000 units
  // The table quota caps it, and so does an OnDemandThroughput maximum.
  OnDemandMeter big(kOnDemandInitialWriteUnits, 30000, -1);
  EXPECT_EQ(big.AllowedHalfUnits(t0), 80000);  // 40,000 units
  big.SetMax(100);
  EXPECT_EQ(big.AllowedHalfUnits(t0), 200);
}

TEST_F(ThrottlingTest, OnDemandTablesServeFourThousandWritesPerSecondAtOnce) {
  CreateTableRequest r = MakeTable("od1", HashKey("pk"));
  Create(r);
  int ok = 0;
  Status last;
  for (int i = 0; i < 4100; ++i) {
    Status s = Put("od1", {{"pk", S("k" + std::to_string(i))}});
    if (s.ok()) ++ok; else last = s;
  }
  EXPECT_EQ(ok, 4000);
  EXPECT_EQ(last.code(), Status::Code::kThrottlingException);
  EXPECT_EQ(last.message(), kOnDemandThrottlingMessage);
  clock_.Advance(1000);
  EXPECT_TRUE(Put("od1", {{"pk", S("next-second")}}).ok());

  // OnDemandThroughput caps a table below that.
  UpdateTableRequest u;
  u.table_name = "od1";
  u.on_demand_throughput = OnDemandThroughput{-1, 10};
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  clock_.Advance(1000);
  ok = 0;
  for (int i = 0; i < 20; ++i) ok += Put("od1", {{"pk", S("m" + std::to_string(i))}}).ok();
  EXPECT_EQ(ok, 10);
}

TEST(OnDemandMeterTest, ScaledWindowsHoldScaleTimesWindowSecondsOfEachLimit) {
  EXPECT_EQ(OnDemandWindowForScale(1).window_ms, 1000);  // DynamoDB's second, exactly
  EXPECT_EQ(OnDemandWindowForScale(1).limit_scale, 1);
  EXPECT_EQ(OnDemandWindowForScale(0.1).window_ms, 100'000);  // 1/scale^2 seconds
  EXPECT_DOUBLE_EQ(OnDemandWindowForScale(0.1).limit_scale, 10);
  EXPECT_EQ(OnDemandWindowForScale(0.01).window_ms, 3'600'000);  // at most an hour
  EXPECT_DOUBLE_EQ(OnDemandWindowForScale(0.01).limit_scale, 36);

  // Scale 0.1: 100 s of the sample stand for 10 whole-table seconds.
  OnDemandMeter m(kOnDemandInitialWriteUnits, 0, -1, OnDemandWindowForScale(0.1));
  const int64_t t0 = 1700000000000;           // a multiple of 100 s
  EXPECT_EQ(m.AllowedHalfUnits(t0), 80'000);  // 4,000 units x 10
  m.Consume(60'000, t0);
  EXPECT_TRUE(m.CanConsume(20'000, t0 + 99'999));  // the same window
  m.Consume(20'000, t0 + 99'999);
  EXPECT_FALSE(m.CanConsume(1, t0 + 99'999));
  EXPECT_TRUE(m.CanConsume(80'000, t0 + 100'000));  // the next window
  // The full window becomes the previous peak 30 minutes later (counted
  // from the window the meter is in: here 31 min 40 s after its start).
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 29 * 60 * 1000), 80'000);
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 32 * 60 * 1000), 160'000);
  m.RaiseInitial(30000);  // warm throughput, per second: 10 seconds' worth
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 32 * 60 * 1000), 600'000);
  m.RaiseInitial(10);  // never lowers
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 32 * 60 * 1000), 600'000);
  OnDemandMeter huge(kOnDemandInitialWriteUnits, 0, -1);
  huge.RaiseInitial(INT64_MAX);  // saturates instead of overflowing; the quota still caps
  EXPECT_EQ(huge.AllowedHalfUnits(t0), 80'000);
  m.SetMax(100);  // OnDemandThroughput and the quota scale alike
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 32 * 60 * 1000), 2'000);
}

TEST_F(ThrottlingTest, WarmThroughputServesAtOnceAndNeverFalls) {
  CreateTableRequest r = MakeTable("warm", HashKey("pk"), {MakeIndex("byG", HashKey("g"))});
  r.definition.warm_throughput = {0, 10000};  // writes pre-warmed, reads left at the default
  Create(r);
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"warm"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{12000, 10000}));
  EXPECT_EQ(d.table.definition.global_secondary_indexes[0].warm_throughput,
            (WarmThroughput{12000, 4000}));  // an index's own, at the default
  int ok = 0;
  for (int i = 0; i < 10100; ++i) ok += Put("warm", {{"pk", S("k" + std::to_string(i))}}).ok();
  EXPECT_EQ(ok, 10000);  // not 4,000

  // Raised later, it serves more at once; it cannot be lowered.
  UpdateTableRequest u;
  u.table_name = "warm";
  u.warm_throughput = WarmThroughput{0, 12000};
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.warm_throughput, (WarmThroughput{12000, 12000}));
  clock_.Advance(1000);
  ok = 0;
  for (int i = 0; i < 12100; ++i) ok += Put("warm", {{"pk", S("m" + std::to_string(i))}}).ok();
  EXPECT_EQ(ok, 12000);
  u.warm_throughput = WarmThroughput{0, 5000};
  Status s = db_->UpdateTable(u, &ur);
  EXPECT_EQ(s.code(), Status::Code::kValidationException);
  EXPECT_NE(s.message().find("cannot be decreased"), std::string::npos) << s.message();
  u.warm_throughput = WarmThroughput{-1, 0};
  EXPECT_EQ(db_->UpdateTable(u, &ur).code(), Status::Code::kValidationException);
  ASSERT_TRUE(db_->DescribeTable({"warm"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{12000, 12000}));

  // An index's rises too; asking it for less is no error but changes nothing.
  UpdateTableRequest ui;
  ui.table_name = "warm";
  ui.global_secondary_index_updates.push_back(
      {"byG", std::nullopt, std::nullopt, WarmThroughput{0, 9000}});
  ASSERT_TRUE(db_->UpdateTable(ui, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.global_secondary_indexes[0].warm_throughput,
            (WarmThroughput{12000, 9000}));
  ui.global_secondary_index_updates[0].warm_throughput = WarmThroughput{0, 100};
  ASSERT_TRUE(db_->UpdateTable(ui, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.global_secondary_indexes[0].warm_throughput,
            (WarmThroughput{12000, 9000}));
}

TEST(OnDemandMeterTest, InstantUnitsAreWhatItServesAtOncePerWholeTableSecond) {
  const int64_t t0 = 1700000000000;
  OnDemandMeter m(kOnDemandInitialWriteUnits, 0, -1);
  EXPECT_EQ(m.InstantUnits(t0), 4000);
  m.Consume(2 * 3500, t0);  // a peak of 3,500 units in one second
  EXPECT_EQ(m.InstantUnits(t0 + 29 * 60 * 1000), 4000);  // not yet the previous peak
  EXPECT_EQ(m.InstantUnits(t0 + 31 * 60 * 1000), 7000);  // twice it
  m.RaiseInitial(9000);
  EXPECT_EQ(m.InstantUnits(t0 + 31 * 60 * 1000), 9000);
  m.SetMax(5000);  // OnDemandThroughput caps what it serves, not what it has scaled to
  EXPECT_EQ(m.AllowedHalfUnits(t0 + 31 * 60 * 1000), 10000);
  EXPECT_EQ(m.InstantUnits(t0 + 31 * 60 * 1000), 9000);
  OnDemandMeter quota(kOnDemandInitialWriteUnits, 30000, -1);
  EXPECT_EQ(quota.InstantUnits(t0), 40000);  // the table quota

  // Scaled windows report whole-table units per second too: at 0.1 a 100 s
  // window holding 10 table-seconds of 3,500 units is a 3,500-unit peak.
  OnDemandMeter scaled(kOnDemandInitialWriteUnits, 0, -1, OnDemandWindowForScale(0.1));
  EXPECT_EQ(scaled.InstantUnits(t0), 4000);
  scaled.Consume(2 * 3500 * 10, t0);
  EXPECT_EQ(scaled.InstantUnits(t0 + 32 * 60 * 1000), 7000);
  // Below 0.1 the limits do not apply, but what was learned is still told.
  OnDemandMeter tiny(kOnDemandInitialWriteUnits, 0, -1, OnDemandWindowForScale(0.05));
  EXPECT_EQ(tiny.InstantUnits(t0), 4000);
}

TEST_F(ThrottlingTest, WarmThroughputRisesWithUse) {
  CreateTableRequest r = MakeTable("used", HashKey("pk"), {MakeIndex("byG", HashKey("g"))});
  Create(r);
  // 3,000 one-unit writes in one second, each also written to the index.
  for (int i = 0; i < 3000; ++i) {
    std::string n = std::to_string(i);
    ASSERT_TRUE(Put("used", {{"pk", S("k" + n)}, {"g", S("x" + n)}}).ok());
  }
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"used"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{12000, 4000}));
  // Thirty minutes on, the peak is the previous peak: twice it is served at
  // once, and DescribeTable says so for the table and its index.
  clock_.Advance(31 * 60 * 1000);
  ASSERT_TRUE(db_->DescribeTable({"used"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{12000, 6000}));
  EXPECT_EQ(d.table.definition.global_secondary_indexes[0].warm_throughput,
            (WarmThroughput{12000, 6000}));
  int ok = 0;
  for (int i = 0; i < 6100; ++i) ok += Put("used", {{"pk", S("m" + std::to_string(i))}}).ok();
  EXPECT_EQ(ok, 6000);
  // Asking for less than it has learned is a decrease.
  UpdateTableRequest u;
  u.table_name = "used";
  u.warm_throughput = WarmThroughput{0, 5000};
  UpdateTableResponse ur;
  EXPECT_EQ(db_->UpdateTable(u, &ur).code(), Status::Code::kValidationException);
  // A provisioned table's is its capacity, not the on-demand meter's.
  ASSERT_TRUE(db_->DescribeTable({"prov"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{5, 5}));
}

TEST_F(ThrottlingTest, AProvisionedTablesWarmThroughputIsItsCapacity) {
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"prov"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{5, 5}));
  EXPECT_EQ(d.table.definition.global_secondary_indexes[0].warm_throughput,
            (WarmThroughput{5, 1000}));
  UpdateTableRequest u;
  u.table_name = "prov";
  u.provisioned_throughput = ProvisionedThroughput{5, 7000};
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.warm_throughput, (WarmThroughput{5, 7000}));
  // A switch to on-demand keeps it, and on demand the table serves twice its
  // provisioned peak at once, which is what it then shows.
  UpdateTableRequest od;
  od.table_name = "prov";
  od.billing_mode = BillingMode::kPayPerRequest;
  ASSERT_TRUE(db_->UpdateTable(od, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.warm_throughput, (WarmThroughput{12000, 14000}));
}

TEST(ScaledThrottlingTest, AtScaleOneTenthAHundredSimulatedSecondsHoldTenTableSeconds) {
  ManualClock clock(1700000000000);
  Options options;
  options.in_memory = true;
  options.clock = &clock;
  options.table_limit_scale = 0.1;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(options, "/mem/scaled", &db).ok());
  CreateTableResponse cr;
  Status created = db->CreateTable(MakeTable("odt", HashKey("pk")), &cr);
  ASSERT_TRUE(created.ok()) << created.ToString();
  auto put = [&](const std::string& key) {
    PutItemRequest p;
    p.table_name = "odt";
    p.item = {{"pk", S(key)}};
    PutItemResponse resp;
    return db->PutItem(p, &resp);
  };
  // A new table's 4,000 units a second, for 10 whole-table seconds: 40,000
  // one-unit writes in the first 100 simulated seconds, spread or not.
  int ok = 0;
  for (int i = 0; i < 40100; ++i) {
    if (i > 0 && i % 10000 == 0) clock.Advance(20'000);  // 0 s ... 80 s: one window
    ok += put("k" + std::to_string(i)).ok();
  }
  EXPECT_EQ(ok, 40000);
  Status s = put("late");
  EXPECT_EQ(s.code(), Status::Code::kThrottlingException);
  clock.Advance(20'000);  // 100 s: the next window
  EXPECT_TRUE(put("next").ok());
  // Below scale 0.1 a sample cannot judge table-wide limits: none applies,
  // while one partition key still takes at most 1,000 units a second.
  options.table_limit_scale = 0.05;
  std::unique_ptr<Database> small;
  ASSERT_TRUE(Database::Open(options, "/mem/small", &small).ok());
  ASSERT_TRUE(small->CreateTable(MakeTable("odt", HashKey("pk")), &cr).ok());
  ok = 0;
  for (int i = 0; i < 50000; ++i) {
    PutItemRequest p;
    p.table_name = "odt";
    p.item = {{"pk", S("k" + std::to_string(i))}};
    PutItemResponse resp;
    ok += small->PutItem(p, &resp).ok();
  }
  EXPECT_EQ(ok, 50000);
  // A scale outside (0, 1] is refused.
  options.table_limit_scale = 0;
  std::unique_ptr<Database> bad;
  EXPECT_EQ(Database::Open(options, "/mem/bad", &bad).code(), Status::Code::kInvalidInput);
}

TEST_F(ThrottlingTest, SwitchingToOnDemandKeepsTheProvisionedPeak) {
  UpdateTableRequest u;
  u.table_name = "prov";
  u.provisioned_throughput = ProvisionedThroughput{5, 3000};
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  UpdateTableRequest od;
  od.table_name = "prov";
  od.billing_mode = BillingMode::kPayPerRequest;
  ASSERT_TRUE(db_->UpdateTable(od, &ur).ok());
  int ok = 0;
  for (int i = 0; i < 6100; ++i) ok += PutN(i).ok();
  EXPECT_EQ(ok, 6000);  // twice the 3,000 units provisioned before
}

TEST_F(ThrottlingTest, OneHotKeyTakesAtMostAThousandWriteUnitsPerSecond) {
  Create(MakeTable("hot", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN),
                   {MakeIndex("byQueue", HashKey("queue"))}));
  // One partition-key value, many sort keys: the table's 4,000 on-demand
  // units do not help one key past 1,000.
  int ok = 0;
  Status last;
  for (int i = 0; i < 1100; ++i) {
    Status s = Put("hot", {{"pk", S("one")}, {"sk", N(i)}});
    if (s.ok()) ++ok; else last = s;
  }
  EXPECT_EQ(ok, 1000);
  EXPECT_EQ(last.code(), Status::Code::kThrottlingException);
  EXPECT_TRUE(Put("hot", {{"pk", S("other")}, {"sk", N(0)}}).ok());  // other keys are free
  clock_.Advance(1000);
  EXPECT_TRUE(Put("hot", {{"pk", S("one")}, {"sk", N(5000)}}).ok());  // a new second

  // The same holds for a busy queue's partition in an index, with distinct
  // table keys: the index arm is what throttles.
  clock_.Advance(1000);
  ok = 0;
  for (int i = 0; i < 1100; ++i) {
    ok += Put("hot", {{"pk", S("p" + std::to_string(i))}, {"sk", N(0)}, {"queue", S("busy")}}).ok();
  }
  EXPECT_EQ(ok, 1000);
}

TEST_F(ThrottlingTest, SwitchingBackToProvisionedStartsWithAFullBurst) {
  UpdateTableRequest u;
  u.table_name = "prov";
  u.billing_mode = BillingMode::kPayPerRequest;
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(PutN(i).ok());  // within on-demand's 4,000/s
  u.billing_mode = BillingMode::kProvisioned;
  u.provisioned_throughput = ProvisionedThroughput{1, 1};
  EXPECT_TRUE(db_->UpdateTable(u, &ur).IsValidation());  // the index needs throughput too
  u.global_secondary_index_updates.push_back(
      {"byG", ProvisionedThroughput{1, 1}, std::nullopt, std::nullopt});
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  int ok = 0;
  for (int i = 0; i < 400; ++i) ok += PutN(10000 + i).ok() ? 1 : 0;
  EXPECT_EQ(ok, 300);
}

TEST_F(ThrottlingTest, ThrottledReadsReturnNothing) {
  ASSERT_TRUE(PutN(1).ok());
  int ok = 0;
  for (int i = 0; i < 3100; ++i) {
    GetItemRequest g;
    g.table_name = "prov";
    g.key = {{"pk", S("k1")}};
    GetItemResponse resp;
    Status s = db_->GetItem(g, &resp);  // eventually consistent: half a unit each
    if (s.ok()) {
      ++ok;
    } else {
      EXPECT_FALSE(resp.item.has_value());
    }
  }
  EXPECT_EQ(ok, 3000);  // 5 RCU x 300 s x 2 eventually consistent reads per unit
}

TEST(ModeRulesTest, DecreasesStartAtFourPerDayAndRefillHourly) {
  DecreaseCounter c;
  const int64_t day = 20000 * kDayMillis;  // a UTC midnight
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(TakeDecrease(&c, day + i, "t").ok());
  Status s = TakeDecrease(&c, day + 10, "t");
  EXPECT_EQ(s.code(), Status::Code::kLimitExceededException);
  EXPECT_NE(s.message().find("Number of decreases today: 4"), std::string::npos);
  EXPECT_TRUE(TakeDecrease(&c, day + kHourMillis, "t").ok());  // one more each hour
  EXPECT_FALSE(TakeDecrease(&c, day + kHourMillis + 1, "t").ok());
  // Idle hours add up, but never beyond 4 available.
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(TakeDecrease(&c, day + 10 * kHourMillis, "t").ok());
  EXPECT_FALSE(TakeDecrease(&c, day + 10 * kHourMillis, "t").ok());
  EXPECT_EQ(DecreasesToday(c, day + 10 * kHourMillis), 9);
  // At most 27 in one day when spent as fast as allowed.
  DecreaseCounter fast;
  int taken = 0;
  for (int64_t t = day; t < day + kDayMillis; t += 60 * 1000) taken += TakeDecrease(&fast, t, "t").ok();
  EXPECT_EQ(taken, 27);
  // A new UTC day starts again with 4.
  EXPECT_TRUE(TakeDecrease(&fast, day + kDayMillis, "t").ok());
  EXPECT_EQ(DecreasesToday(fast, day + kDayMillis), 1);
}

TEST(ModeRulesTest, SwitchesToOnDemandPerRollingDay) {
  std::vector<int64_t> switches = {0, 1000, 2000, 3000};
  EXPECT_EQ(CheckModeSwitch(CapacityRuleSet::k2025_08_12, true, switches, 3000, 4000).code(),
            Status::Code::kLimitExceededException);
  EXPECT_TRUE(CheckModeSwitch(CapacityRuleSet::k2025_08_12, false, switches, 3000, 4000).ok());
  EXPECT_TRUE(CheckModeSwitch(CapacityRuleSet::k2025_08_12, true, switches, 3000, kDayMillis).ok());
  // The 2018 rule: one switch in either direction per 24 hours.
  EXPECT_FALSE(CheckModeSwitch(CapacityRuleSet::k2018_11_28, false, {}, 1000, 5000).ok());
  EXPECT_TRUE(CheckModeSwitch(CapacityRuleSet::k2018_11_28, false, {}, 1000, 1000 + kDayMillis).ok());
}

TEST_F(ThrottlingTest, UpdateTableEnforcesSwitchAndDecreaseLimits) {
  UpdateTableRequest to_od;
  to_od.table_name = "prov";
  to_od.billing_mode = BillingMode::kPayPerRequest;
  UpdateTableRequest to_prov = to_od;
  to_prov.billing_mode = BillingMode::kProvisioned;
  to_prov.provisioned_throughput = ProvisionedThroughput{5, 5};
  to_prov.global_secondary_index_updates.push_back(
      {"byG", ProvisionedThroughput{5, 5}, std::nullopt, std::nullopt});
  UpdateTableResponse ur;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(db_->UpdateTable(to_od, &ur).ok()) << i;
    clock_.Advance(1000);
    ASSERT_TRUE(db_->UpdateTable(to_prov, &ur).ok()) << i;
    clock_.Advance(1000);
  }
  Status s = db_->UpdateTable(to_od, &ur);
  EXPECT_EQ(s.code(), Status::Code::kLimitExceededException);
  EXPECT_EQ(s.message(),
            "Subscriber limit exceeded: Update to PayPerRequest mode are limited to 4 times in 1 "
            "day(s).");
  clock_.Advance(kDayMillis);
  ASSERT_TRUE(db_->UpdateTable(to_od, &ur).ok());
  ASSERT_TRUE(db_->UpdateTable(to_prov, &ur).ok());

  // Decreases: 4 at once, then a fifth is refused and nothing of it applies.
  UpdateTableRequest down = to_prov;
  down.billing_mode.reset();
  for (int64_t wcu : {4, 3, 2, 1}) {
    down.provisioned_throughput = ProvisionedThroughput{5, wcu};
    down.global_secondary_index_updates.clear();
    ASSERT_TRUE(db_->UpdateTable(down, &ur).ok()) << wcu;
  }
  EXPECT_EQ(ur.table_description.number_of_decreases_today, 4);
  down.provisioned_throughput = ProvisionedThroughput{1, 1};
  EXPECT_EQ(db_->UpdateTable(down, &ur).code(), Status::Code::kLimitExceededException);
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"prov"}, &d).ok());
  EXPECT_EQ(d.table.definition.provisioned_throughput.read_capacity_units, 5);
  // Increases are never limited, and the index has its own counter.
  down.provisioned_throughput = ProvisionedThroughput{50, 50};
  down.global_secondary_index_updates.push_back(
      {"byG", ProvisionedThroughput{1, 1}, std::nullopt, std::nullopt});
  EXPECT_TRUE(db_->UpdateTable(down, &ur).ok());
}

}  // namespace
}  // namespace headlock::testing
