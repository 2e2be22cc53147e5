// The lock strategies' conformance suite: every strategy runs the same
// scenarios, and each checks exactly what the strategy's LockGuarantees
// promise (order-no, lock-index and filter: exclusive server locks;
// client-side: none, so several clients produce duplicates).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "../queue/queue_test_util.h"

namespace headlock::testing {
namespace {

using Code = Status::Code;

class LockConformanceTest : public QueueServiceTest,
                            public ::testing::WithParamInterface<LockStrategyKind> {
 protected:
  LockStrategyKind kind() const override { return GetParam(); }
  LockGuarantees g() { return svc_->lock_strategy().guarantees(); }

  std::vector<std::string> Ids(const std::vector<QueueRequest>& items) {
    std::vector<std::string> ids;
    for (const auto& r : items) ids.push_back(r.id);
    return ids;
  }
  std::vector<std::string> HeadUrls(const std::string& q) {
    std::vector<std::string> urls;
    Result<ListHeadResult> head = svc_->ListHead(q, 100);
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    if (head.ok()) {
      for (const auto& r : head->items) urls.push_back(r.url);
    }
    return urls;
  }
};

TEST_P(LockConformanceTest, StrategyIsTheOneAskedFor) {
  EXPECT_EQ(svc_->lock_strategy().kind(), GetParam());
  EXPECT_EQ(*ParseLockStrategyKind(svc_->lock_strategy().name()), GetParam());
}

TEST_P(LockConformanceTest, LockedRequestsLeaveTheHeadForOtherClients) {
  std::string q = NewQueue();
  AddMany(q, 10);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 5, 60, "a");
  HL_ASSERT_OK(a);
  ASSERT_EQ(a->items.size(), 5u);
  for (const auto& r : a->items) EXPECT_EQ(r.lock_expires_at_ms, clock_.NowMillis() + 60000);
  EXPECT_TRUE(a->queue_has_locked_requests);
  EXPECT_EQ(svc_->ListHead(q, 100)->items.size(), g().sees_other_clients_locks ? 5u : 10u);
  // The locking client never gets its own locked requests again.
  Result<LockedHead> a2 = svc_->ListAndLockHead(q, 5, 60, "a");
  HL_ASSERT_OK(a2);
  std::vector<std::string> first = Ids(a->items), again = Ids(a2->items);
  for (const auto& id : again) EXPECT_EQ(std::count(first.begin(), first.end(), id), 0);
}

TEST_P(LockConformanceTest, SecondClientGetsOtherRequestsOnlyWithExclusiveLocks) {
  std::string q = NewQueue();
  AddMany(q, 10);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 5, 60, "a");
  Result<LockedHead> b = svc_->ListAndLockHead(q, 5, 60, "b");
  HL_ASSERT_OK(a);
  HL_ASSERT_OK(b);
  std::set<std::string> ids;
  for (const auto& r : a->items) ids.insert(r.id);
  size_t shared = 0;
  for (const auto& r : b->items) shared += ids.count(r.id);
  if (g().exclusive_locks) {
    EXPECT_EQ(shared, 0u);
  } else {
    EXPECT_EQ(shared, 5u);  // the duplicates the old design produced
  }
}

