// RequestQueueService: Apify's request queue (API v2 semantics and field
// names) on the engine, built the seed's way.
//
// Storage, all through Database's public API as a DynamoDB client would:
//   - requests in a weekly TableSet ("<requests_table>-YYYY-wWW"), a queue's
//     requests in the table of the ISO week the queue was created; key
//     (queueId HASH, id RANGE), index "queueId-orderNo" (queueId, orderNo),
//     plus whatever the lock strategy adds;
//   - queue metadata in `queues_table` (key id) and the name -> id mapping in
//     `queue_names_table` (key name), changed together in transactions.
// orderNo = +now (tail) or -now (forefront) while pending; REMOVEd when
// handled, so handled requests leave the head index. Locking is the
// LockStrategy's (lock_strategy.h; default order-no, the seed's).
//
// Counters (totalRequestCount, pendingRequestCount, handledRequestCount)
// move only on the transition a conditional write decided, so concurrent
// clients never count twice. Their changes are kept in memory and written to
// the queue item with the next metadata write, at most every
// metadata_write_interval_ms (1 s) per queue, as accessedAt/modifiedAt are:
// a busy queue pays one metadata write per second, not one per request
// write. Reads through the service (GetQueue, ListQueues) add what is not
// written yet, so answers are exact; Flush() (and the destructor) writes it.
// A crash loses at most the last interval's changes (or, if that write was
// throttled, until the next one succeeds): the one window where stored
// counts can drift from the requests.
//
// Time comes only from db->clock(). Request and queue timestamps are
// milliseconds since the Unix epoch; the edge formats ISO 8601.
//
// Errors (Status codes): kRecordNotFound (no such queue or request),
// kRequestLocked (locked by another client, or not locked by the caller),
// kRequestAlreadyHandled, kInvalidInput (bad arguments), and the engine's
// own (ProvisionedThroughputExceeded/Throttling: retry later; nothing was
// lost or half-written that a retry would not repair).
//
// Thread safety: all methods may be called from many threads at once. One
// service per Database: it caches queue facts (week table, first client)
// and invalidates them only on its own deletes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/queue/lock_strategy.h"
#include "headlock/queue/table_set.h"
#include "headlock/result.h"
#include "headlock/string_hash.h"

