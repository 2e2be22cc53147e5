// Private to the key-value store: attribute names, the per-call helper that
// retries throttled DynamoDB calls and sums their capacity, and the decoded
// record pointer item.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/queue/key_value_store.h"
#include "headlock/splitmix64.h"

namespace headlock::kv {

// Attribute names. Several are DynamoDB reserved words (name, key, size,
// value, data), so expressions always refer to them through #placeholders.
inline constexpr const char* kId = "id";
inline constexpr const char* kName = "name";
inline constexpr const char* kCreatedAt = "createdAt";
inline constexpr const char* kModifiedAt = "modifiedAt";
inline constexpr const char* kAccessedAt = "accessedAt";
inline constexpr const char* kStoreId = "storeId";
inline constexpr const char* kKey = "key";
inline constexpr const char* kContentType = "contentType";
inline constexpr const char* kSize = "size";
inline constexpr const char* kValue = "value";
inline constexpr const char* kBlobId = "blobId";
inline constexpr const char* kChunkCount = "chunkCount";
inline constexpr const char* kChunkBytes = "chunkBytes";
inline constexpr const char* kChunkId = "chunkId";
inline constexpr const char* kData = "data";

inline constexpr const char* kDefaultContentType = "application/octet-stream";

inline AttributeValue Str(std::string_view s) { return AttributeValue::S(std::string(s)); }
inline AttributeValue Num(int64_t n) { return AttributeValue::N(Number::FromInt64(n)); }
inline AttributeValue Bytes(std::string_view b) { return AttributeValue::B(std::string(b)); }

// The S attribute `name` of `item`, or empty when absent or not an S.
std::string GetS(const Item& item, std::string_view name);
// The N attribute `name` of `item` as an integer, or 0.
int64_t GetInt(const Item& item, std::string_view name);

// "<blobId>#<chunkNo>": one partition-key value per chunk.
std::string ChunkId(std::string_view blob_id, int64_t chunk_no);

// Checks a content type: printable ASCII, at most kMaxContentTypeBytes.
Status ValidateContentType(std::string_view content_type);

// True for valid UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF); `chars` (may be null) receives the number of code points.
bool IsValidUtf8(std::string_view s, size_t* chars);

// 17 characters of [a-zA-Z0-9] from `state`.
std::string RandomId(uint64_t* state);

}  // namespace headlock::kv

namespace headlock {

// One service call: runs its DynamoDB requests, retries throttled ones as
// `on_throttle` allows, maps a missing table to Internal, and adds the
// consumed capacity to the caller's KeyValueCost on destruction.
struct KeyValueStoreService::Call {
  Call(Database* db, const KeyValueStoreOptions* options, KeyValueCost* out)
      : db(db), options(options), out(out) {}
  ~Call() {
    if (out != nullptr) {
      out->units += cost.units;
      out->requests += cost.requests;
    }
  }
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  Status Put(PutItemRequest& request, PutItemResponse* response);
  Status Get(GetItemRequest& request, GetItemResponse* response);
  Status Update(UpdateItemRequest& request, UpdateItemResponse* response);
  Status Delete(DeleteItemRequest& request, DeleteItemResponse* response);
  Status Query(QueryRequest& request, QueryResponse* response);
  Status Scan(ScanRequest& request, ScanResponse* response);
  // Writes every request, handing unprocessed ones back in until none is
  // left or `on_throttle` declines.
  Status BatchWrite(std::map<std::string, std::vector<WriteRequest>> items);
  Status Transact(TransactWriteItemsRequest& request, std::vector<CancellationReason>* reasons);

  // Asks `on_throttle` whether to retry after the `attempt`-th throttle.
  bool RetryAfter(const Status& throttled, int attempt) const;
  static Status MapError(Status s);

  // Runs `fn(request, response)` until it is not throttled or `on_throttle`
  // declines, adding up each attempt's capacity.
  template <typename Request, typename Response, typename Fn>
  Status Run(Request& request, Response* response, Fn fn) {
    request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
    for (int attempt = 1;; ++attempt) {
      *response = {};
      ++cost.requests;
      Status s = fn(request, response);
      if (response->consumed_capacity) cost.units += response->consumed_capacity->Total();
      if (!s.IsThrottle() || !RetryAfter(s, attempt)) return MapError(std::move(s));
    }
  }

  Database* db;
  const KeyValueStoreOptions* options;
  KeyValueCost* out;
  KeyValueCost cost;
};

// A decoded pointer item of the records table.
struct KeyValueStoreService::StoredRecord {
  std::string key;
  std::string content_type;
  int64_t size = 0;
  std::optional<std::string> inline_value;  // set for an inline record
  std::string blob_id;                      // otherwise: the chunks
  int64_t chunk_count = 0;
  int64_t chunk_bytes = 0;

  static StoredRecord FromItem(const Item& item);
};

}  // namespace headlock
