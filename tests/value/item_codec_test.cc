#include "headlock/value/item_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/value/test_random.h"

namespace headlock {
namespace {

using headlock::testing::SplitMix64;
using headlock::testing::TestSeed;

AttributeValue Num(std::string_view text) { return AttributeValue::NumberFromString(text); }
Number Parsed(std::string_view text) { return *Number::Parse(text); }

// One attribute of every type, including empty S and B inside containers and nested M and L.
Item EveryType() {
  Item item;
  item["s"] = AttributeValue::S("hello");
  item["s_empty"] = AttributeValue::S("");
  item["n"] = Num("-17.4E37");
  item["n_zero"] = Num("0");
  item["n_tiny"] = Num("1e-130");
  item["b"] = AttributeValue::B(std::string("\x00\xFF\x01", 3));
  item["b_empty"] = AttributeValue::B("");
  item["t"] = AttributeValue::BOOL(true);
  item["f"] = AttributeValue::BOOL(false);
  item["null"] = AttributeValue::NULL_();
  item["ss"] = *AttributeValue::SS({"b", "", "a"});
  item["ns"] = *AttributeValue::NS({Parsed("3"), Parsed("-1.5"), Parsed("1e125")});
  item["bs"] = *AttributeValue::BS({std::string("\x00", 1), "\xFF"});
  item["m_empty"] = AttributeValue::M({});
  item["l_empty"] = AttributeValue::L({});
  AttributeMap inner;
  inner["x"] = AttributeValue::L({AttributeValue::S(""), AttributeValue::B(""), Num("2"),
                                  AttributeValue::M({{"deep", AttributeValue::NULL_()}})});
  inner[""] = AttributeValue::S("empty name inside a map");
  item["m"] = AttributeValue::M(inner);
  item["l"] = AttributeValue::L({AttributeValue::M(inner), AttributeValue::L({}), Num("-0.001")});
  item[std::string("name\0with zero", 14)] = AttributeValue::S("v");
  return item;
}

std::string Encode(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

TEST(ItemCodecTest, RoundTripsEveryType) {
  Item item = EveryType();
  std::string encoded = Encode(item);
  EXPECT_EQ(static_cast<uint8_t>(encoded[0]), kItemCodecVersion);
  Item back;
  ASSERT_TRUE(DecodeItem(encoded, &back).ok());
  EXPECT_EQ(back, item);
  // Each attribute alone, so a failure names its type.
  for (const auto& [name, value] : item) {
    Item one{{name, value}};
    Item decoded;
    ASSERT_TRUE(DecodeItem(Encode(one), &decoded).ok()) << value.DebugString();
    EXPECT_EQ(decoded, one) << value.DebugString();
  }
}

TEST(ItemCodecTest, EmptyItemRoundTrips) {
  Item back{{"stale", AttributeValue::S("x")}};
  ASSERT_TRUE(DecodeItem(Encode(Item{}), &back).ok());
  EXPECT_TRUE(back.empty());
}

TEST(ItemCodecTest, FormatBytesAreAsDocumented) {
  Item item{{"a", AttributeValue::S("xy")}, {"b", AttributeValue::BOOL(true)}};
  EXPECT_EQ(Encode(item), std::string("\x01\x02"
                                      "\x01"
                                      "a\x01\x02xy"
                                      "\x01"
                                      "b\x04\x01",
                                      12));
}

TEST(ItemCodecTest, BigItemRoundTrips) {
  Item item;
  item["blob"] = AttributeValue::B(std::string(300000, '\xAB'));
  AttributeList list;
  for (int i = 0; i < 5000; ++i) list.push_back(AttributeValue::N(Number::FromInt64(i * 7919 - 1)));
  item["list"] = AttributeValue::L(std::move(list));
  std::vector<std::string> many;
  for (int i = 0; i < 2000; ++i) many.push_back("member-" + std::to_string(i));
  item["ss"] = *AttributeValue::SS(std::move(many));
  Item back;
  ASSERT_TRUE(DecodeItem(Encode(item), &back).ok());
  EXPECT_EQ(back, item);
}

TEST(ItemCodecTest, EveryTruncationIsAStorageError) {
  std::string encoded = Encode(EveryType());
  for (size_t length = 0; length < encoded.size(); ++length) {
    Item out;
    Status s = DecodeItem(std::string_view(encoded).substr(0, length), &out);
    ASSERT_FALSE(s.ok()) << "prefix of " << length << " bytes decoded";
    EXPECT_EQ(s.code(), Status::Code::kStorageError);
    EXPECT_EQ(s.message().rfind("corrupt item encoding", 0), 0u) << s.message();
  }
}

TEST(ItemCodecTest, RejectsCorruptInput) {
  const std::string good = Encode(Item{{"a", AttributeValue::S("xy")}});
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"version 2", std::string("\x02\x00", 2)},
      {"trailing byte", good + "x"},
      {"unknown tag 0", std::string("\x01\x01\x01"
                                    "a\x00",
                                    5)},
      {"unknown tag 11", std::string("\x01\x01\x01"
                                     "a\x0B",
                                     5)},
      {"BOOL 2", std::string("\x01\x01\x01"
                             "a\x04\x02",
                             6)},
      {"count beyond input", std::string("\x01\x7F", 2)},
      {"varint too long", std::string("\x01\xFF\xFF\xFF\xFF\xFF", 6)},
      {"duplicate names", std::string("\x01\x02\x01"
                                      "a\x05\x01"
                                      "a\x05",
                                      8)},
      {"names out of order", std::string("\x01\x02\x01"
                                         "b\x05\x01"
                                         "a\x05",
                                         8)},
      {"empty SS", std::string("\x01\x01\x01"
                               "a\x08\x00",
                               6)},
      {"unsorted SS", std::string("\x01\x01\x01"
                                  "a\x08\x02\x01"
                                  "b\x01"
                                  "a",
                                  10)},
      {"duplicate BS", std::string("\x01\x01\x01"
                                   "a\x0A\x02\x01"
                                   "b\x01"
                                   "b",
                                   10)},
      {"unsorted NS", std::string("\x01\x01\x01"
                                  "a\x09\x02\x81\x82\x0C\x00\x81\x82\x0B\x00",
                                  14)},
      {"bad number", std::string("\x01\x01\x01"
                                 "a\x02\x81\x82\x00",
                                 8)},
  };
  for (const auto& [what, bytes] : bad) {
    Item out;
    Status s = DecodeItem(bytes, &out);
    EXPECT_EQ(s.code(), Status::Code::kStorageError) << what;
  }
  // Twin: the well-formed neighbours decode.
  Item out;
  EXPECT_TRUE(DecodeItem(good, &out).ok());
  EXPECT_TRUE(DecodeItem(std::string("\x01\x01\x01"
                                     "a\x04\x01",
                                     6),
                         &out)
                  .ok());
  EXPECT_TRUE(DecodeItem(std::string("\x01\x02\x01"
                                     "a\x05\x01"
                                     "b\x05",
                                     8),
                         &out)
                  .ok());
  EXPECT_TRUE(DecodeItem(std::string("\x01\x01\x01"
                                     "a\x08\x02\x01"
                                     "a\x01"
                                     "b",
                                     10),
                         &out)
                  .ok());
}

TEST(ItemCodecTest, DeepCorruptNestingIsRefusedNotRecursedInto) {
  // A million nested L headers: must fail cleanly, not overflow the stack.
  std::string bytes = std::string(
      "\x01\x01\x01"
      "a",
      4);
  for (int i = 0; i < 1000000; ++i) bytes.append("\x07\x01", 2);
  Item out;
  EXPECT_EQ(DecodeItem(bytes, &out).code(), Status::Code::kStorageError);
}

TEST(ItemCodecTest, RandomByteFlipsNeverCrash) {
  SplitMix64 rng(TestSeed("RandomByteFlipsNeverCrash"));
  const std::string encoded = Encode(EveryType());
  int decoded_ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string corrupt = encoded;
    int flips = static_cast<int>(rng.Range(1, 3));
    for (int f = 0; f < flips; ++f) {
      corrupt[rng.Uniform(corrupt.size())] = static_cast<char>(rng.Uniform(256));
    }
    Item out;
    Status s = DecodeItem(corrupt, &out);
    if (s.ok()) {
      ++decoded_ok;
      // Whatever decodes is a valid item and re-encodes to the same bytes (the format is
      // canonical).
      EXPECT_EQ(Encode(out), corrupt);
    } else {
      EXPECT_EQ(s.code(), Status::Code::kStorageError);
    }
  }
  std::cout << "byte flips that still decoded: " << decoded_ok << "\n";
}

}  // namespace
}  // namespace headlock
