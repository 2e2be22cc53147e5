#include "json/apify_dispatch.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <optional>
#include <utility>

#include "headlock/value/base64.h"
#include "json/apify_json.h"
#include "json/attribute_json.h"  // JsonToString, ToView

namespace headlock::json {
namespace {

// A method's parameters, with apify-client's names, and the checks every
// handler needs. Messages name the method and the parameter.
class Params {
 public:
  Params(const rapidjson::Value& json, std::string_view method) : json_(json), method_(method) {}

  // Fails on a parameter the method does not take (a typo must not pass
  // silently as a default).
  Status Allow(std::initializer_list<std::string_view> names) const {
    for (const auto& m : json_.GetObject()) {
      std::string_view name = ToView(m.name);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        return Status::InvalidInput(std::string(method_) + " does not take a parameter '" +
                                    std::string(name) + "'");
      }
    }
    return Status::OK();
  }

  // The member, or null when it is absent or JSON null.
  const rapidjson::Value* Find(const char* name) const {
    auto it = json_.FindMember(name);
    return it == json_.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }
  bool Has(const char* name) const { return json_.HasMember(name); }

  Result<std::string> RequiredString(const char* name) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return Missing(name);
    if (!v->IsString()) return Wrong(name, "a string");
    if (v->GetStringLength() == 0) return Wrong(name, "a non-empty string");
    return std::string(ToView(*v));
  }
  Result<std::optional<std::string>> OptionalString(const char* name) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->IsString()) return Wrong(name, "a string");
    return std::optional<std::string>(std::string(ToView(*v)));
  }
  Result<std::optional<int64_t>> OptionalInt(const char* name) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return std::optional<int64_t>();
    if (!v->IsInt64()) return Wrong(name, "an integer");
    return std::optional<int64_t>(v->GetInt64());
  }
  Result<int64_t> RequiredInt(const char* name) const {
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(name));
    if (!v) return Missing(name);
    return *v;
  }
  Result<bool> Bool(const char* name, bool default_value) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return default_value;
    if (!v->IsBool()) return Wrong(name, "true or false");
    return v->GetBool();
  }
  Result<const rapidjson::Value*> RequiredObject(const char* name) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return Missing(name);
    if (!v->IsObject()) return Wrong(name, "an object");
    return v;
  }
  Result<const rapidjson::Value*> RequiredArray(const char* name) const {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return Missing(name);
    if (!v->IsArray()) return Wrong(name, "an array");
    return v;
  }

  Status Missing(const char* name) const {
    return Status::InvalidInput(std::string(method_) + " needs the parameter '" + name + "'");
  }
  Status Wrong(const char* name, const char* must) const {
    return Status::InvalidInput(std::string(method_) + ": parameter '" + name + "' must be " +
                                must);
  }

 private:
  const rapidjson::Value& json_;
  std::string_view method_;
};

// Integers the engine takes as int: out-of-range values become the nearest
// int, which the engine then refuses with its own range message.
int ClampInt(int64_t v) { return static_cast<int>(std::clamp<int64_t>(v, INT_MIN, INT_MAX)); }

// What a handler has: the services, the parameters, and the answer to fill.
struct Call {
  ApifyServices& services;
  Params params;
  rapidjson::Document& data;
  int http_status = 200;

  void Set(rapidjson::Value value) { static_cast<rapidjson::Value&>(data).Swap(value); }
  // The answer of a method whose API response has no body (204).
  void SetEmpty(int status = 204) {
    data.SetObject();
    http_status = status;
  }
  ApifyAllocator& alloc() { return data.GetAllocator(); }
};

using Handler = Status (*)(Call& call);

// ------------------------------------------------------------------ queues

