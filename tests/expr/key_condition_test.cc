// KeyConditionExpression against a key schema: accepted shapes (good) and
// rejections (bad).
#include <gtest/gtest.h>

#include <string>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

using SortOp = KeyCondition::SortOp;

ExpressionAttributeValues KeyValues() {
  return {{":p", S("part")}, {":n", N("5")}, {":m", N("9")}, {":s", S("pre")}, {":q", N("1")}};
}

KeySchema StringSortKey() {
  KeySchema k;
  k.partition_key = {"pk", AttributeType::kS};
  k.sort_key = KeyAttribute{"sk", AttributeType::kS};
  return k;
}

Request KeyRequest(const std::string& expression, const KeySchema& schema) {
  Request r;
  r.key_condition = expression;
  r.values = ValuesUsedBy(expression, KeyValues());
  if (expression.find("#pk") != std::string::npos)
    r.names = ExpressionAttributeNames{{"#pk", "pk"}};
  r.query_key = schema;
  r.table_key = schema;
  return r;
}

struct KeyCase {
  std::string expression;
  SortOp op;
  AttributeValue sort_value;
  AttributeValue sort_value2;
};

class KeyConditionAccepts : public ::testing::TestWithParam<KeyCase> {};

TEST_P(KeyConditionAccepts, Extracts) {
  const KeyCase& c = GetParam();
  Result<PreparedExpressions> prepared =
      KeyRequest(c.expression, StringHashNumberRange()).Prepare();
  ASSERT_TRUE(prepared.ok()) << c.expression << ": " << prepared.status().ToString();
  ASSERT_TRUE(prepared->has_key_condition());
  const KeyCondition& k = prepared->key_condition();
  EXPECT_EQ(k.partition_value, S("part"));
  EXPECT_EQ(k.sort_op, c.op) << c.expression;
  if (c.op != SortOp::kNone) {
    EXPECT_EQ(k.sort_value, c.sort_value) << c.expression;
  }
  if (c.op == SortOp::kBetween) {
    EXPECT_EQ(k.sort_value2, c.sort_value2);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, KeyConditionAccepts,
    ::testing::Values(KeyCase{"pk = :p", SortOp::kNone, Null(), Null()},
                      KeyCase{"#pk = :p", SortOp::kNone, Null(), Null()},
                      KeyCase{":p = pk", SortOp::kNone, Null(), Null()},
                      KeyCase{"pk = :p AND sk = :n", SortOp::kEq, N("5"), Null()},
                      KeyCase{"pk = :p AND sk < :n", SortOp::kLt, N("5"), Null()},
                      KeyCase{"pk = :p AND sk <= :n", SortOp::kLe, N("5"), Null()},
                      KeyCase{"pk = :p AND sk > :n", SortOp::kGt, N("5"), Null()},
                      KeyCase{"pk = :p AND sk >= :n", SortOp::kGe, N("5"), Null()},
                      KeyCase{"pk = :p AND :n < sk", SortOp::kGt, N("5"), Null()},
                      KeyCase{"sk BETWEEN :n AND :m AND pk = :p", SortOp::kBetween, N("5"), N("9")},
                      KeyCase{"(pk = :p) and (sk > :n)", SortOp::kGt, N("5"), Null()}));

TEST(KeyConditionAccepts, BeginsWithOnStringSortKey) {
  Result<PreparedExpressions> prepared =
      KeyRequest("pk = :p AND begins_with(sk, :s)", StringSortKey()).Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_EQ(prepared->key_condition().sort_op, SortOp::kBeginsWith);
  EXPECT_EQ(prepared->key_condition().sort_value, S("pre"));
}

TEST(KeyConditionAccepts, FilterMayNotNameKeyAttributes) {
  Request r = KeyRequest("pk = :p", StringHashNumberRange());
  r.filter = "sk > :n";
  r.values = ExpressionAttributeValues{{":p", S("part")}, {":n", N("5")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().message(),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: sk");
  r.filter = "extra > :n";
  EXPECT_TRUE(r.Prepare().ok());
}

struct ErrorCase {
  std::string expression;
  std::string message;
};

class KeyConditionRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(KeyConditionRejects, WithDynamoDBMessage) {
  const ErrorCase& c = GetParam();
  Result<PreparedExpressions> prepared =
      KeyRequest(c.expression, StringHashNumberRange()).Prepare();
  ASSERT_FALSE(prepared.ok()) << c.expression;
  EXPECT_TRUE(prepared.status().IsValidation());
  EXPECT_EQ(prepared.status().message(), c.message) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Bad, KeyConditionRejects,
    ::testing::Values(
        ErrorCase{"sk = :n", "Query condition missed key schema element: pk"},
        ErrorCase{"extra = :p", "Query condition missed key schema element: pk"},
        ErrorCase{"pk = :p AND extra = :n", "Query condition missed key schema element: sk"},
        ErrorCase{"pk < :p", "Query key condition not supported"},
        ErrorCase{"pk = :p OR sk = :n", "Query key condition not supported"},
        ErrorCase{"NOT pk = :p", "Query key condition not supported"},
        ErrorCase{"pk = :p AND sk <> :n", "Query key condition not supported"},
        ErrorCase{"pk = :p AND sk IN (:n, :m)", "Query key condition not supported"},
        ErrorCase{"pk = :p AND contains(sk, :n)", "Query key condition not supported"},
        ErrorCase{"pk = :p AND attribute_exists(sk)", "Query key condition not supported"},
        ErrorCase{"pk = :p AND size(sk) > :n", "Query key condition not supported"},
        ErrorCase{"pk = :p AND sk.x = :n", "Query key condition not supported"},
        ErrorCase{"pk = :p AND sk = :n AND sk > :m",
                  "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
                  "condition per key"},
        ErrorCase{"pk = :n",
                  "One or more parameter values were invalid: Condition parameter type does not "
                  "match schema type"},
        ErrorCase{"pk = :p AND sk > :s",
                  "One or more parameter values were invalid: Condition parameter type does not "
                  "match schema type"},
        ErrorCase{"pk = :p AND begins_with(sk, :n)",
                  "Invalid KeyConditionExpression: Incorrect operand type for operator or "
                  "function; operator or function: begins_with, operand type: N"},
        ErrorCase{"pk = :p AND",
                  "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
        ErrorCase{"pk = :p AND sk BETWEEN :m AND :n",
                  "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to "
                  "be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                  "{N:9}, upper bound operand: AttributeValue: {N:5}"},
        ErrorCase{"data = :p",
                  "Invalid KeyConditionExpression: Attribute name is a reserved keyword; "
                  "reserved keyword: data"}));

}  // namespace
}  // namespace headlock::expr_test
