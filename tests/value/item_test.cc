#include "headlock/value/item.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headlock {
namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr std::string_view kKeyMismatch = "The provided key element does not match the schema";

AttributeValue Num(std::string_view text) { return AttributeValue::NumberFromString(text); }

KeySchema HashOnly(AttributeType type = AttributeType::kS) {
  return KeySchema{KeyAttribute{"pk", type}, std::nullopt};
}
KeySchema HashRange(AttributeType pk = AttributeType::kS, AttributeType sk = AttributeType::kN) {
  return KeySchema{KeyAttribute{"pk", pk}, KeyAttribute{"sk", sk}};
}

std::string Invalid(std::string_view detail) { return std::string(kInvalid) + std::string(detail); }

// Nests `levels` containers (M or L) around a string.
AttributeValue Nested(int levels, bool use_list) {
  AttributeValue v = AttributeValue::S("leaf");
  for (int i = 0; i < levels; ++i) {
    v = use_list ? AttributeValue::L({v}) : AttributeValue::M({{"m", v}});
  }
  return v;
}

TEST(ItemTest, ItemSizeBytesSumsNamesAndValues) {
  Item item{{"pk", AttributeValue::S("abc")},                             // 2 + 3
            {"n", Num("-42")},                                            // 1 + 3
            {"\xC2\xBF", AttributeValue::BOOL(true)},                     // 2 + 1
            {"m", AttributeValue::M({{"k", AttributeValue::NULL_()}})}};  // 1 + 3 + 1 + 1 + 1
  EXPECT_EQ(ItemSizeBytes(item), 5u + 4u + 3u + 7u);
  EXPECT_EQ(ItemSizeBytes(Item{}), 0u);
}

// An item with key pk="k" and padding that makes its size exactly `size` bytes.
Item ItemOfSize(size_t size) {
  Item item{{"pk", AttributeValue::S("k")}};
  const size_t used = 2 + 1 + 4;  // "pk" + "k" + "data"
  item["data"] = AttributeValue::S(std::string(size - used, 'x'));
  EXPECT_EQ(ItemSizeBytes(item), size);
  return item;
}

TEST(ItemTest, ItemSizeLimitIsInclusive) {
  EXPECT_TRUE(ValidateItem(ItemOfSize(kMaxItemSizeBytes), HashOnly()).ok());
  Status s = ValidateItem(ItemOfSize(kMaxItemSizeBytes + 1), HashOnly());
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "Item size has exceeded the maximum allowed size");
}

struct KeyCase {
  std::string what;
  Item item;
  KeySchema schema;
  std::string message;  // empty: valid
};

TEST(ItemTest, ValidateItemKeyRules) {
  const std::string hash_too_big =
      Invalid("Size of hashkey has exceeded the maximum size limit of2048 bytes");
  const std::string range_too_big =
      Invalid("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  const std::vector<KeyCase> cases = {
      {"hash S ok", {{"pk", AttributeValue::S("a")}}, HashOnly(), ""},
      {"missing hash",
       {{"other", AttributeValue::S("a")}},
       HashOnly(),
       Invalid("Missing the key pk in the item")},
      {"missing range",
       {{"pk", AttributeValue::S("a")}},
       HashRange(),
       Invalid("Missing the key sk in the item")},
      {"hash type mismatch",
       {{"pk", Num("1")}},
       HashOnly(),
       Invalid("Type mismatch for key pk expected: S actual: N")},
      {"range type mismatch",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S("1")}},
       HashRange(),
       Invalid("Type mismatch for key sk expected: N actual: S")},
      {"hash not a key type",
       {{"pk", AttributeValue::BOOL(true)}},
       HashOnly(AttributeType::kB),
       Invalid("Type mismatch for key pk expected: B actual: BOOL")},
      {"empty S hash",
       {{"pk", AttributeValue::S("")}},
       HashOnly(),
       Invalid("An AttributeValue may not contain an empty string")},
      {"empty S range",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S("")}},
       HashRange(AttributeType::kS, AttributeType::kS),
       Invalid("An AttributeValue may not contain an empty string")},
      {"empty B hash",
       {{"pk", AttributeValue::B("")}},
       HashOnly(AttributeType::kB),
       Invalid("An AttributeValue may not contain an empty binary value")},
      {"empty S non-key is fine",
       {{"pk", AttributeValue::S("a")}, {"x", AttributeValue::S("")}},
       HashOnly(),
       ""},
      {"hash S 2048", {{"pk", AttributeValue::S(std::string(2048, 'h'))}}, HashOnly(), ""},
      {"hash S 2049",
       {{"pk", AttributeValue::S(std::string(2049, 'h'))}},
       HashOnly(),
       hash_too_big},
      {"hash B 2048",
       {{"pk", AttributeValue::B(std::string(2048, '\0'))}},
       HashOnly(AttributeType::kB),
       ""},
      {"hash B 2049",
       {{"pk", AttributeValue::B(std::string(2049, '\0'))}},
       HashOnly(AttributeType::kB),
       hash_too_big},
      {"range S 1024",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S(std::string(1024, 'r'))}},
       HashRange(AttributeType::kS, AttributeType::kS),
       ""},
      {"range S 1025",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S(std::string(1025, 'r'))}},
       HashRange(AttributeType::kS, AttributeType::kS),
       range_too_big},
      {"range B 1025",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::B(std::string(1025, 'r'))}},
       HashRange(AttributeType::kS, AttributeType::kB),
       range_too_big},
      {"multibyte hash counts bytes",
       {{"pk", AttributeValue::S(std::string(1025 * 2, '\xC3'))}},
       HashOnly(),
       hash_too_big},
      {"N keys",
       {{"pk", Num("-1e125")}, {"sk", Num("1e-130")}},
       HashRange(AttributeType::kN, AttributeType::kN),
       ""},
      {"nesting 32", {{"pk", AttributeValue::S("a")}, {"x", Nested(32, false)}}, HashOnly(), ""},
      {"nesting 33",
       {{"pk", AttributeValue::S("a")}, {"x", Nested(33, false)}},
       HashOnly(),
       "Nesting Levels have exceeded supported limits"},
      {"list nesting 32",
       {{"pk", AttributeValue::S("a")}, {"x", Nested(32, true)}},
       HashOnly(),
       ""},
      {"list nesting 33",
       {{"pk", AttributeValue::S("a")}, {"x", Nested(33, true)}},
       HashOnly(),
       "Nesting Levels have exceeded supported limits"},
  };
  for (const KeyCase& c : cases) {
    Status s = ValidateItem(c.item, c.schema);
    if (c.message.empty()) {
      EXPECT_TRUE(s.ok()) << c.what << ": " << s.ToString();
    } else {
      EXPECT_TRUE(s.IsValidation()) << c.what << ": " << s.ToString();
      EXPECT_EQ(s.message(), c.message) << c.what;
    }
  }
}

