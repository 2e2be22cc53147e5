// RequestQueueService: opening, queue metadata (get-or-create, get, update,
// delete, list), the per-queue cache and metadata writes, and retention.
// Request operations are in request_queue_requests.cc.
#include "headlock/queue/request_queue.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <set>

#include "headlock/splitmix64.h"
#include "headlock/value/base64.h"
#include "queue/lock_strategy_internal.h"

namespace headlock {
namespace {

using rq::GetInt;
using rq::GetStr;
using rq::Num;
using rq::Str;

// Queue metadata attributes (Apify's field names).
constexpr char kName[] = "name";
constexpr char kCreatedAt[] = "createdAt";
constexpr char kModifiedAt[] = "modifiedAt";
constexpr char kAccessedAt[] = "accessedAt";
constexpr char kExpireAt[] = "expireAt";
constexpr char kTotal[] = "totalRequestCount";
constexpr char kHandled[] = "handledRequestCount";
constexpr char kPending[] = "pendingRequestCount";
constexpr char kHadMultipleClients[] = "hadMultipleClients";
constexpr char kFirstClientKey[] = "firstClientKey";
constexpr char kRequestTable[] = "requestTable";

constexpr int kCreateAttempts = 8;  // id collisions and name races before giving up

QueueInfo InfoFromItem(const Item& item) {
  QueueInfo q;
  if (const std::string* id = GetStr(item, rq::kId)) q.id = *id;
  if (const std::string* name = GetStr(item, kName)) q.name = *name;
  q.created_at_ms = GetInt(item, kCreatedAt).value_or(0);
  q.modified_at_ms = GetInt(item, kModifiedAt).value_or(0);
  q.accessed_at_ms = GetInt(item, kAccessedAt).value_or(0);
  q.expire_at_ms = GetInt(item, kExpireAt);
  q.total_request_count = GetInt(item, kTotal).value_or(0);
  q.handled_request_count = GetInt(item, kHandled).value_or(0);
  q.pending_request_count = GetInt(item, kPending).value_or(0);
  auto it = item.find(kHadMultipleClients);
  q.had_multiple_clients = it != item.end() && it->second.is_bool() && it->second.boolean();
  return q;
}

// Apify's storage names: letters, digits and '-', at most 63 characters.
Status ValidateQueueName(const std::string& name) {
  if (name.empty() || name.size() > kMaxQueueNameLength) {
    return Status::InvalidInput("Request queue name must have 1 to 63 characters");
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return Status::InvalidInput("Request queue name '" + name +
                                  "' may contain only letters, digits and '-'");
    }
  }
  return Status::OK();
}

// The name -> id entry, put only if nobody holds the name: names are unique.
TransactWriteItem ClaimName(const std::string& table, const std::string& name,
                            const std::string& id) {
  TransactWriteItem put;
  put.kind = TransactWriteItem::Kind::kPut;
  put.table_name = table;
  put.item = {{kName, Str(name)}, {rq::kQueueId, Str(id)}};
  put.condition_expression = "attribute_not_exists(#n)";
  put.expression_attribute_names = ExpressionAttributeNames{{"#n", kName}};
  return put;
}

CreateTableRequest SimpleTable(const std::string& name, const char* key) {
  CreateTableRequest t;
  t.definition.table_name = name;
  t.definition.key_schema.partition_key = {key, AttributeType::kS};
  t.attribute_definitions = {{key, AttributeType::kS}};
  return t;
}

}  // namespace

std::string RequestIdFromUniqueKey(std::string_view unique_key) {
  // OpenSSL 3's one-shot SHA256() looks the algorithm up by name (under a
  // lock) on every call; fetch it once and reuse one context per thread.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int digest_length = 0;
  if (sha256 == nullptr || ctx == nullptr || EVP_DigestInit_ex2(ctx.get(), sha256, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), unique_key.data(), unique_key.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &digest_length) != 1) {
    SHA256(reinterpret_cast<const unsigned char*>(unique_key.data()), unique_key.size(), digest);
  }
  std::string b64 = Base64Encode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
  std::string id;
  for (char c : b64) {
    if (c != '+' && c != '/' && c != '=') id.push_back(c);
    if (id.size() == kRequestIdLength) break;
  }
  return id;
}

