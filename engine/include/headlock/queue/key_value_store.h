// KeyValueStoreService: Apify's key-value stores (where an Actor keeps its
// state across a container migration) on the engine's DynamoDB API, used
// exactly as a DynamoDB client would use it, so every capacity unit it
// reports was consumed by a real request.
//
// Four tables, created by Open() when missing (names are `table_prefix` +):
//   "-stores"       id (S)                  name?, createdAt, modifiedAt, accessedAt (N, ms)
//   "-store-names"  name (S)                storeId: makes names unique (conditional put
//                                           in one transaction with the store item)
//   "-records"      storeId (S), key (S)    contentType, size, and either value (B, the
//                                           record inline) or blobId + chunkCount + chunkBytes
//   "-blob-chunks"  chunkId (S)             data (B), storeId, key, createdAt: the blob
//                                           area that stands in for the seed's S3
// A record whose inline item fits DynamoDB's 400 KB item limit is stored
// inline; a larger one (up to kMaxRecordBytes) is cut into chunks of
// `chunk_bytes`, written first (one PutItem each), and only then published by
// the pointer item, so a reader never sees a partial record. Each blob gets a
// fresh id, so an overwrite never touches the chunks a reader may be reading;
// the chunks of the replaced record (known from the put's ALL_OLD image) are
// deleted afterwards. Each chunk has its own partition key, so a 9 MB record
// is not held to DynamoDB's 1,000 write units per second per partition-key
// value. Chunks orphaned by a crash between the chunk writes and the pointer
// are reclaimed by SweepOrphanChunks().
//
// Keys are listed in UTF-8 byte order, which is DynamoDB's order for an S
// sort key. Store and record names follow Apify's rules (see
// ValidateRecordKey, ValidateStoreName).
//
// Ids: 17 characters of [a-zA-Z0-9] (Apify's length and alphabet), drawn
// from splitmix64 seeded with `id_seed` mixed with the clock at Open(): the
// same seed and start time give the same ids (tests, the simulator), and
// every id is written with attribute_not_exists, so a collision (another
// service object on the same database with the same seed) draws again
// instead of overwriting.
//
// Errors use Apify's types (status.h): RecordNotFound ("record-not-found")
// for a missing store or record; InvalidRecordKey ("invalid-record-key") for
// a bad key; RequestTooLarge ("request-too-large") for a record over
// kMaxRecordBytes; InvalidInput ("invalid-input") for other bad input and a
// store name that is taken (as the request queue does). Bad input writes
// nothing. DynamoDB's throttling errors (ProvisionedThroughputExceeded,
// Throttling) pass through once `on_throttle` declines to retry; Internal
// reports states the service cannot explain (one of its tables was deleted
// behind its back). Not atomic against a concurrent DeleteStore: a record
// written while its store is being deleted may survive the store.
//
// What operations cost (DynamoDB's units, all reported by KeyValueCost and
// the capacity log): a record operation first reads the store item (and the
// name claim when given a name); a write or delete also updates the store's
// modifiedAt (one write unit); records and chunks are read strongly
// consistent (read-after-write across a migration). ListKeys queries the
// records table, and DynamoDB charges a Query by the whole items read, so
// listing a store of large inline records costs up to 100 read units per
// record; a keys-only index would make listing cheap at one more write unit
// per record write, which Apify's write-heavy state saving would pay more
// often.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/capacity/consumed_capacity.h"
#include "headlock/ddb/database.h"
#include "headlock/result.h"
#include "headlock/status.h"

namespace headlock {

// Apify's record limit: MAX_PAYLOAD_SIZE_BYTES of @apify/consts, the largest
// request body the API takes (reference apify-request-queue.md §0).
inline constexpr size_t kMaxRecordBytes = 9 * 1024 * 1024;  // 9,437,184
// Crawlee's KEY_VALUE_STORE_KEY_REGEX ^([a-zA-Z0-9!\-_.'()]{1,256})$ (§5.2).
inline constexpr size_t kMaxRecordKeyChars = 256;
// Apify's limit on storage names (§0: "A queue name is at most 63 characters";
// stores follow the same rule).
inline constexpr size_t kMaxStoreNameChars = 63;
// Content types are HTTP header values; longer ones are refused here rather
// than by DynamoDB's item limit.
inline constexpr size_t kMaxContentTypeBytes = 1024;
inline constexpr size_t kStoreIdChars = 17;  // Apify ids: 17 of [a-zA-Z0-9]
// GET .../keys: limit 1..1000, default 1000 (§5.2).
inline constexpr int kMaxListKeysLimit = 1000;
// GET /v2/key-value-stores: limit default and max 1000 (§1).
inline constexpr int kMaxListStoresLimit = 1000;
// Chunks of 350 KiB leave room for the chunk item's other attributes under
// DynamoDB's 400 KB item limit whatever the key length.
inline constexpr size_t kDefaultChunkBytes = 350 * 1024;
inline constexpr size_t kMaxChunkBytes = 380 * 1024;

struct KeyValueStoreOptions {
  // Prefix of the four table names (see the file comment).
  // Default: "kv".
  std::string table_prefix = "kv";

