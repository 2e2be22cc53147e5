// The key-value store: stores, records, key rules and listing order, the
// inline/blob switch at DynamoDB's 400 KB item limit, 9 MB records, no
// orphaned chunks, honest capacity, restart on disk, and an Actor's state
// surviving a container migration.
#include "headlock/queue/key_value_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "../ddb/ddb_test_util.h"
#include "headlock/value/item.h"

namespace headlock::testing {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

std::string Bytes(size_t n, char seed = 'a') {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + (i * 7 + i / 1000) % 26);
  return s;
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

  // A throttled call waits one second of the manual clock and tries again,
  // as an SDK's back-off would.
  KeyValueStoreOptions RetryingOptions() {
    KeyValueStoreOptions options;
    options.on_throttle = [this](const Status&, int attempt) {
      clock_.Advance(1000);
      return attempt < 100;
    };
    return options;
  }

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
};

// ListKeys options without designated initializers (GCC's
// -Wmissing-field-initializers flags those that leave members out).
ListKeysOptions Page(std::string exclusive_start_key, std::string prefix, int limit = 1000) {
  ListKeysOptions o;
  o.exclusive_start_key = std::move(exclusive_start_key);
  o.prefix = std::move(prefix);
  o.limit = limit;
  return o;
}
ListStoresOptions StoresPage(int64_t offset, int limit, bool desc, bool unnamed) {
  ListStoresOptions o;
  o.offset = offset;
  o.limit = limit;
  o.desc = desc;
  o.unnamed = unnamed;
  return o;
}

bool IsNotFound(const Status& s) { return s.code() == Status::Code::kResourceNotFoundException; }

// ------------------------------------------------------------------ stores

TEST_F(KeyValueStoreTest, GetOrCreateByNameReturnsTheSameStore) {
  auto first = service_->GetOrCreateStore("my-store");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  const KeyValueStoreInfo& s = first->store;
  ASSERT_EQ(s.id.size(), kStoreIdChars);
  for (char c : s.id) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << s.id;
  EXPECT_EQ(s.name, "my-store");
  EXPECT_EQ(s.created_at_ms, kStart);
  EXPECT_EQ(s.modified_at_ms, kStart);
  EXPECT_EQ(s.accessed_at_ms, kStart);

  clock_.Advance(5000);
  auto again = service_->GetOrCreateStore("my-store");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->store.id, s.id);
  EXPECT_EQ(again->store.created_at_ms, kStart);
  EXPECT_EQ(again->store.accessed_at_ms, kStart + 5000);

  for (const std::string& ref : {s.id, std::string("my-store"), std::string("~my-store")}) {
    auto got = service_->GetStore(ref);
    ASSERT_TRUE(got.ok()) << ref << ": " << got.status().ToString();
    EXPECT_EQ(got->id, s.id);
  }
  // Without a name: a new unnamed store every time.
  auto u1 = service_->GetOrCreateStore(std::nullopt);
  auto u2 = service_->GetOrCreateStore(std::nullopt);
  ASSERT_TRUE(u1.ok() && u2.ok());
  EXPECT_TRUE(u1->created && u2->created);
  EXPECT_NE(u1->store.id, u2->store.id);
  EXPECT_FALSE(u1->store.name.has_value());
}

TEST_F(KeyValueStoreTest, IdsAreDeterministicForASeedAndClock) {
  auto ids = [&](const std::string& prefix) {
    KeyValueStoreOptions options = RetryingOptions();
    options.table_prefix = prefix;
    options.id_seed = 42;
    auto service = OpenService(options);
    std::vector<std::string> out;
    for (int i = 0; i < 3; ++i) out.push_back(service->GetOrCreateStore(std::nullopt)->store.id);
    return out;
  };
  std::vector<std::string> a = ids("one"), b = ids("two");
  EXPECT_EQ(a, b);  // separate tables, same seed and time: same ids
  EXPECT_EQ(std::set<std::string>(a.begin(), a.end()).size(), 3u);
}