TEST(ItemTest, ValidateKeyRules) {
  const std::vector<KeyCase> cases = {
      {"exact", {{"pk", AttributeValue::S("a")}, {"sk", Num("1")}}, HashRange(), ""},
      {"missing range", {{"pk", AttributeValue::S("a")}}, HashRange(), std::string(kKeyMismatch)},
      {"extra attribute",
       {{"pk", AttributeValue::S("a")}, {"sk", Num("1")}, {"x", AttributeValue::S("b")}},
       HashRange(),
       std::string(kKeyMismatch)},
      {"wrong name",
       {{"pk", AttributeValue::S("a")}, {"sx", Num("1")}},
       HashRange(),
       std::string(kKeyMismatch)},
      {"range on hash-only table",
       {{"pk", AttributeValue::S("a")}, {"sk", Num("1")}},
       HashOnly(),
       std::string(kKeyMismatch)},
      {"wrong type",
       {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S("1")}},
       HashRange(),
       std::string(kKeyMismatch)},
      {"empty", {}, HashOnly(), std::string(kKeyMismatch)},
      {"empty S value",
       {{"pk", AttributeValue::S("")}},
       HashOnly(),
       Invalid("An AttributeValue may not contain an empty string")},
      {"hash too big",
       {{"pk", AttributeValue::S(std::string(2049, 'h'))}},
       HashOnly(),
       Invalid("Size of hashkey has exceeded the maximum size limit of2048 bytes")},
  };
  for (const KeyCase& c : cases) {
    Status s = ValidateKey(c.item, c.schema);
    if (c.message.empty()) {
      EXPECT_TRUE(s.ok()) << c.what << ": " << s.ToString();
    } else {
      EXPECT_TRUE(s.IsValidation()) << c.what << ": " << s.ToString();
      EXPECT_EQ(s.message(), c.message) << c.what;
    }
  }
}

TEST(ItemTest, ValidateAttributeValueCountsContainerLevels) {
  EXPECT_TRUE(ValidateAttributeValue(AttributeValue::S("x")).ok());
  EXPECT_TRUE(ValidateAttributeValue(Nested(kMaxNestingDepth, false)).ok());
  EXPECT_FALSE(ValidateAttributeValue(Nested(kMaxNestingDepth + 1, false)).ok());
  // Mixed M and L count alike.
  AttributeValue mixed = AttributeValue::S("leaf");
  for (int i = 0; i < kMaxNestingDepth + 1; ++i) {
    mixed = i % 2 ? AttributeValue::L({mixed}) : AttributeValue::M({{"k", mixed}});
  }
  EXPECT_FALSE(ValidateAttributeValue(mixed).ok());
}

TEST(ItemTest, ExtractKeyKeepsOnlyKeyAttributes) {
  Item item{{"pk", AttributeValue::S("a")}, {"sk", Num("2")}, {"x", AttributeValue::S("b")}};
  EXPECT_EQ(ExtractKey(item, HashRange()),
            (Item{{"pk", AttributeValue::S("a")}, {"sk", Num("2")}}));
  EXPECT_EQ(ExtractKey(item, HashOnly()), (Item{{"pk", AttributeValue::S("a")}}));
}

}  // namespace
}  // namespace headlock
