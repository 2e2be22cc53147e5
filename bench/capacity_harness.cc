// capacity_harness: what capacity accounting (Options::capacity_accounting:
// throttling admission and the capacity log) costs per operation, as the
// ratio of the time per operation with accounting on to the time with it
// off, measured in the same run (issue 4 §5; aim: at most 1.1).
//
// Three in-memory databases hold the same request table, (queueId, id) with
// the (queueId, orderNo) index, and get the same operations:
//
//   off          capacity_accounting = false (on-demand table)
//   provisioned  accounting on; table and index provisioned far above what
//                one machine can do
//   on-demand    accounting on; PAY_PER_REQUEST (4,000 WCU / 12,000 RCU per
//                second from the start)
//
// Per-partition limits stay on (the default). Each database has its own
// manual clock, moved 1 ms per operation: the load is 1,000 operations per
// second spread over 100 queues, so nothing may throttle, and the harness
// fails if anything does. The operations, in this order:
//
//   put    PutItem of a ~300-byte request item (a new one each time)
//   get    GetItem, eventually consistent, of a pseudo-random item
//   query  Query Limit 25 of the head of a queue on the index
//   lock   the seed's conditional lock UpdateItem on each item once
//
// Every phase runs in rounds of `batch` operations; in each round every
// database runs the same prebuilt requests, in a rotating order, so machine
// noise and background compaction fall on all three. Time is the calling
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that time spent preempted
// on a shared machine does not count (nor does LevelDB's background
// compaction, the same work in all three databases). Reported: the median over the rounds
// of the time per operation, and the median over the rounds of the ratio
// on / off within a round (the same requests, run moments apart).
//
// Usage: capacity_harness [--n N] [--batch B]   (defaults: N = 200000, B = 2000;
// N, rounded down to a multiple of B, >= 2500: every queue needs a full head page)
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/value/item.h"
#include "harness_tables.h"

