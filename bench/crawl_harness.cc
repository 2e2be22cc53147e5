// crawl_harness: a whole crawl through RequestQueueService against a
// hand-written raw-LevelDB version of the same logical operations, in the
// same run (this machine is shared and noisy: compare the ratios).
//
//   enqueue  N requests into one queue with BatchAddRequests (25 each)
//            raw: per request Get(item) for dedup + WriteBatch{Put item,
//            Put index entry}
//   crawl    ListAndLockHead(limit 25, lockSecs 60) then UpdateRequest with
//            handledAt for each request, until the queue is empty
//            raw lock: seek the head index from a remembered head position,
//            per request Get + WriteBatch{Put item, Delete old index entry,
//            Put new}; raw handle: Get + WriteBatch{Put item, Delete index
//            entry}
//
// The two run interleaved, a tenth of the work at a time (engine tenth,
// then raw tenth), so that machine noise falls on both; the ratio of each
// phase is engine requests/s over raw requests/s. The harness also prints
// the capacity units the engine consumed per request (and their price at
// us-east-1 on-demand rates) for N and for a small crawl (--small, default
// 10,000) in a fresh database, the latency of ListAndLockHead per tenth of
// the crawl, and a head probe (ListHead 25) before the crawl and at 99%.
//
// Usage: crawl_harness [--n N] [--small M] [--dir DIR] [--memory]
//   default N = 1000000, M = 10000, DIR = $TMPDIR/headlock_crawl_harness;
//   --memory: both stores in memory (LevelDB's memenv) instead of on disk.
#include <fmt/format.h>
#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headlock/capacity/pricing.h"
#include "headlock/ddb/database.h"
#include "headlock/queue/request_queue.h"
#include "harness_tables.h"