TEST_P(LockConformanceTest, OnlyTheOwnerMayMarkHandledProlongOrRelease) {
  std::string q = NewQueue();
  AddMany(q, 3);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 1, 60, "a");
  HL_ASSERT_OK(a);
  const std::string id = a->items[0].id;
  EXPECT_EQ(svc_->ProlongRequestLock(q, id, 60, "b").status().code(), Code::kRequestLocked);
  EXPECT_EQ(svc_->DeleteRequestLock(q, id, "b").code(), Code::kRequestLocked);
  QueueRequest done = a->items[0];
  done.handled_at_ms = clock_.NowMillis();
  Result<AddRequestResult> by_b = svc_->UpdateRequest(q, done, false, std::string("b"));
  if (g().ownership_enforced) {
    EXPECT_EQ(by_b.status().code(), Code::kRequestLocked);
  } else {
    EXPECT_TRUE(by_b.ok());
  }
  clock_.Advance(5000);
  Result<int64_t> until = svc_->ProlongRequestLock(q, a->items[0].id, 30, "a");
  if (g().ownership_enforced) {
    HL_ASSERT_OK(until);
    EXPECT_EQ(*until, clock_.NowMillis() + 30000);
    HL_ASSERT_OK(svc_->DeleteRequestLock(q, id, "a", /*forefront=*/true));
    EXPECT_EQ(svc_->ListHead(q, 10)->items[0].id, id);  // released to the head
  } else {
    EXPECT_EQ(until.status().code(), Code::kRequestAlreadyHandled);  // b handled it
  }
}

TEST_P(LockConformanceTest, ExpiredLocksComeBack) {
  std::string q = NewQueue();
  AddMany(q, 3);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 3, 10, "a");
  HL_ASSERT_OK(a);
  ASSERT_EQ(a->items.size(), 3u);
  clock_.Advance(5000);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://example.com/late")));
  clock_.Advance(5001);  // the locks expired
  std::vector<std::string> head = HeadUrls(q);
  ASSERT_EQ(head.size(), 4u) << ::testing::PrintToString(head);
  // The platform puts an expired request at the tail (order-no: at its
  // lock's expiry time); filter and client-side leave it where it was.
  EXPECT_EQ(head[0] == "https://example.com/late", g().expired_lock_requeues_at_tail)
      << ::testing::PrintToString(head);
  Result<LockedHead> b = svc_->ListAndLockHead(q, 25, 10, "b");
  HL_ASSERT_OK(b);
  EXPECT_EQ(b->items.size(), 4u);
}

TEST_P(LockConformanceTest, QueueHasLockedRequestsSeesOtherClientsLocks) {
  std::string q = NewQueue();
  AddMany(q, 2);
  HL_ASSERT_OK(svc_->ListAndLockHead(q, 2, 60, "a"));
  Result<LockedHead> b = svc_->ListAndLockHead(q, 2, 60, "b");
  HL_ASSERT_OK(b);
  if (g().exclusive_locks) {
    EXPECT_TRUE(b->items.empty());
  }
  Result<LockedHead> c = svc_->ListAndLockHead(q, 2, 60, "c");
  HL_ASSERT_OK(c);
  EXPECT_EQ(c->queue_has_locked_requests, g().sees_other_clients_locks || !c->items.empty());
}

TEST_P(LockConformanceTest, UnlockRequestsReleasesAllOfAClientsLocks) {
  std::string q = NewQueue();
  AddMany(q, 6);
  HL_ASSERT_OK(svc_->ListAndLockHead(q, 4, 60, "a"));
  HL_ASSERT_OK(svc_->ListAndLockHead(q, 2, 60, "b"));
  Result<int64_t> n = svc_->UnlockRequests(q, "a");
  HL_ASSERT_OK(n);
  EXPECT_EQ(*n, 4);
  Result<LockedHead> c = svc_->ListAndLockHead(q, 25, 60, "c");
  HL_ASSERT_OK(c);
  EXPECT_EQ(c->items.size(), g().exclusive_locks ? 4u : 6u);
  EXPECT_EQ(*svc_->UnlockRequests(q, "a"), 0);
}