RequestQueueService::RequestQueueService(Database* db, RequestQueueOptions options)
    : db_(db), options_(std::move(options)), strategy_(MakeLockStrategy(options_.lock_strategy)) {
  CreateTableRequest t;
  t.definition.key_schema = {{rq::kQueueId, AttributeType::kS}, KeyAttribute{rq::kId, AttributeType::kS}};
  t.attribute_definitions = {{rq::kQueueId, AttributeType::kS},
                             {rq::kId, AttributeType::kS},
                             {rq::kOrderNo, AttributeType::kN}};
  GlobalSecondaryIndex head;
  head.index_name = rq::kHeadIndex;
  head.key_schema = {{rq::kQueueId, AttributeType::kS}, KeyAttribute{rq::kOrderNo, AttributeType::kN}};
  head.projection.type = ProjectionType::kAll;
  t.definition.global_secondary_indexes.push_back(head);
  strategy_->ExtendRequestTable(&t);
  ApplyCapacity(&t);
  tables_ = std::make_unique<TableSet>(db_, options_.requests_table, std::move(t));
}

RequestQueueService::~RequestQueueService() { Flush(); }

void RequestQueueService::Flush() {
  std::vector<std::shared_ptr<QueueState>> states;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& [id, q] : queues_) states.push_back(q);
  }
  // In id order, so that the writes (and a simulation's capacity log) do not
  // depend on the hash table's order.
  std::sort(states.begin(), states.end(),
            [](const auto& a, const auto& b) { return a->id < b->id; });
  for (auto& q : states) {
    bool owed;
    {
      std::lock_guard<std::mutex> l(q->mu);
      owed = q->owed_total != 0 || q->owed_pending != 0 || q->owed_handled != 0;
      // Make the write due now.
      if (owed) q->written_accessed_ms = q->written_modified_ms = INT64_MIN / 2;
    }
    if (owed) Touch(*q, false, nullptr);
  }
}

void RequestQueueService::ApplyCapacity(CreateTableRequest* t) const {
  t->definition.billing_mode = options_.billing_mode;
  if (options_.billing_mode == BillingMode::kProvisioned) {
    t->definition.provisioned_throughput = options_.provisioned;
    for (auto& g : t->definition.global_secondary_indexes) {
      g.provisioned_throughput = options_.provisioned;
    }
  }
}

Status RequestQueueService::Open(Database* db, RequestQueueOptions options,
                                 std::unique_ptr<RequestQueueService>* service) {
  if (db == nullptr) return Status::InvalidInput("RequestQueueService needs a database");
  if (options.weeks_ahead < 0 || options.unnamed_retention_ms <= 0 ||
      options.metadata_write_interval_ms < 0) {
    return Status::InvalidInput("Invalid request queue options");
  }
  std::unique_ptr<RequestQueueService> s(new RequestQueueService(db, std::move(options)));
  HEADLOCK_RETURN_IF_ERROR(s->EnsureMetadataTables());
  *service = std::move(s);
  return Status::OK();
}

Status RequestQueueService::EnsureMetadataTables() {
  for (CreateTableRequest t : {SimpleTable(options_.queues_table, rq::kId),
                               SimpleTable(options_.queue_names_table, kName)}) {
    ApplyCapacity(&t);
    CreateTableResponse response;
    Status s = db_->CreateTable(t, &response);
    if (!s.ok() && s.code() != Status::Code::kResourceInUseException) return s;
  }
  return Status::OK();
}

Status RequestQueueService::EnsureWeekTables(int64_t now_ms) {
  IsoWeek week = IsoWeekOf(now_ms);
  {
    std::lock_guard<std::mutex> l(mu_);
    if (ensured_week_ && *ensured_week_ == week) return Status::OK();
  }
  HEADLOCK_RETURN_IF_ERROR(tables_->EnsureTables(now_ms, options_.weeks_ahead));
  std::lock_guard<std::mutex> l(mu_);
  ensured_week_ = week;
  return Status::OK();
}

