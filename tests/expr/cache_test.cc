// The process-wide parse cache: the seed's lock expressions are parsed once.
#include "expr/cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

Request LockRequest() {
  Request r;
  r.update = "SET orderNo = :lockTo, lockByClient = :clientKey";
  r.condition = "orderNo = :previousOrderNo";
  r.values = ExpressionAttributeValues{{":lockTo", N("1700000060000")},
                                       {":clientKey", S("client-1")},
                                       {":previousOrderNo", N("1700000000000")}};
  return r;
}

TEST(ExpressionCache, LockExpressionsParsedOnce) {
  ClearExpressionCache();
  Request r = LockRequest();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(r.Prepare().ok());
  ExpressionCacheStats stats = GetExpressionCacheStats();
  EXPECT_EQ(stats.misses, 2u);  // one update, one condition
  EXPECT_EQ(stats.hits, 18u);
  EXPECT_EQ(stats.entries, 2u);
}

TEST(ExpressionCache, KeyedByKindAndText) {
  ClearExpressionCache();
  Request c;
  c.condition = "a = :v";
  c.values = ExpressionAttributeValues{{":v", N("1")}};
  Request f;
  f.filter = "a = :v";
  f.values = c.values;
  ASSERT_TRUE(c.Prepare().ok());
  ASSERT_TRUE(f.Prepare().ok());
  EXPECT_EQ(GetExpressionCacheStats().entries, 2u);
  EXPECT_EQ(GetExpressionCacheStats().hits, 0u);
}

TEST(ExpressionCache, FailedParsesAreNotCached) {
  ClearExpressionCache();
  Request bad;
  bad.condition = "a = ";
  EXPECT_FALSE(bad.Prepare().ok());
  EXPECT_FALSE(bad.Prepare().ok());
  ExpressionCacheStats stats = GetExpressionCacheStats();
  EXPECT_EQ(stats.entries, 0u);
  EXPECT_EQ(stats.misses, 2u);
}

TEST(ExpressionCache, ResolveErrorsStillReportedOnHits) {
  ClearExpressionCache();
  Request r = LockRequest();
  ASSERT_TRUE(r.Prepare().ok());
  r.values->erase(":clientKey");
  EXPECT_EQ(r.Prepare().status().message(),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :clientKey");
  EXPECT_GE(GetExpressionCacheStats().hits, 1u);
}

TEST(ExpressionCache, Bounded) {
  ClearExpressionCache();
  for (size_t i = 0; i < expr::kMaxCachedExpressions + 10; ++i) {
    Request r;
    r.projection = "a" + std::to_string(i);
    ASSERT_TRUE(r.Prepare().ok());
    ASSERT_LE(GetExpressionCacheStats().entries, expr::kMaxCachedExpressions);
  }
}

TEST(ExpressionCache, ConcurrentPrepareAndEvaluate) {
  ClearExpressionCache();
  constexpr int kThreads = 4;
  constexpr int kIterations = 500;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &failures] {
      Request r = LockRequest();
      for (int i = 0; i < kIterations; ++i) {
        if (i % 100 == 0 && t == 0) ClearExpressionCache();
        Result<PreparedExpressions> p = r.Prepare();
        Item item{{"id", S("x")}, {"orderNo", N("1700000000000")}};
        if (!p.ok() || !*p->EvaluateCondition(&item) || !p->ApplyUpdate(&item).ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace headlock::expr_test
