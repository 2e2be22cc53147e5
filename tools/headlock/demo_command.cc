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

// Counts the steps whose outcome differs from what the seed's design
// expects, so that a broken engine makes the demo fail instead of telling a
// wrong story.
class Expectations {
 public:
  // Prints what a condition's outcome means; counts it if it is not `want`.
  void Check(bool got, bool want, std::string_view says_true, std::string_view says_false) {
    fmt::print("    -> {}: {}\n", got ? "true" : "false", got ? says_true : says_false);
    Count(got, want, want ? says_true : says_false);
  }
  // The same for a fact that is not a condition's result.
  void CheckFact(bool got, bool want, std::string_view says_true, std::string_view says_false) {
    fmt::print("    -> {}\n", got ? says_true : says_false);
    Count(got, want, want ? says_true : says_false);
  }
  int surprises() const { return surprises_; }

 private:
  void Count(bool got, bool want, std::string_view wanted) {
    if (got == want) return;
    fmt::print("    !! expected: {}\n", wanted);
    ++surprises_;
  }
  int surprises_ = 0;
};

// The state the tour walks through: one request item and the checks so far.
struct Tour {
  Item item{{"queueId", AttributeValue::S("q1")},
            {"id", AttributeValue::S("r1")},
            {"url", AttributeValue::S("https://example.com/")},
            {"orderNo", N(kEnqueuedAtMs)}};
  Expectations expect;
};

// The seed's test for "not locked": orderNo in [-now, now].
Status AskIsWaiting(Tour& tour, bool want, std::string_view says_true,
                    std::string_view says_false) {
  ExpressionAttributeValues values{{":minusNow", N(-kNowMs)}, {":now", N(kNowMs)}};
  fmt::print("    ConditionExpression  {}\n", kIsWaiting);
  PrintValues(values);
  HEADLOCK_ASSIGN_OR_RETURN(bool waiting,
                            ConditionalUpdate(&tour.item, kIsWaiting, std::nullopt, values));
  tour.expect.Check(waiting, want, says_true, says_false);
  fmt::print("\n");
  return Status::OK();
}

ExpressionAttributeValues LockValues(std::string client_key) {
  return {{":lockTo", N(kNowMs + kLockSecs * 1000)},
          {":clientKey", AttributeValue::S(std::move(client_key))},
          {":previousOrderNo", N(kEnqueuedAtMs)}};
}

Status LockByClientA(Tour& tour) {
  fmt::print("3. Client A locks it for {} s: orderNo moves to now + {} s, out of [-now, now].\n",
             kLockSecs, kLockSecs);
  fmt::print("    UpdateExpression     {}\n    ConditionExpression  {}\n", kLockUpdate,
             kLockCondition);
  ExpressionAttributeValues values = LockValues("client-a");
  PrintValues(values);
  HEADLOCK_ASSIGN_OR_RETURN(bool locked,
                            ConditionalUpdate(&tour.item, kLockCondition, kLockUpdate, values));
  tour.expect.Check(locked, true, "condition holds, update applied: locked by client-a",
                    "condition failed, not locked");
  fmt::print("{}\n", FormatItemTable(tour.item, 4));
  return Status::OK();
}

Status LockByClientB(Tour& tour) {
  fmt::print(
      "4. Client B listed the same head a moment earlier and tries the same lock,\n"
      "   still expecting orderNo = {}.\n",
      kEnqueuedAtMs);
  ExpressionAttributeValues values = LockValues("client-b");
  PrintValues(values);
  const Item before = tour.item;
  HEADLOCK_ASSIGN_OR_RETURN(bool locked,
                            ConditionalUpdate(&tour.item, kLockCondition, kLockUpdate, values));
  tour.expect.Check(
      locked, false, "client-b took the lock",
      "UpdateItem answers " + json::ErrorToJsonString(Status::ConditionalCheckFailed()));
  if (!locked) {
    fmt::print("       a lock collision: client-b moves on to the next request\n");
    tour.expect.CheckFact(tour.item == before, true, "the item is unchanged",
                          "the item changed although the condition failed");
  }
  fmt::print("\n");
  return Status::OK();
}

Status MarkHandled(Tour& tour) {
  fmt::print("6. Client A has processed it and marks it handled.\n");
  fmt::print("    UpdateExpression     {}\n", kHandledUpdate);
  ExpressionAttributeValues values{{":now", N(kNowMs + 5000)}};
  PrintValues(values);
  const KeySchema key = RequestKey();
  ExpressionInputs inputs;
  inputs.update_expression = kHandledUpdate;
  inputs.values = &values;
  inputs.table_key = &key;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions prepared, PreparedExpressions::Prepare(inputs));
  HEADLOCK_RETURN_IF_ERROR(prepared.ApplyUpdate(&tour.item));
  tour.expect.CheckFact(tour.item.contains("orderNo"), false, "orderNo is still there",
                        "no orderNo: the request has left the queue's index for good");
  fmt::print("{}\n", FormatItemTable(tour.item, 4));
  return Status::OK();
}

Status RunDemo(int* surprises) {
  Tour tour;
  fmt::print("Headlock demo: Apify's request-queue lock on one request item\n");
  fmt::print("(fixed clock: now = {} ms; every step is one DynamoDB expression)\n\n", kNowMs);

  fmt::print(
      "1. A request waits in queue q1. orderNo = enqueue time (ms), so the index on\n"
      "   (queueId, orderNo) sorts it by age; -time would put it at the forefront.\n");
  fmt::print("{}\n", FormatItemTable(tour.item, 4));

  fmt::print("2. Is it waiting, i.e. not locked? orderNo must lie in [-now, now].\n");
  HEADLOCK_RETURN_IF_ERROR(AskIsWaiting(tour, true, "free to lock", "not available"));
  HEADLOCK_RETURN_IF_ERROR(LockByClientA(tour));
  HEADLOCK_RETURN_IF_ERROR(LockByClientB(tour));
  fmt::print("5. Is it waiting now? orderNo = now + {} s lies in (now, +inf).\n", kLockSecs);
  HEADLOCK_RETURN_IF_ERROR(
      AskIsWaiting(tour, false, "waiting", "locked, so nobody else lists it as the head"));
  HEADLOCK_RETURN_IF_ERROR(MarkHandled(tour));
  fmt::print("7. Is it waiting now?\n");
  HEADLOCK_RETURN_IF_ERROR(
      AskIsWaiting(tour, false, "waiting", "handled requests have no orderNo"));
  *surprises = tour.expect.surprises();
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