  // Capacity mode of the tables Open() creates (tables that exist keep theirs).
  // Default: on-demand, as a new DynamoDB table for a bursty workload would be.
  BillingMode billing_mode = BillingMode::kPayPerRequest;
  // For kProvisioned: the throughput of each table.
  ProvisionedThroughput provisioned_throughput{5, 5};

  // Seed of the id generator (mixed with the clock's time at Open()).
  // Default: 0.
  uint64_t id_seed = 0;

  // Accept any valid UTF-8 key of 1..256 characters without control
  // characters, instead of Apify's [a-zA-Z0-9!-_.'()] (for local tools that
  // key records by file name). Listing is in UTF-8 byte order either way.
  // Default: false (Apify's rule).
  bool allow_unicode_keys = false;

  // Bytes of a record per blob chunk. REQUIRES: 1 .. kMaxChunkBytes.
  // Default: kDefaultChunkBytes.
  size_t chunk_bytes = kDefaultChunkBytes;

  // accessedAt is written on a read only when the stored value is at least
  // this old, so that reads do not each cost a write unit. Writes always
  // update modifiedAt and accessedAt.
  // Default: 60 s.
  int64_t accessed_at_resolution_ms = 60'000;

  // Called when one of the service's DynamoDB calls is throttled
  // (ProvisionedThroughputExceeded or Throttling), with that Status and the
  // number of attempts so far (1 on the first throttle). Return true to
  // retry the call, after letting time pass (a server sleeps, a test
  // advances its ManualClock, the simulator schedules); false to fail the
  // operation with that Status. A record write that fails leaves the
  // previous record in place and deletes the chunks it wrote.
  // Default: empty = no retry (the engine itself never waits).
  std::function<bool(const Status& throttled, int attempt)> on_throttle;
};

// A store's metadata (Apify's key-value store object, without the fields
// that only an HTTP server knows: userId, urls, ...).
struct KeyValueStoreInfo {
  std::string id;
  std::optional<std::string> name;  // nullopt: an unnamed store
  int64_t created_at_ms = 0;
  int64_t modified_at_ms = 0;
  int64_t accessed_at_ms = 0;
  bool operator==(const KeyValueStoreInfo&) const = default;
};

struct GetOrCreateStoreResult {
  KeyValueStoreInfo store;
  bool created = false;  // Apify answers 201 when created, 200 when it existed
};

// GET /v2/key-value-stores parameters.
struct ListStoresOptions {
  int64_t offset = 0;
  int limit = kMaxListStoresLimit;  // 1..1000 (larger values are clamped)
  bool desc = false;                // newest first
  bool unnamed = false;             // include unnamed stores
};
struct ListStoresResult {
  int64_t total = 0;  // stores that match (named, or all with `unnamed`)
  int64_t offset = 0;
  int limit = 0;
  int64_t count = 0;
  bool desc = false;
  std::vector<KeyValueStoreInfo> items;  // by createdAt, then id
};

struct KeyValueRecord {
  std::string key;
  std::string value;  // bytes
  std::string content_type;
};

// GET .../keys parameters; empty strings mean "not given".
struct ListKeysOptions {
  std::string exclusive_start_key;  // list keys strictly after this one
  std::string prefix;               // only keys that start with it
  int limit = kMaxListKeysLimit;    // 1..1000 (larger values are clamped)
};
struct ListKeysResult {
  struct Item {
    std::string key;
    int64_t size = 0;  // the record's value in bytes
    bool operator==(const Item&) const = default;
  };
  std::vector<Item> items;  // in UTF-8 byte order of the keys
  int64_t count = 0;
  int limit = 0;
  std::optional<std::string> exclusive_start_key;  // as given; nullopt = first page
  bool is_truncated = false;
  std::optional<std::string> next_exclusive_start_key;  // nullopt (JSON null) on the last page
};

// Capacity a service call consumed, summed over every DynamoDB call it made
// (all four tables, indexes included).
struct KeyValueCost {
  CapacityHalfUnits units;
  int64_t requests = 0;  // DynamoDB calls made (retries included)
};

// Checks a record key. Apify's rule: 1..256 of [a-zA-Z0-9!-_.'()]; with
// `allow_unicode_keys`: 1..256 characters of valid UTF-8, no control
// characters. Error: InvalidRecordKey naming the rule.
Status ValidateRecordKey(std::string_view key, bool allow_unicode_keys = false);

// Checks a store name: 1..63 of [a-zA-Z0-9-], no hyphen first or last
// (Apify's rule for storage names). Error: InvalidInput.
Status ValidateStoreName(std::string_view name);

class KeyValueStoreService {
 public:
  // Creates the service's tables when missing. `db` is not owned and must
  // outlive the service. Errors: InvalidInput for bad options; whatever
  // CreateTable returns.
  static Status Open(Database* db, KeyValueStoreOptions options,
                     std::unique_ptr<KeyValueStoreService>* service);

  KeyValueStoreService(const KeyValueStoreService&) = delete;
  KeyValueStoreService& operator=(const KeyValueStoreService&) = delete;
  ~KeyValueStoreService();

