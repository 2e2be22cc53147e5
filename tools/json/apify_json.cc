#include "json/apify_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>

#include "headlock/queue/apify_errors.h"
#include "headlock/value/base64.h"
#include "json/attribute_json.h"  // JsonToString, ToView

namespace headlock::json {
namespace {

rapidjson::Value Str(std::string_view s, ApifyAllocator& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

void AddString(rapidjson::Value& obj, const char* name, std::string_view s, ApifyAllocator& alloc) {
  obj.AddMember(rapidjson::StringRef(name), Str(s, alloc), alloc);
}
void AddTime(rapidjson::Value& obj, const char* name, int64_t ms, ApifyAllocator& alloc) {
  AddString(obj, name, FormatIsoMillis(ms), alloc);
}
template <typename T>
void AddNumber(rapidjson::Value& obj, const char* name, T n, ApifyAllocator& alloc) {
  obj.AddMember(rapidjson::StringRef(name), rapidjson::Value(n), alloc);
}
void AddBool(rapidjson::Value& obj, const char* name, bool b, ApifyAllocator& alloc) {
  obj.AddMember(rapidjson::StringRef(name), rapidjson::Value(b), alloc);
}

// Stored JSON text (headers, userData) back into a value; text the engine
// holds is what ParseRequest wrote, so a parse failure means a foreign
// writer: keep it visible as a string rather than dropping it.
rapidjson::Value EmbeddedJson(const std::string& text, ApifyAllocator& alloc) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) return Str(text, alloc);
  return rapidjson::Value(doc, alloc);
}

Status Invalid(std::string_view what, std::string_view field, std::string_view must) {
  return Status::InvalidInput(std::string(what) + "." + std::string(field) + " " +
                              std::string(must));
}

}  // namespace

// ------------------------------------------------------------------ errors

std::string_view ApifyErrorType(const Status& status) {
  // The queue's own codes carry their Apify type; DynamoDB's errors that
  // reach the API are mapped to the nearest one.
  std::string_view queue_type = ApifyQueueErrorType(status.code());
  if (!queue_type.empty()) return queue_type;
  if (status.IsThrottle()) return "rate-limit-exceeded";
  using Code = Status::Code;
  switch (status.code()) {
    case Code::kValidationException:
    case Code::kSerializationException:
      return "invalid-input";
    default:
      return "internal-server-error";
  }
}

int ApifyErrorHttpStatus(const Status& status) {
  std::string_view type = ApifyErrorType(status);
  if (type == "record-not-found") return 404;
  if (type == "request-handled-or-locked") return 409;
  if (type == "invalid-input" || type == "invalid-record-key") return 400;
  if (type == "request-too-large") return 413;
  if (type == "rate-limit-exceeded") return 429;
  return 500;
}

std::string ApifyErrorToJsonString(const Status& status) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  rapidjson::Value error(rapidjson::kObjectType);
  AddString(error, "type", ApifyErrorType(status), alloc);
  AddString(error, "message", status.message(), alloc);
  doc.AddMember("error", error, alloc);
  return JsonToString(doc);
}

// ------------------------------------------------------------------ queues

rapidjson::Value QueueInfoToJson(const QueueInfo& queue, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "id", queue.id, alloc);
  if (queue.name) AddString(out, "name", *queue.name, alloc);
  AddTime(out, "createdAt", queue.created_at_ms, alloc);
  AddTime(out, "modifiedAt", queue.modified_at_ms, alloc);
  AddTime(out, "accessedAt", queue.accessed_at_ms, alloc);
  if (queue.expire_at_ms) AddTime(out, "expireAt", *queue.expire_at_ms, alloc);
  AddNumber(out, "totalRequestCount", queue.total_request_count, alloc);
  AddNumber(out, "handledRequestCount", queue.handled_request_count, alloc);
  AddNumber(out, "pendingRequestCount", queue.pending_request_count, alloc);
  AddBool(out, "hadMultipleClients", queue.had_multiple_clients, alloc);
  return out;
}

rapidjson::Value RequestToJson(const QueueRequest& r, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "id", r.id, alloc);
  AddString(out, "uniqueKey", r.unique_key, alloc);
  AddString(out, "url", r.url, alloc);
  AddString(out, "method", r.method, alloc);
  if (r.payload) AddString(out, "payload", *r.payload, alloc);
  if (r.headers_json) out.AddMember("headers", EmbeddedJson(*r.headers_json, alloc), alloc);
  if (r.user_data_json) out.AddMember("userData", EmbeddedJson(*r.user_data_json, alloc), alloc);
  AddNumber(out, "retryCount", r.retry_count, alloc);
  if (r.no_retry) AddBool(out, "noRetry", true, alloc);
  if (!r.error_messages.empty()) {
    rapidjson::Value messages(rapidjson::kArrayType);
    for (const std::string& m : r.error_messages) messages.PushBack(Str(m, alloc), alloc);
    out.AddMember("errorMessages", messages, alloc);
  }
  if (r.loaded_url) AddString(out, "loadedUrl", *r.loaded_url, alloc);
  if (r.handled_at_ms) AddTime(out, "handledAt", *r.handled_at_ms, alloc);
  if (r.lock_expires_at_ms) AddTime(out, "lockExpiresAt", *r.lock_expires_at_ms, alloc);
  if (r.lock_by_client) AddString(out, "lockByClient", *r.lock_by_client, alloc);
  return out;
}

