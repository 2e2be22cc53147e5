// Request items: attribute access, item -> request conversion, query paging
// and conditional updates shared by the service and the lock strategies.
#include "queue/request_queue_internal.h"

namespace headlock::rq {

std::optional<int64_t> GetInt(const Item& item, std::string_view name) {
  auto it = item.find(name);
  if (it == item.end() || !it->second.is_n()) return std::nullopt;
  int64_t v = 0;
  if (!it->second.n().ToInt64(&v)) return std::nullopt;
  return v;
}

const std::string* GetStr(const Item& item, std::string_view name) {
  auto it = item.find(name);
  if (it == item.end() || !it->second.is_s()) return nullptr;
  return &it->second.s();
}

QueueRequest RequestFromItem(const Item& item) {
  QueueRequest r;
  auto str = [&](std::string_view name) -> std::optional<std::string> {
    const std::string* s = GetStr(item, name);
    return s ? std::optional<std::string>(*s) : std::nullopt;
  };
  r.id = str(kId).value_or("");
  r.unique_key = str(kUniqueKey).value_or("");
  r.url = str(kUrl).value_or("");
  r.method = str(kMethod).value_or("GET");
  r.payload = str(kPayload);
  r.headers_json = str(kHeaders);
  r.user_data_json = str(kUserData);
  r.loaded_url = str(kLoadedUrl);
  r.retry_count = GetInt(item, kRetryCount).value_or(0);
  if (auto it = item.find(kNoRetry); it != item.end() && it->second.is_bool()) {
    r.no_retry = it->second.boolean();
  }
  if (auto it = item.find(kErrorMessages); it != item.end() && it->second.is_l()) {
    for (const AttributeValue& v : it->second.l()) {
      if (v.is_s()) r.error_messages.push_back(v.s());
    }
  }
  r.handled_at_ms = GetInt(item, kHandledAt);
  r.order_no = GetInt(item, kOrderNo);
  return r;
}

Status QueryPages(Database* db, QueryRequest request,
                  const std::function<bool(const QueryResponse&)>& page) {
  while (true) {
    QueryResponse response;
    HEADLOCK_RETURN_IF_ERROR(db->Query(request, &response));
    if (!page(response) || !response.last_evaluated_key) return Status::OK();
    request.exclusive_start_key = std::move(response.last_evaluated_key);
  }
}

Result<WriteOutcome> ConditionalUpdate(Database* db, const UpdateItemRequest& request,
                                       std::optional<Item>* new_item) {
  UpdateItemResponse response;
  Status s = db->UpdateItem(request, &response);
  if (s.IsConditionalCheckFailed()) return WriteOutcome::kConflict;
  if (!s.ok()) return s;
  if (new_item != nullptr) *new_item = std::move(response.attributes);
  return WriteOutcome::kApplied;
}

}  // namespace headlock::rq