TEST_F(KeyValueStoreTest, ServicesWithTheSameSeedOnOneDatabaseDoNotCollide) {
  auto other = OpenService();  // same seed, same clock: draws the same ids
  std::string big1 = Bytes(500 * 1024, 'a'), big2 = Bytes(500 * 1024, 'k');
  std::string s1 = NewStore();
  ASSERT_TRUE(service_->SetRecord(s1, "STATE", big1, "application/json").ok());
  auto r2 = other->GetOrCreateStore(std::nullopt);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_NE(r2->store.id, s1);
  Status st = other->SetRecord(r2->store.id, "STATE", big2, "application/json");
  ASSERT_TRUE(st.ok()) << st.ToString();
  ExpectRecord(s1, "STATE", big1, "application/json");
  auto back = other->GetRecord(r2->store.id, "STATE");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->value == big2);
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, BadStoreNamesAreRejectedAndCreateNothing) {
  for (std::string bad : {std::string(""), std::string("-a"), std::string("a-"), std::string("a_b"),
                          std::string("a b"), std::string("caf\xc3\xa9"), std::string(64, 'a')}) {
    auto r = service_->GetOrCreateStore(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.status().IsValidation()) << r.status().ToString();
  }
  EXPECT_TRUE(service_->GetOrCreateStore(std::string(63, 'a')).ok());
  EXPECT_TRUE(service_->GetOrCreateStore("a-b-9").ok());
  auto list = service_->ListStores(StoresPage(0, kMaxListStoresLimit, false, true));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->total, 2);
}

TEST_F(KeyValueStoreTest, MissingStoresAreNotFound) {
  for (std::string ref : {std::string("nope"), std::string("~nope"), std::string(17, 'A'),
                          std::string("not a name")}) {
    auto r = service_->GetStore(ref);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(IsNotFound(r.status())) << ref << ": " << r.status().ToString();
    EXPECT_TRUE(IsNotFound(service_->SetRecord(ref, "k", "v", "text/plain")));
    EXPECT_TRUE(IsNotFound(service_->GetRecord(ref, "k").status()));
    EXPECT_TRUE(IsNotFound(service_->DeleteRecord(ref, "k")));
    EXPECT_TRUE(IsNotFound(service_->ListKeys(ref, {}).status()));
    EXPECT_TRUE(IsNotFound(service_->DeleteStore(ref)));
    EXPECT_TRUE(IsNotFound(service_->UpdateStore(ref, "x").status()));
  }
  EXPECT_TRUE(service_->GetStore("").status().IsValidation());
  EXPECT_TRUE(ScanAll(service_->records_table()).empty());
}

TEST_F(KeyValueStoreTest, RenameMovesTheNameAndRefusesATakenOne) {
  std::string id = NewStore("old-name");
  NewStore("taken");
  clock_.Advance(1000);
  auto renamed = service_->UpdateStore("old-name", "new-name");
  ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
  EXPECT_EQ(renamed->id, id);
  EXPECT_EQ(renamed->name, "new-name");
  EXPECT_EQ(renamed->modified_at_ms, kStart + 1000);
  EXPECT_TRUE(IsNotFound(service_->GetStore("old-name").status()));
  EXPECT_EQ(service_->GetStore("new-name")->id, id);

  auto clash = service_->UpdateStore(id, "taken");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), Status::Code::kResourceInUseException);
  EXPECT_EQ(service_->GetStore(id)->name, "new-name");  // unchanged
  EXPECT_TRUE(service_->UpdateStore(id, "bad_name").status().IsValidation());

  // Unnamed, then the freed name can be taken by a new store.
  auto unnamed = service_->UpdateStore(id, std::nullopt);
  ASSERT_TRUE(unnamed.ok());
  EXPECT_FALSE(unnamed->name.has_value());
  EXPECT_FALSE(service_->GetStore(id)->name.has_value());
  auto fresh = service_->GetOrCreateStore("new-name");
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->created);
  EXPECT_NE(fresh->store.id, id);
  // Same name again: only modifiedAt moves.
  auto same = service_->UpdateStore("taken", "taken");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->name, "taken");
  // Named again from unnamed.
  ASSERT_TRUE(service_->UpdateStore(id, "back-again").ok());
  EXPECT_EQ(service_->GetStore("back-again")->id, id);
  EXPECT_EQ(ScanAll(service_->names_table()).size(), 3u);  // taken, new-name, back-again
}