rapidjson::Value HeadItemToJson(const QueueRequest& r, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "id", r.id, alloc);
  AddString(out, "uniqueKey", r.unique_key, alloc);
  AddString(out, "url", r.url, alloc);
  AddString(out, "method", r.method, alloc);
  AddNumber(out, "retryCount", r.retry_count, alloc);
  if (r.lock_expires_at_ms) AddTime(out, "lockExpiresAt", *r.lock_expires_at_ms, alloc);
  return out;
}

Result<QueueRequest> ParseRequest(const rapidjson::Value& json, std::string_view what) {
  if (!json.IsObject()) return Status::InvalidInput(std::string(what) + " must be an object");
  QueueRequest r;
  auto string_field = [&](const char* name, std::string* out) -> Status {
    auto it = json.FindMember(name);
    if (it == json.MemberEnd() || it->value.IsNull()) return Status::OK();
    if (!it->value.IsString()) return Invalid(what, name, "must be a string");
    *out = std::string(ToView(it->value));
    return Status::OK();
  };
  auto optional_string = [&](const char* name, std::optional<std::string>* out) -> Status {
    auto it = json.FindMember(name);
    if (it == json.MemberEnd() || it->value.IsNull()) return Status::OK();
    if (!it->value.IsString()) return Invalid(what, name, "must be a string");
    *out = std::string(ToView(it->value));
    return Status::OK();
  };
  auto object_field = [&](const char* name, std::optional<std::string>* out) -> Status {
    auto it = json.FindMember(name);
    if (it == json.MemberEnd() || it->value.IsNull()) return Status::OK();
    if (!it->value.IsObject()) return Invalid(what, name, "must be an object");
    *out = JsonToString(it->value);
    return Status::OK();
  };
  HEADLOCK_RETURN_IF_ERROR(string_field("id", &r.id));
  HEADLOCK_RETURN_IF_ERROR(string_field("uniqueKey", &r.unique_key));
  HEADLOCK_RETURN_IF_ERROR(string_field("url", &r.url));
  HEADLOCK_RETURN_IF_ERROR(string_field("method", &r.method));
  HEADLOCK_RETURN_IF_ERROR(optional_string("payload", &r.payload));
  HEADLOCK_RETURN_IF_ERROR(object_field("headers", &r.headers_json));
  HEADLOCK_RETURN_IF_ERROR(object_field("userData", &r.user_data_json));
  HEADLOCK_RETURN_IF_ERROR(optional_string("loadedUrl", &r.loaded_url));
  if (auto it = json.FindMember("retryCount"); it != json.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt64()) return Invalid(what, "retryCount", "must be an integer");
    r.retry_count = it->value.GetInt64();
  }
  if (auto it = json.FindMember("noRetry"); it != json.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsBool()) return Invalid(what, "noRetry", "must be a boolean");
    r.no_retry = it->value.GetBool();
  }
  if (auto it = json.FindMember("errorMessages"); it != json.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray()) return Invalid(what, "errorMessages", "must be an array of strings");
    for (const auto& m : it->value.GetArray()) {
      if (!m.IsString()) return Invalid(what, "errorMessages", "must be an array of strings");
      r.error_messages.emplace_back(ToView(m));
    }
  }
  if (auto it = json.FindMember("handledAt"); it != json.MemberEnd() && !it->value.IsNull()) {
    std::optional<int64_t> ms;
    if (it->value.IsString()) ms = ParseIsoMillis(ToView(it->value));
    if (!ms) {
      return Invalid(what, "handledAt", "must be an ISO 8601 time like 2026-11-23T10:00:00.000Z");
    }
    r.handled_at_ms = ms;
  }
  return r;
}

rapidjson::Value AddRequestResultToJson(const AddRequestResult& result, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "requestId", result.request_id, alloc);
  AddBool(out, "wasAlreadyPresent", result.was_already_present, alloc);
  AddBool(out, "wasAlreadyHandled", result.was_already_handled, alloc);
  return out;
}

