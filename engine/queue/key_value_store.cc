// The key-value store service: its tables, the DynamoDB call helper, and the
// store operations (get-or-create, get, rename, delete, list). Records are in
// key_value_store_records.cc.
#include "headlock/queue/key_value_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "queue/key_value_store_internal.h"

namespace headlock {

using namespace kv;  // NOLINT: the attribute names

// ------------------------------------------------------------------ Call

bool KeyValueStoreService::Call::RetryAfter(const Status& throttled, int attempt) const {
  return options->on_throttle && options->on_throttle(throttled, attempt);
}

Status KeyValueStoreService::Call::MapError(Status s) {
  // The service's tables always exist; a missing one is not the caller's
  // "not found" and must not read as one.
  if (s.code() == Status::Code::kResourceNotFoundException) {
    return Status::Internal("key-value store table is missing: " + s.message());
  }
  return s;
}

Status KeyValueStoreService::Call::Put(PutItemRequest& r, PutItemResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->PutItem(q, p); });
}
Status KeyValueStoreService::Call::Get(GetItemRequest& r, GetItemResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->GetItem(q, p); });
}
Status KeyValueStoreService::Call::Update(UpdateItemRequest& r, UpdateItemResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->UpdateItem(q, p); });
}
Status KeyValueStoreService::Call::Delete(DeleteItemRequest& r, DeleteItemResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->DeleteItem(q, p); });
}
Status KeyValueStoreService::Call::Query(QueryRequest& r, QueryResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->Query(q, p); });
}
Status KeyValueStoreService::Call::Scan(ScanRequest& r, ScanResponse* resp) {
  return Run(r, resp, [&](auto& q, auto* p) { return db->Scan(q, p); });
}

Status KeyValueStoreService::Call::BatchWrite(
    std::map<std::string, std::vector<WriteRequest>> items) {
  int attempt = 0;
  while (!items.empty()) {
    BatchWriteItemRequest request;
    request.request_items = std::move(items);
    request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
    BatchWriteItemResponse response;
    ++cost.requests;
    Status s = db->BatchWriteItem(request, &response);
    for (const ConsumedCapacity& c : response.consumed_capacity) cost.units += c.Total();
    if (s.ok()) {
      if (response.unprocessed_items.empty()) return Status::OK();
      items = std::move(response.unprocessed_items);
      s = Status(Status::Code::kThrottlingException,
                 "BatchWriteItem handed back unprocessed items");
    } else if (s.IsThrottle()) {
      items = std::move(request.request_items);
    } else {
      return MapError(std::move(s));
    }
    if (!RetryAfter(s, ++attempt)) return s;
  }
  return Status::OK();
}

Status KeyValueStoreService::Call::Transact(TransactWriteItemsRequest& request,
                                            std::vector<CancellationReason>* reasons) {
  request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  for (int attempt = 1;; ++attempt) {
    TransactWriteItemsResponse response;
    reasons->clear();
    ++cost.requests;
    Status s = db->TransactWriteItems(request, &response, reasons);
    for (const ConsumedCapacity& c : response.consumed_capacity) cost.units += c.Total();
    if (!s.IsThrottle() || !RetryAfter(s, attempt)) return MapError(std::move(s));
  }
}

// ------------------------------------------------------------------ setup

KeyValueStoreService::KeyValueStoreService(Database* db, KeyValueStoreOptions options)
    : db_(db), options_(std::move(options)) {
  stores_table_ = options_.table_prefix + "-stores";
  names_table_ = options_.table_prefix + "-store-names";
  records_table_ = options_.table_prefix + "-records";
  chunks_table_ = options_.table_prefix + "-blob-chunks";
  // Mixing in the start time keeps two services with the default seed on
  // one database apart; the conditional writes catch what it does not.
  uint64_t mix = static_cast<uint64_t>(db_->clock().NowMillis());
  id_state_ = options_.id_seed ^ SplitMix64(&mix);
}

KeyValueStoreService::~KeyValueStoreService() = default;