TEST_F(KeyValueStoreTest, DeleteStoreTakesItsRecordsAndChunks) {
  std::string id = NewStore("doomed");
  std::string keep = NewStore("kept");
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(service_->SetRecord(id, "k" + std::to_string(i), "v", "text/plain").ok());
  }
  ASSERT_TRUE(service_->SetRecord(id, "big", Bytes(1 << 20), "application/octet-stream").ok());
  ASSERT_TRUE(service_->SetRecord(keep, "big", Bytes(800 * 1024, 'b'), "text/plain").ok());
  ASSERT_TRUE(service_->SetRecord(keep, "small", "x", "text/plain").ok());
  ASSERT_TRUE(service_->DeleteStore("doomed").ok());
  EXPECT_TRUE(IsNotFound(service_->GetStore(id).status()));
  EXPECT_TRUE(IsNotFound(service_->GetStore("doomed").status()));
  EXPECT_TRUE(IsNotFound(service_->DeleteStore(id)));
  EXPECT_EQ(ScanAll(service_->records_table()).size(), 2u);  // the kept store's
  ExpectRecord(keep, "big", Bytes(800 * 1024, 'b'), "text/plain");
  ExpectNoOrphans();
  auto again = service_->GetOrCreateStore("doomed");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->created);
  EXPECT_TRUE(AllKeys(again->store.id).empty());
  // An unnamed store too.
  std::string unnamed = NewStore();
  ASSERT_TRUE(service_->SetRecord(unnamed, "a", "1", "text/plain").ok());
  ASSERT_TRUE(service_->DeleteStore(unnamed).ok());
  EXPECT_TRUE(IsNotFound(service_->GetStore(unnamed).status()));
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, ListStoresByCreationWithOffsetLimitDescAndUnnamed) {
  std::vector<std::string> named;
  for (int i = 0; i < 5; ++i) {
    named.push_back(NewStore("store-" + std::to_string(i)));
    NewStore();  // unnamed ones in between
    clock_.Advance(1000);
  }
  auto all = service_->ListStores({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 5);
  EXPECT_EQ(all->count, 5);
  EXPECT_EQ(all->limit, kMaxListStoresLimit);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(all->items[i].id, named[i]);

  auto page = service_->ListStores(StoresPage(1, 2, true, false));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->count, 2);
  EXPECT_TRUE(page->desc);
  EXPECT_EQ(page->items[0].id, named[3]);
  EXPECT_EQ(page->items[1].id, named[2]);

  auto with_unnamed = service_->ListStores(StoresPage(0, kMaxListStoresLimit, false, true));
  ASSERT_TRUE(with_unnamed.ok());
  EXPECT_EQ(with_unnamed->total, 10);
  auto past_end = service_->ListStores(StoresPage(50, kMaxListStoresLimit, false, false));
  ASSERT_TRUE(past_end.ok());
  EXPECT_EQ(past_end->count, 0);
  EXPECT_EQ(service_->ListStores(StoresPage(0, 5000, false, false))->limit, kMaxListStoresLimit);
  EXPECT_TRUE(service_->ListStores(StoresPage(0, 0, false, false)).status().IsValidation());
  EXPECT_TRUE(service_->ListStores(StoresPage(-1, kMaxListStoresLimit, false, false))
                  .status()
                  .IsValidation());
}

// ------------------------------------------------------------------ records

TEST_F(KeyValueStoreTest, SetGetExistsDeleteRecord) {
  std::string store = NewStore("records");
  clock_.Advance(1000);
  ASSERT_TRUE(
      service_->SetRecord(store, "STATE", "{\"a\":1}", "application/json; charset=utf-8").ok());
  ExpectRecord(store, "STATE", "{\"a\":1}", "application/json; charset=utf-8");
  EXPECT_EQ(service_->GetStore(store)->modified_at_ms, kStart + 1000);
  // By name too, and HEAD.
  ExpectRecord("records", "STATE", "{\"a\":1}", "application/json; charset=utf-8");
  EXPECT_TRUE(*service_->RecordExists(store, "STATE"));
  EXPECT_FALSE(*service_->RecordExists(store, "OTHER"));
  // Overwrite with another type; bytes are bytes (NULs included).
  std::string binary("\0\x01\xff\x80zz", 6);
  ASSERT_TRUE(service_->SetRecord(store, "STATE", binary, "").ok());
  ExpectRecord(store, "STATE", binary, "application/octet-stream");
  // Empty values are records too.
  ASSERT_TRUE(service_->SetRecord(store, "EMPTY", "", "text/plain").ok());
  ExpectRecord(store, "EMPTY", "", "text/plain");

  ASSERT_TRUE(service_->DeleteRecord(store, "STATE").ok());
  EXPECT_TRUE(IsNotFound(service_->GetRecord(store, "STATE").status()));
  EXPECT_TRUE(IsNotFound(service_->DeleteRecord(store, "STATE")));
  EXPECT_FALSE(*service_->RecordExists(store, "STATE"));
  EXPECT_EQ(AllKeys(store), std::vector<std::string>{"EMPTY"});
}