rapidjson::Value BatchAddResultToJson(const BatchAddResult& result, ApifyAllocator& alloc) {
  rapidjson::Value processed(rapidjson::kArrayType), unprocessed(rapidjson::kArrayType);
  for (const ProcessedRequest& p : result.processed_requests) {
    rapidjson::Value item(rapidjson::kObjectType);
    AddString(item, "requestId", p.request_id, alloc);
    AddString(item, "uniqueKey", p.unique_key, alloc);
    AddBool(item, "wasAlreadyPresent", p.was_already_present, alloc);
    AddBool(item, "wasAlreadyHandled", p.was_already_handled, alloc);
    processed.PushBack(item, alloc);
  }
  for (const UnprocessedRequest& u : result.unprocessed_requests) {
    rapidjson::Value item(rapidjson::kObjectType);
    AddString(item, "uniqueKey", u.unique_key, alloc);
    AddString(item, "url", u.url, alloc);
    AddString(item, "method", u.method, alloc);
    unprocessed.PushBack(item, alloc);
  }
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("processedRequests", processed, alloc);
  out.AddMember("unprocessedRequests", unprocessed, alloc);
  return out;
}

rapidjson::Value BatchDeleteResultToJson(const BatchDeleteResult& result, ApifyAllocator& alloc) {
  rapidjson::Value processed(rapidjson::kArrayType), unprocessed(rapidjson::kArrayType);
  for (const DeletedRequest& d : result.processed_requests) {
    rapidjson::Value item(rapidjson::kObjectType);
    AddString(item, "id", d.id, alloc);
    if (!d.unique_key.empty()) AddString(item, "uniqueKey", d.unique_key, alloc);
    processed.PushBack(item, alloc);
  }
  for (const RequestRef& u : result.unprocessed_requests) {
    rapidjson::Value item(rapidjson::kObjectType);
    if (u.id) AddString(item, "id", *u.id, alloc);
    if (u.unique_key) AddString(item, "uniqueKey", *u.unique_key, alloc);
    unprocessed.PushBack(item, alloc);
  }
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("processedRequests", processed, alloc);
  out.AddMember("unprocessedRequests", unprocessed, alloc);
  return out;
}

rapidjson::Value ListHeadResultToJson(const ListHeadResult& result, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddNumber(out, "limit", result.limit, alloc);
  AddTime(out, "queueModifiedAt", result.queue_modified_at_ms, alloc);
  AddBool(out, "hadMultipleClients", result.had_multiple_clients, alloc);
  rapidjson::Value items(rapidjson::kArrayType);
  for (const QueueRequest& r : result.items) items.PushBack(HeadItemToJson(r, alloc), alloc);
  out.AddMember("items", items, alloc);
  return out;
}

rapidjson::Value LockedHeadToJson(const LockedHead& result, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddNumber(out, "limit", result.limit, alloc);
  AddNumber(out, "lockSecs", result.lock_secs, alloc);
  AddTime(out, "queueModifiedAt", result.queue_modified_at_ms, alloc);
  AddBool(out, "hadMultipleClients", result.had_multiple_clients, alloc);
  AddBool(out, "queueHasLockedRequests", result.queue_has_locked_requests, alloc);
  AddString(out, "clientKey", result.client_key, alloc);
  rapidjson::Value items(rapidjson::kArrayType);
  for (const QueueRequest& r : result.items) items.PushBack(HeadItemToJson(r, alloc), alloc);
  out.AddMember("items", items, alloc);
  return out;
}

rapidjson::Value ListQueuesResultToJson(const ListQueuesResult& result, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddNumber(out, "total", result.total, alloc);
  AddNumber(out, "offset", result.offset, alloc);
  AddNumber(out, "limit", result.limit, alloc);
  AddNumber(out, "count", static_cast<int64_t>(result.items.size()), alloc);
  AddBool(out, "desc", result.desc, alloc);
  AddBool(out, "unnamed", result.unnamed, alloc);
  rapidjson::Value items(rapidjson::kArrayType);
  for (const QueueInfo& q : result.items) items.PushBack(QueueInfoToJson(q, alloc), alloc);
  out.AddMember("items", items, alloc);
  return out;
}

rapidjson::Value ListRequestsResultToJson(const ListRequestsResult& result,
                                          const ListRequestsOptions& options,
                                          ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddNumber(out, "limit", result.limit, alloc);
  if (options.cursor) AddString(out, "cursor", EncodeRequestCursor(*options.cursor), alloc);
  if (result.next_cursor) {
    AddString(out, "nextCursor", EncodeRequestCursor(*result.next_cursor), alloc);
  }
  if (options.exclusive_start_id) {
    AddString(out, "exclusiveStartId", *options.exclusive_start_id, alloc);
  }
  rapidjson::Value items(rapidjson::kArrayType);
  for (const QueueRequest& r : result.items) items.PushBack(RequestToJson(r, alloc), alloc);
  out.AddMember("items", items, alloc);
  return out;
}

