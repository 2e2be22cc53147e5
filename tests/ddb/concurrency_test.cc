// The seed's lock under contention: 8 threads race a conditional UpdateItem
// on one item; exactly one may win each round.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

using ConcurrencyTest = DatabaseTest;

TEST_F(ConcurrencyTest, ExactlyOneClientWinsEachLockRound) {
  Create(MakeTable("requests", HashRangeKey("queueId", AttributeType::kS, "id", AttributeType::kS),
                   {MakeIndex("byOrderNo", HashRangeKey("queueId", AttributeType::kS, "orderNo",
                                                        AttributeType::kN))}));
  ASSERT_TRUE(Put("requests", {{"queueId", S("q")}, {"id", S("r1")}, {"orderNo", N(0)}}).ok());
  constexpr int kThreads = 8;
  constexpr int kRounds = 300;
  std::atomic<int> wins[kRounds] = {};
  std::atomic<int> other_errors{0};
  // A second passes between rounds, as it would between real lock attempts:
  // 8 attempts a second on one key stay far below its 1,000-unit limit.
  std::barrier sync(kThreads, [this]() noexcept { clock_.Advance(1000); });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        sync.arrive_and_wait();
        UpdateItemRequest u;
        u.table_name = "requests";
        u.key = {{"queueId", S("q")}, {"id", S("r1")}};
        u.update_expression = "SET orderNo = :lockTo, lockByClient = :clientKey";
        u.condition_expression = "orderNo = :previousOrderNo";
        u.expression_attribute_values = ExpressionAttributeValues{
            {":lockTo", N(round + 1)},
            {":clientKey", S("client" + std::to_string(t))},
            {":previousOrderNo", N(round)}};
        UpdateItemResponse resp;
        Status s = db_->UpdateItem(u, &resp);
        if (s.ok()) {
          wins[round].fetch_add(1);
        } else if (!s.IsConditionalCheckFailed()) {
          other_errors.fetch_add(1);
        }
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other_errors.load(), 0);
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_EQ(wins[round].load(), 1) << "round " << round;
  }
  // The index agrees with the item: exactly one entry, at the final orderNo.
  QueryRequest q;
  q.table_name = "requests";
  q.index_name = "byOrderNo";
  q.key_condition_expression = "queueId = :q";
  q.expression_attribute_values = ExpressionAttributeValues{{":q", S("q")}};
  QueryResponse r;
  ASSERT_TRUE(db_->Query(q, &r).ok());
  ASSERT_EQ(r.count, 1);
  EXPECT_EQ(r.items[0].at("orderNo"), N(kRounds));
}

TEST_F(ConcurrencyTest, ParallelWritersOfDistinctItemsKeepStatsExact) {
  Create(MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))}));
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        PutItemRequest p;
        p.table_name = "tbl";
        // One index partition per thread keeps each key under its 1,000 units per second.
        p.item = {{"pk", S(std::to_string(t) + "-" + std::to_string(i))},
                  {"g", S("x" + std::to_string(t))}};
        PutItemResponse resp;
        EXPECT_TRUE(db_->PutItem(p, &resp).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"tbl"}, &d).ok());
  EXPECT_EQ(d.table.item_count, kThreads * kPerThread);
  EXPECT_EQ(d.table.index_stats[0].item_count, kThreads * kPerThread);
}

}  // namespace
}  // namespace headlock::testing
