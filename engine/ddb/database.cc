// Database: opening, the catalog, the control plane (CreateTable,
// DescribeTable, ListTables, UpdateTable, DeleteTable) and background
// reclamation of deleted tables.
#include "headlock/ddb/database.h"

#include <fmt/format.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <set>

#include "value/coding.h"
#include "ddb/database_rep.h"
#include "ddb/keys.h"
#include "ddb/table_validation.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"

namespace headlock {

using ddb::FromLevelDb;
using namespace value_coding;  // NOLINT: the shared binary coding helpers
using ddb::IndexState;
using ddb::TableRecord;
using ddb::TableState;

namespace {

std::string CatalogKey(std::string_view table_name) {
  std::string key(1, ddb::kCatalogTag);
  key.append(table_name);
  return key;
}

std::string DroppedKey(uint32_t id) {
  std::string key(1, ddb::kDroppedTag);
  ddb::AppendFixed32BigEndian(id, &key);
  return key;
}

std::shared_ptr<TableState> MakeTableState(const TableRecord& record) {
  auto t = std::make_shared<TableState>();
  t->name = record.definition.table_name;
  t->id = record.table_id;
  t->key_schema = record.definition.key_schema;
  t->item_prefix = ddb::ItemPrefix(record.table_id);
  t->record = record;
  for (size_t i = 0; i < record.definition.global_secondary_indexes.size(); ++i) {
    auto ix = std::make_unique<IndexState>();
    ix->id = record.index_ids[i];
    ix->def = record.definition.global_secondary_indexes[i];
    ix->prefix = ddb::IndexPrefix(ix->id);
    t->indexes.push_back(std::move(ix));
  }
  return t;
}

// A table's description; its warm throughput as raised by use.
TableDescription Describe(ddb::DatabaseRep& rep, const TableState& t) {
  int64_t now_ms = rep.NowMillis();
  TableDescription d;
  TableRecord r = t.RecordCopy();
  rep.RaiseToLearnedWarmThroughput(&r);
  d.definition = r.definition;
  d.creation_date_time_ms = r.creation_date_time_ms;
  d.last_update_to_pay_per_request_ms = r.last_update_to_pay_per_request_ms;
  d.number_of_decreases_today = DecreasesToday(r.table_decreases, now_ms);
  d.item_count = t.item_count.load();
  d.table_size_bytes = t.size_bytes.load();
  for (const auto& ix : t.indexes) {
    d.index_stats.push_back({ix->def.index_name, ix->item_count.load(), ix->size_bytes.load()});
  }
  return d;
}

// Counts items and bytes of one object (table or index) by scanning it; used
// on open after an unclean shutdown.
void Recount(leveldb::DB* db, const std::string& prefix, std::atomic<int64_t>* count,
             std::atomic<int64_t>* bytes) {
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(ro));
  int64_t n = 0, size = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    Item item;
    if (DecodeItem(std::string_view(it->value().data(), it->value().size()), &item).ok()) {
      ++n;
      size += static_cast<int64_t>(ItemSizeBytes(item));
    }
  }
  count->store(n);
  bytes->store(size);
}

}  // namespace

Result<std::shared_ptr<TableState>> ddb::DatabaseRep::FindTable(std::string_view name) const {
  std::shared_lock lock(catalog_mu);
  auto it = tables.find(name);
  if (it == tables.end()) {
    return Status::ResourceNotFound("Requested resource not found: Table: " + std::string(name) +
                                    " not found");
  }
  return it->second;
}

void ddb::DatabaseRep::Charge(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
                              std::optional<ConsumedCapacity>* out) {
  if (options.capacity_accounting) capacity_log.Record(NowMillis(), consumed);
  if (out == nullptr || mode == ReturnConsumedCapacity::kNone) return;
  ConsumedCapacity c = consumed;
  if (mode == ReturnConsumedCapacity::kTotal) {
    c.table = consumed.Total();
    c.global_secondary_indexes.clear();
  }
  *out = std::move(c);
}

