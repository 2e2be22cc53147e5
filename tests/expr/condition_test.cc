// ConditionExpression / FilterExpression: evaluation (good inputs) and the
// matching rejections (bad inputs), table-driven.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

Item SampleItem() {
  return Item{
      {"id", S("k1")},
      {"n", N("5")},
      {"s", S("hello")},
      {"utf", S("\xC3\xA9")},  // "é": one character, two UTF-8 bytes
      {"b", B(std::string("\x01\x02", 2))},
      {"l", L({N("1"), S("x")})},
      {"m", M({{"k", S("v")}, {"nested", M({{"deep", N("7")}})}})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2"})},
      {"bs", BS({"\x01"})},
      {"t", Bool(true)},
      {"z", Null()},
  };
}

struct EvalCase {
  std::string expression;
  bool expected;
};

class ConditionEval : public ::testing::TestWithParam<EvalCase> {};

TEST_P(ConditionEval, MatchesDynamoDB) {
  const EvalCase& c = GetParam();
  Request r;
  r.condition = c.expression;
  r.values = ValuesUsedBy(c.expression, CommonValues());
  if (r.values->empty()) r.values.reset();
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item = SampleItem();
  Result<bool> result = prepared->EvaluateCondition(&item);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, c.expected) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Comparisons, ConditionEval,
    ::testing::Values(EvalCase{"n = :five", true}, EvalCase{"n <> :five", false},
                      EvalCase{"n < :six", true}, EvalCase{"n < :five", false},
                      EvalCase{"n <= :five", true}, EvalCase{"n > :four", true},
                      EvalCase{"n >= :six", false}, EvalCase{":six > n", true},
                      // Different types: never equal, never ordered.
                      EvalCase{"s = :five", false}, EvalCase{"s < :five", false},
                      EvalCase{"s >= :five", false}, EvalCase{"s <> :five", true},
                      // Missing attributes.
                      EvalCase{"absent = :five", false}, EvalCase{"absent < :five", false},
                      EvalCase{"absent >= :five", false}, EvalCase{"absent <> :five", true},
                      // Strings and binary bytewise, unsigned.
                      EvalCase{"s < :z", true}, EvalCase{"s > :upperz", true},
                      EvalCase{"b > :b01", true}, EvalCase{"b < :bff", true},
                      // Deep equality of documents and paths.
                      EvalCase{"m.nested.deep = :seven", true}, EvalCase{"l[1] = :x", true},
                      EvalCase{"l[0] = :one", true}, EvalCase{"l[5] = :one", false},
                      EvalCase{"m.k.x = :x", false},
                      // Booleans are not ordered.
                      EvalCase{"t > :one", false}));

INSTANTIATE_TEST_SUITE_P(
    BetweenAndIn, ConditionEval,
    ::testing::Values(EvalCase{"n BETWEEN :four AND :six", true},
                      EvalCase{"n BETWEEN :five AND :five", true},
                      EvalCase{"n BETWEEN :six AND :seven", false},
                      EvalCase{"s BETWEEN :he AND :z", true},
                      EvalCase{"s BETWEEN :four AND :six", false},
                      EvalCase{"absent BETWEEN :four AND :six", false},
                      EvalCase{"n IN (:four, :five)", true}, EvalCase{"n IN (:four)", false},
                      EvalCase{"absent IN (:five)", false}, EvalCase{"s IN (:five, :hello)", true},
                      EvalCase{"n between :four and :six", true}, EvalCase{"n in (:five)", true}));

INSTANTIATE_TEST_SUITE_P(
    Logic, ConditionEval,
    ::testing::Values(
        // AND binds tighter than OR: true OR (false AND false).
        EvalCase{"n = :five OR n = :four AND n = :six", true},
        // Parentheses override it.
        EvalCase{"(n = :five OR n = :four) AND n = :six", false},
        // NOT binds looser than comparisons, tighter than AND: (NOT true) AND false.
        EvalCase{"NOT n = :five AND n = :four", false},
        EvalCase{"NOT (n = :five AND n = :four)", true}, EvalCase{"NOT NOT n = :five", true},
        EvalCase{"not n = :four", true}, EvalCase{"n = :five and s = :hello", true},
        EvalCase{"n = :four or s = :hello", true},
        EvalCase{"n = :four OR s = :x OR t = :one", false},
        EvalCase{"((n = :five) AND (s = :hello))", true}));

