// The private state of a Database, shared by the files that implement its
// operations: database.cc (open, close and the control plane), item_ops.cc
// (single-item writes and reads), batch_ops.cc (BatchGetItem and
// BatchWriteItem), query_scan.cc (Query and Scan), transact_ops.cc
// (TransactWriteItems and TransactGetItems), check.cc (Check), and
// index_writes.h (an item's index entries in its WriteBatch).
#pragma once

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "ddb/client_request_tokens.h"
#include "ddb/head_hints.h"
#include "ddb/lock_stripes.h"
#include "ddb/table_codec.h"
#include "headlock/capacity/throughput_governor.h"
#include "headlock/ddb/database.h"

namespace headlock::ddb {

struct IndexState {
  uint32_t id = 0;
  GlobalSecondaryIndex def;  // key schema and projection never change
  std::string prefix;        // IndexPrefix(id)
  std::atomic<int64_t> item_count{0};
  std::atomic<int64_t> size_bytes{0};
  HeadHints hints;
};

struct TableState {
  std::string name;
  uint32_t id = 0;
  KeySchema key_schema;      // never changes
  std::string item_prefix;   // ItemPrefix(id)
  std::vector<std::unique_ptr<IndexState>> indexes;
  std::atomic<int64_t> item_count{0};
  std::atomic<int64_t> size_bytes{0};

  // Set by DeleteTable under `drop_mu` held exclusively; writers hold it
  // shared from their last check to their commit, so nothing is written
  // under a dropped table's id after its reclamation was scheduled.
  std::shared_mutex drop_mu;
  bool dropped = false;

  // Throughput and billing mode change with UpdateTable.
  mutable std::mutex record_mu;
  TableRecord record;

  const IndexState* FindIndex(std::string_view index_name) const {
    for (const auto& ix : indexes) {
      if (ix->def.index_name == index_name) return ix.get();
    }
    return nullptr;
  }
  TableRecord RecordCopy() const {
    std::lock_guard<std::mutex> lock(record_mu);
    return record;
  }
};

// The private state of a Database (Database::Rep).
struct DatabaseRep {
  Options options;
  const Clock* clock = nullptr;
  std::unique_ptr<leveldb::Env> mem_env;
  std::unique_ptr<leveldb::Cache> block_cache;
  std::unique_ptr<const leveldb::FilterPolicy> filter_policy;
  std::unique_ptr<leveldb::DB> db;
  leveldb::WriteOptions write_options;

  // Guards `tables` and `next_id` (the catalog). Data-plane calls take it
  // shared only to look a table up, then hold a shared_ptr.
  mutable std::shared_mutex catalog_mu;
  std::map<std::string, std::shared_ptr<ddb::TableState>, std::less<>> tables;
  uint32_t next_id = 1;

  ddb::LockStripes item_locks;
  ThroughputGovernor governor;

  // TransactWriteItems' ClientRequestTokens of the last 10 minutes.
  ClientRequestTokens client_tokens;
  CapacityLog capacity_log;

  // Background reclamation of deleted tables.
  std::mutex reclaim_mu;
  std::condition_variable reclaim_cv;
  std::deque<uint32_t> reclaim_queue;
  bool reclaim_busy = false;
  bool shutting_down = false;
  std::thread reclaimer;

  int64_t NowMillis() const { return clock->NowMillis(); }

  // The table called `name`, or ResourceNotFoundException.
  Result<std::shared_ptr<ddb::TableState>> FindTable(std::string_view name) const;

  // Capacity accounting: Admit, AdmitAll, ConfigureCapacity,
  // RaiseToLearnedWarmThroughput, ForgetCapacity
  // and Charge are the only users of `governor` and `capacity_log`, and the
  // only readers of Options::capacity_accounting. With it off they admit
  // everything and record nothing; Charge still fills the response's
  // ConsumedCapacity.

