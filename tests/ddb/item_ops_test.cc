#include <gtest/gtest.h>

#include "ddb_test_util.h"
#include "headlock/value/item.h"

namespace headlock::testing {
namespace {

class ItemOpsTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    Create(MakeTable("tbl", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN)));
  }
  Item Key(std::string pk, int64_t sk) { return {{"pk", S(std::move(pk))}, {"sk", N(sk)}}; }
};

TEST_F(ItemOpsTest, PutThenGetRoundTrips) {
  Item item = Key("a", 1);
  item["payload"] = AttributeValue::M({{"list", AttributeValue::L({S("x"), N("1.5")})}});
  ASSERT_TRUE(Put("tbl", item).ok());
  auto got = Get("tbl", Key("a", 1));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, item);
  EXPECT_FALSE(Get("tbl", Key("a", 2)).has_value());
}

TEST_F(ItemOpsTest, NumericKeysAreEqualByValue) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("a")}, {"sk", N("1.0")}, {"v", S("first")}}).ok());
  ASSERT_TRUE(Put("tbl", {{"pk", S("a")}, {"sk", N("01")}, {"v", S("second")}}).ok());
  auto got = Get("tbl", Key("a", 1));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->at("v"), S("second"));
}

TEST_F(ItemOpsTest, BadItemsAndKeysAreRejected) {
  EXPECT_TRUE(Put("tbl", {{"pk", S("a")}}).IsValidation());                  // missing sk
  EXPECT_TRUE(Put("tbl", {{"pk", N(1)}, {"sk", N(1)}}).IsValidation());     // wrong type
  EXPECT_TRUE(Put("tbl", {{"pk", S("")}, {"sk", N(1)}}).IsValidation());    // empty key
  Item big = Key("a", 1);
  big["blob"] = S(std::string(409600, 'x'));
  EXPECT_TRUE(Put("tbl", big).IsValidation());
  EXPECT_EQ(Put("nope", Key("a", 1)).code(), Status::Code::kResourceNotFoundException);

  GetItemRequest g;
  g.table_name = "tbl";
  g.key = {{"pk", S("a")}};
  GetItemResponse gr;
  Status s = db_->GetItem(g, &gr);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "The provided key element does not match the schema");
  g.key = Key("a", 1);
  g.key["extra"] = S("x");
  EXPECT_TRUE(db_->GetItem(g, &gr).IsValidation());
}

TEST_F(ItemOpsTest, ConditionalPutFailsAndReturnsOldItemOnRequest) {
  Item item = Key("a", 1);
  item["v"] = N(1);
  ASSERT_TRUE(Put("tbl", item, "attribute_not_exists(pk)").ok());
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = Key("a", 1);
  r.condition_expression = "attribute_not_exists(pk)";
  r.return_values_on_condition_check_failure = ReturnValuesOnConditionCheckFailure::kAllOld;
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  PutItemResponse resp;
  std::optional<Item> old;
  Status s = db_->PutItem(r, &resp, &old);
  EXPECT_TRUE(s.IsConditionalCheckFailed());
  EXPECT_EQ(s.message(), "The conditional request failed");
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, item);
  ASSERT_TRUE(resp.consumed_capacity);  // a failed conditional write is still charged
  EXPECT_EQ(resp.consumed_capacity->table.write, 2);
  EXPECT_EQ(Get("tbl", Key("a", 1))->at("v"), N(1));  // unchanged
}

TEST_F(ItemOpsTest, PutReturnValues) {
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = Key("a", 1);
  r.return_values = ReturnValues::kAllOld;
  PutItemResponse resp;
  ASSERT_TRUE(db_->PutItem(r, &resp).ok());
  EXPECT_FALSE(resp.attributes);  // nothing was there
  r.item["v"] = S("new");
  ASSERT_TRUE(db_->PutItem(r, &resp).ok());
  ASSERT_TRUE(resp.attributes);
  EXPECT_EQ(*resp.attributes, Key("a", 1));
  r.return_values = ReturnValues::kAllNew;
  Status s = db_->PutItem(r, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "ReturnValues can only be ALL_OLD or NONE");
}

