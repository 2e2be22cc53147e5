// strategy_harness: what each locking strategy costs per handled request, in
// DynamoDB's capacity units, for 1 client and for 8 clients on one queue.
//
// Every run gets a fresh in-memory database on a manual clock and one queue
// of N requests (default 10,000) added in batches of 25; the capacity log is
// cleared after the adds, so the figures are the crawl's alone (every
// table: requests, their indexes, queue metadata). Then the clients crawl
// in a deterministic discrete-event loop in one thread: the client with the
// earliest next event (ties by client number) acts, and the clock jumps to
// that event. A client
//   - with nothing buffered calls ListAndLockHead(25, lockSecs 60); an empty
//     answer with queueHasLockedRequests false ends it, otherwise it polls
//     again 500 ms later (Crawlee's maybeRunIntervalSecs);
//   - fetches the next buffered request (crawlee loop only: the prolong PUT
//     and the GET that Crawlee 3.18's locking queue does per request; the
//     client-side design never prolongs), processes it for 1-2 s of
//     simulated time (seeded per client: splitmix64), then marks it handled
//     with UpdateRequest(handledAt).
// client-side's ListAndLockHead is the head query plus the client's own
// memory of what it holds (no write), so several clients take the same
// requests: every handle of an already-handled request is counted as a
// duplicate. Calls run one at a time, so there are no lock collisions here
// (with real threads a collision costs a failed conditional write).
//
// With --threads the 8-client runs use 8 real threads instead (RunThreads).
//
// Usage: strategy_harness [--n N] [--loop bare|crawlee|both] [--seed S] [--threads]
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness_tables.h"
#include "headlock/ddb/database.h"
#include "headlock/queue/request_queue.h"
#include "headlock/splitmix64.h"

