// Options::capacity_accounting = false: no admission (nothing throttles,
// whatever the capacity, the mode or the key) and an empty capacity log,
// while responses still carry their ConsumedCapacity. The same script with
// accounting on throttles at every step, so the script does test something.
#include <gtest/gtest.h>

#include "ddb_test_util.h"
#include "headlock/value/item.h"

namespace headlock::testing {
namespace {

struct ScriptCounts {
  int ok = 0;
  int throttled = 0;  // operations refused, and batch items handed back
  int other_errors = 0;
};

class CapacityAccountingTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.clock = &clock_;
    options.capacity_accounting = GetParam();
    ASSERT_TRUE(Database::Open(options, "/mem/capacity_accounting", &db_).ok());
    // 1 RCU / 1 WCU on the table and its index: 300 units of burst each.
    CreateTableRequest prov = MakeTable("prov", HashKey("pk"), {MakeIndex("byG", HashKey("g"))});
    prov.definition.billing_mode = BillingMode::kProvisioned;
    prov.definition.provisioned_throughput = {1, 1};
    prov.definition.global_secondary_indexes[0].provisioned_throughput = {1, 1};
    Create(prov);
    // On-demand, one hot partition key: 1,000 WCU per second for that key.
    Create(MakeTable("hotkey", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN)));
  }
  void Create(const CreateTableRequest& r) {
    CreateTableResponse resp;
    Status s = db_->CreateTable(r, &resp);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  void Count(const Status& s) {
    if (s.ok()) {
      ++counts_.ok;
    } else if (s.IsThrottle()) {
      ++counts_.throttled;
    } else {
      ++counts_.other_errors;
      ADD_FAILURE() << s.ToString();
    }
  }

  // Far beyond every limit, with the clock standing still: every kind of
  // operation, every throttling rule, and the control plane.
  void RunScript() {
    for (int i = 0; i < 1000; ++i) {  // table and index buckets: 300 WCU of burst
      PutItemRequest p;
      p.table_name = "prov";
      p.item = {{"pk", S("k" + std::to_string(i))}, {"g", S("hot")}};
      PutItemResponse resp;
      Count(db_->PutItem(p, &resp));
    }
    for (int i = 0; i < 2000; ++i) {  // one key past 1,000 WCU per second
      PutItemRequest p;
      p.table_name = "hotkey";
      p.item = {{"pk", S("hot")}, {"sk", N(i)}};
      PutItemResponse resp;
      Count(db_->PutItem(p, &resp));
    }
    for (int i = 0; i < 1000; ++i) {  // 1 RCU each, 300 of burst
      GetItemRequest g;
      g.table_name = "prov";
      g.key = {{"pk", S("k1")}};
      g.consistent_read = true;
      GetItemResponse resp;
      Count(db_->GetItem(g, &resp));
    }
    for (int i = 0; i < 200; ++i) {  // the index's read bucket
      QueryRequest q;
      q.table_name = "prov";
      q.index_name = "byG";
      q.key_condition_expression = "g = :g";
      q.expression_attribute_values = ExpressionAttributeValues{{":g", S("hot")}};
      QueryResponse resp;
      Count(db_->Query(q, &resp));
    }
    for (int i = 0; i < 100; ++i) {
      UpdateItemRequest u;
      u.table_name = "prov";
      u.key = {{"pk", S("k" + std::to_string(i))}};
      u.update_expression = "SET n = :n";
      u.condition_expression = "g = :g";
      u.expression_attribute_values = ExpressionAttributeValues{{":n", N(i)}, {":g", S("hot")}};
      UpdateItemResponse resp;
      Count(db_->UpdateItem(u, &resp));
    }
    for (int b = 0; b < 20; ++b) {
      BatchWriteItemRequest r;
      for (int i = 0; i < 25; ++i) {
        r.request_items["prov"].push_back(
            {Item{{"pk", S("b" + std::to_string(b * 25 + i))}, {"g", S("hot")}}, {}});
      }
      BatchWriteItemResponse resp;
      Status s = db_->BatchWriteItem(r, &resp);
      Count(s);
      if (s.ok()) counts_.throttled += static_cast<int>(resp.unprocessed_items["prov"].size());
    }
    for (int i = 0; i < 50; ++i) {
      TransactWriteItemsRequest t;
      TransactWriteItem put;
      put.table_name = "prov";
      put.item = {{"pk", S("t" + std::to_string(i))}, {"g", S("hot")}};
      t.transact_items.push_back(put);
      TransactWriteItem hot_put;
      hot_put.table_name = "hotkey";
      hot_put.item = {{"pk", S("hot")}, {"sk", N(10000 + i)}};
      t.transact_items.push_back(hot_put);
      TransactWriteItemsResponse resp;
      Count(db_->TransactWriteItems(t, &resp));
    }
    UpdateTableRequest u;
    u.table_name = "prov";
    u.provisioned_throughput = ProvisionedThroughput{2, 2};
    UpdateTableResponse ur;
    ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
    DeleteTableResponse dr;
    ASSERT_TRUE(db_->DeleteTable({"hotkey"}, &dr).ok());
  }

  ManualClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
  ScriptCounts counts_;
};

TEST_P(CapacityAccountingTest, OffNeverThrottlesAndLogsNothing) {
  RunScript();
  EXPECT_EQ(counts_.other_errors, 0);
  const CapacityLog& log = db_->capacity_log();
  if (GetParam()) {
    // Accounting on: the buckets, the hot key, updates, batches and
    // transactions all meet a limit (700 + 1,000 + 700 + 100 + 20 + 50).
    EXPECT_EQ(counts_.throttled, 2570);
    EXPECT_FALSE(log.Snapshot().empty());
    EXPECT_FALSE(log.CapacityChanges().empty());
    return;
  }
  EXPECT_EQ(counts_.throttled, 0);
  EXPECT_EQ(counts_.ok, 1000 + 2000 + 1000 + 200 + 100 + 20 + 50);
  EXPECT_TRUE(log.Snapshot().empty());
  EXPECT_TRUE(log.Totals().empty());
  EXPECT_TRUE(log.CapacityChanges().empty());
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"prov"}, &d).ok());
  EXPECT_EQ(d.table.item_count, 1000 + 20 * 25 + 50);  // every write went in
}

TEST_P(CapacityAccountingTest, ResponsesStillCarryConsumedCapacity) {
  PutItemRequest p;
  p.table_name = "prov";
  p.item = {{"pk", S("a")}, {"g", S("x")}};
  p.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  PutItemResponse put;
  ASSERT_TRUE(db_->PutItem(p, &put).ok());
  ASSERT_TRUE(put.consumed_capacity.has_value());
  EXPECT_EQ(put.consumed_capacity->table_name, "prov");
  EXPECT_EQ(put.consumed_capacity->table.write, 2);  // 1 WCU, in half units
  EXPECT_EQ(put.consumed_capacity->global_secondary_indexes.at("byG").write, 2);

  GetItemRequest g;
  g.table_name = "prov";
  g.key = {{"pk", S("a")}};
  g.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  GetItemResponse got;
  ASSERT_TRUE(db_->GetItem(g, &got).ok());
  ASSERT_TRUE(got.consumed_capacity.has_value());
  EXPECT_EQ(got.consumed_capacity->table.read, 1);  // 0.5 RCU, eventually consistent

  EXPECT_EQ(db_->capacity_log().Snapshot().empty(), !GetParam());
}

INSTANTIATE_TEST_SUITE_P(OnAndOff, CapacityAccountingTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "AccountingOn" : "AccountingOff";
                         });

}  // namespace
}  // namespace headlock::testing
