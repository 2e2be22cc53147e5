// UpdateExpression: application (good inputs) and rejections at prepare and
// at apply time (bad inputs), table-driven.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

Item SampleItem() {
  return Item{
      {"id", S("k")},
      {"n", N("5")},
      {"s", S("x")},
      {"l", L({N("1"), N("2"), N("3")})},
      {"m", M({{"a", N("1")}})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2"})},
  };
}

KeySchema IdKey() {
  KeySchema k;
  k.partition_key = {"id", AttributeType::kS};
  return k;
}

Request UpdateRequest(const std::string& expression) {
  Request r;
  r.update = expression;
  r.values = ValuesUsedBy(expression, CommonValues());
  if (r.values->empty()) r.values.reset();
  r.table_key = IdKey();
  return r;
}

struct ApplyCase {
  std::string expression;
  // Attributes expected to differ from SampleItem() afterwards; a NULL-typed
  // value with the marker below means "removed".
  std::vector<std::pair<std::string, std::optional<AttributeValue>>> changes;
};

class UpdateApply : public ::testing::TestWithParam<ApplyCase> {};

TEST_P(UpdateApply, MatchesDynamoDB) {
  const ApplyCase& c = GetParam();
  Result<PreparedExpressions> prepared = UpdateRequest(c.expression).Prepare();
  ASSERT_TRUE(prepared.ok()) << c.expression << ": " << prepared.status().ToString();
  Item item = SampleItem();
  Status s = prepared->ApplyUpdate(&item);
  ASSERT_TRUE(s.ok()) << c.expression << ": " << s.ToString();
  Item expected = SampleItem();
  for (const auto& [name, value] : c.changes) {
    if (value) {
      expected[name] = *value;
    } else {
      expected.erase(name);
    }
  }
  EXPECT_EQ(ItemString(item), ItemString(expected)) << c.expression;
}

using Change = std::pair<std::string, std::optional<AttributeValue>>;
const std::optional<AttributeValue> kRemoved = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    Set, UpdateApply,
    ::testing::Values(ApplyCase{"SET n = n + :one", {Change{"n", N("6")}}},
                      ApplyCase{"SET n = :one - n", {Change{"n", N("-4")}}},
                      ApplyCase{"SET n = n + :one + :two - :four", {Change{"n", N("4")}}},
                      ApplyCase{"SET s2 = :str", {Change{"s2", S("str")}}},
                      ApplyCase{"SET m.b = :one", {Change{"m", M({{"a", N("1")}, {"b", N("1")}})}}},
                      ApplyCase{"SET m.a = m.a + :one", {Change{"m", M({{"a", N("2")}})}}},
                      ApplyCase{"SET l[1] = :ten", {Change{"l", L({N("1"), N("10"), N("3")})}}},
                      ApplyCase{"SET l[10] = :ten",
                                {Change{"l", L({N("1"), N("2"), N("3"), N("10")})}}},
                      // New indexes are applied in index order, not text order.
                      ApplyCase{"SET l[7] = :seven, l[5] = :six",
                                {Change{"l", L({N("1"), N("2"), N("3"), N("6"), N("7")})}}},
                      ApplyCase{"SET x = if_not_exists(x, :zero)", {Change{"x", N("0")}}},
                      ApplyCase{"SET n = if_not_exists(n, :zero)", {}},
                      ApplyCase{"SET n = if_not_exists(n, :zero) + :one", {Change{"n", N("6")}}},
                      ApplyCase{"SET l = list_append(l, :list4)",
                                {Change{"l", L({N("1"), N("2"), N("3"), N("4")})}}},
                      ApplyCase{"SET l = list_append(:list4, l)",
                                {Change{"l", L({N("4"), N("1"), N("2"), N("3")})}}},
                      ApplyCase{"SET nl = list_append(if_not_exists(nl, :list4), :list4)",
                                {Change{"nl", L({N("4"), N("4")})}}},
                      // Values come from the item before the update: this swaps.
                      ApplyCase{"SET n = s, s = n", {Change{"n", S("x")}, Change{"s", N("5")}}},
                      ApplyCase{"set n = :one", {Change{"n", N("1")}}}));

