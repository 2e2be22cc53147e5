// Random token soups through Prepare and, when they prepare, through
// evaluation, update and projection: nothing may crash (run under ASan and
// UBSan) and every failure must be a ValidationException. Deterministic:
// splitmix64 with a printed seed (STYLE.md §3).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "expr_test_util.h"
#include "headlock/splitmix64.h"

namespace headlock::expr_test {
namespace {

constexpr const char* kTokens[] = {
    "a",
    "b",
    "l",
    "m",
    "#n",
    ":v",
    ":s",
    ":l",
    "[0]",
    "[3]",
    ".",
    ",",
    "(",
    ")",
    "=",
    "<>",
    "<",
    ">=",
    "+",
    "-",
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "IN",
    "SET",
    "REMOVE",
    "ADD",
    "DELETE",
    "size",
    "contains",
    "begins_with",
    "attribute_exists",
    "list_append",
    "if_not_exists",
    "attribute_type",
    "status",
    "[",
    "]",
    "9",
    "@",
};
constexpr size_t kTokenCount = sizeof(kTokens) / sizeof(kTokens[0]);

// Seeds of the first structures: a valid start makes deeper paths reachable.
constexpr const char* kPrefixes[] = {"", "SET a = ", "a = :v AND ", "REMOVE ", "ADD m "};

TEST(RandomExpressions, NeverCrashAndFailOnlyWithValidation) {
  constexpr uint64_t kSeed = 0x5EEDC0DEull;
  constexpr int kIterations = 20000;
  std::printf("random expression seed: 0x%llx\n", static_cast<unsigned long long>(kSeed));
  uint64_t rng = kSeed;
  const ExpressionAttributeValues all_values = {
      {":v", N("1")}, {":s", SS({"x", "y"})}, {":l", L({N("1"), S("x")})}};
  int prepared_count = 0;
  for (int i = 0; i < kIterations; ++i) {
    std::string text = kPrefixes[SplitMix64(&rng) % 5];
    const int length = 1 + static_cast<int>(SplitMix64(&rng) % 12);
    for (int t = 0; t < length; ++t) {
      text += kTokens[SplitMix64(&rng) % kTokenCount];
      if (SplitMix64(&rng) % 3 != 0) text += ' ';
    }
    Request r;
    switch (SplitMix64(&rng) % 4) {
      case 0:
        r.condition = text;
        break;
      case 1:
        r.update = text;
        break;
      case 2:
        r.projection = text;
        break;
      default:
        r.key_condition = text;
        r.query_key = StringHashNumberRange();
        break;
    }
    if (text.find("#n") != std::string::npos) r.names = ExpressionAttributeNames{{"#n", "n"}};
    r.values = ValuesUsedBy(text, all_values);
    if (r.values->empty()) r.values.reset();
    Result<PreparedExpressions> p = r.Prepare();
    if (!p.ok()) {
      ASSERT_TRUE(p.status().IsValidation()) << text << ": " << p.status().ToString();
      continue;
    }
    ++prepared_count;
    Item item{{"a", N("2")},
              {"b", S("x")},
              {"l", L({N("1"), N("2")})},
              {"m", M({{"x", N("1")}})},
              {"n", SS({"x"})}};
    (void)*p->EvaluateCondition(&item);
    (void)p->Project(item);
    Status s = p->ApplyUpdate(&item);
    ASSERT_TRUE(s.ok() || s.IsValidation()) << text << ": " << s.ToString();
  }
  // The generator must reach the evaluators, not only the error paths.
  EXPECT_GT(prepared_count, 100);
}

}  // namespace
}  // namespace headlock::expr_test
