// Random round trips: value -> JSON -> value must give the same value and the
// same JSON text, for every type and nesting. The seed is printed so that a
// failure can be replayed.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

#include "json/attribute_json.h"

namespace headlock::json {
namespace {

// splitmix64: a fixed algorithm, so a seed means the same values everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Uniform(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

// Valid UTF-8 with the characters JSON must escape (quotes, backslash,
// control characters, NUL) and multi-byte sequences.
std::string RandomString(Random& rnd) {
  static const char* const kPieces[] = {
      "a",      "Z",  "0",    " ", "\"",       "\\",           "/",
      "\n",     "\t", "\x01", "",  "\xc2\xbf", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
      "orderNo"};
  std::string out;
  size_t n = rnd.Uniform(8);
  for (size_t i = 0; i < n; ++i) {
    size_t k = rnd.Uniform(std::size(kPieces));
    if (kPieces[k][0] == '\0') {
      out += '\0';  // a C string cannot hold an embedded NUL
    } else {
      out += kPieces[k];
    }
  }
  return out;
}

std::string RandomBytes(Random& rnd) {
  std::string out;
  size_t n = rnd.Uniform(9);
  for (size_t i = 0; i < n; ++i) out += static_cast<char>(rnd.Uniform(256));
  return out;
}

Number RandomNumber(Random& rnd) {
  std::string text;
  if (rnd.Uniform(2) == 0) text += '-';
  size_t digits = 1 + rnd.Uniform(38);
  for (size_t i = 0; i < digits; ++i) text += static_cast<char>('0' + rnd.Uniform(10));
  text += 'e';
  text += std::to_string(static_cast<int>(rnd.Uniform(200)) - 100);
  Result<Number> n = Number::Parse(text);
  return n.ok() ? *n : Number::FromInt64(static_cast<int64_t>(rnd.Next() >> 1));
}

AttributeValue RandomValue(Random& rnd, int depth) {
  const uint64_t kinds = depth >= 4 ? 5 : 10;
  switch (rnd.Uniform(kinds)) {
    case 0:
      return AttributeValue::S(RandomString(rnd));
    case 1:
      return AttributeValue::N(RandomNumber(rnd));
    case 2:
      return AttributeValue::B(RandomBytes(rnd));
    case 3:
      return AttributeValue::BOOL(rnd.Uniform(2) == 0);
    case 4:
      return AttributeValue::NULL_();
    case 5: {
      AttributeMap m;
      size_t n = rnd.Uniform(4);
      for (size_t i = 0; i < n; ++i) m[RandomString(rnd)] = RandomValue(rnd, depth + 1);
      return AttributeValue::M(std::move(m));
    }
    case 6: {
      AttributeList l;
      size_t n = rnd.Uniform(4);
      for (size_t i = 0; i < n; ++i) l.push_back(RandomValue(rnd, depth + 1));
      return AttributeValue::L(std::move(l));
    }
    case 7: {
      std::set<std::string> s;
      size_t n = 1 + rnd.Uniform(4);
      while (s.size() < n) s.insert(RandomString(rnd) + std::to_string(s.size()));
      return *AttributeValue::SS({s.begin(), s.end()});
    }
    case 8: {
      std::set<Number> s;
      size_t n = 1 + rnd.Uniform(4);
      while (s.size() < n) s.insert(RandomNumber(rnd));
      return *AttributeValue::NS({s.begin(), s.end()});
    }
    default: {
      std::set<std::string> s;
      size_t n = 1 + rnd.Uniform(4);
      while (s.size() < n) s.insert(RandomBytes(rnd));
      return *AttributeValue::BS({s.begin(), s.end()});
    }
  }
}

TEST(AttributeJsonRandomTest, ValuesRoundTrip) {
  // GoogleTest picks a seed per run (from the clock unless given);
  // --gtest_random_seed=<seed> replays one.
  const uint64_t seed = testing::UnitTest::GetInstance()->random_seed();
  SCOPED_TRACE("replay with --gtest_random_seed=" + std::to_string(seed));
  std::printf("AttributeJsonRandomTest seed: %llu\n", static_cast<unsigned long long>(seed));
  Random rnd(seed);
  for (int i = 0; i < 2000; ++i) {
    Item item;
    size_t n = 1 + rnd.Uniform(5);
    for (size_t k = 0; k < n; ++k) item["a" + std::to_string(k)] = RandomValue(rnd, 0);
    const std::string text = ItemToJsonString(item);
    rapidjson::Document doc;
    ASSERT_TRUE(ParseJson(text, &doc).ok()) << text;
    Result<Item> parsed = ParseItem(doc);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    ASSERT_EQ(*parsed, item) << text;
    ASSERT_EQ(ItemToJsonString(*parsed), text);
  }
}

}  // namespace
}  // namespace headlock::json