Result<std::string> RequestQueueService::NewQueueId() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  uint64_t counter;
  {
    std::lock_guard<std::mutex> l(mu_);
    counter = ++id_counter_;
  }
  uint64_t x = SplitMix64Hash(options_.id_seed ^ SplitMix64Hash(counter) ^
                              static_cast<uint64_t>(db_->clock().NowMillis()));
  std::string id;
  while (id.size() < kQueueIdLength) {
    x = SplitMix64Hash(x);
    id.push_back(kAlphabet[x % 62]);
  }
  return id;
}

Result<QueueInfo> RequestQueueService::GetOrCreateQueue(const std::optional<std::string>& name,
                                                         bool* created) {
  if (created != nullptr) *created = false;
  if (name) HEADLOCK_RETURN_IF_ERROR(ValidateQueueName(*name));
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    if (name) {  // by name only: a name that happens to be another queue's id is still a name
      Result<std::shared_ptr<QueueState>> existing = Resolve(*name, /*names_only=*/true);
      if (existing.ok()) {
        Touch(**existing, false, nullptr);
        return ReadQueue(**existing);
      }
      if (existing.status().code() != Status::Code::kRecordNotFound) return existing.status();
    }
    const int64_t now = db_->clock().NowMillis();
    HEADLOCK_RETURN_IF_ERROR(EnsureWeekTables(now));
    HEADLOCK_ASSIGN_OR_RETURN(std::string id, NewQueueId());
    Item item{{rq::kId, Str(id)},          {kCreatedAt, Num(now)}, {kModifiedAt, Num(now)},
              {kAccessedAt, Num(now)},     {kTotal, Num(0)},       {kHandled, Num(0)},
              {kPending, Num(0)},          {kHadMultipleClients, AttributeValue::BOOL(false)},
              {kRequestTable, Str(tables_->RouteFor(now))}};
    if (name) item[kName] = Str(*name);
    else item[kExpireAt] = Num(now + options_.unnamed_retention_ms);
    TransactWriteItemsRequest tx;
    TransactWriteItem put_queue;
    put_queue.kind = TransactWriteItem::Kind::kPut;
    put_queue.table_name = options_.queues_table;
    put_queue.item = item;
    put_queue.condition_expression = "attribute_not_exists(id)";
    tx.transact_items.push_back(std::move(put_queue));
    if (name) {
      tx.transact_items.push_back(ClaimName(options_.queue_names_table, *name, id));
    }
    TransactWriteItemsResponse response;
    Status s = db_->TransactWriteItems(tx, &response);
    if (s.code() == Status::Code::kTransactionCanceledException) continue;  // raced: look again
    HEADLOCK_RETURN_IF_ERROR(s);
    if (created != nullptr) *created = true;
    return InfoFromItem(item);
  }
  return Status::Internal("Could not create a request queue: too many collisions");
}

