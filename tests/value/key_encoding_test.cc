#include "headlock/value/key_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "tests/value/test_random.h"

namespace headlock {
namespace {

using headlock::testing::SplitMix64;
using headlock::testing::TestSeed;

constexpr int kRandomPairs = 20000;

Number N(std::string_view text) {
  Result<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text;
  return n.ok() ? *n : Number();
}

std::string EncodeN(const Number& n) {
  std::string out;
  EncodeKeyNumber(n, &out);
  return out;
}

std::string EncodeS(std::string_view s) {
  std::string out;
  EncodeKeyString(s, &out);
  return out;
}

int Sign(int v) { return (v > 0) - (v < 0); }
int Sign(std::strong_ordering o) { return o < 0 ? -1 : (o > 0 ? 1 : 0); }

// Oracle independent of Number's comparison: compare the plain decimal texts as fixed-point
// numbers (integer part padded left, fraction padded right).
int DecimalCompare(const Number& a, const Number& b) {
  auto key = [](const Number& n) {
    std::string text = n.ToString();
    bool negative = !text.empty() && text[0] == '-';
    if (negative) text.erase(0, 1);
    size_t dot = text.find('.');
    std::string integer = text.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    std::string fixed = std::string(140 - integer.size(), '0') + integer + fraction +
                        std::string(200 - fraction.size(), '0');
    return std::make_pair(negative && text != "0" ? -1 : (text == "0" ? 0 : 1), fixed);
  };
  auto [sa, fa] = key(a);
  auto [sb, fb] = key(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = Sign(fa.compare(fb));
  return sa < 0 ? -c : c;
}

std::string RandomMantissa(SplitMix64& rng, int digits) {
  std::string m;
  for (int i = 0; i < digits; ++i) {
    char lo = (i == 0 || i == digits - 1) ? '1' : '0';
    m.push_back(static_cast<char>(rng.Range(lo, '9')));
  }
  return m;
}

Number RandomNumber(SplitMix64& rng) {
  if (rng.OneIn(12)) return Number();
  int digits = static_cast<int>(rng.Range(1, kMaxNumberSignificantDigits));
  if (rng.OneIn(3)) digits = static_cast<int>(rng.Range(1, 3));
  int exponent;
  switch (rng.Uniform(4)) {
    case 0:
      exponent = static_cast<int>(rng.Range(kMinNumberExponent, kMinNumberExponent + 6));
      break;
    case 1:
      exponent = static_cast<int>(rng.Range(kMaxNumberExponent - 6, kMaxNumberExponent));
      break;
    case 2:
      exponent = static_cast<int>(rng.Range(-4, 6));
      break;
    default:
      exponent = static_cast<int>(rng.Range(kMinNumberExponent, kMaxNumberExponent));
      break;
  }
  return Number::FromNormalized(rng.OneIn(2), RandomMantissa(rng, digits), exponent);
}

// The same value written differently: scientific, padded with zeros, signed.
std::string OtherSpelling(SplitMix64& rng, const Number& n) {
  if (n.is_zero()) return rng.OneIn(2) ? "-0.000" : "0e77";
  std::string sign = n.is_negative() ? "-" : (rng.OneIn(2) ? "+" : "");
  switch (rng.Uniform(3)) {
    case 0:
      return sign + "0." + n.digits() + "e" + std::to_string(n.exponent());
    case 1:
      return sign + "000" + n.digits() + "000e" +
             std::to_string(n.exponent() - static_cast<int>(n.digits().size()) - 3);
    default:
      return sign + n.digits().substr(0, 1) + "." + n.digits().substr(1) + "0E" +
             std::to_string(n.exponent() - 1);
  }
}

TEST(KeyEncodingTest, NumberLayoutIsExact) {
  // Bytes spelled out from the layout in key_encoding.h (a persistent format).
  EXPECT_EQ(EncodeN(N("0")), "\x80");
  EXPECT_EQ(EncodeN(N("1")), std::string("\x81\x82\x0B\x00", 4));  // 0.1e1: exp 1+129, "10"+1
  EXPECT_EQ(EncodeN(N("12.3")), std::string("\x81\x83\x0D\x1F\x00", 5));  // "12","30"
  EXPECT_EQ(EncodeN(N("1e-130")), std::string("\x81\x00\x0B\x00", 4));
  EXPECT_EQ(EncodeN(N("9.9e125")), std::string("\x81\xFF\x64\x00", 4));  // "99" -> 100
  EXPECT_EQ(EncodeN(N("-1")), std::string("\x7F\x7D\xF4\xFF", 4));
}

TEST(KeyEncodingTest, StringLayoutIsExact) {
  EXPECT_EQ(EncodeS(""), std::string("\x00\x01", 2));
  EXPECT_EQ(EncodeS("ab"), std::string("ab\x00\x01", 4));
  EXPECT_EQ(EncodeS(std::string("a\0b", 3)), std::string("a\x00\xFF"
                                                         "b\x00\x01",
                                                         6));
  EXPECT_EQ(EncodeS("\xFF"), std::string("\xFF\x00\x01", 3));
}

TEST(KeyEncodingTest, RandomNumbersKeepOrderAndRoundTrip) {
  SplitMix64 rng(TestSeed("RandomNumbersKeepOrderAndRoundTrip"));
  for (int i = 0; i < kRandomPairs; ++i) {
    Number a = RandomNumber(rng);
    Number b = rng.OneIn(10) ? a : RandomNumber(rng);
    std::string ea = EncodeN(a);
    std::string eb = EncodeN(b);
    int want = DecimalCompare(a, b);
    ASSERT_EQ(Sign(ea.compare(eb)), want) << a.ToString() << " vs " << b.ToString();
    ASSERT_EQ(Sign(a <=> b), want) << a.ToString() << " vs " << b.ToString();

    std::string_view in = ea;
    Number back;
    ASSERT_TRUE(DecodeKeyNumber(&in, &back)) << a.ToString();
    EXPECT_TRUE(in.empty());
    ASSERT_EQ(back, a);

    // Another spelling of the same value parses to the same value and the same bytes.
    std::string text = OtherSpelling(rng, a);
    Result<Number> again = Number::Parse(text);
    ASSERT_TRUE(again.ok()) << text << ": " << again.status().ToString();
    ASSERT_EQ(*again, a) << text;
    ASSERT_EQ(EncodeN(*again), ea) << text;
  }
}

std::string RandomBytes(SplitMix64& rng) {
  static constexpr char kInteresting[] = {'\x00', '\x01', '\xFE', '\xFF', 'a', 'b', '\x7F', '\x80'};
  std::string s;
  int length = static_cast<int>(rng.Range(0, 8));
  for (int i = 0; i < length; ++i) {
    s.push_back(rng.OneIn(2) ? kInteresting[rng.Uniform(sizeof(kInteresting))]
                             : static_cast<char>(rng.Uniform(256)));
  }
  return s;
}

TEST(KeyEncodingTest, RandomStringsKeepOrderAndRoundTrip) {
  SplitMix64 rng(TestSeed("RandomStringsKeepOrderAndRoundTrip"));
  for (int i = 0; i < kRandomPairs; ++i) {
    std::string a = RandomBytes(rng);
    std::string b;
    switch (rng.Uniform(4)) {
      case 0:
        b = a;
        break;
      case 1:
        b = a + RandomBytes(rng);
        break;  // prefix relation
      case 2:
        b = a.substr(0, rng.Uniform(a.size() + 1));
        break;
      default:
        b = RandomBytes(rng);
        break;
    }
    std::string ea = EncodeS(a);
    std::string eb = EncodeS(b);
    // std::string compares bytes as unsigned char: DynamoDB's order for S and B.
    ASSERT_EQ(Sign(ea.compare(eb)), Sign(a.compare(b)));
    for (AttributeType type : {AttributeType::kS, AttributeType::kB}) {
      std::string_view in = ea;
      AttributeValue back;
      ASSERT_TRUE(DecodeKeyValue(&in, type, &back));
      EXPECT_TRUE(in.empty());
      EXPECT_EQ(back, type == AttributeType::kS ? AttributeValue::S(a) : AttributeValue::B(a));
    }
  }
}

AttributeValue RandomKeyValue(SplitMix64& rng, AttributeType type) {
  switch (type) {
    case AttributeType::kN:
      return AttributeValue::N(RandomNumber(rng));
    case AttributeType::kS:
      return AttributeValue::S(RandomBytes(rng));
    default:
      return AttributeValue::B(RandomBytes(rng));
  }
}

int CompareKeyValue(const AttributeValue& a, const AttributeValue& b) {
  if (a.is_n()) return DecimalCompare(a.n(), b.n());
  return Sign((a.is_s() ? a.s() : a.b()).compare(b.is_s() ? b.s() : b.b()));
}

TEST(KeyEncodingTest, CompositeKeysSortComponentWiseAndSplit) {
  SplitMix64 rng(TestSeed("CompositeKeysSortComponentWiseAndSplit"));
  const std::vector<std::pair<AttributeType, AttributeType>> shapes = {
      {AttributeType::kS, AttributeType::kN},
      {AttributeType::kN, AttributeType::kS},
      {AttributeType::kB, AttributeType::kB},
      {AttributeType::kN, AttributeType::kN},
      {AttributeType::kS, AttributeType::kS}};
  for (int i = 0; i < kRandomPairs; ++i) {
    auto [t1, t2] = shapes[rng.Uniform(shapes.size())];
    AttributeValue a1 = RandomKeyValue(rng, t1);
    AttributeValue a2 = RandomKeyValue(rng, t2);
    // Often share the first component so that the second decides.
    AttributeValue b1 = rng.OneIn(2) ? a1 : RandomKeyValue(rng, t1);
    AttributeValue b2 = RandomKeyValue(rng, t2);
    std::string ea, eb;
    EncodeKeyValue(a1, &ea);
    EncodeKeyValue(a2, &ea);
    EncodeKeyValue(b1, &eb);
    EncodeKeyValue(b2, &eb);
    int first = CompareKeyValue(a1, b1);
    int want = first != 0 ? first : CompareKeyValue(a2, b2);
    ASSERT_EQ(Sign(ea.compare(eb)), want)
        << a1.DebugString() << a2.DebugString() << " vs " << b1.DebugString() << b2.DebugString();
    std::string_view in = ea;
    AttributeValue d1, d2;
    ASSERT_TRUE(DecodeKeyValue(&in, t1, &d1));
    ASSERT_TRUE(DecodeKeyValue(&in, t2, &d2));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(d1, a1);
    EXPECT_EQ(d2, a2);
  }
}

TEST(KeyEncodingTest, RejectsMalformedInput) {
  const std::vector<std::pair<AttributeType, std::string>> bad = {
      {AttributeType::kS, ""},
      {AttributeType::kS, "abc"},                        // no terminator
      {AttributeType::kS, std::string("a\x00", 2)},      // cut inside the terminator
      {AttributeType::kS, std::string("a\x00\x02", 3)},  // bad escape
      {AttributeType::kN, ""},
      {AttributeType::kN, "\x81"},                                  // no exponent
      {AttributeType::kN, "\x81\x82"},                              // no mantissa end
      {AttributeType::kN, std::string("\x81\x82\x00", 3)},          // empty mantissa
      {AttributeType::kN, std::string("\x81\x82\x65\x00", 4)},      // pair byte 101
      {AttributeType::kN, std::string("\x81\x82\x01\x00", 4)},      // mantissa "00"
      {AttributeType::kN, std::string("\x81\x82\x0B\x01\x00", 5)},  // trailing "00" pair
      {AttributeType::kN, std::string("\x81\x82\x02\x00", 4)},      // leading zero "01"
      {AttributeType::kN, "\x7E"},                                  // unknown sign byte
      {AttributeType::kN, std::string("\x7F\x7D\xF4", 3)},          // negative without end
      {AttributeType::kBOOL, std::string("\x80", 1)},               // not a key type
  };
  for (const auto& [type, bytes] : bad) {
    std::string_view in = bytes;
    AttributeValue out;
    EXPECT_FALSE(DecodeKeyValue(&in, type, &out))
        << AttributeTypeName(type) << " " << ::testing::PrintToString(bytes);
  }
  // Twin: 39 digits never decode even if the bytes are otherwise well formed.
  std::string long_mantissa = "\x81\x82";
  for (int i = 0; i < 20; ++i) long_mantissa.push_back('\x0C');  // "11" x 20 = 40 digits
  long_mantissa.push_back('\x00');
  std::string_view in = long_mantissa;
  Number n;
  EXPECT_FALSE(DecodeKeyNumber(&in, &n));
}

}  // namespace
}  // namespace headlock
