#include "serve/dataset_store.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "json/apify_json.h"
#include "json/attribute_json.h"

namespace headlock::serve {
namespace {

constexpr const char* kDatasetsTable = "headlock-datasets";
constexpr const char* kNamesTable = "headlock-dataset-names";
constexpr const char* kItemsTable = "headlock-dataset-items";
// Apify: a dataset name has at most 63 characters.
constexpr size_t kMaxNameChars = 63;
// DynamoDB's BatchWriteItem takes at most 25 writes.
constexpr size_t kBatchWrites = 25;

AttributeValue Num(int64_t v) { return AttributeValue::N(Number::FromInt64(v)); }

int64_t GetInt(const Item& item, const std::string& name) {
  auto it = item.find(name);
  int64_t v = 0;
  if (it != item.end() && it->second.is_n()) it->second.n().ToInt64(&v);
  return v;
}

std::string Quote(std::string_view s) {
  rapidjson::Value v(rapidjson::StringRef(s.data(), s.size()));
  return json::JsonToString(v);
}

// A dataset name from a path segment: "~name" and "user~name" name one.
std::string StripOwner(std::string_view id_or_name) {
  size_t tilde = id_or_name.find('~');
  return std::string(tilde == std::string_view::npos ? id_or_name : id_or_name.substr(tilde + 1));
}

Status NotFound(std::string_view what) {
  return Status::RecordNotFound("Dataset was not found: " + std::string(what));
}

// Items with a '#' field name are hidden; `clean` drops those fields and
// items left empty.
bool IsHiddenField(std::string_view name) { return !name.empty() && name[0] == '#'; }

}  // namespace

Status DatasetStore::EnsureTables() {
  std::lock_guard lock(mu_);
  if (tables_ready_) return Status::OK();
  auto create = [&](const char* name, KeyAttribute pk, std::optional<KeyAttribute> sk) -> Status {
    CreateTableRequest request;
    request.definition.table_name = name;
    request.definition.key_schema = KeySchema{pk, sk};
    request.definition.billing_mode = BillingMode::kPayPerRequest;
    request.attribute_definitions.push_back(pk);
    if (sk) request.attribute_definitions.push_back(*sk);
    CreateTableResponse response;
    Status s = db_->CreateTable(request, &response);
    if (s.code() == Status::Code::kResourceInUseException) return Status::OK();  // exists
    return s;
  };
  HEADLOCK_RETURN_IF_ERROR(create(kDatasetsTable, {"id", AttributeType::kS}, std::nullopt));
  HEADLOCK_RETURN_IF_ERROR(create(kNamesTable, {"name", AttributeType::kS}, std::nullopt));
  HEADLOCK_RETURN_IF_ERROR(create(kItemsTable, {"datasetId", AttributeType::kS},
                                  KeyAttribute{"index", AttributeType::kN}));
  tables_ready_ = true;
  return Status::OK();
}

std::string DatasetStore::NewId() {
  // 17 letters and digits, like Apify's ids.
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::lock_guard lock(mu_);
  if (id_state_ == 0) {
    id_state_ = std::random_device{}() ^
                static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::string id(17, 'a');
  for (char& c : id) {
    id_state_ = id_state_ * 6364136223846793005ULL + 1442695040888963407ULL;  // LCG step
    c = kChars[(id_state_ >> 33) % (sizeof(kChars) - 1)];
  }
  return id;
}

std::string DatasetStore::ToJson(const Dataset& d) {
  std::string out = "{\"id\":" + Quote(d.id);
  if (d.name) out += ",\"name\":" + Quote(*d.name);
  out += ",\"createdAt\":\"" + json::FormatIsoMillis(d.created_at_ms) + "\"";
  out += ",\"modifiedAt\":\"" + json::FormatIsoMillis(d.modified_at_ms) + "\"";
  out += ",\"accessedAt\":\"" + json::FormatIsoMillis(d.accessed_at_ms) + "\"";
  out += ",\"itemCount\":" + std::to_string(d.item_count);
  out += ",\"cleanItemCount\":" + std::to_string(d.item_count) + "}";
  return out;
}

Result<std::optional<DatasetStore::Dataset>> DatasetStore::ReadById(const std::string& id) {
  GetItemRequest get;
  get.table_name = kDatasetsTable;
  get.key = {{"id", AttributeValue::S(id)}};
  get.consistent_read = true;
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(db_->GetItem(get, &response));
  if (!response.item) return std::optional<Dataset>();
  const Item& item = *response.item;
  Dataset d;
  d.id = id;
  if (auto it = item.find("name"); it != item.end() && it->second.is_s()) d.name = it->second.s();
  d.created_at_ms = GetInt(item, "createdAt");
  d.modified_at_ms = GetInt(item, "modifiedAt");
  d.accessed_at_ms = GetInt(item, "accessedAt");
  d.item_count = GetInt(item, "itemCount");
  return std::optional<Dataset>(std::move(d));
}

Result<DatasetStore::Dataset> DatasetStore::Resolve(std::string_view id_or_name) {
  HEADLOCK_RETURN_IF_ERROR(EnsureTables());
  std::string key = StripOwner(id_or_name);
  if (key.empty()) return NotFound(id_or_name);
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<Dataset> by_id, ReadById(key));
  if (by_id) return *by_id;
  GetItemRequest get;
  get.table_name = kNamesTable;
  get.key = {{"name", AttributeValue::S(key)}};
  get.consistent_read = true;
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(db_->GetItem(get, &response));
  if (!response.item || !response.item->contains("id")) return NotFound(id_or_name);
  HEADLOCK_ASSIGN_OR_RETURN(std::optional<Dataset> named, ReadById(response.item->at("id").s()));
  if (!named) return NotFound(id_or_name);  // deleted in between
  return *named;
}

Result<std::string> DatasetStore::GetOrCreate(const std::optional<std::string>& name,
                                              bool* created) {
  *created = false;
  HEADLOCK_RETURN_IF_ERROR(EnsureTables());
  if (name) {
    if (name->empty() || name->size() > kMaxNameChars || name->find('~') != std::string::npos) {
      return Status::InvalidInput("A dataset name must have 1 to 63 characters and no '~'");
    }
    Result<Dataset> existing = Resolve(*name);
    if (existing.ok()) return ToJson(*existing);
    if (existing.status().code() != Status::Code::kRecordNotFound) return existing.status();
  }
  Dataset d;
  d.id = NewId();
  d.name = name;
  d.created_at_ms = d.modified_at_ms = d.accessed_at_ms = db_->clock().NowMillis();
  PutItemRequest put;
  put.table_name = kDatasetsTable;
  put.item = {{"id", AttributeValue::S(d.id)},
              {"createdAt", Num(d.created_at_ms)},
              {"modifiedAt", Num(d.modified_at_ms)},
              {"accessedAt", Num(d.accessed_at_ms)},
              {"itemCount", Num(0)}};
  if (name) put.item["name"] = AttributeValue::S(*name);
  PutItemResponse put_response;
  HEADLOCK_RETURN_IF_ERROR(db_->PutItem(put, &put_response));
  if (name) {
    PutItemRequest claim;
    claim.table_name = kNamesTable;
    claim.item = {{"name", AttributeValue::S(*name)}, {"id", AttributeValue::S(d.id)}};
    claim.condition_expression = "attribute_not_exists(#n)";
    claim.expression_attribute_names = ExpressionAttributeNames{{"#n", "name"}};
    Status s = db_->PutItem(claim, &put_response);
    if (s.IsConditionalCheckFailed()) {
      // Another caller created it first: theirs is the dataset.
      DeleteItemRequest undo;
      undo.table_name = kDatasetsTable;
      undo.key = {{"id", AttributeValue::S(d.id)}};
      DeleteItemResponse undo_response;
      (void)db_->DeleteItem(undo, &undo_response);
      HEADLOCK_ASSIGN_OR_RETURN(Dataset theirs, Resolve(*name));
      return ToJson(theirs);
    }
    HEADLOCK_RETURN_IF_ERROR(s);
  }
  *created = true;
  return ToJson(d);
}

Result<std::string> DatasetStore::Get(std::string_view id_or_name) {
  HEADLOCK_ASSIGN_OR_RETURN(Dataset d, Resolve(id_or_name));
  return ToJson(d);
}

Status DatasetStore::Delete(std::string_view id_or_name) {
  HEADLOCK_ASSIGN_OR_RETURN(Dataset d, Resolve(id_or_name));
  DeleteItemRequest del;
  del.table_name = kDatasetsTable;
  del.key = {{"id", AttributeValue::S(d.id)}};
  DeleteItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(db_->DeleteItem(del, &response));
  if (d.name) {
    del.table_name = kNamesTable;
    del.key = {{"name", AttributeValue::S(*d.name)}};
    HEADLOCK_RETURN_IF_ERROR(db_->DeleteItem(del, &response));
  }
  // The items, page by page.
  QueryRequest query;
  query.table_name = kItemsTable;
  query.key_condition_expression = "datasetId = :d";
  query.expression_attribute_values = ExpressionAttributeValues{{":d", AttributeValue::S(d.id)}};
  query.projection_expression = "datasetId, #i";
  query.expression_attribute_names = ExpressionAttributeNames{{"#i", "index"}};
  query.limit = static_cast<int>(kBatchWrites);
  while (true) {
    QueryResponse page;
    HEADLOCK_RETURN_IF_ERROR(db_->Query(query, &page));
    for (const Item& key : page.items) {
      DeleteItemRequest item_del;
      item_del.table_name = kItemsTable;
      item_del.key = key;
      HEADLOCK_RETURN_IF_ERROR(db_->DeleteItem(item_del, &response));
    }
    if (!page.last_evaluated_key) break;
    query.exclusive_start_key = page.last_evaluated_key;
  }
  return Status::OK();
}

std::string DatasetStore::List(int64_t offset, int64_t limit, bool desc, bool unnamed) {
  std::vector<Dataset> all;
  if (EnsureTables().ok()) {
    ScanRequest scan;
    scan.table_name = kDatasetsTable;
    while (true) {
      ScanResponse page;
      if (!db_->Scan(scan, &page).ok()) break;
      for (const Item& item : page.items) {
        Dataset d;
        d.id = item.at("id").s();
        if (auto it = item.find("name"); it != item.end() && it->second.is_s()) d.name = it->second.s();
        d.created_at_ms = GetInt(item, "createdAt");
        d.modified_at_ms = GetInt(item, "modifiedAt");
        d.accessed_at_ms = GetInt(item, "accessedAt");
        d.item_count = GetInt(item, "itemCount");
        if (unnamed || d.name) all.push_back(std::move(d));
      }
      if (!page.last_evaluated_key) break;
      scan.exclusive_start_key = page.last_evaluated_key;
    }
  }
  std::sort(all.begin(), all.end(), [](const Dataset& a, const Dataset& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms < b.created_at_ms : a.id < b.id;
  });
  if (desc) std::reverse(all.begin(), all.end());
  offset = std::max<int64_t>(0, offset);
  limit = std::clamp<int64_t>(limit, 1, 1000);
  std::string items;
  int64_t count = 0;
  for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && count < limit; ++i, ++count) {
    if (!items.empty()) items += ",";
    items += ToJson(all[i]);
  }
  return "{\"total\":" + std::to_string(all.size()) + ",\"offset\":" + std::to_string(offset) +
         ",\"limit\":" + std::to_string(limit) + ",\"count\":" + std::to_string(count) +
         ",\"desc\":" + (desc ? "true" : "false") + ",\"unnamed\":" +
         (unnamed ? "true" : "false") + ",\"items\":[" + items + "]}";
}