namespace headlock {
namespace {

using Stopwatch = std::chrono::steady_clock;

double SecondsSince(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

constexpr int64_t kStartMs = 1793966400000;  // 2026-11-06 12:00 UTC
using bench::kUnlimitedUnits;
constexpr int kBatch = 25;      // kMaxRequestsPerBatch
constexpr int kLockLimit = 25;  // kMaxLockHeadLimit
constexpr int64_t kLockSecs = 60;
constexpr int kProbeQueries = 2000;
const char kClient[] = "crawler-1";

[[noreturn]] void Die(const std::string& what, const Status& s) {
  fmt::print(stderr, "{}: {}\n", what, s.ToString());
  std::exit(1);
}

std::string Url(int i) { return fmt::format("https://example.com/products/{}/details", i); }
const char kUserData[] = R"({"label":"DETAIL","depth":2})";

QueueRequest NewRequest(int i) {
  QueueRequest r;
  r.url = Url(i);
  r.unique_key = r.url;
  r.user_data_json = kUserData;
  return r;
}

// ----------------------------------------------------------------- engine

// A database for one of the crawls: on the crawl's manual clock, without the
// per-partition limits (one queue would otherwise be capped at 1,000 WCU/s).
std::unique_ptr<Database> OpenCrawlDatabase(const std::string& path, bool in_memory,
                                            const Clock* clock, const std::string& what) {
  Options options;
  options.in_memory = in_memory;
  options.clock = clock;
  options.partition_limits = false;
  std::unique_ptr<Database> db;
  Status s = Database::Open(options, path, &db);
  if (!s.ok()) Die(what, s);
  return db;
}

// The service on a database of its own; provisioned far above the machine
// and without per-partition limits, so that nothing throttles (the clock
// moves 1 ms per call). Units are the same in either billing mode; they are
// priced at on-demand rates below.
struct EngineCrawl {
  ManualClock clock{kStartMs};
  std::unique_ptr<Database> db;
  std::unique_ptr<RequestQueueService> svc;
  std::string queue;
  int next_add = 0;
  int64_t handled = 0;
  std::vector<double> lock_call_seconds;  // every ListAndLockHead call, in order

  EngineCrawl(const std::string& path, bool in_memory) {
    db = OpenCrawlDatabase(path, in_memory, &clock, "open engine");
    RequestQueueOptions qo;
    qo.billing_mode = BillingMode::kProvisioned;
    qo.provisioned = {kUnlimitedUnits, kUnlimitedUnits};
    Status s = RequestQueueService::Open(db.get(), qo, &svc);
    if (!s.ok()) Die("open service", s);
    Result<QueueInfo> q = svc->GetOrCreateQueue(std::string("crawl"));
    if (!q.ok()) Die("create queue", q.status());
    queue = q->id;
  }

  void Enqueue(int count) {
    for (int done = 0; done < count; done += kBatch) {
      clock.Advance(1);
      std::vector<QueueRequest> batch;
      for (int j = 0; j < kBatch && done + j < count; ++j) batch.push_back(NewRequest(next_add++));
      Result<BatchAddResult> r = svc->BatchAddRequests(queue, batch, false, std::string(kClient));
      if (!r.ok()) Die("BatchAddRequests", r.status());
      if (!r->unprocessed_requests.empty()) Die("BatchAddRequests", Status::Internal("unprocessed"));
    }
  }

  // Locks and handles until `count` more requests are handled (or the
  // queue is empty); false when the queue ran out.
  bool Crawl(int64_t count) {
    const int64_t target = handled + count;
    while (handled < target) {
      clock.Advance(1);
      auto start = Stopwatch::now();
      Result<LockedHead> head = svc->ListAndLockHead(queue, kLockLimit, kLockSecs, kClient);
      lock_call_seconds.push_back(SecondsSince(start));
      if (!head.ok()) Die("ListAndLockHead", head.status());
      if (head->items.empty()) return false;
      for (QueueRequest& r : head->items) {
        r.handled_at_ms = clock.NowMillis();
        Result<AddRequestResult> u = svc->UpdateRequest(queue, r, false, std::string(kClient));
        if (!u.ok()) Die("UpdateRequest", u.status());
        ++handled;
      }
    }
    return true;
  }

  // Per arm ("table" or "table/index"), the units consumed so far.
  std::map<std::string, CapacityHalfUnits> UnitsByArm() const {
    std::map<std::string, CapacityHalfUnits> out;
    for (const CapacityLog::Row& row : db->capacity_log().Totals()) {
      out[row.index_name.empty() ? row.table_name : row.table_name + "/" + row.index_name] +=
          row.units;
    }
    return out;
  }

  // The head probe: a fresh queue gets 1,000 requests, then ListHead(25) (the
  // bare head query) runs `repeats` times on this queue and on the fresh one,
  // interleaved, so that noise and the LSM state fall on both. Returns
  // {queries/s here, queries/s on the fresh queue}. What the probe consumes
  // is the harness's, not the crawl's: it goes to `probe_units`.
  std::pair<double, double> ProbeHead(int repeats) {
    std::map<std::string, CapacityHalfUnits> before = UnitsByArm();
    Result<QueueInfo> fresh = svc->GetOrCreateQueue(fmt::format("fresh-{}", ++probes));
    if (!fresh.ok()) Die("fresh queue", fresh.status());
    for (int i = 0; i < 1000; i += kBatch) {
      std::vector<QueueRequest> batch;
      for (int j = i; j < i + kBatch; ++j) batch.push_back(NewRequest(j));
      Result<BatchAddResult> r = svc->BatchAddRequests(fresh->id, batch, false, std::string(kClient));
      if (!r.ok()) Die("fresh BatchAddRequests", r.status());
    }
    double seconds[2] = {0, 0};
    for (int i = 0; i < repeats; ++i) {
      for (int which = 0; which < 2; ++which) {
        auto start = Stopwatch::now();
        Result<ListHeadResult> h = svc->ListHead(which == 0 ? queue : fresh->id, 25, std::string(kClient));
        seconds[which] += SecondsSince(start);
        if (!h.ok() || h->items.size() != 25) Die("ListHead", h.ok() ? Status::Internal("short head") : h.status());
      }
    }
    for (auto& [arm, units] : UnitsByArm()) {
      CapacityHalfUnits d = units;
      d.read -= before[arm].read;
      d.write -= before[arm].write;
      probe_units[arm] += d;
    }
    return {repeats / seconds[0], repeats / seconds[1]};
  }
  int probes = 0;
  std::map<std::string, CapacityHalfUnits> probe_units;
};

struct Units {
  double write = 0, read = 0;
  std::vector<std::pair<std::string, CapacityHalfUnits>> by_arm;  // "table[/index]"
};
// The units the engine consumed, less `exclude` (the probes') per arm.
Units TotalUnits(const Database& db, const std::map<std::string, CapacityHalfUnits>& exclude) {
  Units u;
  for (const CapacityLog::Row& row : db.capacity_log().Totals()) {
    const std::string arm =
        row.index_name.empty() ? row.table_name : row.table_name + "/" + row.index_name;
    CapacityHalfUnits units = row.units;
    if (auto it = exclude.find(arm); it != exclude.end()) {
      units.read -= it->second.read;
      units.write -= it->second.write;
    }
    u.write += HalfUnitsToDouble(units.write);
    u.read += HalfUnitsToDouble(units.read);
    u.by_arm.push_back({arm, units});
  }
  return u;
}

// ----------------------------------------------------------------- bare DynamoDB calls

// The same crawl as the seed's DynamoDB client would do it with no service
// around it: the engine's Database API alone (one table shaped like the
// service's, no queue metadata, no counters, no request objects):
//   add    PutItem, condition attribute_not_exists(id) (dedup), per request
//   lock   head Query Limit 25, then per request the seed's conditional
//          UpdateItem (ReturnValues ALL_NEW, as the service returns it)
//   handle UpdateItem SET handledAt REMOVE orderNo, lockByClient on
//          lockByClient = :clientKey
// It splits the gap between the service and raw LevelDB into the
// DynamoDB-semantics layer and the queue service on top of it.
AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(int64_t n) { return AttributeValue::N(Number::FromInt64(n)); }

struct DdbCrawl {
  ManualClock clock{kStartMs};
  std::unique_ptr<Database> db;
  const std::string table = "requests";
  const std::string queue_id = "ddbQueue000000001";
  int next_add = 0;
  int64_t handled = 0;

  DdbCrawl(const std::string& path, bool in_memory) {
    db = OpenCrawlDatabase(path, in_memory, &clock, "open ddb");
    CreateTableRequest create = bench::RequestTable(table, "queueId-orderNo");
    CreateTableResponse created;
    Status s = db->CreateTable(create, &created);
    if (!s.ok()) Die("create ddb table", s);
  }

  void Enqueue(int count) {
    for (int done = 0; done < count; done += kBatch) {
      clock.Advance(1);
      for (int j = 0; j < kBatch && done + j < count; ++j) {
        QueueRequest q = NewRequest(next_add++);
        PutItemRequest put;
        put.table_name = table;
        put.item = {{"queueId", S(queue_id)},
                    {"id", S(RequestIdFromUniqueKey(q.unique_key))},
                    {"uniqueKey", S(q.unique_key)},
                    {"url", S(q.url)},
                    {"method", S(q.method)},
                    {"retryCount", N(0)},
                    {"noRetry", AttributeValue::BOOL(false)},
                    {"userData", S(*q.user_data_json)},
                    {"orderNo", N(clock.NowMillis())}};
        put.condition_expression = "attribute_not_exists(id)";
        PutItemResponse r;
        Status s = db->PutItem(put, &r);
        if (!s.ok() && !s.IsConditionalCheckFailed()) Die("ddb PutItem", s);
      }
    }
  }

  bool Crawl(int64_t count) {
    const int64_t target = handled + count;
    while (handled < target) {
      clock.Advance(1);
      const int64_t now = clock.NowMillis();
      QueryRequest q;
      q.table_name = table;
      q.index_name = "queueId-orderNo";
      q.key_condition_expression = "queueId = :q AND orderNo BETWEEN :negNow AND :now";
      q.expression_attribute_values =
          ExpressionAttributeValues{{":q", S(queue_id)}, {":negNow", N(-now)}, {":now", N(now)}};
      q.limit = kLockLimit;
      QueryResponse head;
      Status s = db->Query(q, &head);
      if (!s.ok()) Die("ddb Query", s);
      std::vector<Item> locked;
      for (const Item& candidate : head.items) {
        UpdateItemRequest lock;
        lock.table_name = table;
        lock.key = {{"queueId", candidate.at("queueId")}, {"id", candidate.at("id")}};
        lock.update_expression = "SET orderNo = :lockTo, lockByClient = :clientKey";
        lock.condition_expression = "orderNo = :previousOrderNo";
        lock.expression_attribute_values = ExpressionAttributeValues{
            {":lockTo", N(now + kLockSecs * 1000)},
            {":clientKey", S(kClient)},
            {":previousOrderNo", candidate.at("orderNo")}};
        lock.return_values = ReturnValues::kAllNew;
        UpdateItemResponse r;
        s = db->UpdateItem(lock, &r);
        if (s.IsConditionalCheckFailed()) continue;
        if (!s.ok()) Die("ddb lock", s);
        locked.push_back(std::move(*r.attributes));
      }
      if (locked.empty()) return false;
      for (const Item& item : locked) {
        UpdateItemRequest handle;
        handle.table_name = table;
        handle.key = {{"queueId", item.at("queueId")}, {"id", item.at("id")}};
        handle.update_expression = "SET handledAt = :now REMOVE orderNo, lockByClient";
        handle.condition_expression = "lockByClient = :clientKey";
        handle.expression_attribute_values =
            ExpressionAttributeValues{{":now", N(now)}, {":clientKey", S(kClient)}};
        UpdateItemResponse r;
        if (!(s = db->UpdateItem(handle, &r)).ok()) Die("ddb handle", s);
        ++handled;
      }
    }
    return true;
  }
};

// ----------------------------------------------------------------- raw LevelDB

// The hand-written version: a request record with its fields
// length-prefixed, keyed "I" queueId id; the head index entry keyed "X"
// queueId orderNo(order-preserving 8 bytes) id holds the whole record (as
// the engine's ALL projection does).
struct RawRecord {
  std::string queue_id, id, unique_key, url, method, user_data, lock_by_client;
  bool has_order_no = false;
  int64_t order_no = 0;
  int64_t handled_at = -1;
};

void PutField(std::string* dst, const std::string& s) {
  uint32_t n = s.size();
  dst->append(reinterpret_cast<const char*>(&n), 4);
  dst->append(s);
}
bool GetField(std::string_view* in, std::string* s) {
  uint32_t n;
  if (in->size() < 4) return false;
  std::memcpy(&n, in->data(), 4);
  if (in->size() < 4 + n) return false;
  s->assign(in->data() + 4, n);
  in->remove_prefix(4 + n);
  return true;
}
std::string EncodeRecord(const RawRecord& r) {
  std::string out;
  for (const std::string* s : {&r.queue_id, &r.id, &r.unique_key, &r.url, &r.method,
                               &r.user_data, &r.lock_by_client}) {
    PutField(&out, *s);
  }
  out.push_back(r.has_order_no ? 1 : 0);
  out.append(reinterpret_cast<const char*>(&r.order_no), 8);
  out.append(reinterpret_cast<const char*>(&r.handled_at), 8);
  return out;
}
bool DecodeRecord(std::string_view in, RawRecord* r) {
  for (std::string* s : {&r->queue_id, &r->id, &r->unique_key, &r->url, &r->method,
                         &r->user_data, &r->lock_by_client}) {
    if (!GetField(&in, s)) return false;
  }
  if (in.size() != 17) return false;
  r->has_order_no = in[0] != 0;
  std::memcpy(&r->order_no, in.data() + 1, 8);
  std::memcpy(&r->handled_at, in.data() + 9, 8);
  return true;
}

std::string OrderKey(int64_t order_no) {  // big-endian, sign bit flipped
  uint64_t u = static_cast<uint64_t>(order_no) ^ (1ULL << 63);
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, u >>= 8) out[i] = static_cast<char>(u & 0xff);
  return out;
}

struct RawCrawl {
  std::unique_ptr<leveldb::Env> mem_env;
  std::unique_ptr<leveldb::Cache> cache;
  std::unique_ptr<leveldb::DB> db;
  std::string queue_id = "rawQueue000000001";
  int64_t now = kStartMs;
  int next_add = 0;
  int64_t handled = 0;
  std::string head_hint;  // the index key at or before the first pending entry