INSTANTIATE_TEST_SUITE_P(
    Functions, ConditionEval,
    ::testing::Values(
        EvalCase{"attribute_exists(n)", true}, EvalCase{"attribute_exists(absent)", false},
        EvalCase{"attribute_not_exists(absent)", true}, EvalCase{"attribute_not_exists(n)", false},
        EvalCase{"attribute_exists(m.k)", true}, EvalCase{"attribute_exists(l[1])", true},
        EvalCase{"attribute_exists(l[2])", false}, EvalCase{"attribute_exists(z)", true},
        EvalCase{"attribute_type(n, :typeN)", true}, EvalCase{"attribute_type(n, :typeS)", false},
        EvalCase{"attribute_type(z, :typeNULL)", true},
        EvalCase{"attribute_type(absent, :typeN)", false}, EvalCase{"begins_with(s, :he)", true},
        EvalCase{"begins_with(s, :lo)", false}, EvalCase{"begins_with(b, :b01)", true},
        EvalCase{"begins_with(n, :he)", false}, EvalCase{"begins_with(absent, :he)", false},
        EvalCase{"contains(s, :ell)", true}, EvalCase{"contains(s, :x)", false},
        EvalCase{"contains(ss, :a)", true}, EvalCase{"contains(ss, :x)", false},
        EvalCase{"contains(ns, :one)", true}, EvalCase{"contains(ns, :five)", false},
        EvalCase{"contains(l, :x)", true}, EvalCase{"contains(l, :one)", true},
        EvalCase{"contains(l, :five)", false}, EvalCase{"contains(n, :five)", false},
        EvalCase{"contains(ss, :one)", false}, EvalCase{"size(s) = :five", true},
        EvalCase{"size(utf) = :two", true}, EvalCase{"size(b) = :two", true},
        EvalCase{"size(l) = :two", true}, EvalCase{"size(m) = :two", true},
        EvalCase{"size(ss) = :two", true}, EvalCase{"size(ns) < :five", true},
        EvalCase{"size(n) = :one", false}, EvalCase{"size(absent) = :zero", false},
        EvalCase{"size(s) BETWEEN :four AND :six", true},
        EvalCase{"size(l) IN (:one, :two)", true}));