TEST_F(ItemOpsTest, UpdateCreatesAndModifies) {
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = Key("a", 1);
  u.update_expression = "SET hits = if_not_exists(hits, :zero) + :one";
  u.expression_attribute_values = ExpressionAttributeValues{{":zero", N(0)}, {":one", N(1)}};
  u.return_values = ReturnValues::kUpdatedNew;
  UpdateItemResponse resp;
  ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  ASSERT_TRUE(resp.attributes);
  EXPECT_EQ(*resp.attributes, (Item{{"hits", N(1)}}));
  ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  EXPECT_EQ(resp.attributes->at("hits"), N(2));

  u.return_values = ReturnValues::kUpdatedOld;
  ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  EXPECT_EQ(resp.attributes->at("hits"), N(2));
  u.return_values = ReturnValues::kAllNew;
  ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  EXPECT_EQ(*resp.attributes, (Item{{"pk", S("a")}, {"sk", N(1)}, {"hits", N(4)}}));
  u.return_values = ReturnValues::kAllOld;
  ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  EXPECT_EQ(resp.attributes->at("hits"), N(4));
}

TEST_F(ItemOpsTest, UpdateRejectsKeyAttributesAndHugeResults) {
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = Key("a", 1);
  u.update_expression = "SET pk = :v";
  u.expression_attribute_values = ExpressionAttributeValues{{":v", S("b")}};
  UpdateItemResponse resp;
  Status s = db_->UpdateItem(u, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_NE(s.message().find("This attribute is part of the key"), std::string::npos);

  u.update_expression = "SET fill = :v";
  u.expression_attribute_values = ExpressionAttributeValues{{":v", S(std::string(409600, 'x'))}};
  s = db_->UpdateItem(u, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "Item size to update has exceeded the maximum allowed size");
  EXPECT_FALSE(Get("tbl", Key("a", 1)).has_value());  // nothing written
}

TEST_F(ItemOpsTest, TheSeedsLockIsAConditionalUpdate) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("q")}, {"sk", N(1)}, {"orderNo", N(1000)}}).ok());
  auto lock = [&](int64_t previous, int64_t lock_to, const std::string& client) {
    UpdateItemRequest u;
    u.table_name = "tbl";
    u.key = Key("q", 1);
    u.update_expression = "SET orderNo = :lockTo, lockByClient = :clientKey";
    u.condition_expression = "orderNo = :previousOrderNo";
    u.expression_attribute_values = ExpressionAttributeValues{
        {":lockTo", N(lock_to)}, {":clientKey", S(client)}, {":previousOrderNo", N(previous)}};
    UpdateItemResponse resp;
    return db_->UpdateItem(u, &resp);
  };
  EXPECT_TRUE(lock(1000, 5000, "a").ok());
  EXPECT_TRUE(lock(1000, 6000, "b").IsConditionalCheckFailed());
  auto got = Get("tbl", Key("q", 1));
  EXPECT_EQ(got->at("lockByClient"), S("a"));
  EXPECT_EQ(got->at("orderNo"), N(5000));
}

TEST_F(ItemOpsTest, DeleteWithConditionAndReturnValues) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("a")}, {"sk", N(1)}, {"v", N(7)}}).ok());
  DeleteItemRequest d;
  d.table_name = "tbl";
  d.key = Key("a", 1);
  d.condition_expression = "v = :v";
  d.expression_attribute_values = ExpressionAttributeValues{{":v", N(8)}};
  d.return_values = ReturnValues::kAllOld;
  DeleteItemResponse resp;
  EXPECT_TRUE(db_->DeleteItem(d, &resp).IsConditionalCheckFailed());
  d.expression_attribute_values = ExpressionAttributeValues{{":v", N(7)}};
  ASSERT_TRUE(db_->DeleteItem(d, &resp).ok());
  ASSERT_TRUE(resp.attributes);
  EXPECT_EQ(resp.attributes->at("v"), N(7));
  EXPECT_FALSE(Get("tbl", Key("a", 1)));
  DescribeTableResponse desc;
  ASSERT_TRUE(db_->DescribeTable({"tbl"}, &desc).ok());
  EXPECT_EQ(desc.table.item_count, 0);
  EXPECT_EQ(desc.table.table_size_bytes, 0);
}

TEST_F(ItemOpsTest, ExpressionErrorsComeBackAsValidation) {
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = Key("a", 1);
  r.condition_expression = "attribute_not_exists(pk)";
  r.expression_attribute_values = ExpressionAttributeValues{{":unused", N(1)}};
  PutItemResponse resp;
  Status s = db_->PutItem(r, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_NE(s.message().find("unused"), std::string::npos);
  EXPECT_FALSE(Get("tbl", Key("a", 1)));
}

}  // namespace
}  // namespace headlock::testing
