// Database::Check finds what it must: a missing index entry, a stale one,
// statistics that disagree, and data outside every table. The damage is done
// with raw LevelDB on a closed database, as a bug or a bad disk would.
#include <gtest/gtest.h>
#include <leveldb/db.h>

#include <filesystem>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("headlock_check_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    Open();
    CreateTableResponse cr;
    ASSERT_TRUE(db_->CreateTable(MakeTable("tbl", HashKey("pk"), {MakeIndex("byG", HashKey("g"))}), &cr).ok());
    for (int i = 0; i < 10; ++i) {
      PutItemRequest p;
      p.table_name = "tbl";
      p.item = {{"pk", S("k" + std::to_string(i))}, {"g", S("x")}};
      PutItemResponse resp;
      ASSERT_TRUE(db_->PutItem(p, &resp).ok());
    }
    ASSERT_TRUE(db_->Check().ok());
    db_.reset();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    Options options;
    ASSERT_TRUE(Database::Open(options, dir_.string(), &db_).ok());
  }
  // Applies `damage` to the raw LevelDB of the closed database.
  void Damage(const std::function<void(leveldb::DB*)>& damage) {
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir_.string(), &raw).ok());
    damage(raw);
    delete raw;
  }
  std::vector<std::string> Problems() {
    Open();
    std::vector<std::string> problems;
    EXPECT_FALSE(db_->Check(&problems).ok());
    return problems;
  }
  static bool Mentions(const std::vector<std::string>& problems, std::string_view what) {
    for (const auto& p : problems) {
      if (p.find(what) != std::string::npos) return true;
    }
    return false;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(CheckTest, MissingIndexEntryIsFound) {
  Damage([](leveldb::DB* raw) {
    std::unique_ptr<leveldb::Iterator> it(raw->NewIterator(leveldb::ReadOptions()));
    it->Seek("X");
    ASSERT_TRUE(it->Valid() && it->key()[0] == 'X');
    ASSERT_TRUE(raw->Delete(leveldb::WriteOptions(), it->key()).ok());
  });
  auto problems = Problems();
  EXPECT_TRUE(Mentions(problems, "indexable item has no entry"));
}

TEST_F(CheckTest, IndexEntryWithoutItemAndWrongStatisticsAreFound) {
  Damage([](leveldb::DB* raw) {
    std::unique_ptr<leveldb::Iterator> it(raw->NewIterator(leveldb::ReadOptions()));
    it->Seek("I");
    ASSERT_TRUE(it->Valid() && it->key()[0] == 'I');
    ASSERT_TRUE(raw->Delete(leveldb::WriteOptions(), it->key()).ok());
  });
  auto problems = Problems();
  EXPECT_TRUE(Mentions(problems, "entry without an item"));
  EXPECT_TRUE(Mentions(problems, "statistics say"));
}

TEST_F(CheckTest, OrphanedDataIsFound) {
  Damage([](leveldb::DB* raw) {
    ASSERT_TRUE(raw->Put(leveldb::WriteOptions(), std::string("I\0\0\0\x63zz", 7), "x").ok());
  });
  auto problems = Problems();
  EXPECT_TRUE(Mentions(problems, "orphaned items under id 99"));
}

}  // namespace
}  // namespace headlock::testing
