#include "headlock/value/attribute_value.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headlock {
namespace {

AttributeValue Num(std::string_view text) { return AttributeValue::NumberFromString(text); }

Number Parsed(std::string_view text) { return *Number::Parse(text); }

TEST(AttributeValueTest, TypeNamesRoundTrip) {
  const std::vector<std::pair<AttributeType, std::string_view>> names = {
      {AttributeType::kS, "S"},       {AttributeType::kN, "N"},       {AttributeType::kB, "B"},
      {AttributeType::kBOOL, "BOOL"}, {AttributeType::kNULL, "NULL"}, {AttributeType::kM, "M"},
      {AttributeType::kL, "L"},       {AttributeType::kSS, "SS"},     {AttributeType::kNS, "NS"},
      {AttributeType::kBS, "BS"}};
  for (const auto& [type, name] : names) {
    EXPECT_EQ(AttributeTypeName(type), name);
    AttributeType parsed = AttributeType::kS;
    ASSERT_TRUE(ParseAttributeType(name, &parsed)) << name;
    EXPECT_EQ(parsed, type);
  }
  AttributeType unused = AttributeType::kS;
  for (std::string_view bad : {"", "s", "BOOLEAN", "Null", "SSS"}) {
    EXPECT_FALSE(ParseAttributeType(bad, &unused)) << bad;
  }
}

TEST(AttributeValueTest, TypeMatchesConstructor) {
  EXPECT_EQ(AttributeValue::S("x").type(), AttributeType::kS);
  EXPECT_EQ(Num("1").type(), AttributeType::kN);
  EXPECT_EQ(AttributeValue::B("x").type(), AttributeType::kB);
  EXPECT_EQ(AttributeValue::BOOL(false).type(), AttributeType::kBOOL);
  EXPECT_EQ(AttributeValue().type(), AttributeType::kNULL);
  EXPECT_EQ(AttributeValue::M({}).type(), AttributeType::kM);
  EXPECT_EQ(AttributeValue::L({}).type(), AttributeType::kL);
  EXPECT_EQ(AttributeValue::SS({"a"})->type(), AttributeType::kSS);
  EXPECT_EQ(AttributeValue::NS({Parsed("1")})->type(), AttributeType::kNS);
  EXPECT_EQ(AttributeValue::BS({"a"})->type(), AttributeType::kBS);
  // S and B with the same bytes are different values.
  EXPECT_NE(AttributeValue::S("x"), AttributeValue::B("x"));
}

TEST(AttributeValueTest, SetsAreSortedSoOrderDoesNotMatter) {
  Result<AttributeValue> a = AttributeValue::SS({"b", "a", "\xC2\xBF", "z", "A"});
  ASSERT_TRUE(a.ok());
  // Bytewise unsigned: "A" < "a" < "b" < "z" < "¿" (0xC2BF).
  EXPECT_EQ(a->ss(), (std::vector<std::string>{"A", "a", "b", "z", "\xC2\xBF"}));
  EXPECT_EQ(*a, *AttributeValue::SS({"z", "\xC2\xBF", "A", "b", "a"}));

  Result<AttributeValue> n = AttributeValue::NS({Parsed("10"), Parsed("-1"), Parsed("2.5")});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->ns(), (std::vector<Number>{Parsed("-1"), Parsed("2.5"), Parsed("10")}));

  Result<AttributeValue> b =
      AttributeValue::BS({std::string("\xFF", 1), std::string("\x00", 1), "\x7F"});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->bs(), (std::vector<std::string>{std::string("\x00", 1), "\x7F", "\xFF"}));
}

struct SetErrorCase {
  Result<AttributeValue> result;
  std::string message;
};

TEST(AttributeValueTest, SetErrorsUseDynamoDbMessages) {
  std::vector<SetErrorCase> cases;
  cases.push_back({AttributeValue::SS({}),
                   "One or more parameter values were invalid: An string set  may not be empty"});
  cases.push_back({AttributeValue::NS({}),
                   "One or more parameter values were invalid: An number set  may not be empty"});
  cases.push_back({AttributeValue::BS({}),
                   "One or more parameter values were invalid: Binary sets should not be empty"});
  cases.push_back({AttributeValue::SS({"a", "a"}),
                   "One or more parameter values were invalid: Input collection [a, a] contains "
                   "duplicates."});
  cases.push_back({AttributeValue::SS({"b", "a", "b"}),
                   "One or more parameter values were invalid: Input collection [b, a, b] "
                   "contains duplicates."});
  cases.push_back({AttributeValue::NS({Parsed("1"), Parsed("1")}),
                   "One or more parameter values were invalid: Input collection contains "
                   "duplicates"});
  cases.push_back({AttributeValue::NS({Parsed("2"), Parsed("2.0")}),
                   "One or more parameter values were invalid: Input collection contains "
                   "duplicates"});
  cases.push_back({AttributeValue::BS({"b", "b"}),
                   "One or more parameter values were invalid: Input collection [Yg==, Yg==]of "
                   "type BS contains duplicates."});
  for (const SetErrorCase& c : cases) {
    ASSERT_FALSE(c.result.ok()) << c.message;
    EXPECT_TRUE(c.result.status().IsValidation());
    EXPECT_EQ(c.result.status().message(), c.message);
  }
  // Twins: near-duplicates are fine.
  EXPECT_TRUE(AttributeValue::SS({"a", "A"}).ok());
  EXPECT_TRUE(AttributeValue::SS({"a", "a "}).ok());
  EXPECT_TRUE(AttributeValue::SS({""}).ok());
  EXPECT_TRUE(AttributeValue::NS({Parsed("1"), Parsed("-1")}).ok());
  EXPECT_TRUE(AttributeValue::BS({"b", std::string("b\0", 2)}).ok());
}

