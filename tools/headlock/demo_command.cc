// `headlock demo`: a scripted tour of the request-queue lock from Apify's
// storage design (the seed), run through Headlock's expression engine on one
// request item. The clock is fixed so that every run prints the same text.
//
// The trick: one index on (queueId, orderNo) serves both as the queue and as
// the lock. orderNo in [-now, now] means "waiting"; a client locks a request
// by moving orderNo out of that interval (to now + lockSecs, or to its
// negative for requests at the forefront) with a conditional update that
// fails if anyone else moved it first; handling removes orderNo, so the
// request leaves the index.
#include <fmt/core.h>

#include <string>

#include "command.h"
#include "headlock/expr/expression.h"
#include "item_table.h"
#include "json/attribute_json.h"
#include "json/error_json.h"

namespace headlock::cli {
namespace {

constexpr int64_t kNowMs = 1700000000000;          // fixed demo clock
constexpr int64_t kEnqueuedAtMs = kNowMs - 10000;  // enqueued 10 s earlier, at the tail
constexpr int64_t kLockSecs = 60;                  // listAndLockHead's lockSecs

constexpr std::string_view kIsWaiting =
    "attribute_exists(orderNo) AND orderNo BETWEEN :minusNow AND :now";
constexpr std::string_view kLockUpdate = "SET orderNo = :lockTo, lockByClient = :clientKey";
constexpr std::string_view kLockCondition = "orderNo = :previousOrderNo";
constexpr std::string_view kHandledUpdate = "REMOVE orderNo SET handledAt = :now";

AttributeValue N(int64_t v) { return AttributeValue::N(Number::FromInt64(v)); }

KeySchema RequestKey() {
  return KeySchema{KeyAttribute{"queueId", AttributeType::kS},
                   KeyAttribute{"id", AttributeType::kS}};
}

void PrintValues(const ExpressionAttributeValues& values) {
  for (const auto& [name, value] : values) {
    fmt::print("    {:<20} {}\n", name, json::AttributeValueToJsonString(value));
  }
}

// Evaluates `condition` on `*item` and, if it holds and `update` is given,
// applies `update`: UpdateItem's read-check-write on one item. Returns the
// condition's result, or the error DynamoDB would return.
Result<bool> ConditionalUpdate(Item* item, std::string_view condition,
                               std::optional<std::string_view> update,
                               const ExpressionAttributeValues& values) {
  const KeySchema key = RequestKey();
  ExpressionInputs inputs;
  inputs.condition_expression = condition;
  inputs.update_expression = update;
  inputs.values = &values;
  inputs.table_key = &key;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions prepared, PreparedExpressions::Prepare(inputs));
  HEADLOCK_ASSIGN_OR_RETURN(bool holds, prepared.EvaluateCondition(item));
  if (holds && update) HEADLOCK_RETURN_IF_ERROR(prepared.ApplyUpdate(item));
  return holds;
}

Result<bool> IsWaiting(Item* item) {
  ExpressionAttributeValues values{{":minusNow", N(-kNowMs)}, {":now", N(kNowMs)}};
  fmt::print("    ConditionExpression  {}\n", kIsWaiting);
  PrintValues(values);
  return ConditionalUpdate(item, kIsWaiting, std::nullopt, values);
}

// Counts the steps whose outcome differs from what the seed's design
// expects, so that a broken engine makes the demo fail instead of telling a
// wrong story.
class Expectations {
 public:
  // Prints what the outcome means and counts it if it is not `want`.
  void Check(bool got, bool want, std::string_view says_true, std::string_view says_false) {
    fmt::print("    -> {}: {}\n", got ? "true" : "false", got ? says_true : says_false);
    if (got != want) {
      fmt::print("    !! expected {}\n", want ? "true" : "false");
      ++surprises_;
    }
  }
  // The same for a fact that is not a condition's result: prints only what
  // it means.
  void CheckFact(bool got, bool want, std::string_view says_true, std::string_view says_false) {
    fmt::print("    -> {}\n", got ? says_true : says_false);
    if (got != want) {
      fmt::print("    !! expected: {}\n", want ? says_true : says_false);
      ++surprises_;
    }
  }
  int surprises() const { return surprises_; }