Status GetOrCreateQueue(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"name"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> name, c.params.OptionalString("name"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  bool created = false;
  HEADLOCK_ASSIGN_OR_RETURN(QueueInfo queue, rq->GetOrCreateQueue(name, &created));
  c.Set(QueueInfoToJson(queue, c.alloc()));
  c.http_status = created ? 201 : 200;
  return Status::OK();
}

Status GetQueue(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(QueueInfo queue, rq->GetQueue(queue_id));
  c.Set(QueueInfoToJson(queue, c.alloc()));
  return Status::OK();
}

Status UpdateQueue(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "name"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> name, c.params.OptionalString("name"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  // No `name` member: nothing to change (Apify's PUT leaves absent fields).
  Result<QueueInfo> queue =
      c.params.Has("name") ? rq->UpdateQueue(queue_id, name) : rq->GetQueue(queue_id);
  if (!queue.ok()) return queue.status();
  c.Set(QueueInfoToJson(*queue, c.alloc()));
  return Status::OK();
}

Status DeleteQueue(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_RETURN_IF_ERROR(rq->DeleteQueue(queue_id));
  c.SetEmpty();
  return Status::OK();
}

Status ListQueues(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"offset", "limit", "desc", "unnamed"}));
  ListQueuesOptions options;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> offset, c.params.OptionalInt("offset"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  if (offset) options.offset = ClampInt(*offset);
  if (limit) options.limit = ClampInt(*limit);
  HEADLOCK_ASSIGN_OR_RETURN(options.desc, c.params.Bool("desc", false));
  HEADLOCK_ASSIGN_OR_RETURN(options.unnamed, c.params.Bool("unnamed", false));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(ListQueuesResult result, rq->ListQueues(options));
  c.Set(ListQueuesResultToJson(result, c.alloc()));
  return Status::OK();
}

// ------------------------------------------------------------------ requests

// queueId, forefront and clientKey: what most request methods share.
struct QueueArgs {
  std::string queue_id;
  bool forefront = false;
  std::optional<std::string> client_key;
};
Result<QueueArgs> ReadQueueArgs(const Params& p) {
  QueueArgs args;
  HEADLOCK_ASSIGN_OR_RETURN(args.queue_id, p.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(args.forefront, p.Bool("forefront", false));
  HEADLOCK_ASSIGN_OR_RETURN(args.client_key, p.OptionalString("clientKey"));
  return args;
}

Status AddRequest(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "request", "forefront", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, c.params.RequiredObject("request"));
  HEADLOCK_ASSIGN_OR_RETURN(QueueRequest request, ParseRequest(*json, "request"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(
      AddRequestResult result,
      rq->AddRequest(args.queue_id, request, args.forefront, args.client_key));
  c.Set(AddRequestResultToJson(result, c.alloc()));
  c.http_status = 201;
  return Status::OK();
}

Status BatchAddRequests(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "requests", "forefront", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, c.params.RequiredArray("requests"));
  std::vector<QueueRequest> requests;
  for (rapidjson::SizeType i = 0; i < json->Size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(QueueRequest r,
                              ParseRequest((*json)[i], "requests[" + std::to_string(i) + "]"));
    requests.push_back(std::move(r));
  }
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  // apify-client's batchAddRequests: chunks of 25, the answers concatenated.
  BatchAddResult all;
  for (size_t start = 0; start < requests.size(); start += kMaxRequestsPerBatch) {
    size_t end = std::min(requests.size(), start + kMaxRequestsPerBatch);
    std::vector<QueueRequest> chunk(requests.begin() + start, requests.begin() + end);
    HEADLOCK_ASSIGN_OR_RETURN(
        BatchAddResult part,
        rq->BatchAddRequests(args.queue_id, chunk, args.forefront, args.client_key));
    for (auto& p : part.processed_requests) all.processed_requests.push_back(std::move(p));
    for (auto& u : part.unprocessed_requests) all.unprocessed_requests.push_back(std::move(u));
  }
  c.Set(BatchAddResultToJson(all, c.alloc()));
  c.http_status = 201;
  return Status::OK();
}

Status BatchDeleteRequests(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "requests", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, c.params.RequiredArray("requests"));
  std::vector<RequestRef> refs;
  for (rapidjson::SizeType i = 0; i < json->Size(); ++i) {
    const rapidjson::Value& item = (*json)[i];
    std::string what = "batchDeleteRequests requests[" + std::to_string(i) + "]";
    if (!item.IsObject()) {
      return Status::InvalidInput(what + " must be an object with an id or a uniqueKey");
    }
    Params ref(item, what);
    RequestRef r;
    HEADLOCK_ASSIGN_OR_RETURN(r.id, ref.OptionalString("id"));
    HEADLOCK_ASSIGN_OR_RETURN(r.unique_key, ref.OptionalString("uniqueKey"));
    refs.push_back(std::move(r));
  }
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(BatchDeleteResult result,
                            rq->BatchDeleteRequests(args.queue_id, refs, args.client_key));
  c.Set(BatchDeleteResultToJson(result, c.alloc()));
  return Status::OK();
}