  RawCrawl(const std::string& path, bool in_memory) {
    leveldb::Options o;  // the engine's defaults: 16 MiB buffer, 32 MiB cache
    o.create_if_missing = true;
    o.write_buffer_size = 16 << 20;
    cache.reset(leveldb::NewLRUCache(32 << 20));
    o.block_cache = cache.get();
    if (in_memory) {
      mem_env.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
      o.env = mem_env.get();
    }
    leveldb::DB* raw = nullptr;
    leveldb::Status s = leveldb::DB::Open(o, path, &raw);
    if (!s.ok()) Die("open raw", Status::Internal(s.ToString()));
    db.reset(raw);
  }

  std::string ItemKey(const std::string& id) const { return "I" + queue_id + id; }
  std::string IndexPrefix() const { return "X" + queue_id; }
  std::string IndexKey(int64_t order_no, const std::string& id) const {
    return IndexPrefix() + OrderKey(order_no) + id;
  }
  void Write(leveldb::WriteBatch* b) {
    leveldb::Status s = db->Write(leveldb::WriteOptions(), b);
    if (!s.ok()) Die("raw write", Status::Internal(s.ToString()));
  }

  void Enqueue(int count) {
    for (int done = 0; done < count; done += kBatch) {
      ++now;
      for (int j = 0; j < kBatch && done + j < count; ++j) {
        QueueRequest q = NewRequest(next_add++);
        RawRecord r{queue_id, RequestIdFromUniqueKey(q.unique_key), q.unique_key, q.url,
                    q.method, *q.user_data_json, ""};
        std::string key = ItemKey(r.id), old;
        if (db->Get(leveldb::ReadOptions(), key, &old).ok()) continue;  // dedup
        r.has_order_no = true;
        r.order_no = now;
        std::string value = EncodeRecord(r);
        leveldb::WriteBatch b;
        b.Put(key, value);
        b.Put(IndexKey(r.order_no, r.id), value);
        Write(&b);
      }
    }
  }