  // Admits an operation's capacity against the capacity in force (and takes
  // it), or returns ProvisionedThroughputExceededException having taken
  // nothing. Call before the operation's effects become visible.
  Status Admit(const ConsumedCapacity& consumed) {
    if (!options.capacity_accounting) return Status::OK();
    int64_t now = NowMillis();
    Status s = governor.Admit(consumed, now);
    if (!s.ok()) capacity_log.RecordThrottled(now, consumed);
    return s;
  }
  // The same for several tables at once (a transaction), all or nothing.
  Status AdmitAll(const std::vector<const ConsumedCapacity*>& all) {
    if (!options.capacity_accounting) return Status::OK();
    int64_t now = NowMillis();
    Status s = governor.AdmitAll(all, now);
    if (!s.ok()) {
      for (const ConsumedCapacity* c : all) capacity_log.RecordThrottled(now, *c);
    }
    return s;
  }

  // Sets the governor's capacity for a table and its indexes from its
  // record, and logs it as the capacity in force.
  void ConfigureCapacity(const ddb::TableRecord& record);
  // Raises the warm throughput of a table and its indexes in `record` to
  // what on-demand has learned to serve at once (DynamoDB raises warm
  // throughput with use). True if anything rose.
  bool RaiseToLearnedWarmThroughput(ddb::TableRecord* record);
  // Forgets a deleted table's capacity and logs its end.
  void ForgetCapacity(const std::string& table_name);

  // Records an admitted operation's capacity and fills the response's copy
  // according to ReturnConsumedCapacity.
  void Charge(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
              std::optional<ConsumedCapacity>* out);

  // Reads the stored item at `item_key`; *found is false when there is none.
  // `encoded` (may be null) receives the stored bytes.
  Status ReadItem(const std::string& item_key, Item* item, bool* found,
                  const leveldb::Snapshot* snapshot = nullptr,
                  std::string* encoded = nullptr) const;

  void ReclaimLoop();
  Status ReclaimObject(uint32_t id);
};

// Holds the drop locks of the tables a write commits to (shared, in id
// order) and tells whether one of them was deleted meanwhile.
class WriteGuard {
 public:
  explicit WriteGuard(std::vector<TableState*> tables) {
    std::sort(tables.begin(), tables.end(),
              [](const TableState* a, const TableState* b) { return a->id < b->id; });
    tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
    for (TableState* t : tables) {
      t->drop_mu.lock_shared();
      held_.push_back(t);
    }
  }
  ~WriteGuard() {
    for (TableState* t : held_) t->drop_mu.unlock_shared();
  }
  // ResourceNotFoundException if a table was deleted.
  Status Check() const {
    for (const TableState* t : held_) {
      if (t->dropped) {
        return Status::ResourceNotFound("Requested resource not found: Table: " + t->name +
                                        " not found");
      }
    }
    return Status::OK();
  }

 private:
  std::vector<TableState*> held_;
};

// The expression inputs every request shares: its placeholder maps and the
// key schema its expressions are checked against (`key`: the table's, or a
// queried index's).
inline ExpressionInputs InputsFor(const ExpressionAttributes& attrs, const KeySchema& key) {
  ExpressionInputs in;
  in.names = attrs.expression_attribute_names ? &*attrs.expression_attribute_names : nullptr;
  in.values = attrs.expression_attribute_values ? &*attrs.expression_attribute_values : nullptr;
  in.table_key = &key;
  return in;
}

inline Status FromLevelDb(const leveldb::Status& s) {
  return s.ok() ? Status::OK() : Status::Storage(s.ToString());
}

// The stats of a clean shutdown (database.cc).
Status SaveStats(DatabaseRep* rep);
// Stores the warm throughput learned by use at a clean close (database.cc).
Status SaveLearnedWarmThroughput(DatabaseRep* rep);
Status LoadOrRecountStats(DatabaseRep* rep);

}  // namespace headlock::ddb