std::string EncodeRequestCursor(std::string_view request_id) {
  rapidjson::Document doc(rapidjson::kObjectType);
  doc.AddMember("requestId", Str(request_id, doc.GetAllocator()), doc.GetAllocator());
  std::string b64 = Base64Encode(JsonToString(doc));
  std::string out;
  for (char c : b64) {
    if (c == '=') continue;
    out += c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

Result<std::string> DecodeRequestCursor(std::string_view cursor) {
  std::string b64;
  for (char c : cursor) b64 += c == '-' ? '+' : c == '_' ? '/' : c;
  while (b64.size() % 4 != 0) b64 += '=';
  std::string text;
  rapidjson::Document doc;
  if (cursor.empty() || !Base64Decode(b64, &text) ||
      doc.Parse(text.data(), text.size()).HasParseError() || !doc.IsObject() ||
      !doc.HasMember("requestId") || !doc["requestId"].IsString()) {
    return Status::InvalidInput("cursor is not a cursor from a previous listRequests page");
  }
  return std::string(ToView(doc["requestId"]));
}

// ------------------------------------------------------------------ key-value stores

rapidjson::Value StoreInfoToJson(const KeyValueStoreInfo& store, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "id", store.id, alloc);
  if (store.name) AddString(out, "name", *store.name, alloc);
  AddTime(out, "createdAt", store.created_at_ms, alloc);
  AddTime(out, "modifiedAt", store.modified_at_ms, alloc);
  AddTime(out, "accessedAt", store.accessed_at_ms, alloc);
  return out;
}

rapidjson::Value ListStoresResultToJson(const ListStoresResult& result, bool unnamed,
                                        ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddNumber(out, "total", result.total, alloc);
  AddNumber(out, "offset", result.offset, alloc);
  AddNumber(out, "limit", result.limit, alloc);
  AddNumber(out, "count", result.count, alloc);
  AddBool(out, "desc", result.desc, alloc);
  AddBool(out, "unnamed", unnamed, alloc);
  rapidjson::Value items(rapidjson::kArrayType);
  for (const KeyValueStoreInfo& s : result.items) items.PushBack(StoreInfoToJson(s, alloc), alloc);
  out.AddMember("items", items, alloc);
  return out;
}

rapidjson::Value ListKeysResultToJson(const ListKeysResult& result, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  rapidjson::Value items(rapidjson::kArrayType);
  for (const ListKeysResult::Item& i : result.items) {
    rapidjson::Value item(rapidjson::kObjectType);
    AddString(item, "key", i.key, alloc);
    AddNumber(item, "size", i.size, alloc);
    items.PushBack(item, alloc);
  }
  out.AddMember("items", items, alloc);
  AddNumber(out, "count", result.count, alloc);
  AddNumber(out, "limit", result.limit, alloc);
  if (result.exclusive_start_key) {
    AddString(out, "exclusiveStartKey", *result.exclusive_start_key, alloc);
  } else {
    out.AddMember("exclusiveStartKey", rapidjson::Value(), alloc);
  }
  AddBool(out, "isTruncated", result.is_truncated, alloc);
  if (result.next_exclusive_start_key) {
    AddString(out, "nextExclusiveStartKey", *result.next_exclusive_start_key, alloc);
  } else {
    out.AddMember("nextExclusiveStartKey", rapidjson::Value(), alloc);
  }
  return out;
}

bool IsJsonContentType(std::string_view content_type) {
  return content_type.substr(0, 16) == "application/json";
}

bool IsTextContentType(std::string_view content_type) {
  return content_type.substr(0, 5) == "text/" || content_type.find("xml") != std::string_view::npos;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

rapidjson::Value RecordToJson(const KeyValueRecord& record, bool as_buffer, ApifyAllocator& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  AddString(out, "key", record.key, alloc);
  bool done = false;
  if (!as_buffer && IsJsonContentType(record.content_type)) {
    rapidjson::Document doc;
    doc.Parse(record.value.data(), record.value.size());
    if (!doc.HasParseError()) {
      out.AddMember("value", rapidjson::Value(doc, alloc), alloc);
      done = true;
    }
  } else if (!as_buffer && IsTextContentType(record.content_type) && IsValidUtf8(record.value)) {
    AddString(out, "value", record.value, alloc);
    done = true;
  }
  if (!done) AddString(out, "value", Base64Encode(record.value), alloc);
  AddString(out, "contentType", record.content_type, alloc);
  if (!done) AddString(out, "encoding", "base64", alloc);
  return out;
}

}  // namespace headlock::json