Status KeyValueStoreService::Open(Database* db, KeyValueStoreOptions options,
                                  std::unique_ptr<KeyValueStoreService>* service) {
  if (options.chunk_bytes == 0 || options.chunk_bytes > kMaxChunkBytes) {
    return Status::InvalidInput(
        fmt::format("chunk_bytes must be between 1 and {}", kMaxChunkBytes));
  }
  if (options.accessed_at_resolution_ms < 0) {
    return Status::InvalidInput("accessed_at_resolution_ms must not be negative");
  }
  std::unique_ptr<KeyValueStoreService> s(new KeyValueStoreService(db, std::move(options)));
  HEADLOCK_RETURN_IF_ERROR(s->CreateTables());
  *service = std::move(s);
  return Status::OK();
}

Status KeyValueStoreService::CreateTables() {
  auto create = [&](const std::string& name, KeyAttribute pk,
                    std::optional<KeyAttribute> sk) -> Status {
    CreateTableRequest request;
    request.definition.table_name = name;
    request.definition.key_schema = KeySchema{pk, sk};
    request.definition.billing_mode = options_.billing_mode;
    if (options_.billing_mode == BillingMode::kProvisioned) {
      request.definition.provisioned_throughput = options_.provisioned_throughput;
    }
    request.attribute_definitions.push_back(pk);
    if (sk) request.attribute_definitions.push_back(*sk);
    CreateTableResponse response;
    Status s = db_->CreateTable(request, &response);
    if (s.code() == Status::Code::kResourceInUseException) return Status::OK();  // exists
    return s;
  };
  const AttributeType kS = AttributeType::kS;
  HEADLOCK_RETURN_IF_ERROR(create(stores_table_, {kId, kS}, std::nullopt));
  HEADLOCK_RETURN_IF_ERROR(create(names_table_, {kName, kS}, std::nullopt));
  HEADLOCK_RETURN_IF_ERROR(create(records_table_, {kStoreId, kS}, KeyAttribute{kKey, kS}));
  return create(chunks_table_, {kChunkId, kS}, std::nullopt);
}

std::string KeyValueStoreService::NewId() {
  std::lock_guard<std::mutex> lock(id_mu_);
  return RandomId(&id_state_);
}

// ------------------------------------------------------------------ store helpers

namespace {

KeyValueStoreInfo StoreFromItem(const Item& item) {
  KeyValueStoreInfo info;
  info.id = GetS(item, kId);
  if (item.contains(kName)) info.name = GetS(item, kName);
  info.created_at_ms = GetInt(item, kCreatedAt);
  info.modified_at_ms = GetInt(item, kModifiedAt);
  info.accessed_at_ms = GetInt(item, kAccessedAt);
  return info;
}

Status StoreNotFound(std::string_view store) {
  return Status::RecordNotFound(fmt::format("Key-value store was not found: {}", store));
}

// The name claim of store `id`, put only if the name is free.
TransactWriteItem ClaimName(const std::string& names_table, const std::string& name,
                            const std::string& id) {
  TransactWriteItem claim;
  claim.kind = TransactWriteItem::Kind::kPut;
  claim.table_name = names_table;
  claim.item = {{kName, Str(name)}, {kStoreId, Str(id)}};
  claim.condition_expression = "attribute_not_exists(#n)";
  claim.expression_attribute_names = ExpressionAttributeNames{{"#n", kName}};
  return claim;
}

// Deletes store `id`'s claim on `name`, only if it still is its claim.
TransactWriteItem ReleaseName(const std::string& names_table, const std::string& name,
                              const std::string& id) {
  TransactWriteItem release;
  release.kind = TransactWriteItem::Kind::kDelete;
  release.table_name = names_table;
  release.item = {{kName, Str(name)}};
  release.condition_expression = "#s = :id";
  release.expression_attribute_names = ExpressionAttributeNames{{"#s", kStoreId}};
  release.expression_attribute_values = ExpressionAttributeValues{{":id", Str(id)}};
  return release;
}

// An action on store item `id` that holds only while the store exists and
// still has the name `name` (none for nullopt).
TransactWriteItem OnStoreNamed(TransactWriteItem::Kind kind, const std::string& stores_table,
                               const std::string& id, const std::optional<std::string>& name) {
  TransactWriteItem action;
  action.kind = kind;
  action.table_name = stores_table;
  action.item = {{kId, Str(id)}};
  action.expression_attribute_names = ExpressionAttributeNames{{"#id", kId}, {"#n", kName}};
  if (name) {
    action.condition_expression = "attribute_exists(#id) AND #n = :old";
    action.expression_attribute_values = ExpressionAttributeValues{{":old", Str(*name)}};
  } else {
    action.condition_expression = "attribute_exists(#id) AND attribute_not_exists(#n)";
  }
  return action;
}

}  // namespace

