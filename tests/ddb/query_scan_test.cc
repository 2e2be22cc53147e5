#include <gtest/gtest.h>

#include <set>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class QueryScanTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    Create(MakeTable("tbl", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN),
                     {MakeIndex("byColor", HashRangeKey("color", AttributeType::kS, "rank",
                                                        AttributeType::kN))}));
    for (int i = -5; i <= 5; ++i) {
      Item item{{"pk", S("p")}, {"sk", N(i)}, {"v", N(i * i)}};
      if (i % 2 == 0) {
        item["color"] = S("red");
        item["rank"] = N(10 - i);
      }
      ASSERT_TRUE(Put("tbl", item).ok());
    }
    ASSERT_TRUE(Put("tbl", {{"pk", S("other")}, {"sk", N(0)}}).ok());
  }

  QueryResponse RunQuery(std::string kce, ExpressionAttributeValues values,
                         std::function<void(QueryRequest&)> tweak = {}) {
    QueryRequest q;
    q.table_name = "tbl";
    q.key_condition_expression = std::move(kce);
    q.expression_attribute_values = std::move(values);
    if (tweak) tweak(q);
    QueryResponse resp;
    Status s = db_->Query(q, &resp);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return resp;
  }
  static std::vector<int64_t> SortKeys(const QueryResponse& r) {
    std::vector<int64_t> out;
    for (const auto& item : r.items) {
      int64_t v = 0;
      EXPECT_TRUE(item.at("sk").n().ToInt64(&v));
      out.push_back(v);
    }
    return out;
  }
};

TEST_F(QueryScanTest, SortKeyConditions) {
  using V = std::vector<int64_t>;
  EXPECT_EQ(SortKeys(RunQuery("pk = :p", {{":p", S("p")}})), (V{-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk = :a", {{":p", S("p")}, {":a", N(-3)}})), (V{-3}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk < :a", {{":p", S("p")}, {":a", N(-3)}})), (V{-5, -4}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk <= :a", {{":p", S("p")}, {":a", N(-3)}})), (V{-5, -4, -3}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk > :a", {{":p", S("p")}, {":a", N(3)}})), (V{4, 5}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk >= :a", {{":p", S("p")}, {":a", N(3)}})), (V{3, 4, 5}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p AND sk BETWEEN :a AND :b",
                              {{":p", S("p")}, {":a", N(-1)}, {":b", N("1.5")}})),
            (V{-1, 0, 1}));
  EXPECT_EQ(SortKeys(RunQuery("pk = :p", {{":p", S("p")}},
                              [](QueryRequest& q) { q.scan_index_forward = false; }))
                .front(),
            5);
  EXPECT_EQ(RunQuery("pk = :p", {{":p", S("nobody")}}).count, 0);
}

TEST_F(QueryScanTest, BadQueriesAreRejected) {
  QueryRequest q;
  q.table_name = "tbl";
  QueryResponse resp;
  EXPECT_TRUE(db_->Query(q, &resp).IsValidation());  // no key condition
  q.key_condition_expression = "pk = :p AND sk BETWEEN :a AND :b";
  q.expression_attribute_values =
      ExpressionAttributeValues{{":p", S("p")}, {":a", N(3)}, {":b", N(1)}};
  Status s = db_->Query(q, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_NE(s.message().find("BETWEEN operator requires upper bound"), std::string::npos);
  q.key_condition_expression = "pk = :p";
  q.expression_attribute_values = ExpressionAttributeValues{{":p", N(1)}};
  EXPECT_TRUE(db_->Query(q, &resp).IsValidation());  // type mismatch
  q.expression_attribute_values = ExpressionAttributeValues{{":p", S("p")}};
  q.limit = 0;
  EXPECT_TRUE(db_->Query(q, &resp).IsValidation());
  q.limit.reset();
  q.index_name = "missing";
  EXPECT_TRUE(db_->Query(q, &resp).IsValidation());
  q.index_name = "byColor";
  q.key_condition_expression = "color = :p";
  q.consistent_read = true;
  s = db_->Query(q, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "Consistent reads are not supported on global secondary indexes");
}

TEST_F(QueryScanTest, LimitAndLastEvaluatedKeyPageThroughEverything) {
  for (bool forward : {true, false}) {
    std::vector<int64_t> all;
    std::optional<Item> start;
    int pages = 0;
    do {
      QueryResponse r = RunQuery("pk = :p", {{":p", S("p")}}, [&](QueryRequest& q) {
        q.limit = 3;
        q.exclusive_start_key = start;
        q.scan_index_forward = forward;
      });
      auto keys = SortKeys(r);
      all.insert(all.end(), keys.begin(), keys.end());
      start = r.last_evaluated_key;
      ++pages;
    } while (start && pages < 10);
    EXPECT_EQ(all.size(), 11u);
    EXPECT_EQ(pages, 4);
    EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), 11u);
    if (forward) {
      EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
    }
  }
}