TEST(ConditionEval, NoItemMeansEveryPathIsMissing) {
  Request r;
  r.condition = "attribute_not_exists(id) AND NOT n = :five";
  r.values = ExpressionAttributeValues{{":five", N("5")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_TRUE(*prepared->EvaluateCondition(nullptr));
}

TEST(ConditionEval, NamesSubstituteOneElementEach) {
  Request r;
  r.condition = "#m.#k = :v AND #dotted = :v";
  r.names = ExpressionAttributeNames{{"#m", "m"}, {"#k", "k"}, {"#dotted", "a.b"}};
  r.values = ExpressionAttributeValues{{":v", S("v")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item = SampleItem();
  EXPECT_FALSE(*prepared->EvaluateCondition(&item));  // no top-level "a.b"
  item["a.b"] = S("v");
  EXPECT_TRUE(*prepared->EvaluateCondition(&item));
}

TEST(ConditionEval, FilterAndAbsentExpressions) {
  Request r;
  r.filter = "n > :four";
  r.values = ExpressionAttributeValues{{":four", N("4")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_TRUE(prepared->has_filter());
  EXPECT_FALSE(prepared->has_condition());
  EXPECT_TRUE(*prepared->EvaluateFilter(SampleItem()));
  EXPECT_TRUE(*prepared->EvaluateCondition(nullptr));  // no condition: true
  Item small{{"n", N("3")}};
  EXPECT_FALSE(*prepared->EvaluateFilter(small));
}

// ---- Bad-input twins --------------------------------------------------------

struct ErrorCase {
  std::string expression;
  std::string message;
};

class ConditionRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConditionRejects, WithDynamoDBMessage) {
  const ErrorCase& c = GetParam();
  Request r;
  r.condition = c.expression;
  r.names = ExpressionAttributeNames{{"#n", "n"}};
  r.values = ValuesUsedBy(c.expression, CommonValues());
  // Keep the maps "used" so that only the expression's own error shows.
  if (c.expression.find("#n") == std::string::npos) r.names.reset();
  if (r.values->empty()) r.values.reset();
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok()) << c.expression;
  EXPECT_TRUE(prepared.status().IsValidation());
  EXPECT_EQ(prepared.status().message(), c.message) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Syntax, ConditionRejects,
    ::testing::Values(
        ErrorCase{"n = ",
                  "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""},
        ErrorCase{"a b", "Invalid ConditionExpression: Syntax error; token: \"b\", near: \"a b\""},
        ErrorCase{"n == :five",
                  "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"==\""},
        ErrorCase{"n = :five AND",
                  "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
        ErrorCase{"(n = :five",
                  "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":five\""},
        ErrorCase{"n = :five)",
                  "Invalid ConditionExpression: Syntax error; token: \")\", near: \":five)\""},
        ErrorCase{"NOT",
                  "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"NOT\""},
        ErrorCase{"n BETWEEN :four OR :six",
                  "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":four OR\""},
        ErrorCase{"n IN :five",
                  "Invalid ConditionExpression: Syntax error; token: \":five\", near: "
                  "\"IN :five\""},
        ErrorCase{"n = 5",
                  "Invalid ConditionExpression: Syntax error; token: \"5\", near: \"= 5\""},
        ErrorCase{"n = :five ;",
                  "Invalid ConditionExpression: Syntax error; token: \";\", near: "
                  "\":five ;\""},
        ErrorCase{"n", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"n\""},
        ErrorCase{"l[-1] = :one",
                  "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"[-\""},
        ErrorCase{"l[0.4] = :one",
                  "Invalid ConditionExpression: Syntax error; token: \".\", near: \"0.\""},
        ErrorCase{"  ", "Invalid ConditionExpression: The expression can not be empty;"},
        ErrorCase{"and = :one",
                  "Invalid ConditionExpression: Syntax error; token: \"and\", near: \"and\""}));

INSTANTIATE_TEST_SUITE_P(
    Semantics, ConditionRejects,
    ::testing::Values(
        ErrorCase{"((n = :five))",
                  "Invalid ConditionExpression: The expression has redundant parentheses;"},
        ErrorCase{"n = :one OR ((n = :five AND s = :hello))",
                  "Invalid ConditionExpression: The expression has redundant parentheses;"},
        ErrorCase{"ATTRIBUTE_EXISTS(n)",
                  "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"},
        ErrorCase{"size(s)",
                  "Invalid ConditionExpression: The function is not allowed to be used this way in "
                  "an expression; function: size"},
        ErrorCase{"attribute_exists(n) = :five",
                  "Invalid ConditionExpression: The function is not allowed to be used this way in "
                  "an expression; function: attribute_exists"},
        ErrorCase{"if_not_exists(n, :five) = :five",
                  "Invalid ConditionExpression: The function is not allowed in a condition "
                  "expression; function: if_not_exists"},
        ErrorCase{"attribute_exists(n, s)",
                  "Invalid ConditionExpression: Incorrect number of operands for operator or "
                  "function; operator or function: attribute_exists, number of operands: 2"},
        ErrorCase{"status = :five",
                  "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                  "keyword: status"},
        ErrorCase{"m.Name = :five",
                  "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                  "keyword: Name"},
        ErrorCase{"#n = :undefined",
                  "Invalid ConditionExpression: An expression attribute value used in expression "
                  "is not defined; attribute value: :undefined"},
        ErrorCase{"#undefined = :five",
                  "Invalid ConditionExpression: An expression attribute name used in the document "
                  "path is not defined; attribute name: #undefined"},
        ErrorCase{"n = n",
                  "Invalid ConditionExpression: The first operand must be distinct from the "
                  "remaining operands for this operator or function; operator: =, first "
                  "operand: [n]"},
        ErrorCase{"contains(s, s)",
                  "Invalid ConditionExpression: The first operand must be distinct from the "
                  "remaining operands for this operator or function; operator: contains, first "
                  "operand: [s]"},
        ErrorCase{"attribute_type(n, :five)",
                  "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                  "operator or function: attribute_type, operand type: N"},
        ErrorCase{"attribute_type(n, :typeBogus)",
                  "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, "
                  "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
        ErrorCase{"attribute_type(:typeN, :typeN)",
                  "Invalid ConditionExpression: Operator or function requires a document path; "
                  "operator or function: attribute_type"},
        ErrorCase{"attribute_exists(:five)",
                  "Invalid ConditionExpression: Operator or function requires a document path; "
                  "operator or function: attribute_exists"},
        ErrorCase{"begins_with(s, :five)",
                  "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                  "operator or function: begins_with, operand type: N"},
        ErrorCase{"size(:five) = :one",
                  "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                  "operator or function: size, operand type: N"},
        ErrorCase{"n BETWEEN :six AND :four",
                  "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
                  "greater than or equal to lower bound; lower bound operand: AttributeValue: "
                  "{N:6}, upper bound operand: AttributeValue: {N:4}"},
        ErrorCase{"n BETWEEN :five AND :hello",
                  "Invalid ConditionExpression: The BETWEEN operator requires same data type for "
                  "lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound "
                  "operand: AttributeValue: {S:hello}"}));

}  // namespace
}  // namespace headlock::expr_test
