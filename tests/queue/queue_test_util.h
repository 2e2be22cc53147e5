// Helpers shared by the request queue tests: an in-memory database on a
// manual clock with a RequestQueueService on top, and short request builders.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "headlock/ddb/database.h"
#include "headlock/queue/request_queue.h"

namespace headlock::testing {

#define HL_ASSERT_OK(expr)                                   \
  do {                                                       \
    auto&& _hl_r = (expr);                                   \
    ASSERT_TRUE(_hl_r.ok()) << QueueTestStatus(_hl_r).ToString(); \
  } while (0)

inline const Status& QueueTestStatus(const Status& s) { return s; }
template <typename T>
const Status& QueueTestStatus(const Result<T>& r) {
  return r.status();
}

// 2026-11-06 12:00 UTC, a Friday in ISO week 45.
inline constexpr int64_t kQueueTestStartMs = 1793966400000;

inline QueueRequest Req(const std::string& url) {
  QueueRequest r;
  r.url = url;
  r.unique_key = url;
  return r;
}

class QueueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenService(); }

  virtual LockStrategyKind kind() const { return LockStrategyKind::kOrderNo; }

  void OpenService(RequestQueueOptions options = {}, bool partition_limits = true) {
    svc_.reset();
    db_.reset();
    Options db_options;
    db_options.in_memory = true;
    db_options.clock = &clock_;
    db_options.partition_limits = partition_limits;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    Status s = Database::Open(db_options,
                              std::string("/mem/") + info->test_suite_name() + "." + info->name(),
                              &db_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    options.lock_strategy = kind();
    s = RequestQueueService::Open(db_.get(), options, &svc_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::string NewQueue(const std::string& name = "q") {
    Result<QueueInfo> q = svc_->GetOrCreateQueue(name);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? q->id : std::string();
  }

  // Adds `n` requests https://example.com/<i> in batches of 25.
  void AddMany(const std::string& queue, int n, int first = 0) {
    for (int i = first; i < first + n; i += 25) {
      std::vector<QueueRequest> batch;
      for (int j = i; j < std::min(first + n, i + 25); ++j) {
        batch.push_back(Req("https://example.com/" + std::to_string(j)));
      }
      Result<BatchAddResult> r = svc_->BatchAddRequests(queue, batch);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_TRUE(r->unprocessed_requests.empty());
    }
  }

  ManualClock clock_{kQueueTestStartMs};
  std::unique_ptr<Database> db_;
  std::unique_ptr<RequestQueueService> svc_;
};

}  // namespace headlock::testing
