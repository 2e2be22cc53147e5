// ddb_harness: the engine against the raw LevelDB operations it must do,
// measured in the same run (this machine is shared and noisy: compare the
// ratios, not the absolute figures).
//
//   put    PutItem of a ~300-byte item on a table with one index
//          floor: Get(old item) + WriteBatch{Put item, Put index entry}
//   get    GetItem (eventually consistent)            floor: Get
//   lock   the seed's conditional lock UpdateItem
//          floor: Get + WriteBatch{Put item, Delete old entry, Put new entry}
//   head   Query Limit 25 at the front of an index partition, on a fresh
//          index and after N entries were removed from that front
//   crawl  lock then handle N requests one by one, throughput per tenth
//
//   memory (with --memory M) PutItem of M items with default options, then
//          the process's peak and current resident memory
//
// Usage: ddb_harness [--n N] [--dir DIR] [--memory M]   (default N = 200000;
// the design's head-of-queue figure uses --n 1000000, its memory figure
// --memory 5000000)
#include <fmt/format.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"
#include "harness_tables.h"

namespace headlock {
namespace {

using Stopwatch = std::chrono::steady_clock;

double SecondsSince(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(int64_t n) { return AttributeValue::N(Number::FromInt64(n)); }


std::string RequestId(int i) { return fmt::format("req{:010d}", i); }

// A request item shaped like the seed's (~300 bytes).
Item RequestItem(int i, int64_t order_no) {
  return Item{{"queueId", S("queue-0001")},
              {"id", S(RequestId(i))},
              {"url", S(fmt::format("https://example.com/products/{}/details?page=1", i))},
              {"uniqueKey", S(fmt::format("https://example.com/products/{}/details", i))},
              {"method", S("GET")},
              {"retryCount", N(0)},
              {"orderNo", N(order_no)},
              {"json", S(std::string(120, 'j'))}};
}

// Opens the engine at `path` and creates the request table: (queueId, id)
// with the (queueId, orderNo) index, provisioned far above what one machine
// can do and without per-partition limits, so that the harness measures the
// engine, not throttling (its manual clock never moves).
std::unique_ptr<Database> OpenWithRequestTable(const std::string& path, const Clock* clock) {
  Options options;
  options.clock = clock;
  options.partition_limits = false;
  std::unique_ptr<Database> db;
  Status s = Database::Open(options, path, &db);
  CreateTableRequest create = bench::RequestTable("requests", "byOrderNo");
  CreateTableResponse created;
  if (!s.ok() || !(s = db->CreateTable(create, &created)).ok()) {
    fmt::print(stderr, "{}\n", s.ToString());
    std::exit(1);
  }
  return db;
}

struct Row {
  std::string name;
  double engine_ops_per_sec;
  double floor_ops_per_sec;
};

void PrintRows(const std::vector<Row>& rows) {
  fmt::print("\n{:<44} {:>14} {:>14} {:>8}\n", "operation", "engine ops/s", "floor ops/s",
             "ratio");
  for (const Row& r : rows) {
    fmt::print("{:<44} {:>14.0f} {:>14.0f} {:>8.2f}\n", r.name, r.engine_ops_per_sec,
               r.floor_ops_per_sec, r.engine_ops_per_sec / r.floor_ops_per_sec);
  }
}

std::unique_ptr<leveldb::DB> OpenRaw(const std::string& dir) {
  leveldb::Options o;
  o.create_if_missing = true;
  o.write_buffer_size = 16 << 20;
  leveldb::DB* db = nullptr;
  if (!leveldb::DB::Open(o, dir, &db).ok()) {
    fmt::print(stderr, "cannot open {}\n", dir);
    std::exit(1);
  }
  return std::unique_ptr<leveldb::DB>(db);
}

int Run(int n, const std::string& base) {
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  fmt::print("ddb_harness: n = {}, dir = {}, LevelDB on disk, sync off\n", n, base);
#ifndef NDEBUG
  fmt::print("WARNING: assertions are on; figures are not representative\n");
#endif
  std::vector<Row> rows;

  // ---------------------------------------------------------------- engine
  ManualClock clock(1700000000000);
  std::unique_ptr<Database> db = OpenWithRequestTable(base + "/engine", &clock);
  Status s;
  const int64_t t0 = clock.NowMillis();

  // ---------------------------------------------------------------- raw floor
  auto raw = OpenRaw(base + "/raw");
  std::vector<std::string> raw_keys(n), raw_index_keys(n), raw_values(n);
  for (int i = 0; i < n; ++i) {
    Item item = RequestItem(i, t0 + i);
    // The same shapes as the engine's keys: tag, 4-byte id, key values.
    raw_keys[i] = std::string("I\0\0\0\1", 5) + "queue-0001" + RequestId(i);
    raw_index_keys[i] =
        std::string("X\0\0\0\2", 5) + fmt::format("queue-0001{:016d}", t0 + i) + RequestId(i);
    EncodeItem(item, &raw_values[i]);
  }

  // put
  auto start = Stopwatch::now();
  for (int i = 0; i < n; ++i) {
    PutItemRequest put;
    put.table_name = "requests";
    put.item = RequestItem(i, t0 + i);
    PutItemResponse resp;
    if (!(s = db->PutItem(put, &resp)).ok()) {
      fmt::print(stderr, "{}\n", s.ToString());
      return 1;
    }
  }
  double engine_put = n / SecondsSince(start);
  start = Stopwatch::now();
  for (int i = 0; i < n; ++i) {
    std::string old;
    raw->Get(leveldb::ReadOptions(), raw_keys[i], &old).ok();
    leveldb::WriteBatch b;
    b.Put(raw_keys[i], raw_values[i]);
    b.Put(raw_index_keys[i], raw_values[i]);
    raw->Write(leveldb::WriteOptions(), &b);
  }
  double raw_put = n / SecondsSince(start);
  rows.push_back({"PutItem 300 B, 1 GSI", engine_put, raw_put});

  // get
  start = Stopwatch::now();
  for (int i = 0; i < n; ++i) {
    GetItemRequest get;
    get.table_name = "requests";
    get.key = {{"queueId", S("queue-0001")}, {"id", S(RequestId((i * 7919) % n))}};
    GetItemResponse resp;
    db->GetItem(get, &resp).ok();
  }
  double engine_get = n / SecondsSince(start);
  start = Stopwatch::now();
  for (int i = 0; i < n; ++i) {
    std::string v;
    raw->Get(leveldb::ReadOptions(), raw_keys[(i * 7919) % n], &v).ok();
  }
  double raw_get = n / SecondsSince(start);
  rows.push_back({"GetItem", engine_get, raw_get});

  // head query on a fresh index
  // Seconds spent in one head query (Limit 25) on `queue`; -1 on failure.
  auto head_query_once = [&](const std::string& queue) {
    auto qs = Stopwatch::now();
    QueryRequest q;
    q.table_name = "requests";
    q.index_name = "byOrderNo";
    q.key_condition_expression = "queueId = :q AND orderNo BETWEEN :negNow AND :now";
    int64_t now = clock.NowMillis() + 5LL * n;  // every queued request is free
    q.expression_attribute_values = ExpressionAttributeValues{
        {":q", S(queue)}, {":negNow", N(-now)}, {":now", N(now)}};
    q.limit = 25;
    QueryResponse resp;
    if (!db->Query(q, &resp).ok() || resp.items.size() != 25) return -1.0;
    return SecondsSince(qs);
  };
  auto head_query = [&](int repeats, const std::string& queue) {
    double total = 0;
    for (int r = 0; r < repeats; ++r) total += head_query_once(queue);
    return repeats / total;
  };
  double head_before = head_query(2000, "queue-0001");

  // crawl: lock, then handle, every request from the front, one by one
  std::vector<double> tenth_rates;
  start = Stopwatch::now();
  auto tenth_start = start;
  for (int i = 0; i < n; ++i) {
    UpdateItemRequest lock;
    lock.table_name = "requests";
    lock.key = {{"queueId", S("queue-0001")}, {"id", S(RequestId(i))}};
    lock.update_expression = "SET orderNo = :lockTo, lockByClient = :clientKey";
    lock.condition_expression = "orderNo = :previousOrderNo";
    lock.expression_attribute_values = ExpressionAttributeValues{
        {":lockTo", N(t0 + 10LL * n + i)}, {":clientKey", S("client-1")},
        {":previousOrderNo", N(t0 + i)}};
    UpdateItemResponse resp;
    if (!(s = db->UpdateItem(lock, &resp)).ok()) {
      fmt::print(stderr, "lock {}: {}\n", i, s.ToString());
      return 1;
    }
    UpdateItemRequest handle;
    handle.table_name = "requests";
    handle.key = lock.key;
    handle.update_expression = "REMOVE orderNo SET handledAt = :now";
    handle.expression_attribute_values = ExpressionAttributeValues{{":now", N(t0 + i)}};
    if (!(s = db->UpdateItem(handle, &resp)).ok()) {
      fmt::print(stderr, "handle {}: {}\n", i, s.ToString());
      return 1;
    }
    if ((i + 1) % (n / 10) == 0) {
      tenth_rates.push_back((n / 10) / SecondsSince(tenth_start));
      tenth_start = Stopwatch::now();
    }
  }
  double crawl = n / SecondsSince(start);

  // The raw floor of the lock: Get + batch of item put, index delete, index put.
  start = Stopwatch::now();
  for (int i = 0; i < n; ++i) {
    std::string old;
    raw->Get(leveldb::ReadOptions(), raw_keys[i], &old).ok();
    leveldb::WriteBatch b;
    b.Put(raw_keys[i], raw_values[i]);
    b.Delete(raw_index_keys[i]);
    b.Put(raw_index_keys[i] + "L", raw_values[i]);
    raw->Write(leveldb::WriteOptions(), &b);
  }
  double raw_lock = n / SecondsSince(start);
  rows.push_back({"crawl: lock + handle UpdateItem (per request)", crawl, raw_lock / 2});

  // 1,000 new requests behind the handled ones, and 1,000 in a fresh queue
  // written at the same moment: both partitions then sit in the same LSM
  // state, and the only difference is the tombstones in front of the first.
  for (const char* queue : {"queue-0001", "queue-0002"}) {
    for (int i = 0; i < 1000; ++i) {
      PutItemRequest put;
      put.table_name = "requests";
      put.item = RequestItem(n + i, t0 + n + i);
      put.item["queueId"] = S(queue);
      PutItemResponse resp;
      db->PutItem(put, &resp).ok();
    }
  }
  // Interleaved, so that background compaction and machine noise fall on both.
  double after_seconds = 0, fresh_seconds = 0;
  for (int r = 0; r < 4000; ++r) {
    after_seconds += head_query_once("queue-0001");
    fresh_seconds += head_query_once("queue-0002");
  }
  double head_after = 4000 / after_seconds;
  double head_fresh = 4000 / fresh_seconds;
  PrintRows(rows);
  fmt::print("\n{:<44} {:>14.0f} queries/s\n", "head Query Limit 25, before the crawl",
             head_before);
  fmt::print("{:<44} {:>14.0f} queries/s\n", "head Query Limit 25, fresh queue", head_fresh);
  fmt::print("{:<44} {:>14.0f} queries/s\n",
             fmt::format("head Query Limit 25, after {} removed", n), head_after);
  fmt::print("{:<44} {:>14.2f} (target <= 2)\n", "cost after / cost fresh queue",
             head_fresh / head_after);
  fmt::print("\ncrawl throughput per tenth (requests/s; flat = linear total time):\n");
  for (size_t i = 0; i < tenth_rates.size(); ++i) {
    fmt::print("  tenth {:>2}: {:>10.0f}\n", i + 1, tenth_rates[i]);
  }
  db.reset();
  raw.reset();
  std::filesystem::remove_all(base);
  return 0;
}

// VmHWM (peak) and VmRSS (current) from /proc/self/status, in MiB.
std::pair<double, double> ResidentMiB() {
  FILE* f = std::fopen("/proc/self/status", "r");
  double peak = 0, now = 0;
  char line[256];
  while (f != nullptr && std::fgets(line, sizeof(line), f) != nullptr) {
    long kb = 0;
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) peak = kb / 1024.0;
    if (std::sscanf(line, "VmRSS: %ld kB", &kb) == 1) now = kb / 1024.0;
  }
  if (f != nullptr) std::fclose(f);
  return {peak, now};
}

int RunMemory(int m, const std::string& base) {
  std::filesystem::remove_all(base);
  fmt::print("ddb_harness memory: {} items of ~300 B, default Options, dir = {}\n", m, base);
  ManualClock clock(1700000000000);
  std::unique_ptr<Database> db = OpenWithRequestTable(base, &clock);
  Status s;
  auto start = Stopwatch::now();
  for (int i = 0; i < m; ++i) {
    PutItemRequest put;
    put.table_name = "requests";
    put.item = RequestItem(i, 1700000000000 + i);
    put.item["queueId"] = S(fmt::format("queue-{:05d}", i % 5000));
    PutItemResponse resp;
    if (!(s = db->PutItem(put, &resp)).ok()) {
      fmt::print(stderr, "{}\n", s.ToString());
      return 1;
    }
    if ((i + 1) % (m / 10) == 0) {
      auto [peak, now] = ResidentMiB();
      fmt::print("  {:>9} items  {:>7.0f} s  peak RSS {:>6.0f} MiB  RSS {:>6.0f} MiB\n", i + 1,
                 SecondsSince(start), peak, now);
      std::fflush(stdout);
    }
  }
  uint64_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(base)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  auto [peak, now] = ResidentMiB();
  fmt::print("{} items, {:.2f} GiB on disk, peak RSS {:.0f} MiB (target < 512)\n", m,
             bytes / double(1 << 30), peak);
  db.reset();
  std::filesystem::remove_all(base);
  return 0;
}

}  // namespace
}  // namespace headlock

int main(int argc, char** argv) {
  int n = 200000, memory = 0;
  std::string dir = (std::filesystem::temp_directory_path() / "headlock_ddb_harness").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--n") == 0) n = std::max(10, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    if (std::strcmp(argv[i], "--memory") == 0) memory = std::max(10, std::atoi(argv[i + 1]));
  }
  if (memory > 0) return headlock::RunMemory(memory, dir);
  return headlock::Run(n, dir);
}