void ddb::DatabaseRep::ConfigureCapacity(const TableRecord& record) {
  if (!options.capacity_accounting) return;
  const TableDefinition& d = record.definition;
  CapacityMode mode = d.billing_mode == BillingMode::kProvisioned ? CapacityMode::kProvisioned
                                                                 : CapacityMode::kOnDemand;
  int64_t now = NowMillis();
  bool provisioned = mode == CapacityMode::kProvisioned;
  capacity_log.SetCapacityInForce(
      now, d.table_name, "", provisioned ? d.provisioned_throughput.read_capacity_units : -1,
      provisioned ? d.provisioned_throughput.write_capacity_units : -1);
  for (const GlobalSecondaryIndex& g : d.global_secondary_indexes) {
    capacity_log.SetCapacityInForce(
        now, d.table_name, g.index_name, provisioned ? g.provisioned_throughput.read_capacity_units : -1,
        provisioned ? g.provisioned_throughput.write_capacity_units : -1);
  }
  governor.Configure(
      d.table_name, "", mode, d.provisioned_throughput.read_capacity_units,
      d.provisioned_throughput.write_capacity_units, now,
      d.on_demand_throughput.max_read_request_units, d.on_demand_throughput.max_write_request_units,
      d.warm_throughput.read_units_per_second, d.warm_throughput.write_units_per_second);
  for (const GlobalSecondaryIndex& g : d.global_secondary_indexes) {
    governor.Configure(
        d.table_name, g.index_name, mode, g.provisioned_throughput.read_capacity_units,
        g.provisioned_throughput.write_capacity_units, now,
        g.on_demand_throughput.max_read_request_units,
        g.on_demand_throughput.max_write_request_units, g.warm_throughput.read_units_per_second,
        g.warm_throughput.write_units_per_second);
  }
}

bool ddb::DatabaseRep::RaiseToLearnedWarmThroughput(TableRecord* record) {
  if (!options.capacity_accounting) return false;
  int64_t now = NowMillis();
  bool rose = false;
  auto raise = [&](const std::string& index, WarmThroughput* warm) {
    std::optional<WarmThroughput> learned =
        governor.LearnedWarmThroughput(record->definition.table_name, index, now);
    if (!learned) return;
    WarmThroughput raised = Raised(*warm, *learned);
    rose |= raised != *warm;
    *warm = raised;
  };
  raise("", &record->definition.warm_throughput);
  for (GlobalSecondaryIndex& g : record->definition.global_secondary_indexes) {
    raise(g.index_name, &g.warm_throughput);
  }
  return rose;
}

void ddb::DatabaseRep::ForgetCapacity(const std::string& table_name) {
  if (!options.capacity_accounting) return;
  governor.Remove(table_name);
  capacity_log.TableDeleted(NowMillis(), table_name);
}