namespace headlock {
namespace {

// CPU time of the calling thread, in nanoseconds.
double ThreadCpuNanos() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

constexpr int64_t kStart = 1700000000000;
constexpr int kQueues = 100;

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(int64_t n) { return AttributeValue::N(Number::FromInt64(n)); }

std::string QueueId(int i) { return fmt::format("queue-{:04d}", i % kQueues); }
std::string RequestId(int i) { return fmt::format("req{:010d}", i); }

// A request item shaped like the seed's (~300 bytes).
Item RequestItem(int i) {
  return Item{{"queueId", S(QueueId(i))},
              {"id", S(RequestId(i))},
              {"url", S(fmt::format("https://example.com/products/{}/details?page=1", i))},
              {"uniqueKey", S(fmt::format("https://example.com/products/{}/details", i))},
              {"method", S("GET")},
              {"retryCount", N(0)},
              {"orderNo", N(kStart + i)},
              {"json", S(std::string(120, 'j'))}};
}

struct Config {
  const char* name;
  bool accounting;
  BillingMode mode;
  std::unique_ptr<ManualClock> clock;
  std::unique_ptr<Database> db;
  std::map<std::string, std::vector<double>> ns_per_op;  // phase -> one figure per round
};

[[noreturn]] void Fail(const std::string& what) {
  fmt::print(stderr, "capacity_harness: FAILED: {}\n", what);
  std::exit(1);
}

void Open(Config* c) {
  c->clock = std::make_unique<ManualClock>(kStart);
  Options options;
  options.in_memory = true;
  options.clock = c->clock.get();
  options.capacity_accounting = c->accounting;
  Status s = Database::Open(options, fmt::format("/mem/capacity_harness/{}", c->name), &c->db);
  if (!s.ok()) Fail(s.ToString());
  CreateTableRequest create = bench::RequestTable("requests", "byOrderNo", c->mode);
  CreateTableResponse created;
  if (!(s = c->db->CreateTable(create, &created)).ok()) Fail(s.ToString());
}

// Runs `total` operations in rounds of `batch`: `make(i)` builds the i-th
// request (untimed), `exec(db, request)` runs it.
template <typename Request, typename Make, typename Exec>
void RunPhase(const std::string& phase, std::vector<Config>& configs, int total, int batch,
              Make make, Exec exec) {
  std::vector<Request> requests(batch);
  for (int round = 0; round < total / batch; ++round) {
    for (int j = 0; j < batch; ++j) requests[j] = make(round * batch + j);
    for (size_t k = 0; k < configs.size(); ++k) {
      Config& c = configs[(round + k) % configs.size()];
      double start = ThreadCpuNanos();
      for (int j = 0; j < batch; ++j) {
        c.clock->Advance(1);
        Status s = exec(*c.db, requests[j]);
        if (!s.ok()) Fail(fmt::format("{} {} #{}: {}", c.name, phase, round * batch + j, s.ToString()));
      }
      c.ns_per_op[phase].push_back((ThreadCpuNanos() - start) / batch);
    }
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// The median over the rounds of on[r] / off[r].
double MedianRatio(const std::vector<double>& on, const std::vector<double>& off) {
  std::vector<double> ratios;
  for (size_t r = 0; r < on.size() && r < off.size(); ++r) ratios.push_back(on[r] / off[r]);
  return Median(std::move(ratios));
}

// Accounting on: every operation logged, none throttled. Off: an empty log.
void Verify(const Config& c, int64_t operations) {
  const CapacityLog& log = c.db->capacity_log();
  if (!c.accounting) {
    if (!log.Snapshot().empty() || !log.CapacityChanges().empty()) {
      Fail(fmt::format("{}: accounting is off but the capacity log is not empty", c.name));
    }
    fmt::print("  {:<12} capacity log empty (accounting off)\n", c.name);
    return;
  }
  int64_t requests = 0, throttled = 0;
  for (const CapacityLog::Row& row : log.Totals()) {
    throttled += row.throttled_requests;
    if (row.index_name.empty()) requests += row.requests;
  }
  if (throttled != 0) Fail(fmt::format("{}: {} requests throttled", c.name, throttled));
  if (requests != operations) {
    Fail(fmt::format("{}: {} requests logged, {} run", c.name, requests, operations));
  }
  fmt::print("  {:<12} {} requests logged, 0 throttled\n", c.name, requests);
}

int Run(int n, int batch) {
  n = n / batch * batch;
  if (n < 25 * kQueues) Fail("--n rounded down to a multiple of --batch must be at least 2500");
  int queries = std::max(batch, n / 4 / batch * batch);
  fmt::print("capacity_harness: n = {}, {} queries, batch = {}, {} queues, in memory, "
             "clock +1 ms per operation\n",
             n, queries, batch, kQueues);
#ifndef NDEBUG
  fmt::print("WARNING: assertions are on; figures are not representative\n");
#endif
  std::vector<Config> configs;
  configs.push_back({"off", false, BillingMode::kPayPerRequest, nullptr, nullptr, {}});
  configs.push_back({"provisioned", true, BillingMode::kProvisioned, nullptr, nullptr, {}});
  configs.push_back({"on-demand", true, BillingMode::kPayPerRequest, nullptr, nullptr, {}});
  for (Config& c : configs) Open(&c);

  RunPhase<PutItemRequest>(
      "put", configs, n, batch,
      [](int i) {
        PutItemRequest put;
        put.table_name = "requests";
        put.item = RequestItem(i);
        return put;
      },
      [](Database& db, const PutItemRequest& r) {
        PutItemResponse resp;
        return db.PutItem(r, &resp);
      });

  RunPhase<GetItemRequest>(
      "get", configs, n, batch,
      [n](int i) {
        int k = static_cast<int>((int64_t{i} * 7919) % n);
        GetItemRequest get;
        get.table_name = "requests";
        get.key = {{"queueId", S(QueueId(k))}, {"id", S(RequestId(k))}};
        return get;
      },
      [](Database& db, const GetItemRequest& r) {
        GetItemResponse resp;
        Status s = db.GetItem(r, &resp);
        if (s.ok() && !resp.item) return Status::Internal("item not found");
        return s;
      });

  const int64_t far = kStart + 10LL * n;  // after every orderNo the harness writes
  RunPhase<QueryRequest>(
      "query", configs, queries, batch,
      [far](int i) {
        QueryRequest q;
        q.table_name = "requests";
        q.index_name = "byOrderNo";
        q.key_condition_expression = "queueId = :q AND orderNo BETWEEN :negNow AND :now";
        q.expression_attribute_values = ExpressionAttributeValues{
            {":q", S(QueueId(i))}, {":negNow", N(-far)}, {":now", N(far)}};
        q.limit = 25;
        return q;
      },
      [](Database& db, const QueryRequest& r) {
        QueryResponse resp;
        Status s = db.Query(r, &resp);
        if (s.ok() && resp.items.size() != 25) return Status::Internal("short head page");
        return s;
      });

  RunPhase<UpdateItemRequest>(
      "lock", configs, n, batch,
      [far](int i) {
        UpdateItemRequest lock;
        lock.table_name = "requests";
        lock.key = {{"queueId", S(QueueId(i))}, {"id", S(RequestId(i))}};
        lock.update_expression = "SET orderNo = :lockTo, lockByClient = :clientKey";
        lock.condition_expression = "orderNo = :previousOrderNo";
        lock.expression_attribute_values = ExpressionAttributeValues{
            {":lockTo", N(far + i)}, {":clientKey", S("client-1")},
            {":previousOrderNo", N(kStart + i)}};
        return lock;
      },
      [](Database& db, const UpdateItemRequest& r) {
        UpdateItemResponse resp;
        return db.UpdateItem(r, &resp);
      });

  fmt::print("\nverification:\n");
  for (const Config& c : configs) Verify(c, 3LL * n + queries);

  struct Phase {
    const char* key;
    const char* label;
  };
  const Phase phases[] = {{"put", "PutItem 300 B, 1 GSI"},
                          {"get", "GetItem (eventually consistent)"},
                          {"lock", "UpdateItem: conditional lock"},
                          {"query", "Query head page (Limit 25, GSI)"}};
  fmt::print("\nCPU ns per operation (median over the rounds); ratio = accounting on / off "
             "(median over the rounds; target <= 1.1)\n");
  fmt::print("{:<34} {:>9} {:>12} {:>7} {:>12} {:>7}\n", "operation", "off", "provisioned",
             "ratio", "on-demand", "ratio");
  for (const Phase& p : phases) {
    const auto& off = configs[0].ns_per_op[p.key];
    const auto& prov = configs[1].ns_per_op[p.key];
    const auto& od = configs[2].ns_per_op[p.key];
    fmt::print("{:<34} {:>9.0f} {:>12.0f} {:>7.3f} {:>12.0f} {:>7.3f}\n", p.label, Median(off),
               Median(prov), MedianRatio(prov, off), Median(od), MedianRatio(od, off));
  }
  return 0;
}

}  // namespace
}  // namespace headlock

int main(int argc, char** argv) {
  int n = 200000, batch = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--n") == 0) n = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--batch") == 0) batch = std::max(1, std::atoi(argv[i + 1]));
  }
  return headlock::Run(n, batch);
}