Status DatasetStore::WriteItems(const std::string& id, int64_t first_index,
                                std::vector<std::string> items) {
  for (size_t start = 0; start < items.size(); start += kBatchWrites) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items[kItemsTable];
    for (size_t i = start; i < std::min(items.size(), start + kBatchWrites); ++i) {
      WriteRequest w;
      w.put_request = Item{{"datasetId", AttributeValue::S(id)},
                           {"index", Num(first_index + static_cast<int64_t>(i))},
                           {"json", AttributeValue::S(std::move(items[i]))}};
      writes.push_back(std::move(w));
    }
    // An on-demand table can still throttle a burst: write what is left
    // until nothing is (the engine's throttling moves with the clock).
    for (int attempt = 0; !batch.request_items.empty(); ++attempt) {
      BatchWriteItemResponse response;
      Status s = db_->BatchWriteItem(batch, &response);
      if (s.code() == Status::Code::kValidationException) {
        return Status::InvalidInput("A dataset item must be at most 400 KB here: " + s.message());
      }
      if (!s.ok() && attempt >= 100) return s;
      if (s.ok()) batch.request_items = std::move(response.unprocessed_items);
    }
  }
  return Status::OK();
}

Status DatasetStore::Push(std::string_view id_or_name, std::string_view body) {
  rapidjson::Document doc;
  if (!json::ParseJson(body, &doc).ok()) {
    return Status::InvalidInput("The request body is not valid JSON");
  }
  std::vector<std::string> items;
  if (doc.IsObject()) {
    items.push_back(json::JsonToString(doc));
  } else if (doc.IsArray()) {
    for (const auto& item : doc.GetArray()) {
      if (!item.IsObject()) return Status::InvalidInput("Dataset items must be JSON objects");
      items.push_back(json::JsonToString(item));
    }
  } else {
    return Status::InvalidInput("Dataset items must be a JSON object or an array of objects");
  }
  HEADLOCK_ASSIGN_OR_RETURN(Dataset d, Resolve(id_or_name));
  if (items.empty()) return Status::OK();
  int64_t now = db_->clock().NowMillis();
  UpdateItemRequest reserve;
  reserve.table_name = kDatasetsTable;
  reserve.key = {{"id", AttributeValue::S(d.id)}};
  reserve.update_expression = "ADD itemCount :n SET modifiedAt = :t, accessedAt = :t";
  reserve.condition_expression = "attribute_exists(id)";
  reserve.expression_attribute_values = ExpressionAttributeValues{
      {":n", Num(static_cast<int64_t>(items.size()))}, {":t", Num(now)}};
  reserve.return_values = ReturnValues::kUpdatedNew;
  UpdateItemResponse reserved;
  Status s = db_->UpdateItem(reserve, &reserved);
  if (s.IsConditionalCheckFailed()) return NotFound(id_or_name);
  HEADLOCK_RETURN_IF_ERROR(s);
  int64_t end = reserved.attributes ? GetInt(*reserved.attributes, "itemCount") : 0;
  int64_t first = end - static_cast<int64_t>(items.size());  // before `items` moves
  return WriteItems(d.id, first, std::move(items));
}

