// Placeholder rules across a request's expressions and the size and count
// limits of reference §8.5–8.6: each limit at its boundary (good) and one past
// it (bad).
#include <gtest/gtest.h>

#include <string>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

TEST(Placeholders, UnusedNamesAcrossAllExpressions) {
  Request r;
  r.condition = "#a = :one";
  r.update = "SET #b = :two";
  r.names = ExpressionAttributeNames{{"#a", "a"}, {"#b", "b"}, {"#c", "c"}, {"#d", "d"}};
  r.values = ExpressionAttributeValues{{":one", N("1")}, {":two", N("2")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#c, #d}");
  r.names->erase("#c");
  r.names->erase("#d");
  EXPECT_TRUE(r.Prepare().ok());
}

TEST(Placeholders, UnusedValuesAcrossAllExpressions) {
  Request r;
  r.condition = "a = :one";
  r.update = "SET b = :two";
  r.values = ExpressionAttributeValues{{":one", N("1")}, {":two", N("2")}, {":three", N("3")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().message(),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:three}");
  r.values->erase(":three");
  EXPECT_TRUE(r.Prepare().ok());
}

TEST(Placeholders, UsedInAnyExpressionCountsAsUsed) {
  Request r;
  r.projection = "#a";
  r.filter = "#a = :v";
  r.names = ExpressionAttributeNames{{"#a", "a"}};
  r.values = ExpressionAttributeValues{{":v", N("1")}};
  EXPECT_TRUE(r.Prepare().ok());
}

TEST(Placeholders, MapsWithoutExpressions) {
  Request r;
  r.values = ExpressionAttributeValues{{":v", N("1")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().message(),
            "ExpressionAttributeValues can only be specified when using expressions");
  Request names;
  names.names = ExpressionAttributeNames{{"#a", "a"}};
  EXPECT_EQ(names.Prepare().status().message(),
            "ExpressionAttributeNames can only be specified when using expressions");
  Request none;
  Result<PreparedExpressions> empty = none.Prepare();
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_condition() || empty->has_update() || empty->has_projection() ||
               empty->has_filter() || empty->has_key_condition());
}

TEST(Placeholders, MalformedKeys) {
  Request r;
  r.condition = "a = :v";
  r.values = ExpressionAttributeValues{{":v", N("1")}, {"v2", N("2")}};
  EXPECT_EQ(r.Prepare().status().message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v2\"");
  Request n;
  n.condition = "#a = :v";
  n.names = ExpressionAttributeNames{{"#a", "a"}, {"#", "b"}};
  n.values = ExpressionAttributeValues{{":v", N("1")}};
  EXPECT_EQ(n.Prepare().status().message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
  Request e;
  e.condition = "a = b";
  e.values = ExpressionAttributeValues{};
  EXPECT_EQ(e.Prepare().status().message(), "ExpressionAttributeValues must not be empty");
}

// ---- Limits ---------------------------------------------------------------

std::string Padded(std::string expression, size_t size) {
  expression.resize(size, ' ');  // whitespace counts towards the limit
  return expression;
}

TEST(Limits, ExpressionSize) {
  for (int kind = 0; kind < 4; ++kind) {
    Request r;
    std::string base = kind == 2 ? "SET a = :v" : (kind == 3 ? "a" : "a = :v");
    if (kind != 3) r.values = ExpressionAttributeValues{{":v", N("1")}};
    std::string* slot = kind == 0   ? &r.condition.emplace()
                        : kind == 1 ? &r.filter.emplace()
                        : kind == 2 ? &r.update.emplace()
                                    : &r.projection.emplace();
    *slot = Padded(base, kMaxExpressionSizeBytes);
    EXPECT_TRUE(r.Prepare().ok()) << kind;
    *slot = Padded(base, kMaxExpressionSizeBytes + 1);
    Result<PreparedExpressions> prepared = r.Prepare();
    ASSERT_FALSE(prepared.ok()) << kind;
    EXPECT_NE(
        prepared.status().message().find("Expression size has exceeded the maximum allowed size"),
        std::string::npos)
        << prepared.status().message();
  }
}

TEST(Limits, PlaceholderLength) {
  std::string name = "#" + std::string(kMaxPlaceholderSizeBytes - 1, 'n');
  std::string value = ":" + std::string(kMaxPlaceholderSizeBytes - 1, 'v');
  Request r;
  r.condition = name + " = " + value;
  r.names = ExpressionAttributeNames{{name, "a"}};
  r.values = ExpressionAttributeValues{{value, N("1")}};
  EXPECT_TRUE(r.Prepare().ok()) << r.Prepare().status().ToString();

  Request bad;
  bad.condition = name + "x = :v";
  bad.names = ExpressionAttributeNames{{name + "x", "a"}};
  bad.values = ExpressionAttributeValues{{":v", N("1")}};
  Result<PreparedExpressions> prepared = bad.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.status().message().find("exceeds the maximum length of 255 bytes"),
            std::string::npos)
      << prepared.status().message();
}

std::string InList(int operands) {
  std::string s = "a IN (";
  for (int i = 0; i < operands; ++i) s += (i ? ", :v" : ":v");
  return s + ")";
}

TEST(Limits, InOperands) {
  Request r;
  r.values = ExpressionAttributeValues{{":v", N("1")}};
  r.condition = InList(kMaxInOperands);
  EXPECT_TRUE(r.Prepare().ok());
  r.condition = InList(kMaxInOperands + 1);
  EXPECT_EQ(r.Prepare().status().message(),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

std::string DeepPath(int elements) {
  std::string s = "a";
  for (int i = 1; i < elements; ++i) s += (i % 2 ? ".b" : "[0]");
  return s;
}

TEST(Limits, DocumentPathDepth) {
  Request r;
  r.projection = DeepPath(kMaxDocumentPathDepth);
  EXPECT_TRUE(r.Prepare().ok()) << r.Prepare().status().ToString();
  r.projection = DeepPath(kMaxDocumentPathDepth + 1);
  EXPECT_EQ(r.Prepare().status().message(),
            "Invalid ProjectionExpression: The document path has too many nesting levels; "
            "nesting levels: 33");
}

std::string Additions(int operators) {
  std::string s = "SET a = :v";
  for (int i = 0; i < operators; ++i) s += " + :v";
  return s;
}

TEST(Limits, UpdateOperators) {
  Request r;
  r.values = ExpressionAttributeValues{{":v", N("1")}};
  r.update = Additions(kMaxUpdateOperators);
  EXPECT_TRUE(r.Prepare().ok()) << r.Prepare().status().ToString();
  r.update = Additions(kMaxUpdateOperators + 1);
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.status().message().find("too many operators"), std::string::npos)
      << prepared.status().message();
  // Functions count too: 150 list_append calls plus 150 '+' make 300.
  auto mixed = [](int functions, int pluses) {
    std::string s = "SET b=:v";
    for (int i = 0; i < pluses; ++i) s += "+:v";
    for (int i = 0; i < functions; ++i) s += ",a" + std::to_string(i) + "=list_append(l,l)";
    return s;
  };
  r.update = mixed(150, 150);
  ASSERT_LE(r.update->size(), kMaxExpressionSizeBytes);
  EXPECT_TRUE(r.Prepare().ok()) << r.Prepare().status().ToString();
  r.update = mixed(151, 150);
  EXPECT_FALSE(r.Prepare().ok());
}

TEST(Limits, NestingDepthIsBounded) {
  std::string deep(200, '(');
  deep += "a = :v";
  deep += std::string(200, ')');
  Request r;
  r.condition = deep;
  r.values = ExpressionAttributeValues{{":v", N("1")}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.status().message().find("nested too deeply"), std::string::npos);
  std::string not_chain;
  for (int i = 0; i < 2000; ++i) not_chain += "NOT ";
  r.condition = not_chain + "a = :v";
  EXPECT_FALSE(r.Prepare().ok());
}

}  // namespace
}  // namespace headlock::expr_test