namespace headlock {

inline constexpr size_t kMaxRequestsPerBatch = 25;      // REQUEST_QUEUE_MAX_REQUESTS_PER_BATCH_OPERATION
inline constexpr int kMaxLockHeadLimit = 25;            // head/lock `limit` maximum (API v2)
inline constexpr int kDefaultListHeadLimit = 100;       // GET head default (memory-storage)
inline constexpr int kMaxListRequestsLimit = 10000;     // GET requests `limit` maximum (API v2)
inline constexpr int kDefaultListRequestsLimit = 1000;  // apify-client's page size
inline constexpr int kMaxListQueuesLimit = 1000;        // GET request-queues `limit` maximum
inline constexpr size_t kMaxQueueNameLength = 63;       // API v2 storage name limit
inline constexpr size_t kRequestIdLength = 15;          // REQUEST_ID_LENGTH
inline constexpr size_t kQueueIdLength = 17;            // cryptoRandomObjectId() length
inline constexpr int64_t kMaxLockSecs = 7 * 24 * 3600;  // our bound: a lock of at most a week

// Apify's request id: the first 15 characters of base64(sha256(uniqueKey))
// with '+', '/' and '=' removed (reference §4.1).
std::string RequestIdFromUniqueKey(std::string_view unique_key);

// A queue as the API returns it.
struct QueueInfo {
  std::string id;
  std::optional<std::string> name;  // nullopt: unnamed
  int64_t created_at_ms = 0;
  int64_t modified_at_ms = 0;
  int64_t accessed_at_ms = 0;
  std::optional<int64_t> expire_at_ms;  // unnamed queues only
  int64_t total_request_count = 0;
  int64_t handled_request_count = 0;
  int64_t pending_request_count = 0;
  bool had_multiple_clients = false;
};

// A request. JSON-valued fields (headers, userData) are opaque JSON text: the
// engine stores and returns them verbatim and never parses them.
struct QueueRequest {
  std::string id;  // on input: empty or RequestIdFromUniqueKey(unique_key)
  std::string unique_key;
  std::string url;
  std::string method = "GET";
  std::optional<std::string> payload;
  std::optional<std::string> headers_json;
  std::optional<std::string> user_data_json;
  int64_t retry_count = 0;
  bool no_retry = false;
  std::vector<std::string> error_messages;
  std::optional<std::string> loaded_url;
  std::optional<int64_t> handled_at_ms;  // present: handled
  // Output only (ignored on input):
  std::optional<int64_t> order_no;            // the stored orderNo (absent when handled)
  std::optional<int64_t> lock_expires_at_ms;  // live lock only
  std::optional<std::string> lock_by_client;  // live lock only
};

struct AddRequestResult {
  std::string request_id;
  bool was_already_present = false;
  bool was_already_handled = false;
};

struct ProcessedRequest {
  std::string request_id;
  std::string unique_key;
  bool was_already_present = false;
  bool was_already_handled = false;
};
struct UnprocessedRequest {
  std::string unique_key;
  std::string url;
  std::string method;
};
struct BatchAddResult {
  std::vector<ProcessedRequest> processed_requests;
  std::vector<UnprocessedRequest> unprocessed_requests;
};

// batchDeleteRequests input: `id` or `unique_key` (one of them).
struct RequestRef {
  std::optional<std::string> id;
  std::optional<std::string> unique_key;
};
struct DeletedRequest {
  std::string id;
  std::string unique_key;  // as given (empty when deleted by id)
};
struct BatchDeleteResult {
  std::vector<DeletedRequest> processed_requests;
  std::vector<RequestRef> unprocessed_requests;
};

struct ListHeadResult {
  int limit = 0;
  int64_t queue_modified_at_ms = 0;
  bool had_multiple_clients = false;
  std::vector<QueueRequest> items;
};

struct LockedHead {
  int limit = 0;
  int64_t lock_secs = 0;
  int64_t queue_modified_at_ms = 0;
  bool had_multiple_clients = false;
  bool queue_has_locked_requests = false;
  std::string client_key;
  std::vector<QueueRequest> items;  // each with lock_expires_at_ms
};

struct ListRequestsOptions {
  int limit = kDefaultListRequestsLimit;  // 1..kMaxListRequestsLimit
  // Opaque cursor from a previous page's next_cursor (the exclusive start
  // request id; the edge may wrap it, as Apify does, in base64url JSON).
  std::optional<std::string> cursor;
  // Deprecated alias: skip every request up to and including this id.
  std::optional<std::string> exclusive_start_id;
  // filter=locked,pending: the union; neither: every request. `handled`
  // lists handled requests (ours: for re-crawls, issue 5 §2).
  bool filter_locked = false;
  bool filter_pending = false;
  bool filter_handled = false;
  std::optional<std::string> client_key;
};
struct ListRequestsResult {
  int limit = 0;
  std::optional<std::string> cursor;
  std::optional<std::string> next_cursor;  // nullopt on the last page
  std::vector<QueueRequest> items;          // in id order
};

struct ListQueuesOptions {
  int offset = 0;
  int limit = kMaxListQueuesLimit;  // 1..kMaxListQueuesLimit
  bool desc = false;
  bool unnamed = false;  // include unnamed queues
};
struct ListQueuesResult {
  int64_t total = 0;
  int offset = 0;
  int limit = 0;
  bool desc = false;
  bool unnamed = false;
  std::vector<QueueInfo> items;  // by createdAt
};

struct RequestQueueOptions {
  // Logical name of the weekly request tables ("<name>-YYYY-wWW").
  // Default: "requests".
  std::string requests_table = "requests";
  // Queue metadata and the name index.
  std::string queues_table = "queues";
  std::string queue_names_table = "queue-names";
  // The locking strategy. Default: order-no, the seed's.
  LockStrategyKind lock_strategy = LockStrategyKind::kOrderNo;
  // Capacity of the tables the service creates: PAY_PER_REQUEST by default;
  // PROVISIONED uses `provisioned` for each table and index (a capacity
  // policy may change it later with UpdateTable).
  BillingMode billing_mode = BillingMode::kPayPerRequest;
  ProvisionedThroughput provisioned{1000, 1000};
  // Weekly tables created ahead of the current week.
  // Default: 1 (next week's table exists before the week starts).
  int weeks_ahead = 1;
  // How long an unnamed queue lives after its last access; named queues never
  // expire. Default: 7 days (Apify's default data retention).
  int64_t unnamed_retention_ms = 7LL * 24 * 3600 * 1000;
  // The queue item (accessedAt, modifiedAt, counts) is written at most this
  // often per queue (each write costs write units). Default: 1 s.
  int64_t metadata_write_interval_ms = 1000;
  // Seed for queue ids (ids are also checked for collisions).
  // Default: 0 (ids still differ between queues; a fixed seed and clock give
  // the same ids on every run).
  uint64_t id_seed = 0;
};

class RequestQueueService {
 public:
  // `db` must outlive the service. Creates the metadata tables if missing.
  static Status Open(Database* db, RequestQueueOptions options,
                     std::unique_ptr<RequestQueueService>* service);
  ~RequestQueueService();
  RequestQueueService(const RequestQueueService&) = delete;
  RequestQueueService& operator=(const RequestQueueService&) = delete;