TEST_F(KeyValueStoreTest, KeyRulesFollowApify) {
  std::string store = NewStore();
  const std::string all_allowed = "abcXYZ019!-_.'()";
  ASSERT_TRUE(service_->SetRecord(store, all_allowed, "v", "text/plain").ok());
  ASSERT_TRUE(service_->SetRecord(store, std::string(256, 'k'), "v", "text/plain").ok());
  for (std::string bad : {std::string(""), std::string(257, 'k'), std::string("a/b"),
                          std::string("a b"), std::string("a?b"), std::string("caf\xc3\xa9"),
                          std::string("a\nb"), std::string("a*"), std::string("a\0b", 3)}) {
    Status set = service_->SetRecord(store, bad, "v", "text/plain");
    EXPECT_TRUE(set.IsValidation()) << "'" << bad << "': " << set.ToString();
    EXPECT_TRUE(service_->GetRecord(store, bad).status().IsValidation());
    EXPECT_TRUE(service_->DeleteRecord(store, bad).IsValidation());
    EXPECT_TRUE(service_->RecordExists(store, bad).status().IsValidation());
    EXPECT_TRUE(ValidateRecordKey(bad).IsValidation());
  }
  EXPECT_EQ(AllKeys(store).size(), 2u);  // nothing else was written
  // The Unicode option: any UTF-8 of up to 256 characters, no control characters.
  EXPECT_TRUE(ValidateRecordKey("caf\xc3\xa9", true).ok());
  EXPECT_TRUE(ValidateRecordKey("a/b c", true).ok());
  std::string emoji256;
  for (int i = 0; i < 256; ++i) emoji256 += "\xf0\x9f\x98\x80";
  EXPECT_TRUE(ValidateRecordKey(emoji256, true).ok());
  EXPECT_TRUE(ValidateRecordKey(emoji256 + "a", true).IsValidation());
  EXPECT_TRUE(ValidateRecordKey("\xc3", true).IsValidation());          // truncated
  EXPECT_TRUE(ValidateRecordKey("\xc0\xaf", true).IsValidation());      // overlong '/'
  EXPECT_TRUE(ValidateRecordKey("\xed\xa0\x80", true).IsValidation());  // a surrogate
  EXPECT_TRUE(ValidateRecordKey("a\tb", true).IsValidation());
}

TEST_F(KeyValueStoreTest, ContentTypeRules) {
  std::string store = NewStore();
  EXPECT_TRUE(service_->SetRecord(store, "k", "v", "text/plain\r\nX-Evil: 1").IsValidation());
  EXPECT_TRUE(service_->SetRecord(store, "k", "v", "text/pl\xc3\xa4in").IsValidation());
  EXPECT_TRUE(service_->SetRecord(store, "k", "v", std::string(1025, 'a')).IsValidation());
  EXPECT_TRUE(AllKeys(store).empty());
  ASSERT_TRUE(service_->SetRecord(store, "k", "v", std::string(1024, 'a')).ok());
  ExpectRecord(store, "k", "v", std::string(1024, 'a'));
}