namespace headlock {
namespace {

constexpr int64_t kStartMs = 1793966400000;  // 2026-11-06 12:00 UTC
using bench::kUnlimitedUnits;
constexpr int kLockLimit = 25;
constexpr int64_t kLockSecs = 60;
constexpr int64_t kListMs = 20;       // a head call's round trip
constexpr int64_t kIdlePollMs = 500;  // Crawlee's maybeRunIntervalSecs

[[noreturn]] void Die(const std::string& what, const Status& s) {
  fmt::print(stderr, "{}: {}\n", what, s.ToString());
  std::exit(1);
}

struct Client {
  std::string key;
  uint64_t rng = 0;
  int64_t next_ms = 0;
  std::deque<QueueRequest> buffer;
  bool fetched = false;  // the front request is being processed
  bool done = false;
};

struct RunResult {
  double write_per_request = 0, read_per_request = 0;
  int64_t handles = 0, duplicates = 0, head_calls = 0, idle_polls = 0, throttled = 0;
  double simulated_secs = 0;
  // Write and read units per handled request by arm: requests table, head
  // index, lock index, queue metadata (queues + queue-names).
  double arm_write[4] = {0, 0, 0, 0}, arm_read[4] = {0, 0, 0, 0};
};

// 0 requests table, 1 head index, 2 lock index, 3 queue metadata.
int ArmOf(const CapacityLog::Row& row) {
  if (row.table_name.rfind("requests", 0) != 0) return 3;
  if (row.index_name.empty()) return 0;
  return row.index_name == "queueId-orderNo" ? 1 : 2;
}

RunResult RunThreads(RequestQueueService* svc, ManualClock* clock, const std::string& queue,
                     int clients, bool crawlee, bool server_locks);

RunResult RunOne(LockStrategyKind kind, int clients, int n, bool crawlee, uint64_t seed,
                 bool threads) {
  ManualClock clock(kStartMs);
  Options options;
  options.in_memory = true;
  options.clock = &clock;
  options.partition_limits = false;
  std::unique_ptr<Database> db;
  Status s = Database::Open(
      options, fmt::format("/mem/strategy-{}-{}", LockStrategyName(kind), clients), &db);
  if (!s.ok()) Die("open", s);
  RequestQueueOptions qo;
  qo.lock_strategy = kind;
  qo.billing_mode = BillingMode::kProvisioned;
  qo.provisioned = {kUnlimitedUnits, kUnlimitedUnits};
  std::unique_ptr<RequestQueueService> svc;
  s = RequestQueueService::Open(db.get(), qo, &svc);
  if (!s.ok()) Die("service", s);
  Result<QueueInfo> q = svc->GetOrCreateQueue(std::string("crawl"));
  if (!q.ok()) Die("queue", q.status());
  const std::string queue = q->id;
  for (int i = 0; i < n; i += 25) {
    std::vector<QueueRequest> batch;
    for (int j = i; j < std::min(n, i + 25); ++j) {
      QueueRequest r;
      r.url = fmt::format("https://example.com/products/{}/details", j);
      r.unique_key = r.url;
      r.user_data_json = R"({"label":"DETAIL","depth":2})";
      batch.push_back(std::move(r));
    }
    clock.Advance(1);
    Result<BatchAddResult> added = svc->BatchAddRequests(queue, batch, false, std::string("c0"));
    if (!added.ok() || !added->unprocessed_requests.empty()) Die("add", added.status());
  }
  clock.Advance(1000);
  db->mutable_capacity_log()->Clear();
  const int64_t crawl_start = clock.NowMillis();

  std::vector<Client> cs(clients);
  for (int c = 0; c < clients; ++c) {
    cs[c].key = fmt::format("c{}", c);
    cs[c].rng = seed * 1000 + c;
    cs[c].next_ms = crawl_start + c;  // staggered starts
  }
  const bool server_locks = kind != LockStrategyKind::kClientSide;
  RunResult out;
  if (threads) out = RunThreads(svc.get(), &clock, queue, clients, crawlee, server_locks);
  while (!threads) {
    Client* next = nullptr;
    for (Client& c : cs) {
      if (!c.done && (next == nullptr || c.next_ms < next->next_ms)) next = &c;
    }
    if (next == nullptr) break;
    Client& c = *next;
    clock.Set(c.next_ms);
    const int64_t now = clock.NowMillis();
    if (c.buffer.empty()) {
      ++out.head_calls;
      Result<LockedHead> head = svc->ListAndLockHead(queue, kLockLimit, kLockSecs, c.key);
      if (!head.ok()) Die("ListAndLockHead", head.status());
      if (head->items.empty()) {
        if (!head->queue_has_locked_requests) {
          c.done = true;
        } else {
          ++out.idle_polls;
          c.next_ms = now + kIdlePollMs;
        }
        continue;
      }
      for (QueueRequest& r : head->items) c.buffer.push_back(std::move(r));
      c.next_ms = now + kListMs;
    } else if (!c.fetched) {
      const QueueRequest& r = c.buffer.front();
      if (crawlee) {
        if (server_locks) {
          Result<int64_t> p = svc->ProlongRequestLock(queue, r.id, kLockSecs, c.key);
          if (!p.ok()) Die("ProlongRequestLock", p.status());
        }
        Result<QueueRequest> got = svc->GetRequest(queue, r.id);
        if (!got.ok()) Die("GetRequest", got.status());
      }
      c.fetched = true;
      c.next_ms = now + 1000 + static_cast<int64_t>(SplitMix64(&c.rng) % 1000);
    } else {
      QueueRequest r = std::move(c.buffer.front());
      c.buffer.pop_front();
      c.fetched = false;
      r.handled_at_ms = now;
      Result<AddRequestResult> u = svc->UpdateRequest(queue, r, false, c.key);
      if (!u.ok()) Die("UpdateRequest", u.status());
      ++out.handles;
      if (u->was_already_handled) ++out.duplicates;
      c.next_ms = now + 1;
    }
  }
  Result<QueueInfo> info = svc->GetQueue(queue);
  if (!info.ok() || info->handled_request_count != n || info->pending_request_count != 0) {
    Die("counts", info.ok() ? Status::Internal(fmt::format("handled {} pending {}",
                                                           info->handled_request_count,
                                                           info->pending_request_count))
                            : info.status());
  }
  if (out.handles - out.duplicates != n) Die("handles", Status::Internal("lost requests"));
  CapacityHalfUnits total;
  for (const CapacityLog::Row& row : db->capacity_log().Totals()) {
    total += row.units;
    out.throttled += row.throttled_requests;
    out.arm_write[ArmOf(row)] += HalfUnitsToDouble(row.units.write) / n;
    out.arm_read[ArmOf(row)] += HalfUnitsToDouble(row.units.read) / n;
  }
  out.write_per_request = HalfUnitsToDouble(total.write) / n;
  out.read_per_request = HalfUnitsToDouble(total.read) / n;
  out.simulated_secs = (clock.NowMillis() - crawl_start) / 1000.0;
  return out;
}

// The same clients as real threads, as fast as they go: each call moves the
// shared clock 1 ms, an idle client sleeps 1 ms of real time and asks again.
// Not deterministic: lock collisions (failed conditional writes, charged as
// DynamoDB charges them) and client-side duplicates depend on the schedule.
RunResult RunThreads(RequestQueueService* svc, ManualClock* clock, const std::string& queue,
                     int clients, bool crawlee, bool server_locks) {
  std::atomic<int64_t> handles{0}, duplicates{0}, head_calls{0}, idle_polls{0}, lost{0};
  const int64_t start_ms = clock->NowMillis();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      const std::string key = fmt::format("c{}", c);
      while (true) {
        clock->Advance(1);
        ++head_calls;
        Result<LockedHead> head = svc->ListAndLockHead(queue, kLockLimit, kLockSecs, key);
        if (!head.ok()) Die("ListAndLockHead", head.status());
        if (head->items.empty()) {
          if (!head->queue_has_locked_requests) return;
          ++idle_polls;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        for (QueueRequest& r : head->items) {
          if (crawlee) {
            if (server_locks) {
              Result<int64_t> p = svc->ProlongRequestLock(queue, r.id, kLockSecs, key);
              if (!p.ok()) Die("ProlongRequestLock", p.status());
            }
            Result<QueueRequest> got = svc->GetRequest(queue, r.id);
            if (!got.ok()) Die("GetRequest", got.status());
          }
          clock->Advance(1);
          r.handled_at_ms = clock->NowMillis();
          Result<AddRequestResult> u = svc->UpdateRequest(queue, r, false, key);
          if (!u.ok()) {
            if (u.status().code() != Status::Code::kRequestLocked) Die("UpdateRequest", u.status());
            ++lost;  // the lock expired and another client took it
            continue;
          }
          ++handles;
          if (u->was_already_handled) ++duplicates;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  if (lost > 0) fmt::print("  ({} handles refused: lock lost)\n", lost.load());
  RunResult out;
  out.handles = handles;
  out.duplicates = duplicates;
  out.head_calls = head_calls;
  out.idle_polls = idle_polls;
  (void)start_ms;
  return out;
}

void RunLoop(int n, bool crawlee, uint64_t seed, bool threads) {
  fmt::print("\n{} loop, n = {}, {}: units per handled request (all tables), lockSecs {}, "
             "limit {}\n",
             crawlee ? "crawlee (lock 25; per request prolong + GET + handle)"
                     : "bare (lock 25; per request handle)",
             n, threads ? "8 clients as real threads" : "simulated clients (event loop)", kLockSecs,
             kLockLimit);
  fmt::print("{:<12} {:>7} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10} {:>8}\n", "strategy",
             "clients", "write", "read", "w / cs", "r / cs", "duplicates", "head calls",
             "sim s");
  std::vector<std::pair<std::string, RunResult>> all;
  for (int clients : {1, 8}) {
    std::vector<std::pair<LockStrategyKind, RunResult>> rows;
    for (LockStrategyKind k : {LockStrategyKind::kOrderNo, LockStrategyKind::kLockIndex,
                               LockStrategyKind::kFilter, LockStrategyKind::kClientSide}) {
      rows.push_back({k, RunOne(k, clients, n, crawlee, seed, threads && clients > 1)});
    }
    const RunResult& cs = rows.back().second;
    for (const auto& [k, r] : rows) {
      fmt::print("{:<12} {:>7} {:>8.3f} {:>8.3f} {:>8.2f} {:>8.2f} {:>10} {:>10} {:>8.0f}{}\n",
                 LockStrategyName(k), clients, r.write_per_request, r.read_per_request,
                 r.write_per_request / cs.write_per_request,
                 r.read_per_request / cs.read_per_request, r.duplicates, r.head_calls,
                 r.simulated_secs, r.throttled ? fmt::format("  THROTTLED {}", r.throttled) : "");
      all.push_back({fmt::format("{} x{}", LockStrategyName(k), clients), r});
    }
  }
  fmt::print("where the units go, per handled request (write / read):\n");
  fmt::print("{:<16} {:>15} {:>15} {:>15} {:>15}\n", "strategy", "requests table", "head index",
             "lock index", "queue metadata");
  for (const auto& [name, r] : all) {
    fmt::print("{:<16}", name);
    for (int a = 0; a < 4; ++a) {
      fmt::print(" {:>15}", fmt::format("{:.3f} / {:.3f}", r.arm_write[a], r.arm_read[a]));
    }
    fmt::print("\n");
  }
  fmt::print("(w / cs, r / cs: the strategy's units over client-side's, same client count)\n");
}

}  // namespace
}  // namespace headlock

int main(int argc, char** argv) {
  int n = 10000;
  uint64_t seed = 1;
  std::string loop = "both";
  bool threads = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = true;
    else if (i + 1 < argc && std::strcmp(argv[i], "--n") == 0) n = std::max(100, std::atoi(argv[++i]));
    else if (i + 1 < argc && std::strcmp(argv[i], "--loop") == 0) loop = argv[++i];
    else if (i + 1 < argc && std::strcmp(argv[i], "--seed") == 0) seed = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr, "usage: strategy_harness [--n N] [--loop bare|crawlee|both] [--seed S] [--threads]\n");
      return 2;
    }
  }
  fmt::print("strategy_harness: in memory, manual clock, seed {}{}\n", seed,
             threads ? "; 8 clients as threads: NOT deterministic, sim s meaningless" : ", deterministic");
  if (loop == "bare" || loop == "both") headlock::RunLoop(n, false, seed, threads);
  if (loop == "crawlee" || loop == "both") headlock::RunLoop(n, true, seed, threads);
  return 0;
}