  const RequestQueueOptions& options() const { return options_; }
  LockStrategy& lock_strategy() { return *strategy_; }

  // ------------------------------------------------------------ queues
  // `queue` arguments below accept an id, a name, "~name" or "user~name".

  // With a name: the existing queue of that name, or a new one
  // (*created = true). Without: always a new unnamed queue.
  // Errors: kInvalidInput (empty or over-long name).
  Result<QueueInfo> GetOrCreateQueue(const std::optional<std::string>& name,
                                     bool* created = nullptr);
  // Errors: kRecordNotFound.
  Result<QueueInfo> GetQueue(std::string_view queue);
  // Renames (nullopt: makes it unnamed, so it will expire). Errors:
  // kRecordNotFound, kInvalidInput (name taken or invalid).
  Result<QueueInfo> UpdateQueue(std::string_view queue, const std::optional<std::string>& name);
  // Deletes the queue and its requests. Errors: kRecordNotFound.
  Status DeleteQueue(std::string_view queue);
  Result<ListQueuesResult> ListQueues(const ListQueuesOptions& options);

  // ------------------------------------------------------------ requests

  // Dedup by exact uniqueKey: an existing request is not changed. A request
  // that carries handledAt is stored as handled. Errors: kRecordNotFound,
  // kInvalidInput (no url or uniqueKey, an id that is not the uniqueKey's).
  Result<AddRequestResult> AddRequest(std::string_view queue, const QueueRequest& request,
                                      bool forefront = false,
                                      const std::optional<std::string>& client_key = {});
  // At most kMaxRequestsPerBatch; every input ends in processed or
  // unprocessed (throttled writes), nothing is lost.
  Result<BatchAddResult> BatchAddRequests(std::string_view queue,
                                          const std::vector<QueueRequest>& requests,
                                          bool forefront = false,
                                          const std::optional<std::string>& client_key = {});
  Result<BatchDeleteResult> BatchDeleteRequests(std::string_view queue,
                                                const std::vector<RequestRef>& requests,
                                                const std::optional<std::string>& client_key = {});
  // Errors: kRecordNotFound (queue or request).
  Result<QueueRequest> GetRequest(std::string_view queue, std::string_view request_id);
  // Replaces the request with `request` (request.id must be its id, or empty).
  // handledAt present: handled, unlocked, out of the head. Absent on a handled
  // request: pending again (tail, or head with forefront). Absent on a pending
  // one: data changes only; an unlocked request moves to the tail (head), a
  // lock the caller holds stays. An unknown id inserts the request.
  // Errors: kRequestLocked (a live lock of another client), kInvalidInput.
  // was_already_handled reports the state before the update.
  Result<AddRequestResult> UpdateRequest(std::string_view queue, const QueueRequest& request,
                                         bool forefront = false,
                                         const std::optional<std::string>& client_key = {});
  // Errors: kRecordNotFound, kRequestLocked (a live lock of another client).
  Status DeleteRequest(std::string_view queue, std::string_view request_id,
                       const std::optional<std::string>& client_key = {});
  Result<ListRequestsResult> ListRequests(std::string_view queue,
                                          const ListRequestsOptions& options);

  // ------------------------------------------------------------ head and locks