Status GetRequest(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "id"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string id, c.params.RequiredString("id"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(QueueRequest request, rq->GetRequest(queue_id, id));
  c.Set(RequestToJson(request, c.alloc()));
  return Status::OK();
}

Status UpdateRequest(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "request", "forefront", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(const rapidjson::Value* json, c.params.RequiredObject("request"));
  HEADLOCK_ASSIGN_OR_RETURN(QueueRequest request, ParseRequest(*json, "request"));
  // apify-client: ow(request, ow.object.partialShape({id: ow.string})).
  if (request.id.empty()) return Status::InvalidInput("updateRequest: request.id is required");
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(
      AddRequestResult result,
      rq->UpdateRequest(args.queue_id, request, args.forefront, args.client_key));
  c.Set(AddRequestResultToJson(result, c.alloc()));
  return Status::OK();
}

Status DeleteRequest(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "id", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(std::string id, c.params.RequiredString("id"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_RETURN_IF_ERROR(rq->DeleteRequest(args.queue_id, id, args.client_key));
  c.SetEmpty();
  return Status::OK();
}

// filter: ["locked","pending"] as apify-client sends it, or the query
// string's "locked,pending".
Status ReadFilter(const Params& p, ListRequestsOptions* options) {
  const rapidjson::Value* v = p.Find("filter");
  if (v == nullptr) return Status::OK();
  std::vector<std::string> names;
  if (v->IsString()) {
    std::string_view text = ToView(*v);
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = std::min(text.find(',', start), text.size());
      names.emplace_back(text.substr(start, comma - start));
      start = comma + 1;
    }
  } else if (v->IsArray()) {
    for (const auto& f : v->GetArray()) {
      if (!f.IsString())
        return p.Wrong("filter", "an array of \"locked\", \"pending\", \"handled\"");
      names.emplace_back(ToView(f));
    }
  } else {
    return p.Wrong("filter", "an array of \"locked\", \"pending\", \"handled\"");
  }
  for (const std::string& name : names) {
    if (name == "locked") {
      options->filter_locked = true;
    } else if (name == "pending") {
      options->filter_pending = true;
    } else if (name == "handled") {
      options->filter_handled = true;
    } else {
      return Status::InvalidInput("listRequests: filter '" + name +
                                  "' is not one of locked, pending, handled");
    }
  }
  return Status::OK();
}

Status ListRequests(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(
      c.params.Allow({"queueId", "limit", "cursor", "exclusiveStartId", "filter", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  ListRequestsOptions options;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  if (limit) options.limit = ClampInt(*limit);
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> cursor, c.params.OptionalString("cursor"));
  if (cursor) {
    HEADLOCK_ASSIGN_OR_RETURN(std::string start_id, DecodeRequestCursor(*cursor));
    options.cursor = std::move(start_id);
  }
  HEADLOCK_ASSIGN_OR_RETURN(options.exclusive_start_id,
                            c.params.OptionalString("exclusiveStartId"));
  HEADLOCK_RETURN_IF_ERROR(ReadFilter(c.params, &options));
  HEADLOCK_ASSIGN_OR_RETURN(options.client_key, c.params.OptionalString("clientKey"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(ListRequestsResult result, rq->ListRequests(queue_id, options));
  c.Set(ListRequestsResultToJson(result, options, c.alloc()));
  return Status::OK();
}

// ------------------------------------------------------------------ head and locks

Status ListHead(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "limit", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(
      ListHeadResult result,
      rq->ListHead(args.queue_id, limit ? ClampInt(*limit) : kDefaultListHeadLimit,
                   args.client_key));
  c.Set(ListHeadResultToJson(result, c.alloc()));
  return Status::OK();
}

Status ListAndLockHead(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "limit", "lockSecs", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(int64_t lock_secs, c.params.RequiredInt("lockSecs"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string client_key, c.params.RequiredString("clientKey"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(
      LockedHead result, rq->ListAndLockHead(queue_id, limit ? ClampInt(*limit) : kMaxLockHeadLimit,
                                             lock_secs, client_key));
  c.Set(LockedHeadToJson(result, c.alloc()));
  c.http_status = 201;
  return Status::OK();
}

Status ProlongRequestLock(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "id", "lockSecs", "forefront", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(std::string id, c.params.RequiredString("id"));
  HEADLOCK_ASSIGN_OR_RETURN(int64_t lock_secs, c.params.RequiredInt("lockSecs"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string client_key, c.params.RequiredString("clientKey"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(int64_t expires_ms, rq->ProlongRequestLock(args.queue_id, id, lock_secs,
                                                                       client_key, args.forefront));
  rapidjson::Value out(rapidjson::kObjectType);
  std::string expires = FormatIsoMillis(expires_ms);
  out.AddMember("lockExpiresAt", rapidjson::Value(expires.c_str(), c.alloc()), c.alloc());
  c.Set(std::move(out));
  return Status::OK();
}

Status DeleteRequestLock(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "id", "forefront", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(QueueArgs args, ReadQueueArgs(c.params));
  HEADLOCK_ASSIGN_OR_RETURN(std::string id, c.params.RequiredString("id"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string client_key, c.params.RequiredString("clientKey"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_RETURN_IF_ERROR(rq->DeleteRequestLock(args.queue_id, id, client_key, args.forefront));
  c.SetEmpty();
  return Status::OK();
}

Status UnlockRequests(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"queueId", "clientKey"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string queue_id, c.params.RequiredString("queueId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string client_key, c.params.RequiredString("clientKey"));
  HEADLOCK_ASSIGN_OR_RETURN(RequestQueueService * rq, c.services.Queues());
  HEADLOCK_ASSIGN_OR_RETURN(int64_t unlocked, rq->UnlockRequests(queue_id, client_key));
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("unlockedCount", rapidjson::Value(unlocked), c.alloc());
  c.Set(std::move(out));
  return Status::OK();
}

// ------------------------------------------------------------------ key-value stores

Status GetOrCreateStore(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"name"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> name, c.params.OptionalString("name"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(GetOrCreateStoreResult result, kv->GetOrCreateStore(name));
  c.Set(StoreInfoToJson(result.store, c.alloc()));
  c.http_status = result.created ? 201 : 200;
  return Status::OK();
}

Status GetStore(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo store, kv->GetStore(store_id));
  c.Set(StoreInfoToJson(store, c.alloc()));
  return Status::OK();
}

Status UpdateStore(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "name"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> name, c.params.OptionalString("name"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  Result<KeyValueStoreInfo> store =
      c.params.Has("name") ? kv->UpdateStore(store_id, name) : kv->GetStore(store_id);
  if (!store.ok()) return store.status();
  c.Set(StoreInfoToJson(*store, c.alloc()));
  return Status::OK();
}

Status DeleteStore(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_RETURN_IF_ERROR(kv->DeleteStore(store_id));
  c.SetEmpty();
  return Status::OK();
}

Status ListStores(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"offset", "limit", "desc", "unnamed"}));
  ListStoresOptions options;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> offset, c.params.OptionalInt("offset"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  if (offset) options.offset = *offset;
  if (limit) options.limit = ClampInt(*limit);
  HEADLOCK_ASSIGN_OR_RETURN(options.desc, c.params.Bool("desc", false));
  HEADLOCK_ASSIGN_OR_RETURN(options.unnamed, c.params.Bool("unnamed", false));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(ListStoresResult result, kv->ListStores(options));
  c.Set(ListStoresResultToJson(result, options.unnamed, c.alloc()));
  return Status::OK();
}

// JSON text as apify-client's JSON.stringify(value, null, 2) writes it.
std::string IndentedJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status SetRecord(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "key", "value", "contentType", "encoding"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string key, c.params.RequiredString("key"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> content_type,
                            c.params.OptionalString("contentType"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> encoding,
                            c.params.OptionalString("encoding"));
  if (!c.params.Has("value")) return c.params.Missing("value");
  const rapidjson::Value* v = c.params.Find("value");  // null: the JSON value null
  rapidjson::Value json_null;
  const rapidjson::Value& val = v ? *v : json_null;
  std::string bytes;
  if (encoding) {
    if (*encoding != "base64") return c.params.Wrong("encoding", "\"base64\" (or absent)");
    if (!val.IsString()) return c.params.Wrong("value", "a base64 string with encoding base64");
    std::string error;
    if (!Base64Decode(ToView(val), &bytes, &error)) {
      return c.params.Wrong("value", "valid base64 with encoding base64");
    }
    if (!content_type) content_type = "application/octet-stream";
  } else {
    // apify-client's defaults: a string is text, anything else JSON.
    if (!content_type) {
      content_type =
          val.IsString() ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    }
    if (val.IsString()) {
      bytes = std::string(ToView(val));
    } else if (IsJsonContentType(*content_type)) {
      bytes = IndentedJson(val);
    } else {
      return c.params.Wrong("value", "a string unless contentType is JSON");
    }
  }
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_RETURN_IF_ERROR(kv->SetRecord(store_id, key, bytes, *content_type));
  c.SetEmpty(201);
  return Status::OK();
}

Status GetRecord(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "key", "buffer"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string key, c.params.RequiredString("key"));
  HEADLOCK_ASSIGN_OR_RETURN(bool as_buffer, c.params.Bool("buffer", false));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueRecord record, kv->GetRecord(store_id, key));
  c.Set(RecordToJson(record, as_buffer, c.alloc()));
  return Status::OK();
}

Status RecordExists(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "key"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string key, c.params.RequiredString("key"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(bool exists, kv->RecordExists(store_id, key));
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("exists", rapidjson::Value(exists), c.alloc());
  c.Set(std::move(out));
  return Status::OK();
}

Status DeleteRecord(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "key"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  HEADLOCK_ASSIGN_OR_RETURN(std::string key, c.params.RequiredString("key"));
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_RETURN_IF_ERROR(kv->DeleteRecord(store_id, key));
  c.SetEmpty();
  return Status::OK();
}

Status ListKeys(Call& c) {
  HEADLOCK_RETURN_IF_ERROR(c.params.Allow({"storeId", "limit", "exclusiveStartKey", "prefix"}));
  HEADLOCK_ASSIGN_OR_RETURN(std::string store_id, c.params.RequiredString("storeId"));
  ListKeysOptions options;
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<int64_t> limit, c.params.OptionalInt("limit"));
  if (limit) options.limit = ClampInt(*limit);
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> start,
                            c.params.OptionalString("exclusiveStartKey"));
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<std::string> prefix, c.params.OptionalString("prefix"));
  if (start) options.exclusive_start_key = *start;
  if (prefix) options.prefix = *prefix;
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreService * kv, c.services.Stores());
  HEADLOCK_ASSIGN_OR_RETURN(ListKeysResult result, kv->ListKeys(store_id, options));
  c.Set(ListKeysResultToJson(result, c.alloc()));
  return Status::OK();
}

struct Method {
  std::string_view name;
  Handler handler;
};
constexpr Method kMethods[] = {
    {"getOrCreateQueue", GetOrCreateQueue},
    {"getQueue", GetQueue},
    {"updateQueue", UpdateQueue},
    {"deleteQueue", DeleteQueue},
    {"listQueues", ListQueues},
    {"addRequest", AddRequest},
    {"batchAddRequests", BatchAddRequests},
    {"batchDeleteRequests", BatchDeleteRequests},
    {"getRequest", GetRequest},
    {"updateRequest", UpdateRequest},
    {"deleteRequest", DeleteRequest},
    {"listRequests", ListRequests},
    {"listHead", ListHead},
    {"listAndLockHead", ListAndLockHead},
    {"prolongRequestLock", ProlongRequestLock},
    {"deleteRequestLock", DeleteRequestLock},
    {"unlockRequests", UnlockRequests},
    {"getOrCreateStore", GetOrCreateStore},
    {"getStore", GetStore},
    {"updateStore", UpdateStore},
    {"deleteStore", DeleteStore},
    {"listStores", ListStores},
    {"setRecord", SetRecord},
    {"getRecord", GetRecord},
    {"recordExists", RecordExists},
    {"deleteRecord", DeleteRecord},
    {"listKeys", ListKeys},
};

ApifyReply ErrorReply(const Status& status) {
  return ApifyReply{ApifyErrorHttpStatus(status), ApifyErrorToJsonString(status)};
}

}  // namespace

ApifyServices::ApifyServices(Database* db, RequestQueueOptions queue_options,
                             KeyValueStoreOptions store_options)
    : db_(db), queue_options_(std::move(queue_options)), store_options_(std::move(store_options)) {}

ApifyServices::~ApifyServices() = default;

Result<RequestQueueService*> ApifyServices::Queues() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!queues_) HEADLOCK_RETURN_IF_ERROR(RequestQueueService::Open(db_, queue_options_, &queues_));
  return queues_.get();
}

Result<KeyValueStoreService*> ApifyServices::Stores() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!stores_) HEADLOCK_RETURN_IF_ERROR(KeyValueStoreService::Open(db_, store_options_, &stores_));
  return stores_.get();
}

ApifyReply HandleApifyRequest(ApifyServices& services, std::string_view method,
                              const rapidjson::Value& params) {
  const Method* found = nullptr;
  for (const Method& m : kMethods) {
    if (m.name == method) found = &m;
  }
  if (found == nullptr) {
    // Apify's answer to a path it has no endpoint for.
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    std::string message = "Unknown method '" + std::string(method) +
                          "': the request-queue and key-value-store methods are apify-client's "
                          "(getOrCreateQueue, addRequest, listAndLockHead, setRecord, ...; see "
                          "headlock exec --help)";
    rapidjson::Value error(rapidjson::kObjectType);
    error.AddMember("type", "page-not-found", alloc);
    error.AddMember("message", rapidjson::Value(message.c_str(), alloc), alloc);
    doc.AddMember("error", error, alloc);
    return ApifyReply{404, JsonToString(doc)};
  }
  if (!params.IsObject()) {
    return ErrorReply(Status::InvalidInput(std::string(method) +
                                           " takes an object of parameters, e.g. "
                                           "{\"queueId\":\"q\"}"));
  }
  rapidjson::Document data;
  Call call{services, Params(params, method), data};
  Status s = found->handler(call);
  if (!s.ok()) return ErrorReply(s);
  return ApifyReply{call.http_status, JsonToString(data)};
}

ApifyReply HandleApifyRequest(ApifyServices& services, std::string_view method,
                              std::string_view params_json) {
  rapidjson::Document doc;
  Status parsed = ParseJson(params_json, &doc);
  if (!parsed.ok()) return ErrorReply(Status::InvalidInput(parsed.message()));
  return HandleApifyRequest(services, method, doc);
}

std::vector<std::string_view> SupportedApifyMethods() {
  std::vector<std::string_view> out;
  for (const Method& m : kMethods) out.push_back(m.name);
  return out;
}

bool IsApifyMethodName(std::string_view name) {
  return !name.empty() && name[0] >= 'a' && name[0] <= 'z';
}

}  // namespace headlock::json