Database::Database(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

Status Database::Open(const Options& options, const std::string& path,
                      std::unique_ptr<Database>* out) {
  auto rep = std::make_unique<Rep>();
  rep->options = options;
  rep->clock = options.clock ? options.clock : SystemClock::Default();
  leveldb::Options lo;
  lo.create_if_missing = options.create_if_missing;
  lo.write_buffer_size = options.write_buffer_size;
  rep->block_cache.reset(leveldb::NewLRUCache(options.block_cache_bytes));
  lo.block_cache = rep->block_cache.get();
  // Most writes are conditional puts of new requests: reading a key that does
  // not exist then costs one bloom-filter probe per level instead of a data
  // block read per level.
  rep->filter_policy.reset(leveldb::NewBloomFilterPolicy(10));
  lo.filter_policy = rep->filter_policy.get();
  if (options.in_memory) {
    rep->mem_env.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
    lo.env = rep->mem_env.get();
    // No file descriptors to save in memory: keep every table file open (its
    // index and filter parsed) instead of LevelDB's 1,000, which a simulated
    // peak hour at full scale (several GB of 2 MB files) would exceed.
    lo.max_open_files = 100'000;
  }
  rep->write_options.sync = options.sync;
  rep->governor.set_partition_limits(options.partition_limits);
  if (!(options.table_limit_scale > 0 && options.table_limit_scale <= 1)) {
    return Status::InvalidInput("table_limit_scale must be in (0, 1]");
  }
  rep->governor.set_table_limit_scale(options.table_limit_scale);
  leveldb::DB* raw = nullptr;
  HEADLOCK_RETURN_IF_ERROR(FromLevelDb(leveldb::DB::Open(lo, path, &raw)));
  rep->db.reset(raw);

  // The catalog, the id counter, the stats of a clean shutdown and the
  // pending reclamations.
  leveldb::ReadOptions ro;
  std::string value;
  leveldb::Status s = rep->db->Get(ro, std::string(1, ddb::kNextIdTag), &value);
  if (s.ok() && value.size() == 4) rep->next_id = ddb::DecodeFixed32BigEndian(value.data());
  std::unique_ptr<leveldb::Iterator> it(rep->db->NewIterator(ro));
  for (it->Seek(std::string(1, ddb::kCatalogTag));
       it->Valid() && it->key().size() > 0 && it->key()[0] == ddb::kCatalogTag; it->Next()) {
    TableRecord record;
    HEADLOCK_RETURN_IF_ERROR(
        ddb::DecodeTableRecord(std::string_view(it->value().data(), it->value().size()), &record));
    auto t = MakeTableState(record);
    rep->ConfigureCapacity(record);
    rep->tables.emplace(t->name, std::move(t));
  }
  for (it->Seek(std::string(1, ddb::kDroppedTag));
       it->Valid() && it->key().size() == 5 && it->key()[0] == ddb::kDroppedTag; it->Next()) {
    rep->reclaim_queue.push_back(ddb::DecodeFixed32BigEndian(it->key().data() + 1));
  }
  HEADLOCK_RETURN_IF_ERROR(ddb::LoadOrRecountStats(rep.get()));

  Rep* r = rep.get();
  rep->reclaimer = std::thread([r] { r->ReclaimLoop(); });
  out->reset(new Database(std::move(rep)));
  return Status::OK();
}

Database::~Database() {
  {
    std::lock_guard<std::mutex> lock(rep_->reclaim_mu);
    rep_->shutting_down = true;
  }
  rep_->reclaim_cv.notify_all();
  if (rep_->reclaimer.joinable()) rep_->reclaimer.join();
  ddb::SaveLearnedWarmThroughput(rep_.get()).ok();  // best effort, like the stats
  ddb::SaveStats(rep_.get()).ok();  // best effort: a missing marker means a recount on open
  rep_->db.reset();
}

const CapacityLog& Database::capacity_log() const { return rep_->capacity_log; }
CapacityLog* Database::mutable_capacity_log() { return &rep_->capacity_log; }
std::vector<CapacityLog::Row> Database::TakeCapacityRowsBefore(int64_t second) {
  return rep_->capacity_log.TakeRowsBefore(second);
}
const Clock& Database::clock() const { return *rep_->clock; }

// ---------------------------------------------------------------- stats

namespace ddb {

using namespace value_coding;  // NOLINT

// The clean-shutdown marker holds (object id, count, bytes) for every table
// and index. It is deleted at open, so after a crash it is absent and the
// stats are recounted from the data.
Status SaveStats(ddb::DatabaseRep* rep) {
  std::string value;
  std::shared_lock lock(rep->catalog_mu);
  for (const auto& [name, t] : rep->tables) {
    PutVarint32(&value, t->id);
    PutVarsint64(&value, t->item_count.load());
    PutVarsint64(&value, t->size_bytes.load());
    for (const auto& ix : t->indexes) {
      PutVarint32(&value, ix->id);
      PutVarsint64(&value, ix->item_count.load());
      PutVarsint64(&value, ix->size_bytes.load());
    }
  }
  leveldb::WriteOptions wo;
  wo.sync = true;
  return FromLevelDb(rep->db->Put(wo, std::string(1, kCleanShutdownTag), value));
}

// Warm throughput learned by use goes into the catalog at a clean close, so
// that a reopened table serves at once what it served before (DynamoDB's
// warm throughput never falls). After a crash a table has what was stored
// last (its creation's or its last UpdateTable's).
Status SaveLearnedWarmThroughput(ddb::DatabaseRep* rep) {
  leveldb::WriteBatch batch;
  std::shared_lock lock(rep->catalog_mu);
  for (const auto& [name, t] : rep->tables) {
    TableRecord r = t->RecordCopy();
    if (!rep->RaiseToLearnedWarmThroughput(&r)) continue;
    std::string encoded;
    EncodeTableRecord(r, &encoded);
    batch.Put(CatalogKey(name), encoded);
    std::lock_guard<std::mutex> record_lock(t->record_mu);
    t->record = r;
  }
  leveldb::WriteOptions wo;
  wo.sync = true;
  return FromLevelDb(rep->db->Write(wo, &batch));
}

Status LoadOrRecountStats(ddb::DatabaseRep* rep) {
  std::string value;
  leveldb::Status s = rep->db->Get(leveldb::ReadOptions(), std::string(1, kCleanShutdownTag), &value);
  std::map<uint32_t, std::pair<int64_t, int64_t>> saved;
  bool have = s.ok();
  if (have) {
    std::string_view in(value);
    while (!in.empty()) {
      uint32_t id = 0;
      int64_t count = 0, bytes = 0;
      if (!GetVarint32(&in, &id) || !GetVarsint64(&in, &count) || !GetVarsint64(&in, &bytes)) {
        have = false;
        break;
      }
      saved[id] = {count, bytes};
    }
  }
  auto apply = [&](uint32_t id, const std::string& prefix, std::atomic<int64_t>* count,
                   std::atomic<int64_t>* bytes) {
    auto it = saved.find(id);
    if (have && it != saved.end()) {
      count->store(it->second.first);
      bytes->store(it->second.second);
    } else {
      Recount(rep->db.get(), prefix, count, bytes);
    }
  };
  for (auto& [name, t] : rep->tables) {
    apply(t->id, t->item_prefix, &t->item_count, &t->size_bytes);
    for (auto& ix : t->indexes) apply(ix->id, ix->prefix, &ix->item_count, &ix->size_bytes);
  }
  leveldb::WriteOptions wo;
  wo.sync = true;
  return FromLevelDb(rep->db->Delete(wo, std::string(1, kCleanShutdownTag)));
}

}  // namespace ddb

// ---------------------------------------------------------------- control plane

Status Database::CreateTable(const CreateTableRequest& request, CreateTableResponse* response) {
  HEADLOCK_ASSIGN_OR_RETURN(TableDefinition definition, ddb::ResolveCreateTable(request));
  Rep& rep = *rep_;
  std::unique_lock lock(rep.catalog_mu);
  const std::string name = definition.table_name;
  if (rep.tables.count(name) != 0) {
    return Status::ResourceInUse("Table already exists: " + name);
  }
  TableRecord record;
  record.definition = std::move(definition);
  record.table_id = rep.next_id++;
  for (size_t i = 0; i < record.definition.global_secondary_indexes.size(); ++i) {
    record.index_ids.push_back(rep.next_id++);
  }
  record.creation_date_time_ms = rep.NowMillis();
  if (record.definition.billing_mode == BillingMode::kPayPerRequest) {
    // Creating a table as on-demand starts the switch window like a switch.
    record.last_update_to_pay_per_request_ms = record.creation_date_time_ms;
  }
  leveldb::WriteBatch batch;
  std::string encoded;
  ddb::EncodeTableRecord(record, &encoded);
  batch.Put(CatalogKey(name), encoded);
  std::string next;
  ddb::AppendFixed32BigEndian(rep.next_id, &next);
  batch.Put(std::string(1, ddb::kNextIdTag), next);
  leveldb::WriteOptions wo;
  wo.sync = true;  // control-plane changes are rare and must survive
  leveldb::Status s = rep.db->Write(wo, &batch);
  if (!s.ok()) {
    rep.next_id = record.table_id;
    return FromLevelDb(s);
  }
  auto t = MakeTableState(record);
  rep.ConfigureCapacity(record);
  response->table_description = Describe(*rep_, *t);
  response->table_description.table_status = "ACTIVE";
  rep.tables.emplace(name, std::move(t));
  return Status::OK();
}

Status Database::DescribeTable(const DescribeTableRequest& request,
                               DescribeTableResponse* response) {
  HEADLOCK_ASSIGN_OR_RETURN(auto t, rep_->FindTable(request.table_name));
  response->table = Describe(*rep_, *t);
  return Status::OK();
}

Status Database::ListTables(const ListTablesRequest& request, ListTablesResponse* response) {
  if (request.limit < 1 || request.limit > 100) {
    return Status::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'limit' failed to satisfy constraint: Member "
        "must have value {} than or equal to {}",
        request.limit, request.limit < 1 ? "greater" : "less", request.limit < 1 ? 1 : 100));
  }
  std::shared_lock lock(rep_->catalog_mu);
  auto it = request.exclusive_start_table_name
                ? rep_->tables.upper_bound(*request.exclusive_start_table_name)
                : rep_->tables.begin();
  response->table_names.clear();
  for (; it != rep_->tables.end(); ++it) {
    if (static_cast<int>(response->table_names.size()) == request.limit) {
      response->last_evaluated_table_name = response->table_names.back();
      break;
    }
    response->table_names.push_back(it->first);
  }
  return Status::OK();
}