INSTANTIATE_TEST_SUITE_P(
    RemoveAddDelete, UpdateApply,
    ::testing::Values(ApplyCase{"REMOVE s", {Change{"s", kRemoved}}},
                      ApplyCase{"REMOVE l[0], l[2]", {Change{"l", L({N("2")})}}},
                      ApplyCase{"REMOVE l[2], l[0]", {Change{"l", L({N("2")})}}},
                      ApplyCase{"REMOVE l[1]", {Change{"l", L({N("1"), N("3")})}}},
                      ApplyCase{"REMOVE absent", {}}, ApplyCase{"REMOVE l[9]", {}},
                      ApplyCase{"REMOVE m.zz, absent.x", {}},
                      ApplyCase{"REMOVE m.a", {Change{"m", M({})}}},
                      ApplyCase{"ADD n :one", {Change{"n", N("6")}}},
                      ApplyCase{"ADD n :negone", {Change{"n", N("4")}}},
                      ApplyCase{"ADD newnum :one", {Change{"newnum", N("1")}}},
                      ApplyCase{"ADD ss :ssbc", {Change{"ss", SS({"a", "b", "c"})}}},
                      ApplyCase{"ADD newset :ssbc", {Change{"newset", SS({"b", "c"})}}},
                      ApplyCase{"ADD m.a :one", {Change{"m", M({{"a", N("2")}})}}},
                      ApplyCase{"DELETE ss :ssa", {Change{"ss", SS({"b"})}}},
                      ApplyCase{"DELETE ss :ssab", {Change{"ss", kRemoved}}},
                      ApplyCase{"DELETE ss :ssbc", {Change{"ss", SS({"a"})}}},
                      ApplyCase{"DELETE absent :ssa", {}},
                      ApplyCase{"DELETE ns :ns1", {Change{"ns", NS({"2"})}}},
                      ApplyCase{"SET n = :one REMOVE s ADD ss :ssbc DELETE ns :ns1",
                                {Change{"n", N("1")}, Change{"s", kRemoved},
                                 Change{"ss", SS({"a", "b", "c"})}, Change{"ns", NS({"2"})}}},
                      ApplyCase{"delete ns :ns1 add n :one remove s set x = :one",
                                {Change{"n", N("6")}, Change{"s", kRemoved},
                                 Change{"ns", NS({"2"})}, Change{"x", N("1")}}}));