  // Up to 25 pending entries from the remembered head: (orderNo, id).
  std::vector<std::pair<int64_t, std::string>> Head() {
    std::vector<std::pair<int64_t, std::string>> out;
    const std::string prefix = IndexPrefix();
    const std::string from = std::max(head_hint, prefix + OrderKey(-now));
    const std::string to = prefix + OrderKey(now + 1);
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    for (it->Seek(from); it->Valid() && out.size() < size_t(kLockLimit); it->Next()) {
      leveldb::Slice k = it->key();
      if (k.compare(to) >= 0) break;
      RawRecord r;
      if (!DecodeRecord(std::string_view(it->value().data(), it->value().size()), &r)) {
        Die("raw decode", Status::Internal("index entry"));
      }
      if (out.empty()) head_hint = k.ToString();
      out.push_back({r.order_no, r.id});
    }
    return out;
  }

  bool Crawl(int64_t count) {
    const int64_t target = handled + count;
    while (handled < target) {
      ++now;
      std::vector<RawRecord> locked;
      for (const auto& [order_no, id] : Head()) {  // lock each
        std::string key = ItemKey(id), value;
        RawRecord r;
        if (!db->Get(leveldb::ReadOptions(), key, &value).ok() || !DecodeRecord(value, &r)) continue;
        if (!r.has_order_no || r.order_no != order_no) continue;  // the condition: a collision
        r.order_no = now + kLockSecs * 1000;
        r.lock_by_client = kClient;
        std::string updated = EncodeRecord(r);
        leveldb::WriteBatch b;
        b.Put(key, updated);
        b.Delete(IndexKey(order_no, id));
        b.Put(IndexKey(r.order_no, id), updated);
        Write(&b);
        locked.push_back(std::move(r));
      }
      if (locked.empty()) return false;
      for (const RawRecord& l : locked) {  // handle each
        std::string key = ItemKey(l.id), value;
        RawRecord r;
        if (!db->Get(leveldb::ReadOptions(), key, &value).ok() || !DecodeRecord(value, &r)) {
          Die("raw handle", Status::Internal("missing"));
        }
        const int64_t old_order_no = r.order_no;
        r.has_order_no = false;
        r.order_no = 0;
        r.lock_by_client.clear();
        r.handled_at = now;
        leveldb::WriteBatch b;
        b.Put(key, EncodeRecord(r));
        b.Delete(IndexKey(old_order_no, r.id));
        Write(&b);
        ++handled;
      }
    }
    return true;
  }
};

// ----------------------------------------------------------------- report

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct CostRow {
  int64_t n = 0;
  double write_per_request = 0, read_per_request = 0, usd_per_million = 0;
};

CostRow CostOf(const Database& db, int64_t n, int64_t now_ms,
               const std::map<std::string, CapacityHalfUnits>& exclude) {
  Units u = TotalUnits(db, exclude);
  Result<PriceSchedule> price = PricingTable::Default().At("us-east-1", "STANDARD", now_ms);
  if (!price.ok()) Die("pricing", price.status());
  CostRow c;
  c.n = n;
  c.write_per_request = u.write / n;
  c.read_per_request = u.read / n;
  // USD per request = units/request * USD per million units / 1e6; per
  // million requests that is units/request * USD per million units.
  c.usd_per_million = c.write_per_request * price->on_demand_write_per_million +
                      c.read_per_request * price->on_demand_read_per_million;
  return c;
}

void PrintUnits(const Database& db, int64_t n,
                const std::map<std::string, CapacityHalfUnits>& exclude) {
  Units u = TotalUnits(db, exclude);
  fmt::print("  {:<40} {:>12} {:>12}\n", "where (per request)", "write units", "read units");
  for (const auto& [arm, units] : u.by_arm) {
    fmt::print("  {:<40} {:>12.3f} {:>12.3f}\n", arm, HalfUnitsToDouble(units.write) / n,
               HalfUnitsToDouble(units.read) / n);
  }
}

// The small crawl in its own database: cost per request only.
CostRow SmallCrawl(int m, const std::string& path, bool in_memory) {
  EngineCrawl e(path, in_memory);
  e.Enqueue(m);
  e.Crawl(m);
  if (e.handled != m || e.Crawl(1)) Die("small crawl", Status::Internal("queue not drained"));
  fmt::print("\nsmall crawl, n = {}: capacity per request\n", m);
  PrintUnits(*e.db, m, {});
  return CostOf(*e.db, m, e.clock.NowMillis(), {});
}

int Run(int n, int small, const std::string& base, bool in_memory) {
  if (!in_memory) {
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base);
  }
  fmt::print("crawl_harness: n = {}, small = {}, {}, sync off\n", n, small,
             in_memory ? "in memory (LevelDB memenv)" : "LevelDB on disk in " + base);
#ifndef NDEBUG
  fmt::print("WARNING: assertions are on; figures are not representative\n");
#endif
  const int tenth = std::max(kBatch, n / 10 / kBatch * kBatch);
  CostRow small_cost = SmallCrawl(small, base + "/small", in_memory);

