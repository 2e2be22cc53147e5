#include "ddb/hinted_iterator.h"

#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/helpers/memenv.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ddb/keys.h"
#include "headlock/splitmix64.h"

namespace headlock::ddb {
namespace {

// Keys of two partitions, "a/" and "b/", in one in-memory LevelDB. Every
// read runs twice, through a HintedIterator with hints and through one
// without, and must yield the same entries.
class HintedIteratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
    leveldb::Options options;
    options.create_if_missing = true;
    options.env = env_.get();
    leveldb::DB* db = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(options, "/hinted", &db).ok());
    db_.reset(db);
  }

  void Put(const std::string& partition, const std::string& rest) {
    ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), partition + rest, "v").ok());
    hints_.NoteInsert(partition, partition + rest);  // after the commit, as writers do
  }
  void Delete(const std::string& partition, const std::string& rest) {
    ASSERT_TRUE(db_->Delete(leveldb::WriteOptions(), partition + rest).ok());
  }

  // Up to `limit` keys of `partition` from `start` on, forward.
  std::vector<std::string> Read(HeadHints* hints, const std::string& partition,
                                const std::string& start, size_t limit = 1000) {
    HintedIterator it(db_.get(), hints, partition);
    std::vector<std::string> keys;
    const std::string end = PrefixSuccessor(partition);
    for (it.Seek(start); it.Valid() && keys.size() < limit; it.Next()) {
      if (it.key().ToString() >= end) break;
      keys.push_back(it.key().ToString());
    }
    EXPECT_TRUE(it.status().ok());
    it.RecordLearned();
    return keys;
  }

  std::vector<std::string> ReadBoth(const std::string& partition, const std::string& start,
                                    size_t limit = 1000) {
    std::vector<std::string> plain = Read(nullptr, partition, start, limit);
    std::vector<std::string> hinted = Read(&hints_, partition, start, limit);
    EXPECT_EQ(hinted, plain) << "from " << start;
    return hinted;
  }

  std::unique_ptr<leveldb::Env> env_;
  std::unique_ptr<leveldb::DB> db_;
  HeadHints hints_;
};

TEST_F(HintedIteratorTest, FirstReadLearnsTheGapAtTheHead) {
  for (const char* k : {"1", "2", "3"}) Put("a/", k);
  Put("b/", "1");
  EXPECT_FALSE(hints_.Lookup("a/").valid);
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/1", "a/2", "a/3"}));
  HeadHints::Gap gap = hints_.Lookup("a/");
  ASSERT_TRUE(gap.valid);
  EXPECT_TRUE(gap.from_start);
  EXPECT_EQ(gap.low, "a/1");
  // It stepped from a/3 into b/: a/3 is the partition's last live entry.
  EXPECT_TRUE(gap.IsLast("a/3"));
}

TEST_F(HintedIteratorTest, JumpsOverHandledRequestsAndRaisesTheGap) {
  for (int i = 10; i < 60; ++i) Put("a/", std::to_string(i));
  ReadBoth("a/", "a/", 1);                                        // learns the gap below a/10
  for (int i = 10; i < 50; ++i) Delete("a/", std::to_string(i));  // handled: tombstones
  EXPECT_EQ(ReadBoth("a/", "a/", 2), (std::vector<std::string>{"a/50", "a/51"}));
  // The jump learned where the first live entry after the gap is.
  EXPECT_EQ(hints_.Lookup("a/").low, "a/50");
}

TEST_F(HintedIteratorTest, NextFromTheLiveEntryBeforeTheGapJumps) {
  for (const char* k : {"1", "2", "3", "4", "5"}) Put("a/", k);
  ReadBoth("a/", "a/2", 1);  // gap (a/1, a/2)
  HeadHints::Gap gap = hints_.Lookup("a/");
  ASSERT_TRUE(gap.valid);
  ASSERT_FALSE(gap.from_start);
  EXPECT_EQ(gap.below, "a/1");
  Delete("a/", "2");
  Delete("a/", "3");
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/1", "a/4", "a/5"}));
  EXPECT_EQ(hints_.Lookup("a/").low, "a/4");
}

TEST_F(HintedIteratorTest, AnInsertIntoTheGapIsSeen) {
  for (const char* k : {"5", "6"}) Put("a/", k);
  ReadBoth("a/", "a/");  // gap from the start up to a/5
  Put("a/", "1");        // e.g. a request put in front of the queue
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/1", "a/5", "a/6"}));
}

TEST_F(HintedIteratorTest, StopsAtTheLastLiveEntryAndSeesAnAppend) {
  for (const char* k : {"1", "2"}) Put("a/", k);
  Put("b/", "1");
  ReadBoth("a/", "a/");
  ASSERT_TRUE(hints_.Lookup("a/").IsLast("a/2"));
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/1", "a/2"}));
  Put("a/", "3");  // appended after the last live entry: it becomes the last
  EXPECT_TRUE(hints_.Lookup("a/").IsLast("a/3"));
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/1", "a/2", "a/3"}));
}

TEST_F(HintedIteratorTest, AGapToThePartitionsEndNeedsNoSeek) {
  Put("a/", "1");
  Put("b/", "1");
  ReadBoth("a/", "a/");
  Delete("a/", "1");
  EXPECT_TRUE(ReadBoth("a/", "a/").empty());  // the jump finds the partition's end
  EXPECT_TRUE(ReadBoth("a/", "a/").empty());  // and the gap now runs to it
  EXPECT_EQ(hints_.Lookup("a/").low, PrefixSuccessor("a/"));
  Put("a/", "2");
  EXPECT_EQ(ReadBoth("a/", "a/"), (std::vector<std::string>{"a/2"}));
}

TEST_F(HintedIteratorTest, BackwardReadsWithoutHints) {
  for (const char* k : {"1", "2", "3"}) Put("a/", k);
  HintedIterator it(db_.get(), nullptr, "a/");
  std::vector<std::string> keys;
  for (it.SeekBefore("a/3"); it.Valid() && it.key().starts_with("a/"); it.Prev()) {
    keys.push_back(it.key().ToString());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"a/2", "a/1"}));
}

// A queue's life at random: appends, front inserts, handled requests taken
// from the head, reads from the head and from the middle. Hinted and plain
// reads must agree after every step.
TEST_F(HintedIteratorTest, RandomQueueAgreesWithAPlainIterator) {
  uint64_t rng = 20261102;
  std::map<std::string, bool> live;
  int next = 1000;
  auto key = [](int n) { return std::to_string(n); };
  for (int step = 0; step < 3000; ++step) {
    const uint64_t r = SplitMix64(&rng) % 10;
    if (r < 4) {
      Put("a/", key(next));
      live[key(next++)] = true;
    } else if (r == 4) {
      const int front = static_cast<int>(SplitMix64(&rng) % 1000);
      Put("a/", key(front));
      live[key(front)] = true;
    } else if (r < 8 && !live.empty()) {
      Delete("a/", live.begin()->first);  // handle the head
      live.erase(live.begin());
    } else if (r == 8) {
      ReadBoth("a/", "a/", 1 + SplitMix64(&rng) % 5);
    } else {
      ReadBoth("a/", "a/" + key(static_cast<int>(SplitMix64(&rng) % (next + 1))));
    }
    if (step % 500 == 0) Put("b/", key(step));  // a neighbouring partition
  }
  std::vector<std::string> all = ReadBoth("a/", "a/");
  EXPECT_EQ(all.size(), live.size());
}

}  // namespace
}  // namespace headlock::ddb
