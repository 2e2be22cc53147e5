// Database: a single-node store with DynamoDB's semantics on LevelDB.
//
// A Database holds tables. Each table has a primary key (partition key and
// optional sort key) and up to 20 global secondary indexes, kept sorted in
// DynamoDB's order by order-preserving key encodings. An item and all of its
// index entries change in one LevelDB WriteBatch, so after any crash items and
// indexes agree. Conditional writes are read-check-write under a lock stripe
// chosen by the item's key hash, so they are atomic against every other
// writer of the same item.
//
// Data-plane calls return a Status and fill a response. A failed conditional
// write returns ConditionalCheckFailedException and still fills
// response->consumed_capacity (DynamoDB charges it) and, with
// ReturnValuesOnConditionCheckFailure=ALL_OLD, the existing item in
// *failure_item.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "headlock/capacity/capacity_log.h"
#include "headlock/ddb/options.h"
#include "headlock/ddb/requests.h"
#include "headlock/status.h"

namespace headlock {

namespace ddb {
struct DatabaseRep;  // defined in engine/ddb/database_rep.h
}  // namespace ddb

class Database {
 public:
  // Opens (or creates) the database at `path`. Errors: Storage on I/O
  // failure or a corrupt catalog.
  static Status Open(const Options& options, const std::string& path,
                     std::unique_ptr<Database>* db);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Control plane.
  Status CreateTable(const CreateTableRequest& request, CreateTableResponse* response);
  Status DescribeTable(const DescribeTableRequest& request, DescribeTableResponse* response);
  Status ListTables(const ListTablesRequest& request, ListTablesResponse* response);
  Status UpdateTable(const UpdateTableRequest& request, UpdateTableResponse* response);
  // Returns at once whatever the table's size; its items are reclaimed in the
  // background (and after a restart, if one intervenes).
  Status DeleteTable(const DeleteTableRequest& request, DeleteTableResponse* response);

  // Data plane. `failure_item` (may be null) receives the existing item when
  // a condition fails and ReturnValuesOnConditionCheckFailure is ALL_OLD.
  Status PutItem(const PutItemRequest& request, PutItemResponse* response,
                 std::optional<Item>* failure_item = nullptr);
  Status GetItem(const GetItemRequest& request, GetItemResponse* response);
  Status UpdateItem(const UpdateItemRequest& request, UpdateItemResponse* response,
                    std::optional<Item>* failure_item = nullptr);
  Status DeleteItem(const DeleteItemRequest& request, DeleteItemResponse* response,
                    std::optional<Item>* failure_item = nullptr);
  Status Query(const QueryRequest& request, QueryResponse* response);
  Status Scan(const ScanRequest& request, ScanResponse* response);

  Status BatchWriteItem(const BatchWriteItemRequest& request, BatchWriteItemResponse* response);
  Status BatchGetItem(const BatchGetItemRequest& request, BatchGetItemResponse* response);
  // All or nothing. A failed condition cancels the whole transaction with
  // TransactionCanceledException; `reasons` (may be null) then receives one
  // CancellationReason per action, in request order. Capacity is charged
  // even when the transaction is cancelled.
  Status TransactWriteItems(const TransactWriteItemsRequest& request,
                            TransactWriteItemsResponse* response,
                            std::vector<CancellationReason>* reasons = nullptr);
  Status TransactGetItems(const TransactGetItemsRequest& request,
                          TransactGetItemsResponse* response);

  // Verifies the whole database: every item and index entry decodes, every
  // index entry matches its item's projection, every indexable item is
  // indexed, item counts and sizes agree with the table statistics, and no
  // stored data is orphaned (outside every table). REQUIRES: no concurrent
  // writes (the statistics are compared with a snapshot). Returns OK or
  // an InternalServerError status listing the first problems found;
  // `problems` (may be null) receives all of them (at most 1000).
  Status Check(std::vector<std::string>* problems = nullptr);

  // Every operation's consumed capacity, per table/index per second (empty
  // when Options::capacity_accounting is false).
  const CapacityLog& capacity_log() const;
  // Removes and returns the log's rows of every second before `second`,
  // ordered by (second, table, index) (CapacityLog::TakeRowsBefore): what a
  // long run (the simulator) needs to drain as it goes, without write access
  // to the rest of the log.
  std::vector<CapacityLog::Row> TakeCapacityRowsBefore(int64_t second);
  // The whole log, writable: for tests and benchmarks that reset it between
  // phases (Clear()). The simulator drains it with TakeCapacityRowsBefore.
  CapacityLog* mutable_capacity_log();

  const Clock& clock() const;

  // Blocks until background work (reclaiming deleted tables) is done. For
  // tests and orderly shutdown.
  void WaitForBackgroundWork();

 private:
  // The private state, shared by the files that implement the operations
  // (engine/ddb/database_rep.h).
  using Rep = ddb::DatabaseRep;

  explicit Database(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace headlock