  EngineCrawl engine(base + "/engine", in_memory);
  DdbCrawl ddb(base + "/ddb", in_memory);
  RawCrawl raw(base + "/raw", in_memory);

  // Seconds per tenth of each phase, for service, bare DynamoDB calls, raw.
  struct Phase {
    std::vector<double> secs[3];
    std::vector<int> counts;
    double total(int who) const {
      double t = 0;
      for (double x : secs[who]) t += x;
      return t;
    }
  };
  auto timed = [](auto&& f) {
    auto start = Stopwatch::now();
    f();
    return SecondsSince(start);
  };

  // enqueue, interleaved by tenths (service, bare calls, raw)
  Phase enqueue;
  for (int done = 0; done < n; done += tenth) {
    const int count = std::min(tenth, n - done);
    enqueue.counts.push_back(count);
    enqueue.secs[0].push_back(timed([&] { engine.Enqueue(count); }));
    enqueue.secs[1].push_back(timed([&] { ddb.Enqueue(count); }));
    enqueue.secs[2].push_back(timed([&] { raw.Enqueue(count); }));
  }
  const auto [probe_start, probe_start_fresh] = engine.ProbeHead(kProbeQueries);

  // crawl, interleaved by tenths; the service's last tenth stops at 99% for the probe
  Phase crawl;
  std::vector<double> lock_ms_mean, lock_ms_p99;
  std::pair<double, double> probe_end;
  for (int done = 0; done < n; done += tenth) {
    const int count = std::min(tenth, n - done);
    const bool last = done + count >= n;
    const int before_probe = last ? count - std::max(kBatch, n / 100 / kBatch * kBatch) : count;
    const size_t first_call = engine.lock_call_seconds.size();
    double e = timed([&] { engine.Crawl(before_probe); });
    if (last) {
      probe_end = engine.ProbeHead(kProbeQueries);
      e += timed([&] { engine.Crawl(count - before_probe); });
    }
    std::vector<double> calls(engine.lock_call_seconds.begin() + first_call,
                              engine.lock_call_seconds.end());
    double sum = 0;
    for (double c : calls) sum += c;
    lock_ms_mean.push_back(1000 * sum / calls.size());
    std::sort(calls.begin(), calls.end());
    lock_ms_p99.push_back(1000 * calls[calls.size() * 99 / 100]);
    crawl.counts.push_back(count);
    crawl.secs[0].push_back(e);
    crawl.secs[1].push_back(timed([&] { ddb.Crawl(count); }));
    crawl.secs[2].push_back(timed([&] { raw.Crawl(count); }));
  }
  if (engine.handled != n || engine.Crawl(1)) Die("engine crawl", Status::Internal("not drained"));
  if (ddb.handled != n || ddb.Crawl(1)) Die("ddb crawl", Status::Internal("not drained"));
  if (raw.handled != n || raw.Crawl(1)) Die("raw crawl", Status::Internal("not drained"));
  Result<QueueInfo> info = engine.svc->GetQueue(engine.queue);
  if (!info.ok() || info->handled_request_count != n || info->pending_request_count != 0) {
    Die("queue counts", info.ok() ? Status::Internal("counts differ") : info.status());
  }

