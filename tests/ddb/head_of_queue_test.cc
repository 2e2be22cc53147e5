// The head-of-queue hint must never hide a live entry: a queue consumed from
// the front while new entries arrive at both ends (tail: +now, forefront:
// -now) must always show the same head as a plain model.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class HeadOfQueueTest : public DatabaseTest {
 protected:
  // The request table: (queueId, id) with the head index (queueId, orderNo).
  void CreateRequestsTable() {
    Create(MakeTable("requests", HashRangeKey("queueId", AttributeType::kS, "id", AttributeType::kS),
                     {MakeIndex("byOrderNo", HashRangeKey("queueId", AttributeType::kS, "orderNo",
                                                          AttributeType::kN))}));
  }
};

TEST_F(HeadOfQueueTest, HeadQueryMatchesAModelUnderRandomOperations) {
  CreateRequestsTable();
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  std::map<std::string, int64_t> model;  // id -> orderNo (only items still in the index)
  int next_id = 0;
  // The head: free entries (orderNo in [-now, now]) in orderNo order.
  auto head = [&](int limit) {
    int64_t now = clock_.NowMillis();
    std::vector<std::pair<int64_t, std::string>> sorted;
    for (const auto& [id, order] : model) {
      if (order >= -now && order <= now) sorted.push_back({order, id});
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> ids;
    for (int i = 0; i < limit && i < static_cast<int>(sorted.size()); ++i) ids.push_back(sorted[i].second);
    return ids;
  };
  for (int step = 0; step < 3000; ++step) {
    clock_.Advance(5);  // 200 operations a second on the queue's partition
    int64_t now = clock_.NowMillis();
    int op = static_cast<int>(rng() % 10);
    if (op < 4 || head(1).empty()) {
      std::string id = "r" + std::to_string(next_id++);
      int64_t order = (op == 0) ? -now : now;  // forefront or tail
      ASSERT_TRUE(Put("requests", {{"queueId", S("q")}, {"id", S(id)}, {"orderNo", N(order)}}).ok());
      model[id] = order;
    } else if (op < 7) {
      // Lock the head entry for a few milliseconds: a forefront entry moves
      // below -now, a tail entry above now; both come back when it expires.
      std::string id = head(1)[0];
      int64_t until = now + 1 + static_cast<int64_t>(rng() % 200);
      int64_t lock_to = model[id] < 0 ? -until : until;
      UpdateItemRequest u;
      u.table_name = "requests";
      u.key = {{"queueId", S("q")}, {"id", S(id)}};
      u.update_expression = "SET orderNo = :lockTo";
      u.condition_expression = "orderNo = :previousOrderNo";
      u.expression_attribute_values =
          ExpressionAttributeValues{{":lockTo", N(lock_to)}, {":previousOrderNo", N(model[id])}};
      UpdateItemResponse resp;
      ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
      model[id] = lock_to;
    } else {
      // Take the head entry out of the index (handled: REMOVE orderNo).
      std::string id = head(1)[0];
      UpdateItemRequest u;
      u.table_name = "requests";
      u.key = {{"queueId", S("q")}, {"id", S(id)}};
      u.update_expression = "REMOVE orderNo";
      UpdateItemResponse resp;
      ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
      model.erase(id);
    }
    QueryRequest q;
    q.table_name = "requests";
    q.index_name = "byOrderNo";
    q.key_condition_expression = "queueId = :q AND orderNo BETWEEN :negNow AND :now";
    q.expression_attribute_values =
        ExpressionAttributeValues{{":q", S("q")}, {":negNow", N(-now)}, {":now", N(now)}};
    q.limit = 5;
    QueryResponse r;
    ASSERT_TRUE(db_->Query(q, &r).ok());
    std::vector<std::string> got;
    for (const auto& item : r.items) got.push_back(item.at("id").s());
    ASSERT_EQ(got, head(5)) << "step " << step;
  }
}

// A forefront request locked before the partition was ever read sits below
// -now; when its lock expires it enters the head query's range without any
// write, so no hint may hide it.
TEST_F(HeadOfQueueTest, ExpiredForefrontLockFromBeforeTheFirstReadComesBack) {
  CreateRequestsTable();
  int64_t now = clock_.NowMillis();
  ASSERT_TRUE(Put("requests", {{"queueId", S("q")}, {"id", S("locked")}, {"orderNo", N(-(now + 20))}}).ok());
  ASSERT_TRUE(Put("requests", {{"queueId", S("q")}, {"id", S("tail")}, {"orderNo", N(now)}}).ok());
  auto head = [&] {
    int64_t t = clock_.NowMillis();
    QueryRequest q;
    q.table_name = "requests";
    q.index_name = "byOrderNo";
    q.key_condition_expression = "queueId = :q AND orderNo BETWEEN :negNow AND :now";
    q.expression_attribute_values =
        ExpressionAttributeValues{{":q", S("q")}, {":negNow", N(-t)}, {":now", N(t)}};
    QueryResponse r;
    EXPECT_TRUE(db_->Query(q, &r).ok());
    std::vector<std::string> ids;
    for (const auto& item : r.items) ids.push_back(item.at("id").s());
    return ids;
  };
  EXPECT_EQ(head(), std::vector<std::string>{"tail"});
  EXPECT_EQ(head(), std::vector<std::string>{"tail"});
  clock_.Advance(30);
  EXPECT_EQ(head(), (std::vector<std::string>{"locked", "tail"}));
}

// Reads remember a partition's last live entry so as not to step past it into
// the tombstones after it and the next partition's handled requests. Several
// queues side by side, entries added, locked above now or below -now,
// prolonged, handled and deleted at random: every range a queue reads (the
// head, the live-lock checks, the whole partition, with and without a Limit)
// must match a plain model, LastEvaluatedKey included.
TEST_F(HeadOfQueueTest, ReadsThatStopAtThePartitionsLastLiveEntryMatchAModel) {
  CreateRequestsTable();
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  const std::vector<std::string> queues = {"a", "b", "c"};
  std::map<std::string, std::map<std::string, int64_t>> model;  // queue -> id -> orderNo
  int next_id = 0;
  auto set_order = [&](const std::string& q, const std::string& id, std::optional<int64_t> order) {
    UpdateItemRequest u;
    u.table_name = "requests";
    u.key = {{"queueId", S(q)}, {"id", S(id)}};
    if (order) {
      u.update_expression = "SET orderNo = :o";
      u.expression_attribute_values = ExpressionAttributeValues{{":o", N(*order)}};
      model[q][id] = *order;
    } else {
      u.update_expression = "REMOVE orderNo";
      model[q].erase(id);
    }
    UpdateItemResponse resp;
    ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
  };
  // Query `q` for orderNo in [lo, hi] with `limit` (0: none) and compare.
  auto check = [&](const std::string& q, const std::string& condition, ExpressionAttributeValues values,
                   int64_t lo, int64_t hi, int limit, int step) {
    values[":q"] = S(q);
    QueryRequest r;
    r.table_name = "requests";
    r.index_name = "byOrderNo";
    r.key_condition_expression = "queueId = :q" + condition;
    r.expression_attribute_values = values;
    if (limit > 0) r.limit = limit;
    QueryResponse resp;
    ASSERT_TRUE(db_->Query(r, &resp).ok());
    std::vector<std::pair<int64_t, std::string>> want;
    for (const auto& [id, order] : model[q]) {
      if (order >= lo && order <= hi) want.push_back({order, id});
    }
    std::sort(want.begin(), want.end());
    const bool more = limit > 0 && static_cast<int>(want.size()) > limit;
    if (more) want.resize(limit);
    std::vector<std::pair<int64_t, std::string>> got;
    for (const auto& item : resp.items) {
      int64_t order = 0;
      ASSERT_TRUE(item.at("orderNo").n().ToInt64(&order));
      got.push_back({order, item.at("id").s()});
    }
    ASSERT_EQ(got, want) << "step " << step << " queue " << q << condition;
    ASSERT_EQ(resp.last_evaluated_key.has_value(), more) << "step " << step << " queue " << q << condition;
  };
  const int64_t kBig = int64_t{1} << 50;
  for (int step = 0; step < 4000; ++step) {
    clock_.Advance(5);
    const int64_t now = clock_.NowMillis();
    const std::string& q = queues[rng() % queues.size()];
    auto& entries = model[q];
    std::vector<std::string> ids;
    for (const auto& [id, order] : entries) ids.push_back(id);
    const int op = static_cast<int>(rng() % 10);
    if (op < 3 || ids.empty()) {
      std::string id = "r" + std::to_string(next_id++);
      int64_t order = rng() % 4 == 0 ? -now : now;  // forefront or tail
      ASSERT_TRUE(Put("requests", {{"queueId", S(q)}, {"id", S(id)}, {"orderNo", N(order)}}).ok());
      entries[id] = order;
    } else {
      const std::string id = ids[rng() % ids.size()];
      const int64_t until = now + 1 + static_cast<int64_t>(rng() % 300);
      if (op < 6) {
        set_order(q, id, entries[id] < 0 ? -until : until);  // lock or prolong
      } else if (op < 9) {
        set_order(q, id, std::nullopt);  // handled
      } else {
        DeleteItemRequest d;
        d.table_name = "requests";
        d.key = {{"queueId", S(q)}, {"id", S(id)}};
        DeleteItemResponse resp;
        ASSERT_TRUE(db_->DeleteItem(d, &resp).ok());
        entries.erase(id);
      }
    }
    for (const std::string& each : queues) {
      check(each, " AND orderNo BETWEEN :negNow AND :now", {{":negNow", N(-now)}, {":now", N(now)}},
            -now, now, 5, step);
      check(each, " AND orderNo > :t", {{":t", N(now)}}, now + 1, kBig, 1, step);
      check(each, " AND orderNo < :t", {{":t", N(-now)}}, -kBig, -now - 1, 1, step);
      check(each, "", {}, -kBig, kBig, 0, step);
      check(each, "", {}, -kBig, kBig, 2, step);
    }
  }
}

}  // namespace
}  // namespace headlock::testing
