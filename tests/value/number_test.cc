#include "headlock/value/number.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headlock {
namespace {

constexpr std::string_view kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr std::string_view kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

Number N(std::string_view text) {
  Result<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text << ": " << n.status().ToString();
  return n.ok() ? *n : Number();
}

std::string Repeat(char c, size_t count) { return std::string(count, c); }

struct ParseCase {
  std::string input;
  std::string normalized;
};

TEST(NumberTest, ParsesAndNormalizesAcceptedSyntax) {
  const std::vector<ParseCase> cases = {
      {"3", "3"},
      {"-7.1234", "-7.1234"},
      {"-17e5", "-1700000"},
      {"-17.4E37", "-174" + Repeat('0', 36)},
      {"+3", "3"},
      {".123", "0.123"},
      {"0001.23", "1.23"},
      {"1e+5", "100000"},
      {"0e1000", "0"},
      {"0e-1000", "0"},
      {"5.", "5"},
      {"-.5", "-0.5"},
      {"00042", "42"},
      {"1.0", "1"},
      {"0042.1200", "42.12"},
      {"-0", "0"},
      {"-0.000", "0"},
      {"1.5E2", "150"},
      {"1E125", "1" + Repeat('0', 125)},
      {"1E-130", "0." + Repeat('0', 129) + "1"},
      {"9.9999999999999999999999999999999999999E+125", Repeat('9', 38) + Repeat('0', 88)},
      {"-9.9999999999999999999999999999999999999E+125", "-" + Repeat('9', 38) + Repeat('0', 88)},
      {"123.456e-2", "1.23456"},
      {"0.001", "0.001"},
      {"1" + Repeat('0', 100), "1" + Repeat('0', 100)},
      {Repeat('9', 38), Repeat('9', 38)},
      {"0." + Repeat('0', 50) + Repeat('7', 38), "0." + Repeat('0', 50) + Repeat('7', 38)},
      {Repeat('1', 38) + Repeat('0', 20) + ".000", Repeat('1', 38) + Repeat('0', 20)},
      {"1e0000000000000000000000000000000001", "10"},
  };
  for (const ParseCase& c : cases) {
    Result<Number> n = Number::Parse(c.input);
    ASSERT_TRUE(n.ok()) << c.input << ": " << n.status().ToString();
    EXPECT_EQ(n->ToString(), c.normalized) << c.input;
    // The normalised text parses back to the same value.
    EXPECT_EQ(N(n->ToString()), *n) << c.input;
  }
}

struct ErrorCase {
  std::string input;
  std::string message;
};

TEST(NumberTest, RejectsWithDynamoDbMessages) {
  auto not_numeric = [](std::string_view text) {
    return "The parameter cannot be converted to a numeric value: " + std::string(text);
  };
  std::vector<ErrorCase> cases;
  for (const char* bad : {"NaN", "Infinity", "-Infinity", "dog",  " 1",    "1 ",    "",    "1e",
                          ".",   "+",        "-",         "1..2", "1.2.3", "e5",    ".e1", "1e+",
                          "1e-", "0x10",     "1_000",     "١",    "++1",   "1e5.5", "1,5"}) {
    cases.push_back({bad, not_numeric(bad)});
  }
  cases.push_back({std::string("1\0", 2), not_numeric(std::string("1\0", 2))});
  cases.push_back({Repeat('1', 39), std::string(kTooManyDigits)});
  cases.push_back({"1." + Repeat('1', 38), std::string(kTooManyDigits)});
  cases.push_back({"0.000" + Repeat('3', 39), std::string(kTooManyDigits)});
  cases.push_back({"1e126", std::string(kOverflow)});
  cases.push_back({"11e125", std::string(kOverflow)});
  cases.push_back({"-1e126", std::string(kOverflow)});
  cases.push_back({"1e99999999999999999999", std::string(kOverflow)});
  cases.push_back({"1e-131", std::string(kUnderflow)});
  cases.push_back({"0.9e-130", std::string(kUnderflow)});
  cases.push_back({"-1e-131", std::string(kUnderflow)});
  cases.push_back({"1e-99999999999999999999", std::string(kUnderflow)});
  for (const ErrorCase& c : cases) {
    Result<Number> n = Number::Parse(c.input);
    ASSERT_FALSE(n.ok()) << c.input << " parsed as " << n->ToString();
    EXPECT_TRUE(n.status().IsValidation()) << c.input;
    EXPECT_EQ(n.status().message(), c.message) << c.input;
  }
}

TEST(NumberTest, SignificantDigitsCountedAfterNormalization) {
  // 38 significant digits with many zeros around them are fine; a 39th is not.
  EXPECT_TRUE(Number::Parse("000" + Repeat('5', 38) + "000").ok());
  EXPECT_TRUE(Number::Parse("0.0000" + Repeat('5', 38) + "0000").ok());
  EXPECT_TRUE(Number::Parse("1" + Repeat('0', 125)).ok());
  EXPECT_FALSE(Number::Parse("1" + Repeat('0', 126)).ok());
  EXPECT_TRUE(Number::Parse("1" + Repeat('0', 36) + "1").ok());   // 38 digits
  EXPECT_FALSE(Number::Parse("1" + Repeat('0', 37) + "1").ok());  // 39 digits
}

struct SizeCase {
  std::string literal;
  size_t bytes;
};

TEST(NumberTest, SizeBytesMatchesMeasuredTable) {
  // Every row of reference/dynamodb.md §1.2.
  const std::vector<SizeCase> cases = {
      {"0", 1},
      {"1234", 3},
      {"1.5", 3},
      {"1", 2},
      {"0042", 2},
      {"15", 2},
      {"12", 2},
      {"100", 2},
      {"1.200", 3},
      {"123", 3},
      {"1010", 3},
      {"3.14159", 5},
      {Repeat('7', 38), 20},
      {"0.0000001", 2},
      {"123456", 4},
      {"1E125", 2},
      {"1E-100", 2},
      {"-42", 3},
      {"0.15", 2},
      {"100.5", 4},
      {"-0", 1},
      // Beyond the table: the same rule.
      {"-0.5", 3},
      {"12.34", 3},
      {"123.4", 4},
      {"0.123", 3},
  };
  for (const SizeCase& c : cases) {
    EXPECT_EQ(N(c.literal).SizeBytes(), c.bytes) << c.literal;
  }
}

TEST(NumberTest, ComparesNumerically) {
  const std::vector<std::string> ascending = {"-9.9999999999999999999999999999999999999E+125",
                                              "-1e100",
                                              "-11",
                                              "-10.5",
                                              "-10",
                                              "-2",
                                              "-1.5",
                                              "-1",
                                              "-0.5",
                                              "-0.05",
                                              "-1e-130",
                                              "0",
                                              "1e-130",
                                              "1.1e-130",
                                              "0.001",
                                              "0.1",
                                              "0.12",
                                              "1",
                                              "1.01",
                                              "2",
                                              "10",
                                              "11",
                                              "1e100",
                                              "9.9999999999999999999999999999999999999E+125"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      Number a = N(ascending[i]);
      Number b = N(ascending[j]);
      EXPECT_EQ(a <=> b, i <=> j) << ascending[i] << " vs " << ascending[j];
      EXPECT_EQ(a == b, i == j);
    }
  }
  EXPECT_EQ(N("1"), N("1.0"));
  EXPECT_EQ(N("01"), N("1.000e0"));
  EXPECT_EQ(N("-0"), N("0"));
  EXPECT_NE(N("1"), N("-1"));
}