  // ----------------------------------------------------------------- stores
  // All store arguments accept a store id, a name, "~name" or
  // "username~name" (one account: the user name is not checked).

  // POST /v2/key-value-stores?name=N. Without a name, always a new unnamed
  // store. Errors: InvalidInput for a bad name.
  Result<GetOrCreateStoreResult> GetOrCreateStore(std::optional<std::string> name,
                                                  KeyValueCost* cost = nullptr);
  // GET /v2/key-value-stores/:storeId. Errors: RecordNotFound.
  Result<KeyValueStoreInfo> GetStore(std::string_view store, KeyValueCost* cost = nullptr);
  // PUT /v2/key-value-stores/:storeId {"name": ...}: renames the store
  // (nullopt makes it unnamed). Errors: RecordNotFound; InvalidInput for a
  // bad name or one another store has.
  Result<KeyValueStoreInfo> UpdateStore(std::string_view store, std::optional<std::string> new_name,
                                        KeyValueCost* cost = nullptr);
  // DELETE /v2/key-value-stores/:storeId: the store with all its records
  // and chunks. Records are deleted first, so a failure leaves the store
  // visible and a retry finishes the job. Errors: RecordNotFound.
  Status DeleteStore(std::string_view store, KeyValueCost* cost = nullptr);
  // GET /v2/key-value-stores (reads the whole store table: a Scan).
  Result<ListStoresResult> ListStores(const ListStoresOptions& options,
                                      KeyValueCost* cost = nullptr);

  // ----------------------------------------------------------------- records

  // PUT .../records/:key. An empty content type is stored as
  // "application/octet-stream" (what apify-client picks for bytes).
  // Errors: RecordNotFound (store); InvalidRecordKey; RequestTooLarge for a
  // value over kMaxRecordBytes; InvalidInput for a bad content type.
  Status SetRecord(std::string_view store, std::string_view key, std::string_view value,
                   std::string_view content_type, KeyValueCost* cost = nullptr);
  // GET .../records/:key. Errors: RecordNotFound (store or record);
  // InvalidRecordKey.
  Result<KeyValueRecord> GetRecord(std::string_view store, std::string_view key,
                                   KeyValueCost* cost = nullptr);
  // HEAD .../records/:key: whether the record exists (reads the pointer
  // item only). Errors: RecordNotFound (store); InvalidRecordKey.
  Result<bool> RecordExists(std::string_view store, std::string_view key,
                            KeyValueCost* cost = nullptr);
  // DELETE .../records/:key, with its chunks. Errors: RecordNotFound
  // (store or record); InvalidRecordKey.
  Status DeleteRecord(std::string_view store, std::string_view key, KeyValueCost* cost = nullptr);
  // GET .../keys. Errors: RecordNotFound (store); InvalidInput for a limit
  // below 1 or an over-long prefix or start key.
  Result<ListKeysResult> ListKeys(std::string_view store, const ListKeysOptions& options,
                                  KeyValueCost* cost = nullptr);

  // Deletes blob chunks that no record points to and that were written at
  // least `grace_ms` ago (younger ones may belong to a write in progress).
  // Returns the number of chunks deleted.
  Result<int64_t> SweepOrphanChunks(int64_t grace_ms, KeyValueCost* cost = nullptr);

  // The physical table names.
  const std::string& stores_table() const { return stores_table_; }
  const std::string& names_table() const { return names_table_; }
  const std::string& records_table() const { return records_table_; }
  const std::string& chunks_table() const { return chunks_table_; }

 private:
  struct Call;
  struct StoredRecord;
  KeyValueStoreService(Database* db, KeyValueStoreOptions options);

  Status CreateTables();
  std::string NewId();

  Result<std::optional<KeyValueStoreInfo>> ReadStoreById(Call& call, const std::string& id);
  Result<KeyValueStoreInfo> Resolve(Call& call, std::string_view store);
  // Sets accessedAt (and modifiedAt) to now; NotFound if the store is gone.
  Status Touch(Call& call, const KeyValueStoreInfo& store, bool modified);
  // Touch for a read: only when accessedAt is `accessed_at_resolution_ms` old.
  Status TouchIfStale(Call& call, KeyValueStoreInfo* store);
  Result<std::optional<StoredRecord>> ReadPointer(Call& call, const std::string& store_id,
                                                  std::string_view key);
  Status ReadBlob(Call& call, const StoredRecord& pointer, std::string* value, bool* gone);
  Status WriteChunks(Call& call, const std::string& store_id, std::string_view key,
                     const std::string& blob_id, std::string_view value, int64_t* chunk_count);
  Status DeleteChunks(Call& call, const std::string& blob_id, int64_t chunk_count);
  Status DeleteAllRecords(Call& call, const std::string& store_id);

  Database* db_;
  KeyValueStoreOptions options_;
  std::string stores_table_, names_table_, records_table_, chunks_table_;
  std::mutex id_mu_;
  uint64_t id_state_ = 0;
};

}  // namespace headlock