Result<std::optional<KeyValueStoreInfo>> KeyValueStoreService::ReadStoreById(
    Call& call, const std::string& id) {
  GetItemRequest request;
  request.table_name = stores_table_;
  request.key = {{kId, Str(id)}};
  request.consistent_read = true;
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(call.Get(request, &response));
  if (!response.item) return std::optional<KeyValueStoreInfo>();
  return std::optional<KeyValueStoreInfo>(StoreFromItem(*response.item));
}

Result<KeyValueStoreInfo> KeyValueStoreService::Resolve(Call& call, std::string_view store) {
  if (store.empty()) return Status::InvalidInput("A key-value store id or name is required");
  std::string_view name = store;
  if (size_t tilde = store.find('~'); tilde != std::string_view::npos) {
    // "~name" or "username~name" (API v2 paths); there is one account here.
    name = store.substr(tilde + 1);
  } else if (store.size() == kStoreIdChars) {
    HEADLOCK_ASSIGN_OR_RETURN(auto by_id, ReadStoreById(call, std::string(store)));
    if (by_id) return *by_id;
  }
  if (!ValidateStoreName(name).ok()) return StoreNotFound(store);
  GetItemRequest request;
  request.table_name = names_table_;
  request.key = {{kName, Str(name)}};
  request.consistent_read = true;
  GetItemResponse response;
  HEADLOCK_RETURN_IF_ERROR(call.Get(request, &response));
  if (!response.item) return StoreNotFound(store);
  HEADLOCK_ASSIGN_OR_RETURN(auto by_name, ReadStoreById(call, GetS(*response.item, kStoreId)));
  if (!by_name) return StoreNotFound(store);  // deleted in between
  return *by_name;
}

Status KeyValueStoreService::Touch(Call& call, const KeyValueStoreInfo& store, bool modified) {
  UpdateItemRequest request;
  request.table_name = stores_table_;
  request.key = {{kId, Str(store.id)}};
  request.update_expression = modified ? "SET #a = :now, #m = :now" : "SET #a = :now";
  request.condition_expression = "attribute_exists(#id)";
  request.expression_attribute_names = ExpressionAttributeNames{{"#a", kAccessedAt}, {"#id", kId}};
  if (modified) (*request.expression_attribute_names)["#m"] = kModifiedAt;
  request.expression_attribute_values =
      ExpressionAttributeValues{{":now", Num(db_->clock().NowMillis())}};
  UpdateItemResponse response;
  Status s = call.Update(request, &response);
  if (s.IsConditionalCheckFailed()) return StoreNotFound(store.id);  // deleted in between
  return s;
}

Status KeyValueStoreService::TouchIfStale(Call& call, KeyValueStoreInfo* store) {
  int64_t now = db_->clock().NowMillis();
  if (now - store->accessed_at_ms < options_.accessed_at_resolution_ms) return Status::OK();
  HEADLOCK_RETURN_IF_ERROR(Touch(call, *store, /*modified=*/false));
  store->accessed_at_ms = now;
  return Status::OK();
}

// ------------------------------------------------------------------ stores

