// The key-value store's records: inline items, blobs in chunks, listing
// keys, and sweeping orphaned chunks.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "headlock/queue/key_value_store.h"
#include "headlock/value/item.h"
#include "queue/key_value_store_internal.h"

namespace headlock {

using namespace kv;  // NOLINT: the attribute names

namespace {

Item RecordKey(const std::string& store_id, std::string_view key) {
  return {{kStoreId, Str(store_id)}, {kKey, Str(key)}};
}

Status RecordNotFound(std::string_view key) {
  return Status::RecordNotFound(fmt::format("Record was not found: {}", key));
}

// Reading a blob races with overwrites that delete its chunks; a reader
// that finds a chunk gone reads the pointer again, at most this often.
constexpr int kMaxBlobReadRounds = 8;
// A blob id that collides with live chunks is drawn again, at most this often.
constexpr int kMaxBlobIdRounds = 8;

}  // namespace

KeyValueStoreService::StoredRecord KeyValueStoreService::StoredRecord::FromItem(const Item& item) {
  StoredRecord r;
  r.key = GetS(item, kKey);
  r.content_type = GetS(item, kContentType);
  r.size = GetInt(item, kSize);
  if (auto it = item.find(kValue); it != item.end() && it->second.is_b()) {
    r.inline_value = it->second.b();
  } else {
    r.blob_id = GetS(item, kBlobId);
    r.chunk_count = GetInt(item, kChunkCount);
    r.chunk_bytes = GetInt(item, kChunkBytes);
  }
  return r;
}

Result<std::optional<KeyValueStoreService::StoredRecord>> KeyValueStoreService::ReadPointer(
    Call& call, const std::string& store_id, std::string_view key) {
  GetItemRequest request;
  request.table_name = records_table_;
  request.key = RecordKey(store_id, key);
  request.consistent_read = true;  // read-after-write: an Actor reads the state it saved
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(call.Get(request, &response));
  if (!response.item) return std::optional<StoredRecord>();
  return std::optional<StoredRecord>(StoredRecord::FromItem(*response.item));
}

// A missing chunk sets *gone (the caller reads the pointer again).
Status KeyValueStoreService::ReadBlob(Call& call, const StoredRecord& pointer, std::string* value,
                                      bool* gone) {
  *gone = false;
  value->clear();
  value->reserve(static_cast<size_t>(pointer.size));
  for (int64_t i = 0; i < pointer.chunk_count; ++i) {
    GetItemRequest request;
    request.table_name = chunks_table_;
    request.key = {{kChunkId, Str(ChunkId(pointer.blob_id, i))}};
    request.consistent_read = true;
    GetItemResponse response;
    HEADLOCK_RETURN_IF_ERROR(call.Get(request, &response));
    if (!response.item) {
      *gone = true;
      return Status::OK();
    }
    auto data = response.item->find(kData);
    if (data == response.item->end() || !data->second.is_b()) {
      return Status::Internal(fmt::format("blob chunk {} has no data", i));
    }
    value->append(data->second.b());
  }
  if (static_cast<int64_t>(value->size()) != pointer.size) {
    return Status::Internal(fmt::format("blob {} holds {} bytes, its record says {}",
                                        pointer.blob_id, value->size(), pointer.size));
  }
  return Status::OK();
}

Status KeyValueStoreService::WriteChunks(Call& call, const std::string& store_id,
                                         std::string_view key, const std::string& blob_id,
                                         std::string_view value, int64_t* chunk_count) {
  const size_t n = (value.size() + options_.chunk_bytes - 1) / options_.chunk_bytes;
  const int64_t now = db_->clock().NowMillis();
  for (size_t i = 0; i < n; ++i) {
    PutItemRequest put;
    put.table_name = chunks_table_;
    put.item = {{kChunkId, Str(ChunkId(blob_id, static_cast<int64_t>(i)))},
                {kBlobId, Str(blob_id)},
                {kStoreId, Str(store_id)},
                {kKey, Str(key)},
                {kCreatedAt, Num(now)},
                {kData, Bytes(value.substr(i * options_.chunk_bytes, options_.chunk_bytes))}};
    // Never overwrite a chunk of another blob (an id drawn twice).
    put.condition_expression = "attribute_not_exists(#c)";
    put.expression_attribute_names = ExpressionAttributeNames{{"#c", kChunkId}};
    PutItemResponse response;
    Status s = call.Put(put, &response);
    if (!s.ok()) {
      // Take back what this write put down; the sweep gets anything left.
      (void)DeleteChunks(call, blob_id, static_cast<int64_t>(i));
      return s;
    }
  }
  *chunk_count = static_cast<int64_t>(n);
  return Status::OK();
}

Status KeyValueStoreService::DeleteChunks(Call& call, const std::string& blob_id,
                                          int64_t chunk_count) {
  for (int64_t first = 0; first < chunk_count; first += kMaxBatchWriteItems) {
    std::vector<WriteRequest> deletes;
    for (int64_t i = first; i < std::min<int64_t>(chunk_count, first + kMaxBatchWriteItems); ++i) {
      WriteRequest w;
      w.delete_request = Item{{kChunkId, Str(ChunkId(blob_id, i))}};
      deletes.push_back(std::move(w));
    }
    HEADLOCK_RETURN_IF_ERROR(call.BatchWrite({{chunks_table_, std::move(deletes)}}));
  }
  return Status::OK();
}

Status KeyValueStoreService::SetRecord(std::string_view store, std::string_view key,
                                       std::string_view value, std::string_view content_type,
                                       KeyValueCost* cost) {
  // Every check before the first request: bad input writes nothing.
  HEADLOCK_RETURN_IF_ERROR(ValidateRecordKey(key, options_.allow_unicode_keys));
  HEADLOCK_RETURN_IF_ERROR(ValidateContentType(content_type));
  if (value.size() > kMaxRecordBytes) {
    return Status(Status::Code::kRequestTooLarge,
                  fmt::format("Record is too large: {} bytes, the maximum is {} bytes",
                              value.size(), kMaxRecordBytes));
  }
  if (content_type.empty()) content_type = kDefaultContentType;
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  HEADLOCK_RETURN_IF_ERROR(Touch(call, info, /*modified=*/true));

  Item pointer = {{kStoreId, Str(info.id)},
                  {kKey, Str(key)},
                  {kContentType, Str(content_type)},
                  {kSize, Num(static_cast<int64_t>(value.size()))},
                  {kValue, Bytes(value)}};
  std::string blob_id;
  int64_t chunk_count = 0;
  if (ItemSizeBytes(pointer) > kMaxItemSizeBytes) {
    // Too large for one item: chunks first, then the pointer that publishes them.
    pointer.erase(kValue);
    Status written;
    for (int round = 0; round < kMaxBlobIdRounds; ++round) {
      blob_id = NewId();
      written = WriteChunks(call, info.id, key, blob_id, value, &chunk_count);
      if (!written.IsConditionalCheckFailed()) break;
    }
    HEADLOCK_RETURN_IF_ERROR(written);
    pointer[kBlobId] = Str(blob_id);
    pointer[kChunkCount] = Num(chunk_count);
    pointer[kChunkBytes] = Num(static_cast<int64_t>(options_.chunk_bytes));
  }
  PutItemRequest put;
  put.table_name = records_table_;
  put.item = std::move(pointer);
  put.return_values = ReturnValues::kAllOld;
  PutItemResponse response;
  Status s = call.Put(put, &response);
  if (!s.ok()) {
    if (chunk_count > 0) (void)DeleteChunks(call, blob_id, chunk_count);
    return s;
  }
  if (response.attributes) {
    StoredRecord old = StoredRecord::FromItem(*response.attributes);
    // The record is replaced; chunks left over by a failure here are the sweep's.
    if (!old.inline_value && old.chunk_count > 0) {
      (void)DeleteChunks(call, old.blob_id, old.chunk_count);
    }
  }
  return Status::OK();
}

Result<KeyValueRecord> KeyValueStoreService::GetRecord(std::string_view store, std::string_view key,
                                                       KeyValueCost* cost) {
  HEADLOCK_RETURN_IF_ERROR(ValidateRecordKey(key, options_.allow_unicode_keys));
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  HEADLOCK_RETURN_IF_ERROR(TouchIfStale(call, &info));
  for (int round = 0; round < kMaxBlobReadRounds; ++round) {
    HEADLOCK_ASSIGN_OR_RETURN(auto pointer, ReadPointer(call, info.id, key));
    if (!pointer) return RecordNotFound(key);
    KeyValueRecord record;
    record.key = std::string(key);
    record.content_type = pointer->content_type;
    if (pointer->inline_value) {
      record.value = std::move(*pointer->inline_value);
      return record;
    }
    bool gone = false;
    HEADLOCK_RETURN_IF_ERROR(ReadBlob(call, *pointer, &record.value, &gone));
    if (!gone) return record;
    // A chunk vanished: an overwrite or delete replaced this blob after we
    // read its pointer. Read the pointer again.
  }
  return Status::Internal(fmt::format("record {} kept changing while it was read", key));
}

Result<bool> KeyValueStoreService::RecordExists(std::string_view store, std::string_view key,
                                                KeyValueCost* cost) {
  HEADLOCK_RETURN_IF_ERROR(ValidateRecordKey(key, options_.allow_unicode_keys));
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  GetItemRequest request;
  request.table_name = records_table_;
  request.key = RecordKey(info.id, key);
  request.consistent_read = true;
  request.projection_expression = "#k";  // DynamoDB charges the whole item anyway
  request.expression_attribute_names = ExpressionAttributeNames{{"#k", kKey}};
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(call.Get(request, &response));
  return response.item.has_value();
}

Status KeyValueStoreService::DeleteRecord(std::string_view store, std::string_view key,
                                          KeyValueCost* cost) {
  HEADLOCK_RETURN_IF_ERROR(ValidateRecordKey(key, options_.allow_unicode_keys));
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  DeleteItemRequest request;
  request.table_name = records_table_;
  request.key = RecordKey(info.id, key);
  request.return_values = ReturnValues::kAllOld;
  DeleteItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(call.Delete(request, &response));
  if (!response.attributes) return RecordNotFound(key);
  StoredRecord old = StoredRecord::FromItem(*response.attributes);
  if (!old.inline_value && old.chunk_count > 0) {
    (void)DeleteChunks(call, old.blob_id, old.chunk_count);  // leftovers: the sweep's
  }
  return Touch(call, info, /*modified=*/true);
}

Result<ListKeysResult> KeyValueStoreService::ListKeys(std::string_view store,
                                                      const ListKeysOptions& options,
                                                      KeyValueCost* cost) {
  if (options.limit < 1) return Status::InvalidInput("limit must be at least 1");
  // Any key is at most 256 characters of 4 bytes; a start key or prefix
  // past that (or not UTF-8) can only be a mistake.
  for (const std::string* s : {&options.exclusive_start_key, &options.prefix}) {
    if (!IsValidUtf8(*s, nullptr) || s->size() > kMaxRecordKeyChars * 4) {
      return Status::InvalidInput(s == &options.prefix
                                      ? "prefix must be UTF-8 of at most 1024 bytes"
                                      : "exclusiveStartKey must be UTF-8 of at most 1024 bytes");
    }
  }
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  HEADLOCK_RETURN_IF_ERROR(TouchIfStale(call, &info));
  ListKeysResult result;
  result.limit = std::min(options.limit, kMaxListKeysLimit);
  if (!options.exclusive_start_key.empty())
    result.exclusive_start_key = options.exclusive_start_key;

  QueryRequest request;
  request.table_name = records_table_;
  request.expression_attribute_names =
      ExpressionAttributeNames{{"#s", kStoreId}, {"#k", kKey}, {"#z", kSize}};
  request.expression_attribute_values = ExpressionAttributeValues{{":s", Str(info.id)}};
  if (options.prefix.empty()) {
    request.key_condition_expression = "#s = :s";
  } else {
    request.key_condition_expression = "#s = :s AND begins_with(#k, :p)";
    (*request.expression_attribute_values)[":p"] = Str(options.prefix);
  }
  request.projection_expression = "#k, #z";
  if (!options.exclusive_start_key.empty()) {
    // A position, not necessarily an existing key; the engine clamps it to
    // the prefix range.
    request.exclusive_start_key = RecordKey(info.id, options.exclusive_start_key);
  }
  // One item past the limit tells whether the listing is truncated.
  std::vector<ListKeysResult::Item> items;
  const size_t want = static_cast<size_t>(result.limit) + 1;
  while (items.size() < want) {
    request.limit = static_cast<int>(want - items.size());
    QueryResponse response;
    HEADLOCK_RETURN_IF_ERROR(call.Query(request, &response));
    for (const Item& item : response.items) {
      items.push_back({GetS(item, kKey), GetInt(item, kSize)});
    }
    if (!response.last_evaluated_key) break;
    request.exclusive_start_key = std::move(response.last_evaluated_key);
  }
  if (items.size() > static_cast<size_t>(result.limit)) {
    items.resize(static_cast<size_t>(result.limit));
    result.is_truncated = true;
    result.next_exclusive_start_key = items.back().key;
  }
  result.items = std::move(items);
  result.count = static_cast<int64_t>(result.items.size());
  return result;
}

Status KeyValueStoreService::DeleteAllRecords(Call& call, const std::string& store_id) {
  QueryRequest request;
  request.table_name = records_table_;
  request.key_condition_expression = "#s = :s";
  request.expression_attribute_names = ExpressionAttributeNames{
      {"#s", kStoreId}, {"#k", kKey}, {"#b", kBlobId}, {"#c", kChunkCount}};
  request.expression_attribute_values = ExpressionAttributeValues{{":s", Str(store_id)}};
  request.projection_expression = "#k, #b, #c";
  request.consistent_read = true;
  request.limit = static_cast<int>(kMaxBatchWriteItems);
  while (true) {
    QueryResponse response;
    HEADLOCK_RETURN_IF_ERROR(call.Query(request, &response));
    std::vector<WriteRequest> deletes;
    for (const Item& item : response.items) {
      StoredRecord r = StoredRecord::FromItem(item);  // no value projected: blob fields or none
      if (r.chunk_count > 0) HEADLOCK_RETURN_IF_ERROR(DeleteChunks(call, r.blob_id, r.chunk_count));
      WriteRequest w;
      w.delete_request = RecordKey(store_id, r.key);
      deletes.push_back(std::move(w));
    }
    if (!deletes.empty()) {
      HEADLOCK_RETURN_IF_ERROR(call.BatchWrite({{records_table_, std::move(deletes)}}));
    }
    if (!response.last_evaluated_key) return Status::OK();
    request.exclusive_start_key = std::move(response.last_evaluated_key);
  }
}

Result<int64_t> KeyValueStoreService::SweepOrphanChunks(int64_t grace_ms, KeyValueCost* cost) {
  Call call(db_, &options_, cost);
  const int64_t cutoff = db_->clock().NowMillis() - grace_ms;
  // Blob id -> whether a record points to it, looked up once per blob.
  std::map<std::string, bool> live;
  std::vector<std::string> orphans;  // chunk ids
  ScanRequest scan;
  scan.table_name = chunks_table_;
  scan.projection_expression = "#c, #b, #s, #k, #t";
  scan.expression_attribute_names = ExpressionAttributeNames{
      {"#c", kChunkId}, {"#b", kBlobId}, {"#s", kStoreId}, {"#k", kKey}, {"#t", kCreatedAt}};
  while (true) {
    ScanResponse response;
    HEADLOCK_RETURN_IF_ERROR(call.Scan(scan, &response));
    for (const Item& chunk : response.items) {
      if (GetInt(chunk, kCreatedAt) > cutoff) continue;  // maybe a write in progress
      std::string blob_id = GetS(chunk, kBlobId);
      auto it = live.find(blob_id);
      if (it == live.end()) {
        HEADLOCK_ASSIGN_OR_RETURN(auto pointer,
                                  ReadPointer(call, GetS(chunk, kStoreId), GetS(chunk, kKey)));
        bool referenced = pointer && !pointer->inline_value && pointer->blob_id == blob_id;
        it = live.emplace(blob_id, referenced).first;
      }
      if (!it->second) orphans.push_back(GetS(chunk, kChunkId));
    }
    if (!response.last_evaluated_key) break;
    scan.exclusive_start_key = std::move(response.last_evaluated_key);
  }
  for (size_t first = 0; first < orphans.size(); first += kMaxBatchWriteItems) {
    std::vector<WriteRequest> deletes;
    for (size_t i = first; i < std::min(orphans.size(), first + kMaxBatchWriteItems); ++i) {
      WriteRequest w;
      w.delete_request = Item{{kChunkId, Str(orphans[i])}};
      deletes.push_back(std::move(w));
    }
    HEADLOCK_RETURN_IF_ERROR(call.BatchWrite({{chunks_table_, std::move(deletes)}}));
  }
  return static_cast<int64_t>(orphans.size());
}

}  // namespace headlock
