// Internals shared by the request queue service and its lock strategies:
// attribute names, item <-> request conversion, small request builders.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "headlock/queue/request_queue.h"

namespace headlock {
namespace rq {

// Request item attributes (Apify's field names where the field is theirs).
inline constexpr char kQueueId[] = "queueId";
inline constexpr char kId[] = "id";
inline constexpr char kUniqueKey[] = "uniqueKey";
inline constexpr char kUrl[] = "url";
inline constexpr char kMethod[] = "method";
inline constexpr char kPayload[] = "payload";
inline constexpr char kHeaders[] = "headers";
inline constexpr char kUserData[] = "userData";
inline constexpr char kRetryCount[] = "retryCount";
inline constexpr char kNoRetry[] = "noRetry";
inline constexpr char kErrorMessages[] = "errorMessages";
inline constexpr char kLoadedUrl[] = "loadedUrl";
inline constexpr char kHandledAt[] = "handledAt";
// Strategy-owned.
inline constexpr char kOrderNo[] = "orderNo";
inline constexpr char kLockByClient[] = "lockByClient";
inline constexpr char kLockExpiresAt[] = "lockExpiresAt";
inline constexpr char kLockForefront[] = "lockForefront";

// The head index every strategy has: (queueId, orderNo).
inline constexpr char kHeadIndex[] = "queueId-orderNo";
// lock-index's second index: (queueId, lockExpiresAt).
inline constexpr char kLockIndex[] = "queueId-lockExpiresAt";

inline AttributeValue Num(int64_t v) { return AttributeValue::N(Number::FromInt64(v)); }
inline AttributeValue Str(std::string s) { return AttributeValue::S(std::move(s)); }

// The attribute as int64 (nullopt when absent or not an integer N).
std::optional<int64_t> GetInt(const Item& item, std::string_view name);
// The attribute as a string (nullptr when absent or not S).
const std::string* GetStr(const Item& item, std::string_view name);

inline Item RequestKey(const std::string& queue_id, const std::string& id) {
  return Item{{kQueueId, Str(queue_id)}, {kId, Str(id)}};
}

// The request's data fields (no strategy attributes) from a stored item.
QueueRequest RequestFromItem(const Item& item);

// Calls `page` for each page of a Query (following LastEvaluatedKey) until
// it returns false or the result is exhausted.
Status QueryPages(Database* db, QueryRequest request,
                  const std::function<bool(const QueryResponse&)>& page);

// The outcome of a conditional write: applied, or the condition failed.
enum class WriteOutcome { kApplied, kConflict };
// UpdateItem that maps ConditionalCheckFailed to kConflict and passes every
// other error through.
Result<WriteOutcome> ConditionalUpdate(Database* db, const UpdateItemRequest& request,
                                       std::optional<Item>* new_item = nullptr);

}  // namespace rq

// Per-queue facts and the pending metadata write state.
struct RequestQueueService::QueueState {
  std::string id;
  std::string table;  // the weekly request table
  bool named = false;
  int64_t created_at_ms = 0;

  std::mutex mu;  // guards the members below
  std::optional<int64_t> expire_at_ms;
  int64_t written_accessed_ms = 0;
  int64_t written_modified_ms = 0;
  std::optional<std::string> first_client_key;
  bool had_multiple_clients = false;
  bool client_dirty = false;  // first_client_key / had_multiple_clients not yet written
  // Count changes not yet written to the queue item: written with the next
  // metadata write (at most every metadata_write_interval_ms), or kept after a
  // throttled write. Reads of the queue add them, so answers are exact.
  int64_t owed_total = 0, owed_pending = 0, owed_handled = 0;
  int64_t modified_ms = 0;  // the last change, written or not
  bool deleted = false;
};

}  // namespace headlock
