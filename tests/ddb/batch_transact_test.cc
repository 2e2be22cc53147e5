#include <gtest/gtest.h>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class BatchTransactTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    Create(MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))}));
    Create(MakeTable("two", HashKey("id", AttributeType::kN)));
  }
};

TEST_F(BatchTransactTest, BatchWritePutsAndDeletesAcrossTables) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("gone")}}).ok());
  BatchWriteItemRequest r;
  for (int i = 0; i < 20; ++i) {
    r.request_items["tbl"].push_back({Item{{"pk", S("k" + std::to_string(i))}, {"g", S("x")}}, {}});
  }
  r.request_items["tbl"].push_back({{}, Item{{"pk", S("gone")}}});
  r.request_items["two"].push_back({Item{{"id", N(1)}}, {}});
  r.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  BatchWriteItemResponse resp;
  ASSERT_TRUE(db_->BatchWriteItem(r, &resp).ok());
  EXPECT_TRUE(resp.unprocessed_items.empty());
  ASSERT_EQ(resp.consumed_capacity.size(), 2u);
  EXPECT_EQ(resp.consumed_capacity[0].table_name, "tbl");
  EXPECT_EQ(resp.consumed_capacity[0].table.write, 42);  // 21 writes of 1 WCU
  EXPECT_EQ(resp.consumed_capacity[0].global_secondary_indexes.at("idx").write, 40);
  EXPECT_FALSE(Get("tbl", {{"pk", S("gone")}}));
  EXPECT_TRUE(Get("two", {{"id", N(1)}}));
}

TEST_F(BatchTransactTest, BatchWriteValidatesEverythingFirst) {
  BatchWriteItemResponse resp;
  BatchWriteItemRequest empty;
  EXPECT_TRUE(db_->BatchWriteItem(empty, &resp).IsValidation());

  BatchWriteItemRequest many;
  for (int i = 0; i < 26; ++i) many.request_items["tbl"].push_back({Item{{"pk", S(std::to_string(i))}}, {}});
  Status s = db_->BatchWriteItem(many, &resp);
  EXPECT_EQ(s.message(), "Too many items requested for the BatchWriteItem call");

  BatchWriteItemRequest dup;
  dup.request_items["tbl"].push_back({Item{{"pk", S("a")}}, {}});
  dup.request_items["tbl"].push_back({{}, Item{{"pk", S("a")}}});
  s = db_->BatchWriteItem(dup, &resp);
  EXPECT_EQ(s.message(), "Provided list of item keys contains duplicates");

  BatchWriteItemRequest bad_second;
  bad_second.request_items["tbl"].push_back({Item{{"pk", S("ok")}}, {}});
  bad_second.request_items["tbl"].push_back({Item{{"pk", N(1)}}, {}});
  EXPECT_TRUE(db_->BatchWriteItem(bad_second, &resp).IsValidation());
  EXPECT_FALSE(Get("tbl", {{"pk", S("ok")}}));  // nothing written

  BatchWriteItemRequest missing;
  missing.request_items["nope"].push_back({Item{{"pk", S("a")}}, {}});
  EXPECT_EQ(db_->BatchWriteItem(missing, &resp).code(), Status::Code::kResourceNotFoundException);
}

TEST_F(BatchTransactTest, BatchGetReturnsFoundItemsAndRejectsBadInput) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("a")}, {"v", N(1)}}).ok());
  BatchGetItemRequest r;
  r.request_items["tbl"].keys = {{{"pk", S("a")}}, {{"pk", S("missing")}}};
  r.request_items["tbl"].projection_expression = "v";
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  BatchGetItemResponse resp;
  ASSERT_TRUE(db_->BatchGetItem(r, &resp).ok());
  ASSERT_EQ(resp.responses["tbl"].size(), 1u);
  EXPECT_EQ(resp.responses["tbl"][0], (Item{{"v", N(1)}}));
  EXPECT_EQ(resp.consumed_capacity[0].table.read, 2);  // 0.5 + 0.5 (missing still charged)

  r.request_items["tbl"].keys.push_back({{"pk", S("a")}});
  EXPECT_EQ(db_->BatchGetItem(r, &resp).message(), "Provided list of item keys contains duplicates");
  BatchGetItemRequest many;
  for (int i = 0; i < 101; ++i) many.request_items["tbl"].keys.push_back({{"pk", S(std::to_string(i))}});
  EXPECT_EQ(db_->BatchGetItem(many, &resp).message(),
            "Too many items requested for the BatchGetItem call");
}

TransactWriteItem TPut(std::string table, Item item, std::optional<std::string> cond = {}) {
  TransactWriteItem t;
  t.kind = TransactWriteItem::Kind::kPut;
  t.table_name = std::move(table);
  t.item = std::move(item);
  t.condition_expression = std::move(cond);
  return t;
}