// Write and read units per handled request (all tables: requests, their
// indexes, queue metadata), reported, and sane for every strategy.
TEST_P(LockConformanceTest, CapacityPerHandledRequest) {
  const int n = 1000;
  std::string q = NewQueue();
  AddMany(q, n);
  db_->mutable_capacity_log()->Clear();
  int handled = 0;
  while (true) {
    clock_.Advance(1000);  // 25 requests a second: within one partition's 1,000 units
    Result<LockedHead> head = svc_->ListAndLockHead(q, 25, 60, "solo");
    HL_ASSERT_OK(head);
    if (head->items.empty()) break;
    for (QueueRequest& r : head->items) {
      r.handled_at_ms = clock_.NowMillis();
      HL_ASSERT_OK(svc_->UpdateRequest(q, r, false, std::string("solo")));
      ++handled;
    }
  }
  ASSERT_EQ(handled, n);
  CapacityHalfUnits total;
  for (const auto& row : db_->capacity_log().Totals()) total += row.units;
  const double write = total.write / 2.0 / n, read = total.read / 2.0 / n;
  std::printf("[ info ] %s, 1 client: %.2f write units, %.2f read units per handled request\n",
              std::string(svc_->lock_strategy().name()).c_str(), write, read);
  EXPECT_GT(read, 0);
  // A handled request costs at least its mark-handled write on the table.
  EXPECT_GE(write, 1.0);
  if (GetParam() == LockStrategyKind::kClientSide) {
    EXPECT_LT(write, 4.0);  // no lock writes
  }
}

TEST_P(LockConformanceTest, ConcurrentClientsAndCounters) {
  // 4 clients, 2,000 requests: with exclusive locks each is handled exactly
  // once; client-side handles each at least once and counts duplicates.
  OpenService([] {
    RequestQueueOptions o;
    o.billing_mode = BillingMode::kProvisioned;
    o.provisioned = {40000, 40000};
    return o;
  }(), /*partition_limits=*/false);
  const int n = 2000;
  std::string q = NewQueue();
  AddMany(q, n);
  db_->mutable_capacity_log()->Clear();
  std::mutex mu;
  std::map<std::string, int> grants, handled;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      const std::string key = "c" + std::to_string(c);
      while (true) {
        clock_.Advance(1);
        Result<LockedHead> head = svc_->ListAndLockHead(q, 25, 300, key);
        if (!head.ok()) {
          ADD_FAILURE() << head.status().ToString();
          return;
        }
        if (head->items.empty()) {
          if (!head->queue_has_locked_requests) return;
          std::this_thread::yield();
          continue;
        }
        for (QueueRequest& r : head->items) {
          r.handled_at_ms = clock_.NowMillis();
          Result<AddRequestResult> done = svc_->UpdateRequest(q, r, false, key);
          std::lock_guard<std::mutex> l(mu);
          ++grants[r.id];
          if (done.ok() && !done->was_already_handled) ++handled[r.id];
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(static_cast<int>(handled.size()), n);
  int duplicates = 0;
  for (const auto& [id, count] : grants) duplicates += count - 1;
  for (const auto& [id, count] : handled) EXPECT_EQ(count, 1) << id;
  if (g().exclusive_locks) {
    EXPECT_EQ(duplicates, 0);
  }
  CapacityHalfUnits units;
  for (const auto& row : db_->capacity_log().Totals()) units += row.units;
  std::printf(
      "[ info ] %s: %d requests, 4 clients, %d duplicate grants, %.2f write units, %.2f read "
      "units per handled request\n",
      std::string(svc_->lock_strategy().name()).c_str(), n, duplicates, units.write / 2.0 / n,
      units.read / 2.0 / n);
  Result<QueueInfo> info = svc_->GetQueue(q);
  HL_ASSERT_OK(info);
  EXPECT_EQ(info->handled_request_count, n);
  EXPECT_EQ(info->pending_request_count, 0);
  EXPECT_TRUE(svc_->ListHead(q, 10)->items.empty());
}

INSTANTIATE_TEST_SUITE_P(
    AllStrategies, LockConformanceTest,
    ::testing::Values(LockStrategyKind::kOrderNo, LockStrategyKind::kLockIndex,
                      LockStrategyKind::kFilter, LockStrategyKind::kClientSide),
    [](const ::testing::TestParamInfo<LockStrategyKind>& info) {
      std::string name(LockStrategyName(info.param));
      std::erase(name, '-');
      return name;
    });

}  // namespace
}  // namespace headlock::testing