struct SizeCase {
  AttributeValue value;
  size_t bytes;
};

TEST(AttributeValueTest, SizeBytesByDynamoDbRules) {
  AttributeMap m;
  m["ab"] = AttributeValue::S("xyz");  // 1 + 2 + 3
  m["n"] = Num("12");                  // 1 + 1 + 2
  const std::vector<SizeCase> cases = {
      {AttributeValue::S(""), 0},
      {AttributeValue::S("abc"), 3},
      {AttributeValue::S("\xC2\xBF"), 2},  // UTF-8 bytes, not characters
      {Num("0"), 1},
      {Num("-42"), 3},
      {AttributeValue::B(""), 0},
      {AttributeValue::B(std::string(10, '\0')), 10},
      {AttributeValue::BOOL(true), 1},
      {AttributeValue::BOOL(false), 1},
      {AttributeValue::NULL_(), 1},
      {AttributeValue::M({}), 3},
      {AttributeValue::L({}), 3},
      {AttributeValue::L({AttributeValue::S("ab"), Num("1")}), 3 + (1 + 2) + (1 + 2)},
      {AttributeValue::M(m), 3 + 6 + 4},
      {AttributeValue::L({AttributeValue::M(m)}), 3 + 1 + 13},
      {*AttributeValue::SS({"a", "bc", ""}), 3},
      {*AttributeValue::NS({Parsed("1"), Parsed("-1234")}), 2 + 4},
      {*AttributeValue::BS({"abc", "d"}), 4},
  };
  for (const SizeCase& c : cases) {
    EXPECT_EQ(c.value.SizeBytes(), c.bytes) << c.value.DebugString();
  }
}

TEST(AttributeValueTest, DebugString) {
  AttributeMap m;
  m["b"] = AttributeValue::BOOL(true);
  m["a"] = AttributeValue::S("q\"\\\n");
  const std::vector<std::pair<AttributeValue, std::string>> cases = {
      {AttributeValue::S("a"), R"({"S":"a"})"},
      {Num("001.50"), R"({"N":"1.5"})"},
      {AttributeValue::B("b"), R"({"B":"Yg=="})"},
      {AttributeValue::B("ab"), R"({"B":"YWI="})"},
      {AttributeValue::B("abc"), R"({"B":"YWJj"})"},
      {AttributeValue::BOOL(false), R"({"BOOL":false})"},
      {AttributeValue::NULL_(), R"({"NULL":true})"},
      {AttributeValue::M(m), R"({"M":{"a":{"S":"q\"\\\u000a"},"b":{"BOOL":true}}})"},
      {AttributeValue::L({Num("1"), AttributeValue::L({})}), R"({"L":[{"N":"1"},{"L":[]}]})"},
      {*AttributeValue::SS({"y", "x"}), R"({"SS":["x","y"]})"},
      {*AttributeValue::NS({Parsed("2"), Parsed("1e1")}), R"({"NS":["2","10"]})"},
      {*AttributeValue::BS({"b"}), R"({"BS":["Yg=="]})"},
  };
  for (const auto& [value, text] : cases) EXPECT_EQ(value.DebugString(), text);
}

TEST(AttributeValueTest, EqualityIsDeepAndNumeric) {
  EXPECT_EQ(Num("1"), Num("1.00"));
  EXPECT_NE(Num("1"), AttributeValue::S("1"));
  AttributeMap a{{"x", AttributeValue::L({Num("1"), AttributeValue::S("")})}};
  AttributeMap b{{"x", AttributeValue::L({Num("1.0"), AttributeValue::S("")})}};
  EXPECT_EQ(AttributeValue::M(a), AttributeValue::M(b));
  b["x"].mutable_l().push_back(AttributeValue::NULL_());
  EXPECT_NE(AttributeValue::M(a), AttributeValue::M(b));
  EXPECT_EQ(*AttributeValue::NS({Parsed("1"), Parsed("2")}),
            *AttributeValue::NS({Parsed("2.0"), Parsed("1.0")}));
}

}  // namespace
}  // namespace headlock