  fmt::print("\nrequests/s: service = RequestQueueService, ddb = the same calls on the bare "
             "Database API, raw = hand-written LevelDB\n");
  fmt::print("{:<32} {:>9} {:>9} {:>9} {:>11} {:>11} {:>11} {:>11}\n", "phase", "service", "ddb",
             "raw", "service/raw", "median 1/10", "ddb/raw", "service/ddb");
  auto row = [&](const char* name, const Phase& a, const Phase* b) {
    double t[3];
    std::vector<double> ratios;
    for (int w = 0; w < 3; ++w) t[w] = a.total(w) + (b ? b->total(w) : 0);
    for (size_t i = 0; i < a.counts.size(); ++i) {
      double svc = a.secs[0][i] + (b ? b->secs[0][i] : 0);
      double rw = a.secs[2][i] + (b ? b->secs[2][i] : 0);
      ratios.push_back(rw / svc);
    }
    fmt::print("{:<32} {:>9.0f} {:>9.0f} {:>9.0f} {:>11.2f} {:>11.2f} {:>11.2f} {:>11.2f}\n",
               name, n / t[0], n / t[1], n / t[2], t[2] / t[0], Median(ratios), t[2] / t[1],
               t[1] / t[0]);
  };
  row("enqueue (BatchAddRequests 25)", enqueue, nullptr);
  row("crawl (lock 25 + mark handled)", crawl, nullptr);
  row("whole (enqueue + crawl)", enqueue, &crawl);
  fmt::print("(ratios of throughput over the whole phase; target service/raw >= 0.6)\n");