  // Pending, unlocked requests in queue order. limit 1..1000.
  Result<ListHeadResult> ListHead(std::string_view queue, int limit = kDefaultListHeadLimit,
                                  const std::optional<std::string>& client_key = {});
  // limit 1..25, lock_secs 1..kMaxLockSecs, client_key required (non-empty).
  Result<LockedHead> ListAndLockHead(std::string_view queue, int limit, int64_t lock_secs,
                                     const std::string& client_key);
  // now + lock_secs; owner only (the client whose lock it is, also just after
  // it expired if nobody took it since). Returns lockExpiresAt. Errors:
  // kRecordNotFound, kRequestAlreadyHandled, kRequestLocked.
  Result<int64_t> ProlongRequestLock(std::string_view queue, std::string_view request_id,
                                     int64_t lock_secs, const std::string& client_key,
                                     bool forefront = false);
  // Owner only; pending again at the tail or, with forefront, the head.
  Status DeleteRequestLock(std::string_view queue, std::string_view request_id,
                           const std::string& client_key, bool forefront = false);
  // Releases every lock `client_key` holds in the queue; returns how many.
  Result<int64_t> UnlockRequests(std::string_view queue, const std::string& client_key);

  // ------------------------------------------------------------ retention

  // Deletes unnamed queues whose expireAt has passed, then the weekly tables
  // whose week has ended and that no live queue uses. Returns the tables
  // dropped. (A rotation job calls it, e.g. hourly.)
  Result<std::vector<std::string>> ExpireQueuesAndTables();

  // Writes every queue's count changes that are not written yet (the
  // destructor calls it).
  void Flush();

  // The physical table of a queue's requests (for tests, tools and reports).
  Result<std::string> RequestTableOf(std::string_view queue);

  struct QueueState;  // per-queue cache (request_queue_internal.h)

 private:
  RequestQueueService(Database* db, RequestQueueOptions options);
  Status EnsureMetadataTables();

  // The queue named by id or name (`names_only`: by name).
  Result<std::shared_ptr<QueueState>> Resolve(std::string_view queue, bool names_only = false);
  // Moves counters, stamps accessedAt/modifiedAt and records the client.
  // `client_key` null: the call does not count as a client's (GET calls).
  void Touch(QueueState& q, bool modified, const std::string* client_key,
             int64_t d_total = 0, int64_t d_pending = 0, int64_t d_handled = 0);
  void ApplyCapacity(CreateTableRequest* table) const;
  Status EnsureWeekTables(int64_t now_ms);
  Status DeleteExpiredQueue(const std::string& id);
  // Every queue metadata item (ListQueues and retention read them all).
  Result<std::vector<Item>> ScanQueues();
  Result<QueueInfo> ReadQueue(QueueState& q);
  LockContext ContextFor(const QueueState& q) const;
  Result<AddRequestResult> AddOne(QueueState& q, const QueueRequest& request, bool forefront,
                                  int64_t* d_pending, int64_t* d_handled);
  Result<AddRequestResult> UpdateOne(QueueState& q, const std::string& id,
                                     const QueueRequest& request, bool forefront,
                                     const std::string& client_key);
  Result<Item> ReadRequestItem(QueueState& q, std::string_view request_id);
  // The request, if `client_key` holds (or just held) its lock.
  Result<Item> ReadOwnLock(QueueState& q, std::string_view request_id,
                           const std::string& client_key);
  Status DeleteOne(QueueState& q, const std::string& request_id, const std::string& client_key,
                   int64_t* d_pending, int64_t* d_handled);
  QueueRequest ToRequest(const LockContext& ctx, const Item& item,
                         std::string_view client_key) const;
  Result<std::string> NewQueueId();

  Database* db_;
  RequestQueueOptions options_;
  std::unique_ptr<LockStrategy> strategy_;
  std::unique_ptr<TableSet> tables_;

  std::mutex mu_;  // guards the members below
  // By id; hashed (a simulated full-scale hour resolves a queue id on every
  // call among ~100,000 queues), looked up by string_view without a copy.
  std::unordered_map<std::string, std::shared_ptr<QueueState>, StringHash, std::equal_to<>> queues_;
  uint64_t id_counter_ = 0;
  std::optional<IsoWeek> ensured_week_;  // the week whose tables exist
};

}  // namespace headlock