Result<DatasetItemsPage> DatasetStore::Items(std::string_view id_or_name, int64_t offset,
                                             std::optional<int64_t> limit, bool desc,
                                             const std::vector<std::string>& fields,
                                             bool clean) {
  HEADLOCK_ASSIGN_OR_RETURN(Dataset d, Resolve(id_or_name));
  DatasetItemsPage page;
  page.total = d.item_count;
  page.offset = std::max<int64_t>(0, offset);
  page.limit = limit ? std::max<int64_t>(0, *limit) : d.item_count;
  int64_t want = std::min(page.limit, std::max<int64_t>(0, d.item_count - page.offset));
  if (want == 0) return page;
  // Indexes [lo, hi] hold the page, read forwards or backwards.
  int64_t lo = desc ? d.item_count - page.offset - want : page.offset;
  int64_t hi = lo + want - 1;
  QueryRequest query;
  query.table_name = kItemsTable;
  query.key_condition_expression = "datasetId = :d AND #i BETWEEN :lo AND :hi";
  query.expression_attribute_names = ExpressionAttributeNames{{"#i", "index"}};
  query.expression_attribute_values = ExpressionAttributeValues{
      {":d", AttributeValue::S(d.id)}, {":lo", Num(lo)}, {":hi", Num(hi)}};
  query.scan_index_forward = !desc;
  query.consistent_read = true;
  while (true) {
    QueryResponse response;
    HEADLOCK_RETURN_IF_ERROR(db_->Query(query, &response));
    for (const Item& stored : response.items) {
      auto it = stored.find("json");
      if (it == stored.end() || !it->second.is_s()) continue;
      const std::string& text = it->second.s();
      if (fields.empty() && !clean) {
        page.items.push_back(text);
        continue;
      }
      rapidjson::Document item;
      if (!json::ParseJson(text, &item).ok() || !item.IsObject()) continue;
      rapidjson::Document out(rapidjson::kObjectType);
      for (auto& m : item.GetObject()) {
        std::string_view name = json::ToView(m.name);
        if (clean && IsHiddenField(name)) continue;
        if (!fields.empty() && std::find(fields.begin(), fields.end(), name) == fields.end()) {
          continue;
        }
        out.AddMember(rapidjson::Value(m.name, out.GetAllocator()),
                      rapidjson::Value(m.value, out.GetAllocator()), out.GetAllocator());
      }
      if (clean && out.MemberCount() == 0) continue;
      page.items.push_back(json::JsonToString(out));
    }
    if (!response.last_evaluated_key) break;
    query.exclusive_start_key = response.last_evaluated_key;
  }
  return page;
}

}  // namespace headlock::serve
