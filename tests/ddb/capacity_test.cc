// Consumed capacity, exactly as reference/dynamodb.md §3 describes it.
#include <gtest/gtest.h>

#include "ddb_test_util.h"
#include "headlock/value/item.h"

namespace headlock::testing {
namespace {

class CapacityTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    Create(MakeTable("tbl", HashKey("pk"),
                     {MakeIndex("all", HashRangeKey("g", AttributeType::kS, "o", AttributeType::kN)),
                      MakeIndex("keys", HashKey("g"), ProjectionType::kKeysOnly)}));
  }
  // An item of exactly `bytes` bytes (by DynamoDB's size rules).
  Item Sized(std::string pk, size_t bytes, Item extra = {}) {
    Item item = std::move(extra);
    item["pk"] = S(std::move(pk));
    size_t base = ItemSizeBytes(item) + 4;  // + the name "fill"
    item["fill"] = S(std::string(bytes - base, 'x'));
    EXPECT_EQ(ItemSizeBytes(item), bytes);
    return item;
  }
  ConsumedCapacity PutCapacity(Item item, ReturnConsumedCapacity mode = ReturnConsumedCapacity::kIndexes) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = std::move(item);
    r.return_consumed_capacity = mode;
    PutItemResponse resp;
    Status s = db_->PutItem(r, &resp);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return resp.consumed_capacity.value_or(ConsumedCapacity{});
  }
};

TEST_F(CapacityTest, WritesRoundUpPerKilobyte) {
  EXPECT_EQ(PutCapacity(Sized("a", 1024)).table.write, 2);  // 1 WCU (in half units)
  EXPECT_EQ(PutCapacity(Sized("b", 1025)).table.write, 4);  // 2 WCU
  // Overwrite: sized on the larger of the old and new item.
  EXPECT_EQ(PutCapacity(Sized("b", 10)).table.write, 4);
  EXPECT_EQ(PutCapacity(Sized("b", 10)).table.write, 2);
}

TEST_F(CapacityTest, NoneReturnsNothingButStillLogs) {
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = Sized("a", 100);
  PutItemResponse resp;
  ASSERT_TRUE(db_->PutItem(r, &resp).ok());
  EXPECT_FALSE(resp.consumed_capacity);
  auto totals = db_->capacity_log().Totals();
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].units.write, 2);
  EXPECT_EQ(totals[0].second, 0);
}

TEST_F(CapacityTest, ReadsRoundUpPerFourKilobytesAndHalveWhenEventual) {
  ASSERT_TRUE(Put("tbl", Sized("a", 4096)).ok());
  ASSERT_TRUE(Put("tbl", Sized("b", 4097)).ok());
  auto read = [&](std::string pk, bool consistent) {
    GetItemRequest g;
    g.table_name = "tbl";
    g.key = {{"pk", S(std::move(pk))}};
    g.consistent_read = consistent;
    g.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
    GetItemResponse resp;
    EXPECT_TRUE(db_->GetItem(g, &resp).ok());
    return resp.consumed_capacity->table.read;
  };
  EXPECT_EQ(read("a", true), 2);   // 1 RCU
  EXPECT_EQ(read("b", true), 4);   // 2 RCU
  EXPECT_EQ(read("a", false), 1);  // 0.5 RCU
  EXPECT_EQ(read("b", false), 2);  // 1 RCU
  EXPECT_EQ(read("missing", true), 2);   // a missing item still costs 1
  EXPECT_EQ(read("missing", false), 1);  // or 0.5
}

