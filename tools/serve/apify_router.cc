#include "serve/apify_router.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <vector>

#include "json/apify_json.h"
#include "json/attribute_json.h"
#include "serve/body_codec.h"

namespace headlock::serve {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kJsonType = "application/json; charset=utf-8";
// apify-client sends at most 25 requests per batch (the API's limit).
constexpr size_t kMaxBatchRequests = 25;
// Apify's MAX_PAYLOAD_SIZE_BYTES: a larger body (decoded) is 413
// request-too-large (reference/apify-request-queue.md §0).
constexpr size_t kMaxPayloadBytes = 9'437'184;
// Bodies at least this large are gzip-compressed when the client accepts it.
constexpr size_t kMinGzipBytes = 1024;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding of one path segment or query component ('+' is a space
// in a query only).
std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

// A request target split into decoded path segments (after /v2) and query.
struct Target {
  std::vector<std::string> path;
  std::vector<std::pair<std::string, std::string>> query;

  const std::string* Query(std::string_view name) const {
    for (const auto& [k, v] : query) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

Target ParseTarget(std::string_view target) {
  Target t;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = std::min(path.find('/', start), path.size());
    if (slash > start) t.path.push_back(PercentDecode(path.substr(start, slash - start), false));
    start = slash + 1;
  }
  if (!t.path.empty() && t.path[0] == "v2") t.path.erase(t.path.begin());
  start = 0;
  while (start < query.size()) {
    size_t amp = std::min(query.find('&', start), query.size());
    std::string_view pair = query.substr(start, amp - start);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      t.query.emplace_back(PercentDecode(pair.substr(0, eq), true),
                           eq == std::string_view::npos ? ""
                                                        : PercentDecode(pair.substr(eq + 1), true));
    }
    start = amp + 1;
  }
  return t;
}

enum class ParamType { kString, kInt, kBool };
ParamType TypeOf(std::string_view name) {
  static constexpr std::string_view kInts[] = {"limit", "offset", "lockSecs"};
  static constexpr std::string_view kBools[] = {"forefront", "desc", "unnamed", "clean",
                                                "skipEmpty", "attachment"};
  for (auto n : kInts) {
    if (n == name) return ParamType::kInt;
  }
  for (auto n : kBools) {
    if (n == name) return ParamType::kBool;
  }
  return ParamType::kString;
}

// A query value as the dispatch's typed parameter; values that do not
// parse stay strings, so the dispatch names the parameter in its error.
rapidjson::Value TypedValue(std::string_view name, const std::string& text,
                            rapidjson::Document::AllocatorType& alloc) {
  switch (TypeOf(name)) {
    case ParamType::kInt: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc() && end == text.data() + text.size()) return rapidjson::Value(v);
      break;
    }
    case ParamType::kBool:
      if (text == "1" || text == "true") return rapidjson::Value(true);
      if (text == "0" || text == "false" || text.empty()) return rapidjson::Value(false);
      break;
    case ParamType::kString:
      break;
  }
  return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
}

bool QueryBool(const Target& t, std::string_view name, bool default_value) {
  const std::string* v = t.Query(name);
  if (v == nullptr) return default_value;
  return *v == "1" || *v == "true" || v->empty();
}

HttpResponse JsonAnswer(int status, std::string body, unsigned version) {
  HttpResponse response{static_cast<http::status>(status), version};
  response.set(http::field::content_type, ToBeast(kJsonType));
  response.body() = std::move(body);
  return response;
}

HttpResponse Data(int status, std::string_view data_json, unsigned version) {
  if (status == 204) {
    HttpResponse response{http::status::no_content, version};
    return response;
  }
  std::string body;
  body.reserve(data_json.size() + 9);
  body += "{\"data\":";
  body += data_json;
  body += "}";
  return JsonAnswer(status, std::move(body), version);
}

HttpResponse StatusError(const Status& status, unsigned version) {
  return JsonAnswer(json::ApifyErrorHttpStatus(status), json::ApifyErrorToJsonString(status),
                    version);
}

// Everything one call needs.
struct ApifyCall {
  json::ApifyServices& services;
  DatasetStore& datasets;
  const HttpRequest& request;
  std::string_view body;
  const Target& target;
  CallRecord* record;
  unsigned version() const { return request.version(); }
};