Result<GetOrCreateStoreResult> KeyValueStoreService::GetOrCreateStore(
    std::optional<std::string> name, KeyValueCost* cost) {
  if (name) HEADLOCK_RETURN_IF_ERROR(ValidateStoreName(*name));
  Call call(db_, &options_, cost);
  // Each round either finds the store or tries to create it; a lost race
  // (the name or the id was taken meanwhile) goes round again.
  for (int round = 0; round < 16; ++round) {
    if (name) {
      Result<KeyValueStoreInfo> found = Resolve(call, "~" + *name);
      if (found.ok()) {
        HEADLOCK_RETURN_IF_ERROR(Touch(call, *found, /*modified=*/false));
        found->accessed_at_ms = db_->clock().NowMillis();
        return GetOrCreateStoreResult{*found, false};
      }
      if (found.status().code() != Status::Code::kRecordNotFound) {
        return found.status();
      }
    }
    KeyValueStoreInfo info;
    info.id = NewId();
    info.name = name;
    info.created_at_ms = info.modified_at_ms = info.accessed_at_ms = db_->clock().NowMillis();
    Item item = {{kId, Str(info.id)},
                 {kCreatedAt, Num(info.created_at_ms)},
                 {kModifiedAt, Num(info.modified_at_ms)},
                 {kAccessedAt, Num(info.accessed_at_ms)}};
    if (name) item[kName] = Str(*name);
    Status s;
    if (!name) {
      PutItemRequest put;
      put.table_name = stores_table_;
      put.item = std::move(item);
      put.condition_expression = "attribute_not_exists(#id)";
      put.expression_attribute_names = ExpressionAttributeNames{{"#id", kId}};
      PutItemResponse response;
      s = call.Put(put, &response);
      if (s.IsConditionalCheckFailed()) continue;  // id collision: draw again
    } else {
      // The store and its name claim in one transaction: names stay unique.
      TransactWriteItemsRequest request;
      TransactWriteItem put_store;
      put_store.kind = TransactWriteItem::Kind::kPut;
      put_store.table_name = stores_table_;
      put_store.item = std::move(item);
      put_store.condition_expression = "attribute_not_exists(#id)";
      put_store.expression_attribute_names = ExpressionAttributeNames{{"#id", kId}};
      request.transact_items = {std::move(put_store), ClaimName(names_table_, *name, info.id)};
      std::vector<CancellationReason> reasons;
      s = call.Transact(request, &reasons);
      if (s.code() == Status::Code::kTransactionCanceledException) continue;
    }
    HEADLOCK_RETURN_IF_ERROR(s);
    return GetOrCreateStoreResult{std::move(info), true};
  }
  return Status::Internal("could not create a key-value store: ids or the name kept colliding");
}

Result<KeyValueStoreInfo> KeyValueStoreService::GetStore(std::string_view store,
                                                         KeyValueCost* cost) {
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  HEADLOCK_RETURN_IF_ERROR(TouchIfStale(call, &info));
  return info;
}

Result<KeyValueStoreInfo> KeyValueStoreService::UpdateStore(std::string_view store,
                                                            std::optional<std::string> new_name,
                                                            KeyValueCost* cost) {
  if (new_name) HEADLOCK_RETURN_IF_ERROR(ValidateStoreName(*new_name));
  Call call(db_, &options_, cost);
  for (int round = 0; round < 16; ++round) {
    HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
    int64_t now = db_->clock().NowMillis();
    if (info.name == new_name) {
      HEADLOCK_RETURN_IF_ERROR(Touch(call, info, /*modified=*/true));
      info.modified_at_ms = info.accessed_at_ms = now;
      return info;
    }
    TransactWriteItemsRequest request;
    TransactWriteItem update =
        OnStoreNamed(TransactWriteItem::Kind::kUpdate, stores_table_, info.id, info.name);
    (*update.expression_attribute_names)["#m"] = kModifiedAt;
    (*update.expression_attribute_names)["#a"] = kAccessedAt;
    if (!update.expression_attribute_values) update.expression_attribute_values.emplace();
    (*update.expression_attribute_values)[":now"] = Num(now);
    update.update_expression =
        new_name ? "SET #n = :new, #m = :now, #a = :now" : "SET #m = :now, #a = :now REMOVE #n";
    if (new_name) (*update.expression_attribute_values)[":new"] = Str(*new_name);
    request.transact_items.push_back(std::move(update));
    const size_t claim_index = 1;
    if (new_name) request.transact_items.push_back(ClaimName(names_table_, *new_name, info.id));
    if (info.name) request.transact_items.push_back(ReleaseName(names_table_, *info.name, info.id));
    std::vector<CancellationReason> reasons;
    Status s = call.Transact(request, &reasons);
    if (s.code() == Status::Code::kTransactionCanceledException) {
      if (new_name && claim_index < reasons.size() &&
          reasons[claim_index].code == "ConditionalCheckFailed") {
        return Status::InvalidInput(
            fmt::format("Key-value store with name \"{}\" already exists", *new_name));
      }
      continue;  // the store changed meanwhile: look again
    }
    HEADLOCK_RETURN_IF_ERROR(s);
    info.name = std::move(new_name);
    info.modified_at_ms = info.accessed_at_ms = now;
    return info;
  }
  return Status::Internal("could not rename the key-value store: it kept changing");
}