TEST_F(KeyValueStoreTest, KeysListInUtf8ByteOrder) {
  std::string store = NewStore();
  // Bytes: ! 0x21 < ' 0x27 < ( < ) < - < . < 0 < A < Z < _ 0x5f < a < z.
  std::vector<std::string> keys = {"z", "a", "_", "Z", "A",  "0",  ".",  "-",
                                   ")", "(", "'", "!", "aa", "a0", "a_", "aZ"};
  for (const std::string& k : keys)
    ASSERT_TRUE(service_->SetRecord(store, k, k, "text/plain").ok());
  std::vector<std::string> want = {"!", "'", "(", ")",  "-",  ".",  "0",  "A",
                                   "Z", "_", "a", "a0", "aZ", "a_", "aa", "z"};
  EXPECT_EQ(AllKeys(store), want);

  // Non-ASCII keys (with the Unicode option) sort by UTF-8 bytes, which is
  // code-point order, not JavaScript's UTF-16 order: U+FFFD (EF BF BD)
  // before U+1F600 (F0 9F 98 80), although UTF-16 puts the emoji's
  // surrogate D83D first.
  KeyValueStoreOptions unicode = RetryingOptions();
  unicode.allow_unicode_keys = true;
  auto wide = OpenService(unicode);
  std::string ustore = wide->GetOrCreateStore("unicode")->store.id;
  std::vector<std::string> ukeys = {
      "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xc3\xa9",         "z", "Z",
      "e\xcc\x81",        "\xe4\xb8\xad", "\xc3\xa9t\xc3\xa9"};
  for (const std::string& k : ukeys) {
    Status st = wide->SetRecord(ustore, k, k, "text/plain");
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::vector<std::string> uwant = {"Z",
                                    "e\xcc\x81",
                                    "z",
                                    "\xc3\xa9",
                                    "\xc3\xa9t\xc3\xa9",
                                    "\xe4\xb8\xad",
                                    "\xef\xbf\xbd",
                                    "\xf0\x9f\x98\x80"};
  auto listed = wide->ListKeys(ustore, {});
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> got;
  for (const auto& item : listed->items) got.push_back(item.key);
  EXPECT_EQ(got, uwant);
  auto page = wide->ListKeys(ustore, Page("\xc3\xa9", "", 2));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->count, 2);
  EXPECT_EQ(page->items[0].key, "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(page->items[1].key, "\xe4\xb8\xad");
  // The default service refuses them.
  EXPECT_TRUE(service_->SetRecord(store, "\xc3\xa9", "v", "text/plain").IsValidation());
}

TEST_F(KeyValueStoreTest, ListKeysPaginatesWithPrefixStartKeyAndLimit) {
  std::string store = NewStore();
  for (int i = 0; i < 25; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "item-%02d", i);
    ASSERT_TRUE(service_->SetRecord(store, key, std::string(i, 'x'), "text/plain").ok());
  }
  ASSERT_TRUE(service_->SetRecord(store, "STATE", "s", "text/plain").ok());
  ASSERT_TRUE(service_->SetRecord(store, "zzz", Bytes(500 * 1024), "text/plain").ok());

  // Page through everything, as apify-client's iterator does.
  std::vector<std::string> seen;
  ListKeysOptions options = Page("", "", 10);
  int pages = 0;
  while (true) {
    auto page = service_->ListKeys(store, options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    EXPECT_EQ(page->limit, 10);
    EXPECT_EQ(page->count, static_cast<int64_t>(page->items.size()));
    EXPECT_EQ(page->exclusive_start_key.has_value(), pages > 1);
    for (const auto& item : page->items) seen.push_back(item.key);
    if (!page->is_truncated) {
      EXPECT_FALSE(page->next_exclusive_start_key.has_value());
      break;
    }
    ASSERT_TRUE(page->next_exclusive_start_key.has_value());
    EXPECT_EQ(*page->next_exclusive_start_key, page->items.back().key);
    options.exclusive_start_key = *page->next_exclusive_start_key;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 27u);
  EXPECT_EQ(seen.front(), "STATE");
  EXPECT_EQ(seen.back(), "zzz");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  // Exactly `limit` keys left: not truncated.
  auto exact = service_->ListKeys(store, Page("item-15", "", 10));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->count, 10);  // item-16..24 and zzz
  EXPECT_FALSE(exact->is_truncated);

  // Sizes: the value's bytes, large records included.
  auto sized = service_->ListKeys(store, Page("", "item-0", 3));
  ASSERT_TRUE(sized.ok());
  ASSERT_EQ(sized->count, 3);
  EXPECT_EQ(sized->items[2], (ListKeysResult::Item{"item-02", 2}));
  EXPECT_TRUE(sized->is_truncated);
  EXPECT_EQ(sized->next_exclusive_start_key, "item-02");
  auto big = service_->ListKeys(store, Page("", "zz"));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->items, (std::vector<ListKeysResult::Item>{{"zzz", 500 * 1024}}));

  // Prefix with a start key inside, before, and after its range.
  EXPECT_EQ(AllKeys(store, Page("item-21", "item-2")),
            (std::vector<std::string>{"item-22", "item-23", "item-24"}));
  EXPECT_EQ(AllKeys(store, Page("A", "item-1", 2)),
            (std::vector<std::string>{"item-10", "item-11"}));
  EXPECT_TRUE(AllKeys(store, Page("j", "item-")).empty());
  // A start key that is no record is a position all the same.
  EXPECT_EQ(AllKeys(store, Page("item-235", "")), (std::vector<std::string>{"item-24", "zzz"}));
  EXPECT_TRUE(AllKeys(store, Page("", "nothing")).empty());

  EXPECT_TRUE(service_->ListKeys(store, Page("", "", 0)).status().IsValidation());
  EXPECT_TRUE(service_->ListKeys(store, Page("", "", -5)).status().IsValidation());
  EXPECT_EQ(service_->ListKeys(store, Page("", "", 5000))->limit, kMaxListKeysLimit);
  EXPECT_TRUE(service_->ListKeys(store, Page("", std::string(1025, 'a'))).status().IsValidation());
  EXPECT_TRUE(service_->ListKeys(store, Page("\xff", "")).status().IsValidation());
}