// Runs a dispatch method with the path's ids, the listed query parameters
// and, when `body_member` is given, the JSON body under that name.
HttpResponse Dispatch(ApifyCall& c, std::string_view method,
                      std::initializer_list<std::pair<const char*, std::string>> ids,
                      std::initializer_list<const char*> query_names,
                      const char* body_member = nullptr) {
  c.record->operation = std::string(method);
  rapidjson::Document params(rapidjson::kObjectType);
  auto& alloc = params.GetAllocator();
  for (const auto& [name, value] : ids) {
    params.AddMember(rapidjson::StringRef(name),
                     rapidjson::Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc),
                     alloc);
  }
  for (const char* name : query_names) {
    const std::string* v = c.target.Query(name);
    if (v == nullptr) continue;
    params.AddMember(rapidjson::StringRef(name), TypedValue(name, *v, alloc), alloc);
    if (std::string_view(name) == "clientKey") c.record->client_key = *v;
  }
  if (body_member != nullptr) {
    rapidjson::Document body;
    Status parsed = json::ParseJson(c.body, &body);
    if (!parsed.ok()) {
      return StatusError(Status::InvalidInput("The request body is not valid JSON"), c.version());
    }
    if (std::string_view(body_member) == "requests") {
      if (!body.IsArray()) {
        return StatusError(Status::InvalidInput("The request body must be a JSON array"),
                           c.version());
      }
      if (body.Size() > kMaxBatchRequests) {
        return StatusError(Status::InvalidInput("A batch may hold at most 25 requests, not " +
                                                std::to_string(body.Size())),
                           c.version());
      }
    }
    if (std::string_view(body_member) == "*") {
      // PUT of a queue or store: its fields are the parameters (name only).
      if (!body.IsObject()) {
        return StatusError(Status::InvalidInput("The request body must be a JSON object"),
                           c.version());
      }
      auto name = body.FindMember("name");
      if (name != body.MemberEnd()) {
        params.AddMember("name", rapidjson::Value(name->value, alloc), alloc);
      }
    } else {
      // PUT .../requests/{id}: the path names the request when the body does not.
      if (method == "updateRequest" && body.IsObject() && !body.HasMember("id") &&
          c.target.path.size() > 3) {
        const std::string& id = c.target.path[3];
        body.AddMember("id", rapidjson::Value(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), body.GetAllocator()),
                       body.GetAllocator());
      }
      params.AddMember(rapidjson::StringRef(body_member), rapidjson::Value(body, alloc), alloc);
    }
  }
  json::ApifyReply reply = json::HandleApifyRequest(c.services, method, params);
  if (!reply.ok()) return JsonAnswer(reply.http_status, std::move(reply.body), c.version());
  return Data(reply.http_status, reply.body, c.version());
}

// ------------------------------------------------------------------ records

HttpResponse Record(ApifyCall& c, const std::string& store, const std::string& key) {
  auto verb = c.request.method();
  Result<KeyValueStoreService*> service = c.services.Stores();
  if (!service.ok()) return StatusError(service.status(), c.version());
  KeyValueStoreService* kv = *service;
  if (verb == http::verb::get) {
    c.record->operation = "getRecord";
    Result<KeyValueRecord> record = kv->GetRecord(store, key);
    if (!record.ok()) return StatusError(record.status(), c.version());
    HttpResponse response{http::status::ok, c.version()};
    response.set(http::field::content_type, record->content_type);
    response.body() = std::move(record->value);
    return response;
  }
  if (verb == http::verb::head) {
    c.record->operation = "recordExists";
    Result<bool> exists = kv->RecordExists(store, key);
    if (!exists.ok()) return StatusError(exists.status(), c.version());
    return HttpResponse{*exists ? http::status::ok : http::status::not_found, c.version()};
  }
  if (verb == http::verb::put || verb == http::verb::post) {
    c.record->operation = "setRecord";
    std::string_view type = ToStd(c.request[http::field::content_type]);
    if (type.empty()) type = "application/octet-stream";
    Status s = kv->SetRecord(store, key, c.body, type);
    if (!s.ok()) return StatusError(s, c.version());
    return Data(201, "{}", c.version());
  }
  if (verb == http::verb::delete_) {
    c.record->operation = "deleteRecord";
    Status s = kv->DeleteRecord(store, key);
    if (!s.ok()) return StatusError(s, c.version());
    return Data(204, "", c.version());
  }
  return ApifyError(405, "method-not-allowed", "This method is not allowed here", c.version());
}

// ------------------------------------------------------------------ datasets