Result<std::shared_ptr<RequestQueueService::QueueState>> RequestQueueService::Resolve(
    std::string_view queue, bool names_only) {
  if (queue.empty()) return Status::InvalidInput("Request queue id must not be empty");
  const int64_t now = db_->clock().NowMillis();
  auto not_found = [&] {
    return Status::RecordNotFound("Request queue '" + std::string(queue) + "' was not found");
  };
  auto expired = [&](QueueState& q) {
    std::lock_guard<std::mutex> l(q.mu);
    return q.deleted || (q.expire_at_ms && *q.expire_at_ms <= now);
  };
  if (!names_only) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = queues_.find(queue);
    if (it != queues_.end()) {
      std::shared_ptr<QueueState> q = it->second;
      if (expired(*q)) return not_found();
      return q;
    }
  }
  auto get = [&](const std::string& table, const char* key,
                 std::string_view value) -> Result<std::optional<Item>> {
    GetItemRequest g;
    g.table_name = table;
    g.key = {{key, Str(std::string(value))}};
    g.consistent_read = true;
    GetItemResponse r;
    HEADLOCK_RETURN_IF_ERROR(db_->GetItem(g, &r));
    return std::move(r.item);
  };
  std::optional<Item> item;
  if (!names_only) {
    HEADLOCK_ASSIGN_OR_RETURN(item, get(options_.queues_table, rq::kId, queue));
  }
  if (!item) {
    // API v2 also names a queue as "~name" or "username~name" (one local
    // user here, so the username is not checked).
    std::string_view name = queue.substr(queue.find('~') == std::string_view::npos
                                             ? 0
                                             : queue.find('~') + 1);
    if (name.empty()) return not_found();
    HEADLOCK_ASSIGN_OR_RETURN(std::optional<Item> by_name,
                              get(options_.queue_names_table, kName, name));
    const std::string* id = by_name ? GetStr(*by_name, rq::kQueueId) : nullptr;
    if (id == nullptr) return not_found();
    {
      std::lock_guard<std::mutex> l(mu_);
      auto it = queues_.find(*id);
      if (it != queues_.end()) {
        std::shared_ptr<QueueState> q = it->second;
        if (expired(*q)) return not_found();
        return q;
      }
    }
    HEADLOCK_ASSIGN_OR_RETURN(item, get(options_.queues_table, rq::kId, *id));
    if (!item) return not_found();
  }
  auto q = std::make_shared<QueueState>();
  QueueInfo info = InfoFromItem(*item);
  q->id = info.id;
  q->named = info.name.has_value();
  q->created_at_ms = info.created_at_ms;
  const std::string* table = GetStr(*item, kRequestTable);
  q->table = table ? *table : tables_->RouteFor(info.created_at_ms);
  q->expire_at_ms = info.expire_at_ms;
  q->written_accessed_ms = info.accessed_at_ms;
  q->written_modified_ms = info.modified_at_ms;
  if (const std::string* c = GetStr(*item, kFirstClientKey)) q->first_client_key = *c;
  q->had_multiple_clients = info.had_multiple_clients;
  if (expired(*q)) return not_found();
  std::lock_guard<std::mutex> l(mu_);
  auto [it, inserted] = queues_.emplace(q->id, q);
  return it->second;
}

void RequestQueueService::Touch(QueueState& q, bool modified, const std::string* client_key,
                                int64_t d_total, int64_t d_pending, int64_t d_handled) {
  const int64_t now = db_->clock().NowMillis();
  int64_t total, pending, handled;
  bool write_client = false;
  std::optional<std::string> first_client;
  bool had_multiple;
  std::optional<int64_t> expire_at;
  {
    std::lock_guard<std::mutex> l(q.mu);
    if (q.deleted) return;
    q.owed_total += d_total;
    q.owed_pending += d_pending;
    q.owed_handled += d_handled;
    if (client_key != nullptr && !q.had_multiple_clients) {
      if (!q.first_client_key) {
        q.first_client_key = *client_key;
        q.client_dirty = true;
      } else if (*q.first_client_key != *client_key) {
        q.had_multiple_clients = true;
        q.client_dirty = true;
      }
    }
    const int64_t interval = options_.metadata_write_interval_ms;
    bool counts = q.owed_total != 0 || q.owed_pending != 0 || q.owed_handled != 0;
    if (modified || d_total != 0 || d_pending != 0 || d_handled != 0) q.modified_ms = now;
    // Count changes ride on the next due write, so a busy queue costs one
    // metadata write per interval, not one per request write.
    bool due = now - q.written_accessed_ms >= interval ||
               ((modified || counts) && now - q.written_modified_ms >= interval);
    if (!q.client_dirty && !due) return;
    total = std::exchange(q.owed_total, 0);
    pending = std::exchange(q.owed_pending, 0);
    handled = std::exchange(q.owed_handled, 0);
    write_client = std::exchange(q.client_dirty, false);
    first_client = q.first_client_key;
    had_multiple = q.had_multiple_clients;
    q.written_accessed_ms = now;
    if (modified || counts) q.written_modified_ms = now;
    if (!q.named) q.expire_at_ms = expire_at = now + options_.unnamed_retention_ms;
  }
  UpdateItemRequest u;
  u.table_name = options_.queues_table;
  u.key = {{rq::kId, Str(q.id)}};
  ExpressionAttributeValues values{{":now", Num(now)}};
  std::string set = "SET accessedAt = :now";
  if (modified || total != 0 || pending != 0 || handled != 0) set += ", modifiedAt = :now";
  if (expire_at) {
    set += ", expireAt = :exp";
    values[":exp"] = Num(*expire_at);
  }
  if (write_client && first_client) {
    set += ", firstClientKey = :fc, hadMultipleClients = :hm";
    values[":fc"] = Str(*first_client);
    values[":hm"] = AttributeValue::BOOL(had_multiple);
  }
  std::string add;
  for (auto [attr, placeholder, delta] : {std::tuple{kTotal, ":dt", total},
                                          std::tuple{kPending, ":dp", pending},
                                          std::tuple{kHandled, ":dh", handled}}) {
    if (delta == 0) continue;
    add += (add.empty() ? " ADD " : ", ") + std::string(attr) + " " + placeholder;
    values[placeholder] = Num(delta);
  }
  u.update_expression = set + add;
  u.condition_expression = "attribute_exists(id)";
  u.expression_attribute_values = std::move(values);
  UpdateItemResponse response;
  Status s = db_->UpdateItem(u, &response);
  if (s.ok() || s.IsConditionalCheckFailed()) return;  // the latter: the queue was deleted
  // Throttled (or failed): owe it to the next write rather than lose it.
  std::lock_guard<std::mutex> l(q.mu);
  q.owed_total += total;
  q.owed_pending += pending;
  q.owed_handled += handled;
  q.client_dirty = q.client_dirty || write_client;
}