struct ArithmeticCase {
  std::string a;
  std::string b;
  std::string sum;         // or the error message
  std::string difference;  // a - b, or the error message
};

TEST(NumberTest, AddAndSubtractExactly) {
  const std::string big38 = Repeat('9', 38);
  const std::vector<ArithmeticCase> cases = {
      {"1", "2", "3", "-1"},
      {"0.1", "0.2", "0.3", "-0.1"},
      {"-5", "5", "0", "-10"},
      {"1.5", "-1.5", "0", "3"},
      {"999", "1", "1000", "998"},
      {"1e100", "1e100", "2" + Repeat('0', 100), "0"},
      {"1e-130", "1e-130", "0." + Repeat('0', 129) + "2", "0"},
      {"1.1e-130", "1e-130", "0." + Repeat('0', 129) + "21", std::string(kUnderflow)},
      // DynamoDB reports a result with more than 38 digits as overflow (reference §2.1).
      {"1e50", "1", std::string(kOverflow), std::string(kOverflow)},
      {"9e125", "9e125", std::string(kOverflow), "0"},
      {"9e125", "-9e125", "0", std::string(kOverflow)},
      {big38, "1", "1" + Repeat('0', 38), Repeat('9', 37) + "8"},
      {big38, "0.1", std::string(kOverflow), std::string(kOverflow)},
      {"0", "-7.25", "-7.25", "7.25"},
      {"-7.25", "0", "-7.25", "-7.25"},
      {"123.456", "-0.456", "123", "123.912"},
  };
  for (const ArithmeticCase& c : cases) {
    for (bool add : {true, false}) {
      Result<Number> r = add ? Number::Add(N(c.a), N(c.b)) : Number::Subtract(N(c.a), N(c.b));
      const std::string& want = add ? c.sum : c.difference;
      std::string got = r.ok() ? r->ToString() : r.status().message();
      EXPECT_EQ(got, want) << c.a << (add ? " + " : " - ") << c.b;
    }
  }
}

TEST(NumberTest, Int64RoundTripAndLimits) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{10}, int64_t{-1200}, INT64_MAX,
                    INT64_MIN, INT64_MAX - 1, INT64_MIN + 1}) {
    Number n = Number::FromInt64(v);
    EXPECT_EQ(n.ToString(), std::to_string(v));
    int64_t back = 0;
    ASSERT_TRUE(n.ToInt64(&back)) << v;
    EXPECT_EQ(back, v);
  }
  int64_t out = 0;
  EXPECT_FALSE(N("9223372036854775808").ToInt64(&out));
  EXPECT_FALSE(N("-9223372036854775809").ToInt64(&out));
  EXPECT_FALSE(N("1.5").ToInt64(&out));
  EXPECT_FALSE(N("1e30").ToInt64(&out));
  EXPECT_TRUE(N("1.5e1").ToInt64(&out));
  EXPECT_EQ(out, 15);
  EXPECT_TRUE(N("1.5e1").is_integer());
  EXPECT_FALSE(N("0.5").is_integer());
}

TEST(NumberTest, ToDouble) {
  EXPECT_DOUBLE_EQ(N("1.5").ToDouble(), 1.5);
  EXPECT_DOUBLE_EQ(N("-250").ToDouble(), -250.0);
  EXPECT_DOUBLE_EQ(N("0").ToDouble(), 0.0);
  EXPECT_DOUBLE_EQ(N("1e-5").ToDouble(), 1e-5);
}

TEST(NumberTest, NormalizedRepresentation) {
  Number n = N("-0042.1200");
  EXPECT_TRUE(n.is_negative());
  EXPECT_EQ(n.digits(), "4212");
  EXPECT_EQ(n.exponent(), 2);
  EXPECT_EQ(Number::FromNormalized(true, "4212", 2), n);
  EXPECT_TRUE(N("0").is_zero());
  EXPECT_FALSE(N("-0").is_negative());
}

}  // namespace
}  // namespace headlock