HttpResponse Datasets(ApifyCall& c) {
  const auto& p = c.target.path;
  auto verb = c.request.method();
  DatasetStore& ds = c.datasets;
  if (p.size() == 1) {
    if (verb == http::verb::get) {
      c.record->operation = "listDatasets";
      const std::string* offset = c.target.Query("offset");
      const std::string* limit = c.target.Query("limit");
      return Data(200,
                  ds.List(offset ? std::atoll(offset->c_str()) : 0,
                          limit ? std::atoll(limit->c_str()) : 1000,
                          QueryBool(c.target, "desc", false), QueryBool(c.target, "unnamed", false)),
                  c.version());
    }
    if (verb == http::verb::post) {
      c.record->operation = "getOrCreateDataset";
      const std::string* name = c.target.Query("name");
      bool created = false;
      Result<std::string> d =
          ds.GetOrCreate(name ? std::optional<std::string>(*name) : std::nullopt, &created);
      if (!d.ok()) return StatusError(d.status(), c.version());
      return Data(created ? 201 : 200, *d, c.version());
    }
  } else if (p.size() == 2) {
    c.record->resource = p[1];
    if (verb == http::verb::get) {
      c.record->operation = "getDataset";
      Result<std::string> d = ds.Get(p[1]);
      if (!d.ok()) return StatusError(d.status(), c.version());
      return Data(200, *d, c.version());
    }
    if (verb == http::verb::delete_) {
      c.record->operation = "deleteDataset";
      Status s = ds.Delete(p[1]);
      if (!s.ok()) return StatusError(s, c.version());
      return Data(204, "", c.version());
    }
  } else if (p.size() == 3 && p[2] == "items") {
    c.record->resource = p[1];
    if (verb == http::verb::post) {
      c.record->operation = "pushItems";
      Status s = ds.Push(p[1], c.body);
      if (!s.ok()) return StatusError(s, c.version());
      return Data(201, "{}", c.version());
    }
    if (verb == http::verb::get) {
      c.record->operation = "listItems";
      const std::string* offset = c.target.Query("offset");
      const std::string* limit = c.target.Query("limit");
      std::vector<std::string> fields;
      if (const std::string* f = c.target.Query("fields")) {
        size_t start = 0;
        while (start <= f->size()) {
          size_t comma = std::min(f->find(',', start), f->size());
          if (comma > start) fields.push_back(f->substr(start, comma - start));
          start = comma + 1;
        }
      }
      bool clean = QueryBool(c.target, "clean", false) || QueryBool(c.target, "skipEmpty", false);
      Result<DatasetItemsPage> page =
          ds.Items(p[1], offset ? std::atoll(offset->c_str()) : 0,
                   limit ? std::optional<int64_t>(std::atoll(limit->c_str())) : std::nullopt,
                   QueryBool(c.target, "desc", false), fields, clean);
      if (!page.ok()) return StatusError(page.status(), c.version());
      // Items come as a bare JSON array (no envelope) with the paging in
      // headers, as Apify answers and apify-client reads them.
      std::string body = "[";
      for (size_t i = 0; i < page->items.size(); ++i) {
        if (i > 0) body += ",";
        body += page->items[i];
      }
      body += "]";
      HttpResponse response = JsonAnswer(200, std::move(body), c.version());
      response.set("x-apify-pagination-total", std::to_string(page->total));
      response.set("x-apify-pagination-offset", std::to_string(page->offset));
      response.set("x-apify-pagination-count", std::to_string(page->items.size()));
      response.set("x-apify-pagination-limit", std::to_string(page->limit));
      response.set("x-apify-pagination-desc", QueryBool(c.target, "desc", false) ? "true" : "false");
      return response;
    }
  }
  return ApifyError(404, "page-not-found", "We have bad news: there is no API endpoint at this URL.",
                    c.version());
}

// ------------------------------------------------------------------ routes