Result<QueueInfo> RequestQueueService::ReadQueue(QueueState& q) {
  GetItemRequest g;
  g.table_name = options_.queues_table;
  g.key = {{rq::kId, Str(q.id)}};
  g.consistent_read = true;
  GetItemResponse r;
  HEADLOCK_RETURN_IF_ERROR(db_->GetItem(g, &r));
  if (!r.item) return Status::RecordNotFound("Request queue '" + q.id + "' was not found");
  QueueInfo info = InfoFromItem(*r.item);
  std::lock_guard<std::mutex> l(q.mu);
  info.total_request_count += q.owed_total;
  info.pending_request_count += q.owed_pending;
  info.handled_request_count += q.owed_handled;
  info.had_multiple_clients = info.had_multiple_clients || q.had_multiple_clients;
  info.accessed_at_ms = std::max(info.accessed_at_ms, q.written_accessed_ms);
  info.modified_at_ms = std::max(info.modified_at_ms, q.modified_ms);
  return info;
}

Result<QueueInfo> RequestQueueService::GetQueue(std::string_view queue) {
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  Touch(*q, false, nullptr);
  return ReadQueue(*q);
}

Result<QueueInfo> RequestQueueService::UpdateQueue(std::string_view queue,
                                                   const std::optional<std::string>& name) {
  if (name) HEADLOCK_RETURN_IF_ERROR(ValidateQueueName(*name));
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  HEADLOCK_ASSIGN_OR_RETURN(QueueInfo info, ReadQueue(*q));
  if (info.name == name) return info;
  const int64_t now = db_->clock().NowMillis();
  TransactWriteItemsRequest tx;
  TransactWriteItem update;
  update.kind = TransactWriteItem::Kind::kUpdate;
  update.table_name = options_.queues_table;
  update.item = {{rq::kId, Str(q->id)}};
  update.condition_expression = "attribute_exists(id)";
  update.expression_attribute_names = ExpressionAttributeNames{{"#n", kName}};
  if (name) {
    update.update_expression = "SET #n = :n, modifiedAt = :now REMOVE expireAt";
    update.expression_attribute_values = ExpressionAttributeValues{{":n", Str(*name)},
                                                                   {":now", Num(now)}};
  } else {
    update.update_expression = "SET modifiedAt = :now, expireAt = :exp REMOVE #n";
    update.expression_attribute_values = ExpressionAttributeValues{
        {":now", Num(now)}, {":exp", Num(now + options_.unnamed_retention_ms)}};
  }
  tx.transact_items.push_back(std::move(update));
  if (info.name) {
    TransactWriteItem drop;
    drop.kind = TransactWriteItem::Kind::kDelete;
    drop.table_name = options_.queue_names_table;
    drop.item = {{kName, Str(*info.name)}};
    tx.transact_items.push_back(std::move(drop));
  }
  if (name) {
    tx.transact_items.push_back(ClaimName(options_.queue_names_table, *name, q->id));
  }
  TransactWriteItemsResponse response;
  Status s = db_->TransactWriteItems(tx, &response);
  if (s.code() == Status::Code::kTransactionCanceledException) {
    return Status::InvalidInput("A request queue named '" + name.value_or("") +
                                "' already exists");
  }
  HEADLOCK_RETURN_IF_ERROR(s);
  {
    std::lock_guard<std::mutex> l(q->mu);
    q->named = name.has_value();
    q->expire_at_ms = name ? std::nullopt : std::optional<int64_t>(now + options_.unnamed_retention_ms);
    q->written_modified_ms = now;
  }
  return ReadQueue(*q);
}