TEST_F(KeyValueStoreTest, InlineUpTo400KBThenBlob) {
  std::string store = NewStore();
  const std::string ct = "application/octet-stream";
  // The pointer item of an inline record: storeId, key, contentType, size, value.
  auto inline_size = [&](size_t value_bytes) {
    Item item = {{"storeId", S(store)},
                 {"key", S("k")},
                 {"contentType", S(ct)},
                 {"size", N(static_cast<int64_t>(value_bytes))},
                 {"value", AttributeValue::B(std::string(value_bytes, 'x'))}};
    return ItemSizeBytes(item);
  };
  size_t max_inline = kMaxItemSizeBytes - inline_size(0);
  while (inline_size(max_inline) > kMaxItemSizeBytes) --max_inline;  // the size number grows
  ASSERT_EQ(inline_size(max_inline), kMaxItemSizeBytes);
  ASSERT_GT(inline_size(max_inline + 1), kMaxItemSizeBytes);

  ASSERT_TRUE(service_->SetRecord(store, "k", Bytes(max_inline), ct).ok());
  auto records = ScanAll(service_->records_table());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(ItemSizeBytes(records[0]), kMaxItemSizeBytes);  // exactly 400 KB, inline
  EXPECT_TRUE(records[0].contains("value"));
  EXPECT_EQ(ChunkCount(), 0u);
  ExpectRecord(store, "k", Bytes(max_inline), ct);

  clock_.Advance(1000);
  ASSERT_TRUE(service_->SetRecord(store, "k", Bytes(max_inline + 1), ct).ok());
  records = ScanAll(service_->records_table());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].contains("value"));
  EXPECT_EQ(ChunkCount(), 2u);  // 350 KiB + the rest
  ExpectRecord(store, "k", Bytes(max_inline + 1), ct);

  // A value of exactly 400 KB cannot be inline (the item has other attributes).
  ASSERT_TRUE(service_->SetRecord(store, "k400", Bytes(kMaxItemSizeBytes), ct).ok());
  ExpectRecord(store, "k400", Bytes(kMaxItemSizeBytes), ct);
  EXPECT_EQ(ChunkCount(), 4u);
  auto listed = service_->ListKeys(store, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items[0].size, static_cast<int64_t>(max_inline + 1));
  EXPECT_EQ(listed->items[1].size, static_cast<int64_t>(kMaxItemSizeBytes));
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, NineMegabytesAcceptedOneByteMoreRejected) {
  EXPECT_EQ(kMaxRecordBytes, 9437184u);  // MAX_PAYLOAD_SIZE_BYTES
  std::string store = NewStore();
  ASSERT_TRUE(service_->SetRecord(store, "small", "keep me", "text/plain").ok());
  const std::string nine = Bytes(kMaxRecordBytes, 'c');
  Status st = service_->SetRecord(store, "BIG", nine, "application/octet-stream");
  ASSERT_TRUE(st.ok()) << st.ToString();
  ExpectRecord(store, "BIG", nine, "application/octet-stream");
  EXPECT_EQ(ChunkCount(), (kMaxRecordBytes + kDefaultChunkBytes - 1) / kDefaultChunkBytes);

  const size_t chunks_before = ChunkCount();
  Status too_big = service_->SetRecord(store, "BIG", nine + "x", "application/octet-stream");
  EXPECT_TRUE(too_big.IsValidation()) << too_big.ToString();
  Status too_big_new = service_->SetRecord(store, "NEW", nine + "x", "text/plain");
  EXPECT_TRUE(too_big_new.IsValidation());
  EXPECT_EQ(ChunkCount(), chunks_before);
  ExpectRecord(store, "BIG", nine, "application/octet-stream");  // untouched
  EXPECT_TRUE(IsNotFound(service_->GetRecord(store, "NEW").status()));
  ExpectRecord(store, "small", "keep me", "text/plain");
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, OverwritesAndDeletesLeaveNoOrphanChunks) {
  std::string store = NewStore();
  struct Step {
    size_t bytes;
    char seed;
  } steps[] = {{100, 'a'},        {1 << 20, 'b'}, {10, 'c'},      {3 << 20, 'd'},
               {700 * 1024, 'e'}, {5, 'f'},       {2 << 20, 'g'}, {2 << 20, 'h'}};
  for (const Step& step : steps) {
    clock_.Advance(1000);
    ASSERT_TRUE(
        service_->SetRecord(store, "STATE", Bytes(step.bytes, step.seed), "text/plain").ok());
    ExpectRecord(store, "STATE", Bytes(step.bytes, step.seed), "text/plain");
    size_t want =
        step.bytes > 400 * 1024 ? (step.bytes + kDefaultChunkBytes - 1) / kDefaultChunkBytes : 0;
    EXPECT_EQ(ChunkCount(), want) << step.bytes;
    ExpectNoOrphans();
  }
  ASSERT_TRUE(service_->DeleteRecord(store, "STATE").ok());
  EXPECT_EQ(ChunkCount(), 0u);
  EXPECT_TRUE(ScanAll(service_->records_table()).empty());
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, WriteUnitsOfAOneMegabyteRecordAreItsChunkWrites) {
  std::string store = NewStore();
  clock_.Advance(1000);
  auto before = LoggedUnits();
  const std::string& ct = service_->chunks_table();
  const int64_t chunk_requests_before = LoggedRequests(ct);
  KeyValueCost cost;
  ASSERT_TRUE(
      service_->SetRecord(store, "BIG", Bytes(1 << 20), "application/octet-stream", &cost).ok());
  auto after = LoggedUnits();
  EXPECT_EQ(LoggedRequests(ct) - chunk_requests_before, 3);

  // Every chunk write was a PutItem charged on the chunk item's size.
  std::vector<Item> chunks = ScanAll(service_->chunks_table());
  ASSERT_EQ(chunks.size(), 3u);  // 350 + 350 + 324 KiB
  int64_t chunk_half_units = 0;
  for (const Item& chunk : chunks) chunk_half_units += WriteHalfUnits(ItemSizeBytes(chunk));
  EXPECT_EQ(after[ct].write - before[ct].write, chunk_half_units);
  EXPECT_GT(chunk_half_units, 2 * 1024);  // more than 1,024 units: a megabyte and its keys

  // The pointer item and the store's modifiedAt are one unit each; the
  // call's own account matches the log, table by table.
  const std::string& rt = service_->records_table();
  const std::string& st = service_->stores_table();
  EXPECT_EQ(after[rt].write - before[rt].write, 2);
  EXPECT_EQ(after[st].write - before[st].write, 2);
  EXPECT_EQ(cost.units.write, chunk_half_units + 2 + 2);
  int64_t logged_reads = 0;
  for (auto& [table, units] : after) logged_reads += units.read - before[table].read;
  EXPECT_EQ(cost.units.read, logged_reads);
  EXPECT_EQ(cost.requests, 3 + 1 + 1 + 1);  // chunks, pointer, touch, store lookup

  // Reading it back: three strongly consistent chunk reads plus pointer and store.
  KeyValueCost read_cost;
  ASSERT_TRUE(service_->GetRecord(store, "BIG", &read_cost).ok());
  int64_t chunk_reads = 0;
  for (const Item& chunk : chunks) chunk_reads += ReadHalfUnits(ItemSizeBytes(chunk), true);
  EXPECT_EQ(read_cost.units.write, 0);  // accessedAt is fresh: no touch
  EXPECT_EQ(read_cost.units.read, chunk_reads + 2 + 2);
}