HttpResponse Queues(ApifyCall& c) {
  const auto& p = c.target.path;
  auto verb = c.request.method();
  using V = http::verb;
  if (p.size() == 1) {
    if (verb == V::get) return Dispatch(c, "listQueues", {}, {"offset", "limit", "desc", "unnamed"});
    if (verb == V::post) return Dispatch(c, "getOrCreateQueue", {}, {"name"});
  }
  if (p.size() < 2) return ApifyError(404, "page-not-found", "No API endpoint at this URL", c.version());
  const std::string& q = p[1];
  c.record->resource = q;
  if (p.size() == 2) {
    if (verb == V::get) return Dispatch(c, "getQueue", {{"queueId", q}}, {});
    if (verb == V::put) return Dispatch(c, "updateQueue", {{"queueId", q}}, {}, "*");
    if (verb == V::delete_) return Dispatch(c, "deleteQueue", {{"queueId", q}}, {});
  } else if (p[2] == "head") {
    if (p.size() == 3 && verb == V::get) {
      return Dispatch(c, "listHead", {{"queueId", q}}, {"limit", "clientKey"});
    }
    if (p.size() == 4 && p[3] == "lock" && verb == V::post) {
      return Dispatch(c, "listAndLockHead", {{"queueId", q}}, {"lockSecs", "limit", "clientKey"});
    }
  } else if (p[2] == "requests") {
    if (p.size() == 3) {
      if (verb == V::post) {
        return Dispatch(c, "addRequest", {{"queueId", q}}, {"forefront", "clientKey"}, "request");
      }
      if (verb == V::get) {
        return Dispatch(c, "listRequests", {{"queueId", q}},
                        {"limit", "cursor", "exclusiveStartId", "clientKey", "filter"});
      }
    } else if (p.size() == 4 && p[3] == "batch") {
      if (verb == V::post) {
        return Dispatch(c, "batchAddRequests", {{"queueId", q}}, {"forefront", "clientKey"},
                        "requests");
      }
      if (verb == V::delete_) {
        return Dispatch(c, "batchDeleteRequests", {{"queueId", q}}, {"clientKey"}, "requests");
      }
    } else if (p.size() == 4 && p[3] == "unlock" && verb == V::post) {
      return Dispatch(c, "unlockRequests", {{"queueId", q}}, {"clientKey"});
    } else if (p.size() == 4) {
      const std::string& id = p[3];
      if (verb == V::get) return Dispatch(c, "getRequest", {{"queueId", q}, {"id", id}}, {});
      if (verb == V::delete_) {
        return Dispatch(c, "deleteRequest", {{"queueId", q}, {"id", id}}, {"clientKey"});
      }
      if (verb == V::put) {
        return Dispatch(c, "updateRequest", {{"queueId", q}}, {"forefront", "clientKey"},
                        "request");
      }
    } else if (p.size() == 5 && p[4] == "lock") {
      const std::string& id = p[3];
      if (verb == V::put) {
        return Dispatch(c, "prolongRequestLock", {{"queueId", q}, {"id", id}},
                        {"lockSecs", "forefront", "clientKey"});
      }
      if (verb == V::delete_) {
        return Dispatch(c, "deleteRequestLock", {{"queueId", q}, {"id", id}},
                        {"forefront", "clientKey"});
      }
    }
  }
  return ApifyError(404, "page-not-found", "No API endpoint at this URL", c.version());
}

HttpResponse Stores(ApifyCall& c) {
  const auto& p = c.target.path;
  auto verb = c.request.method();
  using V = http::verb;
  if (p.size() == 1) {
    if (verb == V::get) return Dispatch(c, "listStores", {}, {"offset", "limit", "desc", "unnamed"});
    if (verb == V::post) return Dispatch(c, "getOrCreateStore", {}, {"name"});
  }
  if (p.size() < 2) return ApifyError(404, "page-not-found", "No API endpoint at this URL", c.version());
  const std::string& s = p[1];
  c.record->resource = s;
  if (p.size() == 2) {
    if (verb == V::get) return Dispatch(c, "getStore", {{"storeId", s}}, {});
    if (verb == V::put) return Dispatch(c, "updateStore", {{"storeId", s}}, {}, "*");
    if (verb == V::delete_) return Dispatch(c, "deleteStore", {{"storeId", s}}, {});
  } else if (p.size() == 3 && p[2] == "keys" && verb == V::get) {
    return Dispatch(c, "listKeys", {{"storeId", s}}, {"exclusiveStartKey", "limit", "prefix"});
  } else if (p.size() == 4 && p[2] == "records") {
    return Record(c, s, p[3]);
  }
  return ApifyError(404, "page-not-found", "No API endpoint at this URL", c.version());
}