TEST_F(CapacityTest, IndexArmsFollowTheItemChange) {
  // New item with both index keys: one put in each index.
  ConsumedCapacity c = PutCapacity({{"pk", S("a")}, {"g", S("q")}, {"o", N(1)}});
  EXPECT_EQ(c.table.write, 2);
  EXPECT_EQ(c.global_secondary_indexes.at("all").write, 2);
  EXPECT_EQ(c.global_secondary_indexes.at("keys").write, 2);
  EXPECT_EQ(c.Total().write, 6);

  // Sparse: no index key, no index arm at all.
  c = PutCapacity({{"pk", S("b")}, {"other", S("x")}});
  EXPECT_TRUE(c.global_secondary_indexes.empty());

  // Changing a non-projected attribute leaves KEYS_ONLY untouched (absent),
  // while ALL is rewritten in place (1 write).
  c = PutCapacity({{"pk", S("a")}, {"g", S("q")}, {"o", N(1)}, {"extra", S("y")}});
  EXPECT_EQ(c.global_secondary_indexes.count("keys"), 0u);
  EXPECT_EQ(c.global_secondary_indexes.at("all").write, 2);

  // Identical overwrite: no index arm.
  c = PutCapacity({{"pk", S("a")}, {"g", S("q")}, {"o", N(1)}, {"extra", S("y")}});
  EXPECT_TRUE(c.global_secondary_indexes.empty());

  // Moving the index sort key: delete + put = 2 writes in "all"; "keys" has
  // the same key (g) but its stored view holds o? no: KEYS_ONLY projects the
  // table and index keys only, so it is unchanged.
  c = PutCapacity({{"pk", S("a")}, {"g", S("q")}, {"o", N(2)}, {"extra", S("y")}});
  EXPECT_EQ(c.global_secondary_indexes.at("all").write, 4);
  EXPECT_EQ(c.global_secondary_indexes.count("keys"), 0u);

  // Removing the index key: one delete.
  c = PutCapacity({{"pk", S("a")}, {"extra", S("y")}});
  EXPECT_EQ(c.global_secondary_indexes.at("all").write, 2);
  EXPECT_EQ(c.global_secondary_indexes.at("keys").write, 2);

  // TOTAL folds the index units into the table figure.
  c = PutCapacity({{"pk", S("c")}, {"g", S("q")}, {"o", N(1)}}, ReturnConsumedCapacity::kTotal);
  EXPECT_EQ(c.table.write, 6);
  EXPECT_TRUE(c.global_secondary_indexes.empty());
}

TEST_F(CapacityTest, DeletesAndFailedConditionsAreCharged) {
  DeleteItemRequest d;
  d.table_name = "tbl";
  d.key = {{"pk", S("nothing")}};
  d.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  DeleteItemResponse resp;
  ASSERT_TRUE(db_->DeleteItem(d, &resp).ok());
  EXPECT_EQ(resp.consumed_capacity->table.write, 2);  // a missing item costs 1 WCU

  ASSERT_TRUE(Put("tbl", Sized("big", 3000)).ok());
  PutItemRequest p;
  p.table_name = "tbl";
  p.item = Sized("big", 5000);
  p.condition_expression = "attribute_not_exists(pk)";
  p.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  PutItemResponse pr;
  EXPECT_TRUE(db_->PutItem(p, &pr).IsConditionalCheckFailed());
  EXPECT_EQ(pr.consumed_capacity->table.write, 10);  // larger of 3000 B and 5000 B -> 5 WCU
}

TEST_F(CapacityTest, QueryRoundsTheWholePageOnce) {
  for (int i = 0; i < 10; ++i) {
    Item item = Sized("k" + std::to_string(i), 1000, {{"g", S("q")}, {"o", N(i)}});
    ASSERT_TRUE(Put("tbl", item).ok());
  }
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "all";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = ExpressionAttributeValues{{":g", S("q")}};
  q.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  QueryResponse resp;
  ASSERT_TRUE(db_->Query(q, &resp).ok());
  EXPECT_EQ(resp.count, 10);
  // 10 x 1000 B = 10000 B -> 3 x 4 KB, eventually consistent -> 1.5 RCU.
  EXPECT_EQ(resp.consumed_capacity->global_secondary_indexes.at("all").read, 3);
  EXPECT_EQ(resp.consumed_capacity->table.read, 0);

  // An empty result still costs the minimum.
  q.expression_attribute_values = ExpressionAttributeValues{{":g", S("none")}};
  ASSERT_TRUE(db_->Query(q, &resp).ok());
  EXPECT_EQ(resp.consumed_capacity->global_secondary_indexes.at("all").read, 1);
}

TEST_F(CapacityTest, CapacityLogGroupsBySecondTableAndIndex) {
  PutCapacity({{"pk", S("a")}, {"g", S("q")}, {"o", N(1)}});
  clock_.Advance(1500);
  PutCapacity({{"pk", S("b")}, {"g", S("q")}, {"o", N(1)}});
  auto rows = db_->capacity_log().Snapshot();
  // 2 seconds x (table + 2 indexes).
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].second, 1700000000);
  EXPECT_EQ(rows[3].second, 1700000001);
  EXPECT_EQ(rows[0].index_name, "");
  EXPECT_EQ(rows[1].index_name, "all");
  for (const auto& r : rows) EXPECT_EQ(r.units.write, 2);
}

}  // namespace
}  // namespace headlock::testing