TEST_F(KeyValueStoreTest, ThrottledLargeWriteKeepsTheOldRecordAndSweepCleansUp) {
  // No retries: the 9 MB write needs ~9,300 write units in one second of a
  // fresh on-demand table, which takes 4,000.
  auto strict = OpenService(KeyValueStoreOptions{});
  std::string store = strict->GetOrCreateStore("s")->store.id;
  ASSERT_TRUE(strict->SetRecord(store, "STATE", "old", "text/plain").ok());
  Status st = strict->SetRecord(store, "STATE", Bytes(kMaxRecordBytes), "text/plain");
  ASSERT_EQ(st.code(), Status::Code::kThrottlingException) << st.ToString();
  clock_.Advance(1000);
  auto old = strict->GetRecord(store, "STATE");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->value, "old");
  // The chunks it wrote could not all be taken back in the throttled
  // second; the sweep reclaims them once they are old enough.
  size_t left = ChunkCount();
  auto young = strict->SweepOrphanChunks(3600'000);
  ASSERT_TRUE(young.ok());
  EXPECT_EQ(*young, 0);
  EXPECT_EQ(ChunkCount(), left);
  clock_.Advance(3600'000);
  auto swept = strict->SweepOrphanChunks(3600'000);
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  EXPECT_EQ(*swept, static_cast<int64_t>(left));
  EXPECT_EQ(ChunkCount(), 0u);
  ExpectNoOrphans();
}

TEST_F(KeyValueStoreTest, SweepKeepsChunksThatRecordsPointTo) {
  std::string store = NewStore();
  ASSERT_TRUE(service_->SetRecord(store, "a", Bytes(1 << 20), "text/plain").ok());
  ASSERT_TRUE(service_->SetRecord(store, "b", Bytes(500 * 1024), "text/plain").ok());
  clock_.Advance(7200'000);
  auto swept = service_->SweepOrphanChunks(0);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 0);
  EXPECT_EQ(ChunkCount(), 5u);
  ExpectRecord(store, "a", Bytes(1 << 20), "text/plain");
}

TEST_F(KeyValueStoreTest, ReadsUpdateAccessedAtAtMostOncePerResolution) {
  std::string store = NewStore("acc");
  ASSERT_TRUE(service_->SetRecord(store, "k", "v", "text/plain").ok());
  clock_.Advance(30'000);
  KeyValueCost cost;
  ASSERT_TRUE(service_->GetRecord(store, "k", &cost).ok());
  EXPECT_EQ(cost.units.write, 0);
  EXPECT_EQ(service_->GetStore(store)->accessed_at_ms, kStart);
  clock_.Advance(30'000);
  cost = {};
  ASSERT_TRUE(service_->GetRecord(store, "k", &cost).ok());
  EXPECT_EQ(cost.units.write, 2);  // one UpdateItem of the store item
  auto info = service_->GetStore(store);
  EXPECT_EQ(info->accessed_at_ms, kStart + 60'000);
  EXPECT_EQ(info->modified_at_ms, kStart);
}

TEST_F(KeyValueStoreTest, BadOptionsAreRejected) {
  std::unique_ptr<KeyValueStoreService> s;
  KeyValueStoreOptions options;
  options.chunk_bytes = 0;
  EXPECT_TRUE(KeyValueStoreService::Open(db_.get(), options, &s).IsValidation());
  options.chunk_bytes = kMaxChunkBytes + 1;
  EXPECT_TRUE(KeyValueStoreService::Open(db_.get(), options, &s).IsValidation());
  options.chunk_bytes = 1000;  // small chunks work too
  options.table_prefix = "tiny";
  ASSERT_TRUE(KeyValueStoreService::Open(db_.get(), options, &s).ok());
  std::string store = s->GetOrCreateStore(std::nullopt)->store.id;
  std::string value = Bytes(450 * 1024);
  ASSERT_TRUE(s->SetRecord(store, "k", value, "text/plain").ok());
  EXPECT_EQ(ScanAll(s->chunks_table()).size(), (value.size() + 999) / 1000);
  EXPECT_TRUE(s->GetRecord(store, "k")->value == value);
}

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
  KeyValueStoreOptions kv_options;
  kv_options.on_throttle = [&](const Status&, int attempt) {
    clock.Advance(1000);
    return attempt < 100;
  };
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
