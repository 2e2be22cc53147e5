// The key-value store across process lifetimes: an Actor's state surviving
// a container migration, and records surviving a reopen on disk.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "headlock/queue/key_value_store.h"
#include "key_value_store_test_util.h"

namespace headlock::testing {
namespace {

// ------------------------------------------------------------------ migration

// An Actor persists its crawling state on `migrating`; the platform kills
// the container and starts the Actor again with the same storages; the new
// process reads the state back and resumes without redoing work.
TEST_F(KeyValueStoreTest, ActorStateSurvivesAContainerMigration) {
  std::vector<std::string> urls;
  for (int i = 0; i < 40; ++i) urls.push_back("https://example.com/page" + std::to_string(i));
  std::vector<std::string> processed_log;  // what was actually crawled, across both processes

  auto serialize = [](const std::vector<std::string>& done) {
    std::string s = "{\"processedUrls\":[";
    for (size_t i = 0; i < done.size(); ++i) s += (i ? ",\"" : "\"") + done[i] + "\"";
    return s + "]}";
  };
  auto parse = [](const std::string& s) {
    std::vector<std::string> done;
    for (size_t p = s.find('"', s.find('[')); p != std::string::npos && p < s.rfind(']');
         p = s.find('"', p + 1)) {
      size_t e = s.find('"', p + 1);
      done.push_back(s.substr(p + 1, e - p - 1));
      p = e;
    }
    return done;
  };
  // One Actor process: opens the default store, loads its state, crawls
  // until told to migrate (after `budget` pages), persisting periodically.
  auto run = [&](int budget) {
    auto service = OpenService();
    auto store = service->GetOrCreateStore("default");
    EXPECT_TRUE(store.ok());
    std::vector<std::string> done;
    auto saved = service->GetRecord(store->store.id, "my-crawling-state");
    if (saved.ok()) {
      EXPECT_EQ(saved->content_type, "application/json; charset=utf-8");
      done = parse(saved->value);
    } else {
      EXPECT_TRUE(IsNotFound(saved.status()));
    }
    for (const std::string& url : urls) {
      if (std::find(done.begin(), done.end(), url) != done.end()) continue;
      if (budget-- == 0) {
        // The `migrating` event: persist now, then the container is gone.
        EXPECT_TRUE(service
                        ->SetRecord(store->store.id, "my-crawling-state", serialize(done),
                                    "application/json; charset=utf-8")
                        .ok());
        return false;
      }
      processed_log.push_back(url);
      done.push_back(url);
      clock_.Advance(500);
      if (done.size() % 10 == 0) {  // persistState every few pages
        EXPECT_TRUE(service
                        ->SetRecord(store->store.id, "my-crawling-state", serialize(done),
                                    "application/json; charset=utf-8")
                        .ok());
      }
    }
    EXPECT_TRUE(service
                    ->SetRecord(store->store.id, "my-crawling-state", serialize(done),
                                "application/json; charset=utf-8")
                    .ok());
    return true;
  };
  service_.reset();
  EXPECT_FALSE(run(17));  // migrates after 17 pages (7 since the last periodic save)
  clock_.Advance(30'000);
  EXPECT_FALSE(run(9));  // and once more
  clock_.Advance(30'000);
  EXPECT_TRUE(run(1000));
  // Every page crawled exactly once: no duplicate work after either migration.
  EXPECT_EQ(processed_log, urls);
  service_ = OpenService();
  auto stores = service_->ListStores(StoresPage(0, kMaxListStoresLimit, false, true));
  ASSERT_TRUE(stores.ok());
  EXPECT_EQ(stores->total, 1);  // the same "default" store throughout
}

// ------------------------------------------------------------------ on disk

TEST(KeyValueStoreDiskTest, RecordsSurviveAReopen) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("headlock-kv-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ManualClock clock(kStart);
  Options options;
  options.clock = &clock;
  std::atomic<int> throttles{0};
  KeyValueStoreOptions kv_options = RetryOnClock(&clock, &throttles);
  const std::string big = Bytes(2 << 20, 'q');
  std::string id;
  {
    std::unique_ptr<Database> db;
    ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
    std::unique_ptr<KeyValueStoreService> kv;
    ASSERT_TRUE(KeyValueStoreService::Open(db.get(), kv_options, &kv).ok());
    auto store = kv->GetOrCreateStore("persisted");
    ASSERT_TRUE(store.ok());
    id = store->store.id;
    ASSERT_TRUE(kv->SetRecord(id, "STATE", "{\"page\":7}", "application/json").ok());
    ASSERT_TRUE(kv->SetRecord(id, "BIG", big, "application/octet-stream").ok());
    ASSERT_TRUE(kv->SetRecord(id, "GONE", "x", "text/plain").ok());
    ASSERT_TRUE(kv->DeleteRecord(id, "GONE").ok());
  }
  clock.Advance(60'000);
  {
    std::unique_ptr<Database> db;
    ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
    std::unique_ptr<KeyValueStoreService> kv;
    ASSERT_TRUE(KeyValueStoreService::Open(db.get(), kv_options, &kv).ok());  // tables exist
    auto store = kv->GetOrCreateStore("persisted");
    ASSERT_TRUE(store.ok());
    EXPECT_FALSE(store->created);
    EXPECT_EQ(store->store.id, id);
    auto state = kv->GetRecord("persisted", "STATE");
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->value, "{\"page\":7}");
    EXPECT_EQ(state->content_type, "application/json");
    auto got = kv->GetRecord(id, "BIG");
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(got->value == big);
    EXPECT_TRUE(IsNotFound(kv->GetRecord(id, "GONE").status()));
    auto keys = kv->ListKeys(id, {});
    ASSERT_TRUE(keys.ok());
    EXPECT_EQ(keys->count, 2);
    Status check = db->Check();
    EXPECT_TRUE(check.ok()) << check.ToString();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace headlock::testing