Status Database::UpdateTable(const UpdateTableRequest& request, UpdateTableResponse* response) {
  // The whole read-modify-write runs under the catalog lock, so two updates
  // cannot lose each other and an update cannot land on a table that was
  // deleted (and perhaps re-created under the same name) meanwhile.
  int64_t now = rep_->NowMillis();
  std::unique_lock lock(rep_->catalog_mu);
  auto it = rep_->tables.find(request.table_name);
  if (it == rep_->tables.end()) {
    return Status::ResourceNotFound("Requested resource not found: Table: " +
                                    request.table_name + " not found");
  }
  std::shared_ptr<TableState> t = it->second;
  TableRecord updated = t->RecordCopy();
  // From the warm throughput use has raised: a request below it is a
  // decrease, and the update stores it.
  rep_->RaiseToLearnedWarmThroughput(&updated);
  HEADLOCK_RETURN_IF_ERROR(
      ddb::ApplyTableUpdate(request, now, rep_->options.capacity_rules, &updated));
  std::string encoded;
  ddb::EncodeTableRecord(updated, &encoded);
  leveldb::WriteOptions wo;
  wo.sync = true;
  HEADLOCK_RETURN_IF_ERROR(FromLevelDb(rep_->db->Put(wo, CatalogKey(request.table_name), encoded)));
  {
    std::lock_guard<std::mutex> record_lock(t->record_mu);
    t->record = updated;
  }
  rep_->ConfigureCapacity(updated);
  response->table_description = Describe(*rep_, *t);
  return Status::OK();
}