Status RequestQueueService::DeleteQueue(std::string_view queue) {
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  HEADLOCK_ASSIGN_OR_RETURN(QueueInfo info, ReadQueue(*q));
  TransactWriteItemsRequest tx;
  TransactWriteItem drop;
  drop.kind = TransactWriteItem::Kind::kDelete;
  drop.table_name = options_.queues_table;
  drop.item = {{rq::kId, Str(q->id)}};
  drop.condition_expression = "attribute_exists(id)";
  tx.transact_items.push_back(drop);
  if (info.name) {
    drop.table_name = options_.queue_names_table;
    drop.item = {{kName, Str(*info.name)}};
    drop.condition_expression.reset();
    tx.transact_items.push_back(drop);
  }
  TransactWriteItemsResponse response;
  Status s = db_->TransactWriteItems(tx, &response);
  if (s.code() == Status::Code::kTransactionCanceledException) {
    return Status::RecordNotFound("Request queue '" + std::string(queue) + "' was not found");
  }
  HEADLOCK_RETURN_IF_ERROR(s);
  {
    std::lock_guard<std::mutex> l(q->mu);
    q->deleted = true;
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    queues_.erase(q->id);
  }
  // The requests go too, 25 at a time. If the engine throttles, the rest stay
  // unreachable (no queue points at them) until their weekly table is dropped.
  LockContext ctx = ContextFor(*q);
  QueryRequest query = rq::IndexQuery(ctx, nullptr, "", {});
  query.projection_expression = "queueId, id";
  std::vector<Item> keys;
  HEADLOCK_RETURN_IF_ERROR(rq::QueryPages(db_, query, [&](const QueryResponse& page) {
    keys.insert(keys.end(), page.items.begin(), page.items.end());
    return true;
  }));
  for (size_t i = 0; i < keys.size(); i += kMaxBatchWriteItems) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items[q->table];
    for (size_t j = i; j < std::min(keys.size(), i + kMaxBatchWriteItems); ++j) {
      writes.push_back(WriteRequest{std::nullopt, keys[j]});
      strategy_->Forget(q->id, rq::IdOf(keys[j]));
    }
    BatchWriteItemResponse r;
    if (!db_->BatchWriteItem(batch, &r).ok()) break;
  }
  return Status::OK();
}

Result<std::vector<Item>> RequestQueueService::ScanQueues() {
  std::vector<Item> items;
  ScanRequest scan;
  scan.table_name = options_.queues_table;
  scan.consistent_read = true;
  while (true) {
    ScanResponse r;
    HEADLOCK_RETURN_IF_ERROR(db_->Scan(scan, &r));
    items.insert(items.end(), r.items.begin(), r.items.end());
    if (!r.last_evaluated_key) return items;
    scan.exclusive_start_key = std::move(r.last_evaluated_key);
  }
}