  fmt::print("\nper tenth of the crawl: requests/s and the service's ListAndLockHead latency\n");
  fmt::print("  {:>5} {:>9} {:>9} {:>9} {:>11} {:>10} {:>10}\n", "tenth", "service", "ddb", "raw",
             "service/raw", "lock ms", "lock p99");
  for (size_t i = 0; i < crawl.counts.size(); ++i) {
    const double c = crawl.counts[i];
    fmt::print("  {:>5} {:>9.0f} {:>9.0f} {:>9.0f} {:>11.2f} {:>10.3f} {:>10.3f}\n", i + 1,
               c / crawl.secs[0][i], c / crawl.secs[1][i], c / crawl.secs[2][i],
               crawl.secs[2][i] / crawl.secs[0][i], lock_ms_mean[i], lock_ms_p99[i]);
  }
  fmt::print("ListAndLockHead mean latency, last tenth / first tenth: {:.2f}\n",
             lock_ms_mean.back() / lock_ms_mean.front());
  fmt::print("head probe, ListHead(25) on the crawl's queue and on a fresh queue of 1,000, "
             "interleaved, {} each (queries/s):\n", kProbeQueries);
  fmt::print("  before the crawl: {:>8.0f} vs fresh {:>8.0f}: cost / fresh = {:.2f}\n", probe_start,
             probe_start_fresh, probe_start_fresh / probe_start);
  fmt::print("  at 99% ({} handled in front of the head): {:>8.0f} vs fresh {:>8.0f}: cost / fresh "
             "= {:.2f} (target <= 2; 1 = no degradation)\n",
             n - n / 100, probe_end.first, probe_end.second, probe_end.second / probe_end.first);