TEST_F(QueryScanTest, FilterCountsAfterScannedCountsBefore) {
  QueryResponse r = RunQuery("pk = :p", {{":p", S("p")}, {":big", N(9)}},
                             [](QueryRequest& q) { q.filter_expression = "v >= :big"; });
  EXPECT_EQ(r.scanned_count, 11);
  EXPECT_EQ(r.count, 6);  // v = i*i >= 9 for i in {-5, -4, -3, 3, 4, 5}
}

TEST_F(QueryScanTest, SelectCountAndProjection) {
  QueryResponse r = RunQuery("pk = :p", {{":p", S("p")}},
                             [](QueryRequest& q) { q.select = Select::kCount; });
  EXPECT_EQ(r.count, 11);
  EXPECT_TRUE(r.items.empty());
  r = RunQuery("pk = :p AND sk = :z", {{":p", S("p")}, {":z", N(0)}},
               [](QueryRequest& q) { q.projection_expression = "v"; });
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0], (Item{{"v", N(0)}}));
}

TEST_F(QueryScanTest, IndexQueryIsSparseAndSortedByIndexKey) {
  QueryResponse r = RunQuery("color = :c", {{":c", S("red")}},
                             [](QueryRequest& q) { q.index_name = "byColor"; });
  // even sk in -4..4 -> rank 10 - sk: 14, 12, 10, 8, 6; sorted by rank
  std::vector<int64_t> sks = SortKeys(r);
  EXPECT_EQ(sks, (std::vector<int64_t>{4, 2, 0, -2, -4}));
  ASSERT_TRUE(!r.items.empty());
  // Pagination over an index: the LastEvaluatedKey holds table and index keys.
  r = RunQuery("color = :c", {{":c", S("red")}}, [](QueryRequest& q) {
    q.index_name = "byColor";
    q.limit = 2;
  });
  ASSERT_TRUE(r.last_evaluated_key);
  EXPECT_EQ(r.last_evaluated_key->size(), 4u);
  Item lek = *r.last_evaluated_key;
  r = RunQuery("color = :c", {{":c", S("red")}}, [&](QueryRequest& q) {
    q.index_name = "byColor";
    q.exclusive_start_key = lek;
  });
  EXPECT_EQ(SortKeys(r), (std::vector<int64_t>{0, -2, -4}));
}

TEST_F(QueryScanTest, PagesStopAtOneMegabyteBeforeFiltering) {
  Create(MakeTable("big", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN)));
  for (int i = 0; i < 30; ++i) {
    clock_.Advance(1000);  // 100 write units each: one a second stays under the key's limit
    ASSERT_TRUE(Put("big", {{"pk", S("p")}, {"sk", N(i)}, {"n", N(i)}, {"fill", S(std::string(100000, 'x'))}}).ok());
  }
  QueryRequest q;
  q.table_name = "big";
  q.key_condition_expression = "pk = :p";
  q.filter_expression = "n < :none";  // keys may not appear in a Query filter
  q.expression_attribute_values = ExpressionAttributeValues{{":p", S("p")}, {":none", N(-1)}};
  QueryResponse r;
  ASSERT_TRUE(db_->Query(q, &r).ok());
  EXPECT_EQ(r.count, 0);
  EXPECT_EQ(r.scanned_count, 11);  // 11 x ~100 KB crosses 1 MB
  EXPECT_TRUE(r.last_evaluated_key);
}

TEST_F(QueryScanTest, ScanSegmentsPartitionTheTable) {
  std::multiset<std::string> seen;
  for (int seg = 0; seg < 4; ++seg) {
    ScanRequest s;
    s.table_name = "tbl";
    s.segment = seg;
    s.total_segments = 4;
    std::optional<Item> start;
    do {
      s.exclusive_start_key = start;
      s.limit = 2;
      ScanResponse r;
      ASSERT_TRUE(db_->Scan(s, &r).ok());
      for (const auto& item : r.items) seen.insert(item.at("pk").s() + item.at("sk").n().ToString());
      start = r.last_evaluated_key;
    } while (start);
  }
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 12u);

  ScanRequest bad;
  bad.table_name = "tbl";
  bad.segment = 4;
  bad.total_segments = 4;
  ScanResponse r;
  EXPECT_TRUE(db_->Scan(bad, &r).IsValidation());
  bad.total_segments.reset();
  EXPECT_TRUE(db_->Scan(bad, &r).IsValidation());
}

}  // namespace
}  // namespace headlock::testing