Status KeyValueStoreService::DeleteStore(std::string_view store, KeyValueCost* cost) {
  Call call(db_, &options_, cost);
  HEADLOCK_ASSIGN_OR_RETURN(KeyValueStoreInfo info, Resolve(call, store));
  HEADLOCK_RETURN_IF_ERROR(DeleteAllRecords(call, info.id));
  if (!info.name) {
    DeleteItemRequest request;
    request.table_name = stores_table_;
    request.key = {{kId, Str(info.id)}};
    request.condition_expression = "attribute_exists(#id)";
    request.expression_attribute_names = ExpressionAttributeNames{{"#id", kId}};
    DeleteItemResponse response;
    Status s = call.Delete(request, &response);
    return s.IsConditionalCheckFailed() ? StoreNotFound(store) : s;
  }
  // A named store may have been renamed meanwhile: delete whatever name it
  // holds now, together with the store item.
  for (int round = 0; round < 16; ++round) {
    TransactWriteItemsRequest request;
    request.transact_items.push_back(
        OnStoreNamed(TransactWriteItem::Kind::kDelete, stores_table_, info.id, info.name));
    if (info.name) request.transact_items.push_back(ReleaseName(names_table_, *info.name, info.id));
    std::vector<CancellationReason> reasons;
    Status s = call.Transact(request, &reasons);
    if (s.code() != Status::Code::kTransactionCanceledException) return s;
    HEADLOCK_ASSIGN_OR_RETURN(auto now, ReadStoreById(call, info.id));
    if (!now) return StoreNotFound(store);  // someone else deleted it
    info = *now;
  }
  return Status::Internal("could not delete the key-value store: it kept changing");
}

Result<ListStoresResult> KeyValueStoreService::ListStores(const ListStoresOptions& options,
                                                          KeyValueCost* cost) {
  if (options.offset < 0) return Status::InvalidInput("offset must not be negative");
  if (options.limit < 1) return Status::InvalidInput("limit must be at least 1");
  Call call(db_, &options_, cost);
  std::vector<KeyValueStoreInfo> all;
  ScanRequest request;
  request.table_name = stores_table_;
  while (true) {
    ScanResponse response;
    HEADLOCK_RETURN_IF_ERROR(call.Scan(request, &response));
    for (const Item& item : response.items) {
      KeyValueStoreInfo info = StoreFromItem(item);
      if (info.name || options.unnamed) all.push_back(std::move(info));
    }
    if (!response.last_evaluated_key) break;
    request.exclusive_start_key = std::move(response.last_evaluated_key);
  }
  std::sort(all.begin(), all.end(), [&](const KeyValueStoreInfo& a, const KeyValueStoreInfo& b) {
    auto ka = std::tie(a.created_at_ms, a.id), kb = std::tie(b.created_at_ms, b.id);
    return options.desc ? kb < ka : ka < kb;
  });
  ListStoresResult result;
  result.total = static_cast<int64_t>(all.size());
  result.offset = options.offset;
  result.limit = std::min(options.limit, kMaxListStoresLimit);
  result.desc = options.desc;
  for (int64_t i = options.offset; i < result.total && i - options.offset < result.limit; ++i) {
    result.items.push_back(std::move(all[i]));
  }
  result.count = static_cast<int64_t>(result.items.size());
  return result;
}

}  // namespace headlock
