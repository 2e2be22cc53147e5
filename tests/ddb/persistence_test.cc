// Reopening an on-disk database: items, indexes, catalog and stats survive;
// a table deleted before a restart is reclaimed after it.
#include <gtest/gtest.h>

#include <filesystem>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class PersistenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("headlock_persistence_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    db_.reset();
    Options options;
    options.clock = &clock_;
    Status s = Database::Open(options, dir_.string(), &db_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  std::filesystem::path dir_;
  ManualClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
};

TEST_F(PersistenceTest, WarmThroughputLearnedByUseSurvivesACleanClose) {
  CreateTableResponse cr;
  ASSERT_TRUE(db_->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());
  for (int i = 0; i < 3000; ++i) {  // a peak of 3,000 write units in one second
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("k" + std::to_string(i))}};
    PutItemResponse resp;
    ASSERT_TRUE(db_->PutItem(p, &resp).ok());
  }
  clock_.Advance(31 * 60 * 1000);  // the previous peak now
  Reopen();
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"tbl"}, &d).ok());
  EXPECT_EQ(d.table.definition.warm_throughput, (WarmThroughput{12000, 6000}));
  int ok = 0;  // and the reopened table serves it at once
  for (int i = 0; i < 6100; ++i) {
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("m" + std::to_string(i))}};
    PutItemResponse resp;
    ok += db_->PutItem(p, &resp).ok();
  }
  EXPECT_EQ(ok, 6000);
}

TEST_F(PersistenceTest, EverythingSurvivesReopen) {
  CreateTableResponse cr;
  CreateTableRequest create = MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))});
  create.definition.warm_throughput = {20000, 9000};  // pre-warmed: persisted too
  ASSERT_TRUE(db_->CreateTable(create, &cr).ok());
  for (int i = 0; i < 100; ++i) {
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("k" + std::to_string(i))}, {"g", S(i % 2 ? "odd" : "even")}};
    PutItemResponse resp;
    ASSERT_TRUE(db_->PutItem(p, &resp).ok());
  }
  DescribeTableResponse before;
  ASSERT_TRUE(db_->DescribeTable({"tbl"}, &before).ok());
  Reopen();
  DescribeTableResponse after;
  ASSERT_TRUE(db_->DescribeTable({"tbl"}, &after).ok());
  EXPECT_EQ(after.table.item_count, 100);
  EXPECT_EQ(after.table.table_size_bytes, before.table.table_size_bytes);
  EXPECT_EQ(after.table.index_stats[0].item_count, 100);
  EXPECT_EQ(after.table.definition, before.table.definition);
  EXPECT_EQ(after.table.definition.warm_throughput, (WarmThroughput{20000, 9000}));
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "idx";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = ExpressionAttributeValues{{":g", S("odd")}};
  QueryResponse r;
  ASSERT_TRUE(db_->Query(q, &r).ok());
  EXPECT_EQ(r.count, 50);

  // New ids after reopen never collide with old ones.
  ASSERT_TRUE(db_->CreateTable(MakeTable("tbl2", HashKey("pk")), &cr).ok());
  ScanRequest s;
  s.table_name = "tbl2";
  ScanResponse sr;
  ASSERT_TRUE(db_->Scan(s, &sr).ok());
  EXPECT_EQ(sr.count, 0);
}

TEST_F(PersistenceTest, DeletedTableIsGoneAfterRestart) {
  CreateTableResponse cr;
  ASSERT_TRUE(db_->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());
  PutItemRequest p;
  p.table_name = "tbl";
  p.item = {{"pk", S("a")}};
  PutItemResponse resp;
  ASSERT_TRUE(db_->PutItem(p, &resp).ok());
  DeleteTableResponse dr;
  ASSERT_TRUE(db_->DeleteTable({"tbl"}, &dr).ok());
  Reopen();
  db_->WaitForBackgroundWork();
  ListTablesResponse l;
  ASSERT_TRUE(db_->ListTables({}, &l).ok());
  EXPECT_TRUE(l.table_names.empty());
}

}  // namespace
}  // namespace headlock::testing