Status Database::DeleteTable(const DeleteTableRequest& request, DeleteTableResponse* response) {
  Rep& rep = *rep_;
  std::shared_ptr<TableState> t;
  {
    std::unique_lock lock(rep.catalog_mu);
    auto it = rep.tables.find(request.table_name);
    if (it == rep.tables.end()) {
      return Status::ResourceNotFound("Requested resource not found: Table: " +
                                      request.table_name + " not found");
    }
    t = it->second;
    // No write to this table may commit after this point: writers hold the
    // drop lock shared from their check to their commit (ddb::WriteGuard).
    std::unique_lock drop_lock(t->drop_mu);
    t->dropped = true;
    // Drop the catalog entry and mark every object for reclamation in one
    // batch: after a crash the reclaimer resumes from the markers.
    leveldb::WriteBatch batch;
    batch.Delete(CatalogKey(request.table_name));
    batch.Put(DroppedKey(t->id), "");
    for (const auto& ix : t->indexes) batch.Put(DroppedKey(ix->id), "");
    leveldb::WriteOptions wo;
    wo.sync = true;
    HEADLOCK_RETURN_IF_ERROR(FromLevelDb(rep.db->Write(wo, &batch)));
    rep.tables.erase(it);
    rep.ForgetCapacity(request.table_name);
  }
  response->table_description = Describe(*rep_, *t);
  response->table_description.table_status = "DELETING";
  {
    std::lock_guard<std::mutex> lock(rep.reclaim_mu);
    rep.reclaim_queue.push_back(t->id);
    for (const auto& ix : t->indexes) rep.reclaim_queue.push_back(ix->id);
  }
  rep.reclaim_cv.notify_all();
  return Status::OK();
}

