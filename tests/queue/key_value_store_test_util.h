// The key-value store tests' fixture: an in-memory database on a manual
// clock, a service whose throttled calls wait one clock second and retry,
// and helpers that look at the service's tables directly.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../ddb/ddb_test_util.h"
#include "headlock/queue/key_value_store.h"
#include "headlock/value/item.h"

namespace headlock::testing {

inline constexpr int64_t kStart = 1'700'000'000'000;

inline std::string Bytes(size_t n, char seed = 'a') {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + (i * 7 + i / 1000) % 26);
  return s;
}

// Options whose throttled calls wait one second of `clock` and try again,
// as an SDK's back-off would, counting the waits in `throttles`.
inline KeyValueStoreOptions RetryOnClock(ManualClock* clock, std::atomic<int>* throttles) {
  KeyValueStoreOptions options;
  options.on_throttle = [clock, throttles](const Status&, int attempt) {
    throttles->fetch_add(1);
    clock->Advance(1000);
    return attempt < 100;
  };
  return options;
}

class KeyValueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.clock = &clock_;
    ASSERT_TRUE(Database::Open(options, "/mem/kv-" + TestName(), &db_).ok());
    service_ = OpenService();
  }

  static std::string TestName() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  KeyValueStoreOptions RetryingOptions() { return RetryOnClock(&clock_, &throttles_); }

  std::unique_ptr<KeyValueStoreService> OpenService() { return OpenService(RetryingOptions()); }
  std::unique_ptr<KeyValueStoreService> OpenService(KeyValueStoreOptions options) {
    std::unique_ptr<KeyValueStoreService> s;
    Status st = KeyValueStoreService::Open(db_.get(), std::move(options), &s);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return s;
  }

  std::string NewStore(const std::string& name = "") {
    auto r =
        service_->GetOrCreateStore(name.empty() ? std::nullopt : std::optional<std::string>(name));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->store.id : std::string();
  }

  std::vector<Item> ScanAll(const std::string& table) {
    std::vector<Item> out;
    ScanRequest request;
    request.table_name = table;
    while (true) {
      ScanResponse response;
      Status s = db_->Scan(request, &response);
      EXPECT_TRUE(s.ok()) << s.ToString();
      if (!s.ok()) break;
      for (Item& item : response.items) out.push_back(std::move(item));
      if (!response.last_evaluated_key) break;
      request.exclusive_start_key = response.last_evaluated_key;
    }
    return out;
  }
  size_t ChunkCount() { return ScanAll(service_->chunks_table()).size(); }

  // Every chunk belongs to the blob its record points to, and every blob
  // is complete: nothing orphaned, nothing missing. Also the engine's check.
  void ExpectNoOrphans() {
    std::map<std::string, int64_t> blobs;  // blobId -> chunkCount
    for (const Item& r : ScanAll(service_->records_table())) {
      if (r.contains("blobId")) {
        int64_t n = 0;
        ASSERT_TRUE(r.at("chunkCount").n().ToInt64(&n));
        blobs[r.at("blobId").s()] = n;
      }
    }
    std::map<std::string, int64_t> found;
    for (const Item& c : ScanAll(service_->chunks_table())) ++found[c.at("blobId").s()];
    EXPECT_EQ(found, blobs);
    std::vector<std::string> problems;
    Status s = db_->Check(&problems);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }

  void ExpectRecord(const std::string& store, const std::string& key, const std::string& value,
                    const std::string& content_type) {
    auto r = service_->GetRecord(store, key);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->key, key);
    EXPECT_EQ(r->content_type, content_type);
    EXPECT_EQ(r->value.size(), value.size());
    EXPECT_TRUE(r->value == value);
  }

  std::vector<std::string> AllKeys(const std::string& store, ListKeysOptions options = {}) {
    std::vector<std::string> keys;
    auto r = service_->ListKeys(store, options);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const auto& item : r->items) keys.push_back(item.key);
    }
    return keys;
  }

  // Units per table (all indexes included) from the database's capacity log.
  std::map<std::string, CapacityHalfUnits> LoggedUnits() {
    std::map<std::string, CapacityHalfUnits> out;
    for (const CapacityLog::Row& row : db_->capacity_log().Totals())
      out[row.table_name] += row.units;
    return out;
  }
  int64_t LoggedRequests(const std::string& table) {
    int64_t n = 0;
    for (const CapacityLog::Row& row : db_->capacity_log().Totals()) {
      if (row.table_name == table && row.index_name.empty()) n += row.requests;
    }
    return n;
  }

  ManualClock clock_{kStart};
  std::unique_ptr<Database> db_;
  std::unique_ptr<KeyValueStoreService> service_;
  std::atomic<int> throttles_{0};  // calls the retrying options waited for
};

// ListKeys options without designated initializers (GCC's
// -Wmissing-field-initializers flags those that leave members out).
inline ListKeysOptions Page(std::string exclusive_start_key, std::string prefix, int limit = 1000) {
  ListKeysOptions o;
  o.exclusive_start_key = std::move(exclusive_start_key);
  o.prefix = std::move(prefix);
  o.limit = limit;
  return o;
}
inline ListStoresOptions StoresPage(int64_t offset, int limit, bool desc, bool unnamed) {
  ListStoresOptions o;
  o.offset = offset;
  o.limit = limit;
  o.desc = desc;
  o.unnamed = unnamed;
  return o;
}

inline bool IsNotFound(const Status& s) { return s.code() == Status::Code::kRecordNotFound; }
inline bool IsInvalid(const Status& s) { return s.code() == Status::Code::kInvalidInput; }
inline bool IsBadKey(const Status& s) { return s.code() == Status::Code::kInvalidRecordKey; }

}  // namespace headlock::testing
