// The key-value store's stores and records: get-or-create, rename, delete,
// list; set/get/delete, key and content-type rules, listing keys in UTF-8
// byte order with prefix, exclusiveStartKey and limit.
#include "headlock/queue/key_value_store.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "key_value_store_test_util.h"

namespace headlock::testing {
namespace {

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

  for (const std::string& ref :
       {s.id, std::string("my-store"), std::string("~my-store"), std::string("janedoe~my-store")}) {
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
    EXPECT_TRUE(IsInvalid(r.status())) << r.status().ToString();
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
  EXPECT_TRUE(IsInvalid(service_->GetStore("").status()));
  EXPECT_EQ(service_->GetStore("nope").status().ErrorName(), "record-not-found");
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
  EXPECT_TRUE(IsInvalid(clash.status())) << clash.status().ToString();
  EXPECT_EQ(service_->GetStore(id)->name, "new-name");  // unchanged
  EXPECT_TRUE(IsInvalid(service_->UpdateStore(id, "bad_name").status()));

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
  EXPECT_TRUE(IsInvalid(service_->ListStores(StoresPage(0, 0, false, false)).status()));
  EXPECT_TRUE(IsInvalid(service_->ListStores(StoresPage(-1, 10, false, false)).status()));
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
    EXPECT_TRUE(IsBadKey(set)) << "'" << bad << "': " << set.ToString();
    EXPECT_TRUE(IsBadKey(service_->GetRecord(store, bad).status()));
    EXPECT_TRUE(IsBadKey(service_->DeleteRecord(store, bad)));
    EXPECT_TRUE(IsBadKey(service_->RecordExists(store, bad).status()));
    EXPECT_TRUE(IsBadKey(ValidateRecordKey(bad)));
  }
  EXPECT_EQ(AllKeys(store).size(), 2u);  // nothing else was written
  // The Unicode option: any UTF-8 of up to 256 characters, no control characters.
  EXPECT_TRUE(ValidateRecordKey("caf\xc3\xa9", true).ok());
  EXPECT_TRUE(ValidateRecordKey("a/b c", true).ok());
  std::string emoji256;
  for (int i = 0; i < 256; ++i) emoji256 += "\xf0\x9f\x98\x80";
  EXPECT_TRUE(ValidateRecordKey(emoji256, true).ok());
  EXPECT_EQ(ValidateRecordKey("a/b").ErrorName(), "invalid-record-key");  // Apify's type
  EXPECT_TRUE(IsBadKey(ValidateRecordKey(emoji256 + "a", true)));
  EXPECT_TRUE(IsBadKey(ValidateRecordKey("\xc3", true)));          // truncated
  EXPECT_TRUE(IsBadKey(ValidateRecordKey("\xc0\xaf", true)));      // overlong '/'
  EXPECT_TRUE(IsBadKey(ValidateRecordKey("\xed\xa0\x80", true)));  // a surrogate
  EXPECT_TRUE(IsBadKey(ValidateRecordKey("a\tb", true)));
}

TEST_F(KeyValueStoreTest, ContentTypeRules) {
  std::string store = NewStore();
  EXPECT_TRUE(IsInvalid(service_->SetRecord(store, "k", "v", "text/plain\r\nX-Evil: 1")));
  EXPECT_TRUE(IsInvalid(service_->SetRecord(store, "k", "v", "text/pl\xc3\xa4in")));
  EXPECT_TRUE(IsInvalid(service_->SetRecord(store, "k", "v", std::string(1025, 'a'))));
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
  EXPECT_TRUE(IsBadKey(service_->SetRecord(store, "\xc3\xa9", "v", "text/plain")));
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

  EXPECT_TRUE(IsInvalid(service_->ListKeys(store, Page("", "", 0)).status()));
  EXPECT_TRUE(IsInvalid(service_->ListKeys(store, Page("", "", -5)).status()));
  EXPECT_EQ(service_->ListKeys(store, Page("", "", 5000))->limit, kMaxListKeysLimit);
  EXPECT_TRUE(IsInvalid(service_->ListKeys(store, Page("", std::string(1025, 'a'))).status()));
  EXPECT_TRUE(IsInvalid(service_->ListKeys(store, Page("\xff", "")).status()));
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
  EXPECT_TRUE(IsInvalid(KeyValueStoreService::Open(db_.get(), options, &s)));
  options.chunk_bytes = kMaxChunkBytes + 1;
  EXPECT_TRUE(IsInvalid(KeyValueStoreService::Open(db_.get(), options, &s)));
  options.chunk_bytes = 1000;  // small chunks work too
  options.table_prefix = "tiny";
  ASSERT_TRUE(KeyValueStoreService::Open(db_.get(), options, &s).ok());
  std::string store = s->GetOrCreateStore(std::nullopt)->store.id;
  std::string value = Bytes(450 * 1024);
  ASSERT_TRUE(s->SetRecord(store, "k", value, "text/plain").ok());
  EXPECT_EQ(ScanAll(s->chunks_table()).size(), (value.size() + 999) / 1000);
  EXPECT_TRUE(s->GetRecord(store, "k")->value == value);
}

}  // namespace
}  // namespace headlock::testing