 private:
  int surprises_ = 0;
};

Status RunDemo(int* surprises) {
  Expectations expect;
  fmt::print("Headlock demo: Apify's request-queue lock on one request item\n");
  fmt::print("(fixed clock: now = {} ms; every step is one DynamoDB expression)\n\n", kNowMs);

  Item item{{"queueId", AttributeValue::S("q1")},
            {"id", AttributeValue::S("r1")},
            {"url", AttributeValue::S("https://example.com/")},
            {"orderNo", N(kEnqueuedAtMs)}};
  fmt::print(
      "1. A request waits in queue q1. orderNo = enqueue time (ms), so the index on\n"
      "   (queueId, orderNo) sorts it by age; -time would put it at the forefront.\n");
  fmt::print("{}\n", FormatItemTable(item, 4));

  fmt::print("2. Is it waiting, i.e. not locked? orderNo must lie in [-now, now].\n");
  HEADLOCK_ASSIGN_OR_RETURN(bool waiting, IsWaiting(&item));
  expect.Check(waiting, true, "free to lock", "not available");
  fmt::print("\n");

  fmt::print("3. Client A locks it for {} s: orderNo moves to now + {} s, out of [-now, now].\n",
             kLockSecs, kLockSecs);
  fmt::print("    UpdateExpression     {}\n    ConditionExpression  {}\n", kLockUpdate,
             kLockCondition);
  const int64_t lock_to_ms = kNowMs + kLockSecs * 1000;
  ExpressionAttributeValues lock_a{{":lockTo", N(lock_to_ms)},
                                   {":clientKey", AttributeValue::S("client-a")},
                                   {":previousOrderNo", N(kEnqueuedAtMs)}};
  PrintValues(lock_a);
  HEADLOCK_ASSIGN_OR_RETURN(bool locked,
                            ConditionalUpdate(&item, kLockCondition, kLockUpdate, lock_a));
  expect.Check(locked, true, "condition holds, update applied: locked by client-a",
               "condition failed, not locked");
  fmt::print("{}\n", FormatItemTable(item, 4));

  fmt::print(
      "4. Client B listed the same head a moment earlier and tries the same lock,\n"
      "   still expecting orderNo = {}.\n",
      kEnqueuedAtMs);
  ExpressionAttributeValues lock_b = lock_a;
  lock_b[":clientKey"] = AttributeValue::S("client-b");
  PrintValues(lock_b);
  const Item before_b = item;
  HEADLOCK_ASSIGN_OR_RETURN(bool b_locked,
                            ConditionalUpdate(&item, kLockCondition, kLockUpdate, lock_b));
  expect.Check(b_locked, false, "client-b took the lock",
               "UpdateItem answers " + json::ErrorToJsonString(Status::ConditionalCheckFailed()));
  if (!b_locked) {
    fmt::print("       a lock collision: client-b moves on to the next request\n");
    if (item != before_b) {
      fmt::print("    !! the item changed although the condition failed\n");
      ++*surprises;
    }
  }
  fmt::print("\n");

  fmt::print("5. Is it waiting now? orderNo = now + {} s lies in (now, +inf).\n", kLockSecs);
  HEADLOCK_ASSIGN_OR_RETURN(waiting, IsWaiting(&item));
  expect.Check(waiting, false, "waiting", "locked, so nobody else lists it as the head");
  fmt::print("\n");

  fmt::print("6. Client A has processed it and marks it handled.\n");
  fmt::print("    UpdateExpression     {}\n", kHandledUpdate);
  ExpressionAttributeValues handled{{":now", N(kNowMs + 5000)}};
  PrintValues(handled);
  {
    const KeySchema key = RequestKey();
    ExpressionInputs inputs;
    inputs.update_expression = kHandledUpdate;
    inputs.values = &handled;
    inputs.table_key = &key;
    HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions prepared, PreparedExpressions::Prepare(inputs));
    HEADLOCK_RETURN_IF_ERROR(prepared.ApplyUpdate(&item));
  }
  expect.CheckFact(item.contains("orderNo"), false, "orderNo is still there",
                   "no orderNo: the request has left the queue's index for good");
  fmt::print("{}\n", FormatItemTable(item, 4));

  fmt::print("7. Is it waiting now?\n");
  HEADLOCK_ASSIGN_OR_RETURN(waiting, IsWaiting(&item));
  expect.Check(waiting, false, "waiting", "handled requests have no orderNo");
  *surprises += expect.surprises();
  return Status::OK();
}

}  // namespace

RunFunction SetupDemo(CLI::App* app) {
  return [] {
    int surprises = 0;
    Status s = RunDemo(&surprises);
    if (!s.ok()) {
      fmt::print("{}\n", json::ErrorToJsonString(s));
      return 1;
    }
    if (surprises > 0) {
      fmt::print(stderr, "demo: {} step(s) did not behave as Apify's design expects\n", surprises);
      return 1;
    }
    return 0;
  };
}

}  // namespace headlock::cli