  fmt::print("\ncrawl of n = {}: capacity per request (enqueue + crawl, all tables; without "
             "the probes' reads)\n", n);
  PrintUnits(*engine.db, n, engine.probe_units);
  CostRow big = CostOf(*engine.db, n, engine.clock.NowMillis(), engine.probe_units);
  fmt::print("\n{:>10} {:>14} {:>14} {:>22}\n", "requests", "write/request", "read/request",
             "USD per 1M requests");
  for (const CostRow& c : {small_cost, big}) {
    fmt::print("{:>10} {:>14.3f} {:>14.3f} {:>22.4f}\n", c.n, c.write_per_request,
               c.read_per_request, c.usd_per_million);
  }
  fmt::print("cost per request at {} / at {}: {:.3f} (target <= 1.5)\n", n, small,
             big.usd_per_million / small_cost.usd_per_million);
  engine.svc.reset();
  engine.db.reset();
  ddb.db.reset();
  raw.db.reset();
  if (!in_memory) std::filesystem::remove_all(base);
  return 0;
}

}  // namespace
}  // namespace headlock

int main(int argc, char** argv) {
  int n = 1000000, small = 10000;
  bool in_memory = false;
  std::string dir = (std::filesystem::temp_directory_path() / "headlock_crawl_harness").string();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") == 0) in_memory = true;
    else if (i + 1 < argc && std::strcmp(argv[i], "--n") == 0) n = std::max(250, std::atoi(argv[++i]));
    else if (i + 1 < argc && std::strcmp(argv[i], "--small") == 0) small = std::max(25, std::atoi(argv[++i]));
    else if (i + 1 < argc && std::strcmp(argv[i], "--dir") == 0) dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: crawl_harness [--n N] [--small M] [--dir DIR] [--memory]\n");
      return 2;
    }
  }
  return headlock::Run(n, small, dir, in_memory);
}
