// Control-plane races, made deterministic with a clock that blocks the first
// caller after it is armed.
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <thread>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

class BlockingClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    std::unique_lock<std::mutex> lock(mu_);
    if (armed_) {
      armed_ = false;
      blocked_ = true;
      cv_.notify_all();
      cv_.wait(lock, [this] { return released_; });
    }
    return 1700000000000;
  }
  void Arm() {
    std::lock_guard<std::mutex> lock(mu_);
    armed_ = true;
    released_ = false;
    blocked_ = false;
  }
  void WaitBlocked() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return blocked_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable bool armed_ = false, blocked_ = false;
  bool released_ = false;
};

TEST(ControlPlaneRaceTest, UpdateTableRacingDeleteAndRecreateKeepsTheNewTable) {
  auto dir = std::filesystem::temp_directory_path() /
             ("headlock_race_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  BlockingClock clock;
  Options options;
  options.clock = &clock;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
  CreateTableResponse cr;
  ASSERT_TRUE(db->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());

  clock.Arm();
  Status update_status;
  std::thread updater([&] {
    UpdateTableRequest u;
    u.table_name = "tbl";
    u.on_demand_throughput = OnDemandThroughput{100, 100};
    UpdateTableResponse ur;
    update_status = db->UpdateTable(u, &ur);
  });
  clock.WaitBlocked();  // the update has started and waits on the clock
  DeleteTableResponse dr;
  ASSERT_TRUE(db->DeleteTable({"tbl"}, &dr).ok());
  db->WaitForBackgroundWork();
  ASSERT_TRUE(db->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());
  PutItemRequest p;
  p.table_name = "tbl";
  p.item = {{"pk", S("new")}};
  PutItemResponse pr;
  ASSERT_TRUE(db->PutItem(p, &pr).ok());
  clock.Release();
  updater.join();
  EXPECT_TRUE(update_status.ok()) << update_status.ToString();

  db.reset();
  ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
  GetItemRequest g;
  g.table_name = "tbl";
  g.key = {{"pk", S("new")}};
  GetItemResponse gr;
  ASSERT_TRUE(db->GetItem(g, &gr).ok());
  EXPECT_TRUE(gr.item.has_value()) << "the catalog points at the deleted table";
  DescribeTableResponse d;
  ASSERT_TRUE(db->DescribeTable({"tbl"}, &d).ok());
  EXPECT_EQ(d.table.definition.on_demand_throughput.max_read_request_units, 100);
  db.reset();
  std::filesystem::remove_all(dir);
}

TEST(ControlPlaneRaceTest, AWriteBlockedAcrossDeleteTableIsRefusedOrLandsBeforeIt) {
  BlockingClock clock;
  Options options;
  options.in_memory = true;
  options.clock = &clock;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(options, "/mem/race2", &db).ok());
  CreateTableResponse cr;
  ASSERT_TRUE(db->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());
  clock.Arm();
  Status put_status;
  std::thread writer([&] {
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("late")}};
    PutItemResponse pr;
    put_status = db->PutItem(p, &pr);  // blocks in the clock while admitting its capacity
  });
  clock.WaitBlocked();
  Status delete_status;
  std::thread deleter([&] {
    DeleteTableResponse dr;
    delete_status = db->DeleteTable({"tbl"}, &dr);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let DeleteTable wait
  clock.Release();
  writer.join();
  deleter.join();
  ASSERT_TRUE(delete_status.ok());
  // The write held the table's drop lock, so it committed before the delete
  // scheduled reclamation, and the reclaimer removes it: nothing is orphaned.
  EXPECT_TRUE(put_status.ok()) << put_status.ToString();
  db->WaitForBackgroundWork();
  ASSERT_TRUE(db->CreateTable(MakeTable("tbl", HashKey("pk")), &cr).ok());
  ScanRequest s;
  s.table_name = "tbl";
  ScanResponse sr;
  ASSERT_TRUE(db->Scan(s, &sr).ok());
  EXPECT_EQ(sr.count, 0);
}

}  // namespace
}  // namespace headlock::testing
