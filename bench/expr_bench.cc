// Expression benchmarks on the request queue's hot path: the lock update and
// its condition (seeds/request-queue-storage.txt, listAndLockHead):
//   UpdateExpression:    SET orderNo = :lockTo, lockByClient = :clientKey
//   ConditionExpression: orderNo = :previousOrderNo
// Compares a parse from text (what every request would pay without the
// cache) with the cached Prepare, and measures evaluation and ApplyUpdate on
// a realistic request item.
#include <benchmark/benchmark.h>

#include <string>

#include "expr/parser.h"
#include "headlock/expr/expression.h"
#include "headlock/value/item.h"

namespace headlock {
namespace {

constexpr std::string_view kLockUpdate = "SET orderNo = :lockTo, lockByClient = :clientKey";
constexpr std::string_view kLockCondition = "orderNo = :previousOrderNo";

// A request as the Apify request queue stores it: ids, URL, method, order
// number, retry count and a JSON payload of about 300 bytes.
Item RequestItem() {
  std::string json =
      R"js({"url":"https://www.example.com/products/category/shoes?page=17&sort=price",)js"
      R"js("method":"GET","headers":{"User-Agent":"Mozilla/5.0 (X11; Linux x86_64)",)js"
      R"js("Accept":"text/html"},"userData":{"label":"DETAIL","depth":3,"parent":)js"
      R"js("https://www.example.com/products/category/shoes"},"retryCount":0,"noRetry":false})js";
  return Item{
      {"id", AttributeValue::S("Zx8qv1LbQnDkA3t")},
      {"queueId", AttributeValue::S("WkzbQMuFYuamGv3YF")},
      {"url", AttributeValue::S("https://www.example.com/products/category/shoes?page=17")},
      {"uniqueKey", AttributeValue::S("https://www.example.com/products/category/shoes?page=17")},
      {"method", AttributeValue::S("GET")},
      {"orderNo", AttributeValue::NumberFromString("1700000000000")},
      {"retryCount", AttributeValue::NumberFromString("0")},
      {"json", AttributeValue::S(json)},
  };
}

struct LockRequest {
  ExpressionAttributeValues values = {
      {":lockTo", AttributeValue::NumberFromString("1700000060000")},
      {":clientKey", AttributeValue::S("client-7f3a")},
      {":previousOrderNo", AttributeValue::NumberFromString("1700000000000")}};
  KeySchema key{KeyAttribute{"id", AttributeType::kS}, std::nullopt};

  ExpressionInputs Inputs() const {
    ExpressionInputs in;
    in.update_expression = kLockUpdate;
    in.condition_expression = kLockCondition;
    in.values = &values;
    in.table_key = &key;
    return in;
  }
};

void BM_ParseLockCondition(benchmark::State& state) {
  for (auto _ : state) {
    Result<expr::Condition> c =
        expr::ParseCondition(kLockCondition, expr::ExpressionKind::kCondition);
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_ParseLockCondition);

void BM_ParseLockUpdate(benchmark::State& state) {
  for (auto _ : state) {
    Result<expr::Update> u = expr::ParseUpdate(kLockUpdate);
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK(BM_ParseLockUpdate);

// Prepare with the cache emptied each time: parse + resolve of both.
void BM_PrepareLockUncached(benchmark::State& state) {
  LockRequest request;
  ExpressionInputs in = request.Inputs();
  for (auto _ : state) {
    ClearExpressionCache();
    Result<PreparedExpressions> p = PreparedExpressions::Prepare(in);
    if (!p.ok()) state.SkipWithError(p.status().ToString().c_str());
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PrepareLockUncached);

// Prepare hitting the cache: lookup + copy + resolve of both.
void BM_PrepareLockCached(benchmark::State& state) {
  LockRequest request;
  ExpressionInputs in = request.Inputs();
  (void)PreparedExpressions::Prepare(in);
  for (auto _ : state) {
    Result<PreparedExpressions> p = PreparedExpressions::Prepare(in);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PrepareLockCached);

// Cached Prepare plus evaluating the lock condition on the request item.
void BM_PrepareEvaluateLockCached(benchmark::State& state) {
  LockRequest request;
  ExpressionInputs in = request.Inputs();
  Item item = RequestItem();
  (void)PreparedExpressions::Prepare(in);
  for (auto _ : state) {
    Result<PreparedExpressions> p = PreparedExpressions::Prepare(in);
    Result<bool> ok = p->EvaluateCondition(&item);
    if (!ok.ok() || !*ok) state.SkipWithError("lock condition should hold");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_PrepareEvaluateLockCached);

void BM_EvaluateLockCondition(benchmark::State& state) {
  LockRequest request;
  Result<PreparedExpressions> p = PreparedExpressions::Prepare(request.Inputs());
  Item item = RequestItem();
  for (auto _ : state) {
    Result<bool> ok = p->EvaluateCondition(&item);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_EvaluateLockCondition);

// ApplyUpdate of the lock on the request item (re-applying the same values
// to the same item each time: the work is identical).
void BM_ApplyLockUpdate(benchmark::State& state) {
  LockRequest request;
  Result<PreparedExpressions> p = PreparedExpressions::Prepare(request.Inputs());
  Item item = RequestItem();
  for (auto _ : state) {
    Status s = p->ApplyUpdate(&item);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.counters["item_bytes"] = static_cast<double>(ItemSizeBytes(item));
}
BENCHMARK(BM_ApplyLockUpdate);

// The whole per-request expression work of a lock: cached Prepare, the
// condition, and the update on a copy of the stored item.
void BM_LockRequestCycle(benchmark::State& state) {
  LockRequest request;
  ExpressionInputs in = request.Inputs();
  const Item stored = RequestItem();
  (void)PreparedExpressions::Prepare(in);
  for (auto _ : state) {
    Result<PreparedExpressions> p = PreparedExpressions::Prepare(in);
    Item item = stored;
    if (!*p->EvaluateCondition(&item) || !p->ApplyUpdate(&item).ok()) {
      state.SkipWithError("lock failed");
    }
    benchmark::DoNotOptimize(item);
  }
}
BENCHMARK(BM_LockRequestCycle);

}  // namespace
}  // namespace headlock