TEST(UpdateApply, NamesAndUpdatedPaths) {
  Request r;
  r.update = "SET #m.#a = :one, #dotted = :one REMOVE #s";
  r.names = ExpressionAttributeNames{{"#m", "m"}, {"#a", "a"}, {"#dotted", "a.b"}, {"#s", "s"}};
  r.values = ExpressionAttributeValues{{":one", N("2")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item = SampleItem();
  std::vector<DocumentPath> updated;
  ASSERT_TRUE(prepared->ApplyUpdate(&item, &updated).ok());
  EXPECT_EQ(item.at("m"), M({{"a", N("2")}}));
  EXPECT_EQ(item.at("a.b"), N("2"));
  EXPECT_EQ(item.count("s"), 0u);
  ASSERT_EQ(updated.size(), 3u);
  EXPECT_EQ(DocumentPathToString(updated[0]), "m.a");
  EXPECT_EQ(DocumentPathToString(updated[1]), "a.b");  // one element holding a dot
  EXPECT_EQ(updated[1].size(), 1u);
  EXPECT_EQ(prepared->ProjectedTopLevelNames(), (std::vector<std::string>{"a.b", "m", "s"}));
}

TEST(UpdateApply, ExactDecimalArithmetic) {
  Request r;
  r.update = "SET n = n + :tenth, p = :big - :tiny";
  r.values = ExpressionAttributeValues{{":tenth", N("0.1")},
                                       {":big", N("12345678901234567890123456789012345678")},
                                       {":tiny", N("1")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item = SampleItem();
  ASSERT_TRUE(prepared->ApplyUpdate(&item).ok());
  EXPECT_EQ(item.at("n").n().ToString(), "5.1");
  EXPECT_EQ(item.at("p").n().ToString(), "12345678901234567890123456789012345677");
}

TEST(UpdateApply, SeedLockUpdateOnMissingItemStartsFromKey) {
  Request r;
  r.update = "SET orderNo = :lockTo, lockByClient = :clientKey";
  r.condition = "orderNo = :previousOrderNo";
  r.values = ExpressionAttributeValues{{":lockTo", N("1700000060000")},
                                       {":clientKey", S("client-1")},
                                       {":previousOrderNo", N("1700000000000")}};
  r.table_key = IdKey();
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item{{"id", S("req-1")}, {"orderNo", N("1700000000000")}};
  EXPECT_TRUE(*prepared->EvaluateCondition(&item));
  ASSERT_TRUE(prepared->ApplyUpdate(&item).ok());
  EXPECT_EQ(item.at("orderNo"), N("1700000060000"));
  EXPECT_EQ(item.at("lockByClient"), S("client-1"));
  EXPECT_FALSE(*prepared->EvaluateCondition(&item));  // a second locker loses
}

// ---- Bad-input twins: rejected by Prepare -----------------------------------

struct ErrorCase {
  std::string expression;
  std::string message;
};

class UpdateRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UpdateRejects, WithDynamoDBMessage) {
  const ErrorCase& c = GetParam();
  Result<PreparedExpressions> prepared = UpdateRequest(c.expression).Prepare();
  ASSERT_FALSE(prepared.ok()) << c.expression;
  EXPECT_TRUE(prepared.status().IsValidation());
  EXPECT_EQ(prepared.status().message(), c.message) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Prepare, UpdateRejects,
    ::testing::Values(
        ErrorCase{"SET n = :one SET s = :one",
                  "Invalid UpdateExpression: The \"SET\" section can only be used once in an "
                  "update expression;"},
        ErrorCase{"REMOVE a remove b",
                  "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an "
                  "update expression;"},
        ErrorCase{"ADD n :one ADD s :one",
                  "Invalid UpdateExpression: The \"ADD\" section can only be used once in an "
                  "update expression;"},
        ErrorCase{"DELETE ss :ssa DELETE ns :ns1",
                  "Invalid UpdateExpression: The \"DELETE\" section can only be used once in an "
                  "update expression;"},
        ErrorCase{"SET a = :one, a.b = :one",
                  "Invalid UpdateExpression: Two document paths overlap with each other; must "
                  "remove or rewrite one of these paths; path one: [a], path two: [a, b]"},
        ErrorCase{"SET a = :one REMOVE a",
                  "Invalid UpdateExpression: Two document paths overlap with each other; must "
                  "remove or rewrite one of these paths; path one: [a], path two: [a]"},
        ErrorCase{"SET a.b = :one, a[1] = :one",
                  "Invalid UpdateExpression: Two document paths conflict with each other; must "
                  "remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"},
        ErrorCase{"SET id = :one",
                  "One or more parameter values were invalid: Cannot update attribute id. This "
                  "attribute is part of the key"},
        ErrorCase{"REMOVE id",
                  "One or more parameter values were invalid: Cannot update attribute id. This "
                  "attribute is part of the key"},
        ErrorCase{"SET n = n + :str",
                  "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator or function: +, operand type: S"},
        ErrorCase{"SET n = :ssa - n",
                  "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator or function: -, operand type: SS"},
        ErrorCase{"SET l = list_append(l, :one)",
                  "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator or function: list_append, operand type: N"},
        ErrorCase{"ADD n :str",
                  "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
        ErrorCase{"DELETE ss :one",
                  "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
        ErrorCase{"SET n = :one +",
                  "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\""},
        ErrorCase{"SET n = 1",
                  "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"= 1\""},
        ErrorCase{"SET l[-1] = :one",
                  "Invalid UpdateExpression: Syntax error; token: \"-\", near: \"[-\""},
        ErrorCase{"SET l[0.4] = :one",
                  "Invalid UpdateExpression: Syntax error; token: \".\", near: \"0.\""},
        ErrorCase{"SET [0] = :one",
                  "Invalid UpdateExpression: Syntax error; token: \"[\", near: \"SET [\""},
        ErrorCase{"ADD n n", "Invalid UpdateExpression: Syntax error; token: \"n\", near: \"n n\""},
        ErrorCase{"UPSERT n = :one",
                  "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT\""},
        ErrorCase{"SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\""},
        ErrorCase{"SET n = :one,",
                  "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\""},
        ErrorCase{"SET n = size(s)",
                  "Invalid UpdateExpression: The function is not allowed in an update "
                  "expression; function: size"},
        ErrorCase{"SET n = foo(s)",
                  "Invalid UpdateExpression: Invalid function name; function: foo"},
        ErrorCase{"SET n = if_not_exists(n)",
                  "Invalid UpdateExpression: Incorrect number of operands for operator or "
                  "function; operator or function: if_not_exists, number of operands: 1"},
        ErrorCase{"SET n = if_not_exists(:one, :one)",
                  "Invalid UpdateExpression: Operator or function requires a document path; "
                  "operator or function: if_not_exists"},
        ErrorCase{"SET name = :one",
                  "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved "
                  "keyword: name"},
        ErrorCase{"SET n = :undefined",
                  "Invalid UpdateExpression: An expression attribute value used in expression is "
                  "not defined; attribute value: :undefined"},
        ErrorCase{"REMOVE #undefined",
                  "Invalid UpdateExpression: An expression attribute name used in the document "
                  "path is not defined; attribute name: #undefined"},
        ErrorCase{"", "Invalid UpdateExpression: The expression can not be empty;"}));

// ---- Bad-input twins: rejected by ApplyUpdate, item unchanged ---------------

class UpdateApplyRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UpdateApplyRejects, LeavesItemUnchanged) {
  const ErrorCase& c = GetParam();
  Result<PreparedExpressions> prepared = UpdateRequest(c.expression).Prepare();
  ASSERT_TRUE(prepared.ok()) << c.expression << ": " << prepared.status().ToString();
  Item item = SampleItem();
  std::vector<DocumentPath> updated;
  Status s = prepared->ApplyUpdate(&item, &updated);
  ASSERT_FALSE(s.ok()) << c.expression;
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), c.message) << c.expression;
  EXPECT_EQ(ItemString(item), ItemString(SampleItem())) << c.expression;
  EXPECT_TRUE(updated.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Apply, UpdateApplyRejects,
    ::testing::Values(
        ErrorCase{"SET x.y = :one",
                  "The document path provided in the update expression is invalid for update"},
        ErrorCase{"SET s.y = :one",
                  "The document path provided in the update expression is invalid for update"},
        ErrorCase{"SET m[0] = :one",
                  "The document path provided in the update expression is invalid for update"},
        ErrorCase{"SET n = :one, x.y = :one",
                  "The document path provided in the update expression is invalid for update"},
        ErrorCase{"SET n = s + :one",
                  "An operand in the update expression has an incorrect data type"},
        ErrorCase{"SET l = list_append(l, s)",
                  "An operand in the update expression has an incorrect data type"},
        ErrorCase{"ADD s :one", "An operand in the update expression has an incorrect data type"},
        ErrorCase{"ADD ss :ns1", "An operand in the update expression has an incorrect data type"},
        ErrorCase{"DELETE s :ssa",
                  "An operand in the update expression has an incorrect data type"},
        ErrorCase{"DELETE ss :ns1",
                  "An operand in the update expression has an incorrect data type"},
        ErrorCase{"SET n = absent + :one",
                  "The provided expression refers to an attribute that does not exist in the item"},
        ErrorCase{"SET n = :huge + :huge",
                  "Number overflow. Attempting to store a number with magnitude larger than "
                  "supported range"}));

}  // namespace
}  // namespace headlock::expr_test