// The actor run the Apify SDK asks about when it believes it runs on the
// platform: GET /v2/actor-runs/{ACTOR_RUN_ID} at Actor.init() (its
// ChargingManager reads options, pricingInfo and chargedEventCounts, and
// fails when the run is missing), PUT with a status message at
// Actor.exit(message), POST .../reboot on a migration. Headlock keeps no
// runs: every id answers as a running run of a local Actor, with the
// default storages named "default" (what the SDK opens without
// ACTOR_DEFAULT_*_ID).
HttpResponse ActorRuns(ApifyCall& c) {
  const auto& p = c.target.path;
  auto verb = c.request.method();
  using V = http::verb;
  bool get_or_update = p.size() == 2 && (verb == V::get || verb == V::put);
  bool action = p.size() == 3 && verb == V::post &&
                (p[2] == "reboot" || p[2] == "abort" || p[2] == "metamorph");
  if (!get_or_update && !action) {
    return ApifyError(404, "page-not-found", "No API endpoint at this URL", c.version());
  }
  c.record->operation = verb == V::get ? "getRun" : verb == V::put ? "updateRun" : p[2] + "Run";
  c.record->resource = p[1];
  rapidjson::Document run(rapidjson::kObjectType);
  auto& alloc = run.GetAllocator();
  auto add = [&](const char* name, std::string_view value) {
    run.AddMember(rapidjson::StringRef(name),
                  rapidjson::Value(value.data(), static_cast<rapidjson::SizeType>(value.size()), alloc),
                  alloc);
  };
  add("id", p[1]);
  add("actId", "headlock-local");
  add("status", action && p[2] == "abort" ? "ABORTED" : "RUNNING");
  add("defaultKeyValueStoreId", "default");
  add("defaultDatasetId", "default");
  add("defaultRequestQueueId", "default");
  rapidjson::Value options(rapidjson::kObjectType);
  options.AddMember("build", "latest", alloc);
  options.AddMember("timeoutSecs", 0, alloc);
  options.AddMember("memoryMbytes", 4096, alloc);
  run.AddMember("options", options, alloc);
  run.AddMember("chargedEventCounts", rapidjson::Value(rapidjson::kObjectType), alloc);
  if (verb == V::put) {
    rapidjson::Document body;
    if (json::ParseJson(c.body, &body).ok() && body.IsObject() && body.HasMember("statusMessage") &&
        body["statusMessage"].IsString()) {
      run.AddMember("statusMessage", rapidjson::Value(body["statusMessage"], alloc), alloc);
    }
  }
  return Data(200, json::JsonToString(run), c.version());
}

bool Authorized(const HttpRequest& request, const Target& target, const std::string& token) {
  if (const std::string* t = target.Query("token"); t != nullptr && *t == token) return true;
  std::string_view auth = ToStd(request[http::field::authorization]);
  constexpr std::string_view kBearer = "Bearer ";
  return auth.size() > kBearer.size() && auth.substr(0, kBearer.size()) == kBearer &&
         auth.substr(kBearer.size()) == token;
}

}  // namespace

HttpResponse ApifyError(int status, std::string_view type, std::string_view message,
                        unsigned version) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  rapidjson::Value error(rapidjson::kObjectType);
  error.AddMember("type", rapidjson::Value(type.data(), static_cast<rapidjson::SizeType>(type.size()), alloc), alloc);
  error.AddMember("message",
                  rapidjson::Value(message.data(), static_cast<rapidjson::SizeType>(message.size()), alloc),
                  alloc);
  doc.AddMember("error", error, alloc);
  return JsonAnswer(status, json::JsonToString(doc), version);
}

HttpResponse HandleApify(json::ApifyServices& services, DatasetStore& datasets,
                         const HttpRequest& request, std::string_view body,
                         const std::optional<std::string>& token, CallRecord* record) {
  record->protocol = "apify";
  Target target = ParseTarget(ToStd(request.target()));
  if (token && !Authorized(request, target, *token)) {
    record->operation = "unauthorized";
    bool given = target.Query("token") != nullptr ||
                 !request[http::field::authorization].empty();
    return given ? ApifyError(401, "token-not-valid", "Authentication token is not valid.",
                              request.version())
                 : ApifyError(401, "token-not-provided",
                              "Authentication token was not provided", request.version());
  }
  if (body.size() > kMaxPayloadBytes) {
    record->operation = "tooLarge";
    return ApifyError(413, "request-too-large",
                      "The request body is larger than " + std::to_string(kMaxPayloadBytes) +
                          " bytes",
                      request.version());
  }
  ApifyCall call{services, datasets, request, body, target, record};
  HttpResponse response = [&] {
    if (target.path.empty()) {
      return ApifyError(404, "page-not-found", "No API endpoint at this URL", request.version());
    }
    const std::string& collection = target.path[0];
    if (collection == "request-queues") return Queues(call);
    if (collection == "key-value-stores") return Stores(call);
    if (collection == "datasets") return Datasets(call);
    if (collection == "actor-runs") return ActorRuns(call);
    record->operation = collection;
    return ApifyError(404, "page-not-found", "No API endpoint at this URL", request.version());
  }();
  if (response.body().size() >= kMinGzipBytes &&
      AcceptsGzip(ToStd(request[http::field::accept_encoding])) &&
      response[http::field::content_encoding].empty()) {
    response.body() = GzipEncode(response.body());
    response.set(http::field::content_encoding, "gzip");
    response.set(http::field::vary, "Accept-Encoding");
  }
  return response;
}

}  // namespace headlock::serve