TEST_F(BatchTransactTest, TransactionIsAllOrNothing) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("exists")}}).ok());
  TransactWriteItemsRequest r;
  r.transact_items.push_back(TPut("tbl", {{"pk", S("new")}, {"g", S("x")}}));
  r.transact_items.push_back(TPut("tbl", {{"pk", S("exists")}}, "attribute_not_exists(pk)"));
  r.transact_items.back().return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kAllOld;
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  TransactWriteItemsResponse resp;
  std::vector<CancellationReason> reasons;
  Status s = db_->TransactWriteItems(r, &resp, &reasons);
  EXPECT_EQ(s.code(), Status::Code::kTransactionCanceledException);
  EXPECT_EQ(s.message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed]");
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "None");
  EXPECT_EQ(reasons[1].code, "ConditionalCheckFailed");
  ASSERT_TRUE(reasons[1].item);
  EXPECT_FALSE(Get("tbl", {{"pk", S("new")}}));  // nothing written
  ASSERT_EQ(resp.consumed_capacity.size(), 1u);
  EXPECT_EQ(resp.consumed_capacity[0].table.write, 8);  // charged even when cancelled: 2 x 2 WCU

  r.transact_items[1] = TPut("two", {{"id", N(5)}}, "attribute_not_exists(id)");
  ASSERT_TRUE(db_->TransactWriteItems(r, &resp, &reasons).ok());
  EXPECT_TRUE(Get("tbl", {{"pk", S("new")}}));
  EXPECT_TRUE(Get("two", {{"id", N(5)}}));
}

TEST_F(BatchTransactTest, TransactionRejectsTwoActionsOnOneItem) {
  TransactWriteItemsRequest r;
  r.transact_items.push_back(TPut("tbl", {{"pk", S("a")}}));
  TransactWriteItem del;
  del.kind = TransactWriteItem::Kind::kDelete;
  del.table_name = "tbl";
  del.item = {{"pk", S("a")}};
  r.transact_items.push_back(del);
  TransactWriteItemsResponse resp;
  Status s = db_->TransactWriteItems(r, &resp);
  EXPECT_EQ(s.message(), "Transaction request cannot include multiple operations on one item");
}

TEST_F(BatchTransactTest, TransactUpdateConditionCheckAndGet) {
  ASSERT_TRUE(Put("tbl", {{"pk", S("counter")}, {"n", N(1)}}).ok());
  TransactWriteItemsRequest r;
  TransactWriteItem check;
  check.kind = TransactWriteItem::Kind::kConditionCheck;
  check.table_name = "tbl";
  check.item = {{"pk", S("counter")}};
  check.condition_expression = "n = :one";
  check.expression_attribute_values = ExpressionAttributeValues{{":one", N(1)}};
  TransactWriteItem upd;
  upd.kind = TransactWriteItem::Kind::kUpdate;
  upd.table_name = "two";
  upd.item = {{"id", N(9)}};
  upd.update_expression = "SET copies = :c";
  upd.expression_attribute_values = ExpressionAttributeValues{{":c", N(3)}};
  r.transact_items = {check, upd};
  TransactWriteItemsResponse resp;
  ASSERT_TRUE(db_->TransactWriteItems(r, &resp).ok());

  TransactGetItemsRequest g;
  g.transact_items.resize(3);
  g.transact_items[0].table_name = "tbl";
  g.transact_items[0].key = {{"pk", S("counter")}};
  g.transact_items[1].table_name = "two";
  g.transact_items[1].key = {{"id", N(9)}};
  g.transact_items[2].table_name = "two";
  g.transact_items[2].key = {{"id", N(10)}};
  g.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  TransactGetItemsResponse gr;
  ASSERT_TRUE(db_->TransactGetItems(g, &gr).ok());
  ASSERT_EQ(gr.responses.size(), 3u);
  EXPECT_EQ(gr.responses[0]->at("n"), N(1));
  EXPECT_EQ(gr.responses[1]->at("copies"), N(3));
  EXPECT_FALSE(gr.responses[2]);
  ASSERT_EQ(gr.consumed_capacity.size(), 2u);
  EXPECT_EQ(gr.consumed_capacity[1].table.read, 8);  // 2 items x 2 RCU (transactional)
}

}  // namespace
}  // namespace headlock::testing

namespace headlock::testing {
namespace {

TEST_F(BatchTransactTest, ClientRequestTokenMakesARetryIdempotent) {
  TransactWriteItemsRequest r;
  TransactWriteItem upd;
  upd.kind = TransactWriteItem::Kind::kUpdate;
  upd.table_name = "tbl";
  upd.item = {{"pk", S("counter")}};
  upd.update_expression = "ADD n :one";
  upd.expression_attribute_values = ExpressionAttributeValues{{":one", N(1)}};
  r.transact_items = {upd};
  r.client_request_token = "token-1";
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  TransactWriteItemsResponse resp;
  ASSERT_TRUE(db_->TransactWriteItems(r, &resp).ok());
  EXPECT_EQ(resp.consumed_capacity[0].table.write, 4);  // 2 x 1 WCU
  ASSERT_TRUE(db_->TransactWriteItems(r, &resp).ok());  // replay: no change
  EXPECT_EQ(resp.consumed_capacity[0].table.write, 0);
  EXPECT_EQ(resp.consumed_capacity[0].table.read, 4);   // a transactional read: 2 RCU
  EXPECT_EQ(Get("tbl", {{"pk", S("counter")}})->at("n"), N(1));

  r.transact_items[0].expression_attribute_values = ExpressionAttributeValues{{":one", N(2)}};
  EXPECT_EQ(db_->TransactWriteItems(r, &resp).code(),
            Status::Code::kIdempotentParameterMismatchException);

  clock_.Advance(10 * 60 * 1000);  // the window has passed: a new transaction
  ASSERT_TRUE(db_->TransactWriteItems(r, &resp).ok());
  EXPECT_EQ(Get("tbl", {{"pk", S("counter")}})->at("n"), N(3));

  r.client_request_token = std::string(37, 't');
  EXPECT_TRUE(db_->TransactWriteItems(r, &resp).IsValidation());
}

}  // namespace
}  // namespace headlock::testing