// ---------------------------------------------------------------- reclamation

void ddb::DatabaseRep::ReclaimLoop() {
  std::unique_lock<std::mutex> lock(reclaim_mu);
  while (true) {
    reclaim_cv.wait(lock, [this] { return shutting_down || !reclaim_queue.empty(); });
    if (shutting_down) return;
    uint32_t id = reclaim_queue.front();
    reclaim_busy = true;
    lock.unlock();
    Status s = ReclaimObject(id);
    lock.lock();
    reclaim_queue.pop_front();
    reclaim_busy = false;
    (void)s;  // on failure the marker stays and the next open retries
    reclaim_cv.notify_all();
  }
}

Status ddb::DatabaseRep::ReclaimObject(uint32_t id) {
  // Items and index entries of an object share its 5-byte prefix ('I' or 'X'
  // + id); both prefixes are swept since an id is either a table or an index.
  constexpr int kKeysPerBatch = 1000;
  for (char tag : {ddb::kItemTag, ddb::kIndexTag}) {
    std::string prefix(1, tag);
    ddb::AppendFixed32BigEndian(id, &prefix);
    // Each batch resumes right after the last key it deleted, so no batch walks
    // over the tombstones of the ones before it.
    std::string next = prefix;
    while (true) {
      {
        std::lock_guard<std::mutex> lock(reclaim_mu);
        if (shutting_down) return Status::OK();
      }
      leveldb::ReadOptions ro;
      ro.fill_cache = false;
      std::unique_ptr<leveldb::Iterator> it(db->NewIterator(ro));
      leveldb::WriteBatch batch;
      int n = 0;
      for (it->Seek(next); it->Valid() && it->key().starts_with(prefix) && n < kKeysPerBatch;
           it->Next(), ++n) {
        batch.Delete(it->key());
        next.assign(it->key().data(), it->key().size());
        next.push_back('\0');
      }
      if (n == 0) break;
      leveldb::Status s = db->Write(leveldb::WriteOptions(), &batch);
      if (!s.ok()) return FromLevelDb(s);
    }
    std::string end = ddb::PrefixSuccessor(prefix);
    leveldb::Slice begin_slice(prefix), end_slice(end);
    db->CompactRange(&begin_slice, &end_slice);
  }
  return FromLevelDb(db->Delete(leveldb::WriteOptions(), DroppedKey(id)));
}

void Database::WaitForBackgroundWork() {
  std::unique_lock<std::mutex> lock(rep_->reclaim_mu);
  rep_->reclaim_cv.wait(lock, [this] {
    return rep_->shutting_down || (rep_->reclaim_queue.empty() && !rep_->reclaim_busy);
  });
}

}  // namespace headlock