Result<ListQueuesResult> RequestQueueService::ListQueues(const ListQueuesOptions& options) {
  if (options.offset < 0) return Status::InvalidInput("offset must be at least 0");
  if (options.limit < 1 || options.limit > kMaxListQueuesLimit) {
    return Status::InvalidInput("limit must be between 1 and 1000");
  }
  const int64_t now = db_->clock().NowMillis();
  std::vector<QueueInfo> all;
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> items, ScanQueues());
  for (const Item& item : items) {
    QueueInfo info = InfoFromItem(item);
    if (info.expire_at_ms && *info.expire_at_ms <= now) continue;
    if (!info.name && !options.unnamed) continue;
    std::shared_ptr<QueueState> cached;
    {
      std::lock_guard<std::mutex> l(mu_);
      auto it = queues_.find(info.id);
      if (it != queues_.end()) cached = it->second;
    }
    if (cached) {  // count changes not written yet
      std::lock_guard<std::mutex> l(cached->mu);
      info.total_request_count += cached->owed_total;
      info.pending_request_count += cached->owed_pending;
      info.handled_request_count += cached->owed_handled;
      info.modified_at_ms = std::max(info.modified_at_ms, cached->modified_ms);
    }
    all.push_back(std::move(info));
  }
  std::sort(all.begin(), all.end(), [](const QueueInfo& a, const QueueInfo& b) {
    return std::tie(a.created_at_ms, a.id) < std::tie(b.created_at_ms, b.id);
  });
  if (options.desc) std::reverse(all.begin(), all.end());
  ListQueuesResult out;
  out.total = static_cast<int64_t>(all.size());
  out.offset = options.offset;
  out.limit = options.limit;
  out.desc = options.desc;
  out.unnamed = options.unnamed;
  for (size_t i = options.offset; i < all.size() && out.items.size() < size_t(options.limit); ++i) {
    out.items.push_back(std::move(all[i]));
  }
  return out;
}

Result<std::vector<std::string>> RequestQueueService::ExpireQueuesAndTables() {
  const int64_t now = db_->clock().NowMillis();
  std::set<std::string> live_tables;
  std::vector<std::string> expired;
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Item> items, ScanQueues());
  for (const Item& item : items) {
    QueueInfo info = InfoFromItem(item);
    if (info.expire_at_ms && *info.expire_at_ms <= now) {
      expired.push_back(info.id);
      continue;
    }
    const std::string* table = GetStr(item, kRequestTable);
    live_tables.insert(table ? *table : tables_->RouteFor(info.created_at_ms));
  }
  for (const std::string& id : expired) {
    {  // Resolve() refuses expired queues; delete through a fresh state.
      std::lock_guard<std::mutex> l(mu_);
      queues_.erase(id);
    }
    Status s = DeleteExpiredQueue(id);
    if (!s.ok() && s.code() != Status::Code::kRecordNotFound) return s;
  }
  return tables_->DropExpired(now, 0, [&](const std::string& table) {
    return live_tables.count(table) > 0;
  });
}

Status RequestQueueService::DeleteExpiredQueue(const std::string& id) {
  // An unnamed queue has no name entry: deleting its metadata item is enough
  // to make it unreachable; its requests go with its weekly table.
  DeleteItemRequest d;
  d.table_name = options_.queues_table;
  d.key = {{rq::kId, Str(id)}};
  d.condition_expression = "attribute_exists(id) AND expireAt <= :now";
  d.expression_attribute_values =
      ExpressionAttributeValues{{":now", Num(db_->clock().NowMillis())}};
  DeleteItemResponse r;
  Status s = db_->DeleteItem(d, &r);
  if (s.IsConditionalCheckFailed()) return Status::OK();  // touched meanwhile: it lives
  return s;
}

Result<std::string> RequestQueueService::RequestTableOf(std::string_view queue) {
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<QueueState> q, Resolve(queue));
  return q->table;
}

LockContext RequestQueueService::ContextFor(const QueueState& q) const {
  return LockContext{db_, q.table, q.id, db_->clock().NowMillis()};
}

}  // namespace headlock
