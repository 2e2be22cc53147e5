// The key-value store's blob area: the inline/blob switch at DynamoDB's
// 400 KB item limit, 9 MB records, no orphaned chunks after overwrites,
// capacity charged chunk by chunk, throttling and the orphan sweep, and
// readers that never see a partial record.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "headlock/queue/key_value_store.h"
#include "key_value_store_test_util.h"

namespace headlock::testing {
namespace {

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
  // ~9,300 write units in a fresh on-demand table that takes 4,000 a
  // second: throttled, and retried after the clock moved, as a client would.
  EXPECT_GE(throttles_.load(), 2);
  ExpectRecord(store, "BIG", nine, "application/octet-stream");
  EXPECT_EQ(ChunkCount(), (kMaxRecordBytes + kDefaultChunkBytes - 1) / kDefaultChunkBytes);

  const size_t chunks_before = ChunkCount();
  Status too_big = service_->SetRecord(store, "BIG", nine + "x", "application/octet-stream");
  EXPECT_EQ(too_big.code(), Status::Code::kRequestTooLarge) << too_big.ToString();
  EXPECT_EQ(too_big.ErrorName(), "request-too-large");
  Status too_big_new = service_->SetRecord(store, "NEW", nine + "x", "text/plain");
  EXPECT_EQ(too_big_new.code(), Status::Code::kRequestTooLarge);
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

// On provisioned tables the chunks draw on the table's burst (300 s of its
// write capacity): a 1 MB record fits into 5 WCU's 1,500 units, a second one
// in the same second does not, and the first stays whole.
TEST_F(KeyValueStoreTest, ProvisionedTablesThrottleLargeRecordsHonestly) {
  KeyValueStoreOptions options;
  options.table_prefix = "prov";
  options.billing_mode = BillingMode::kProvisioned;
  options.provisioned_throughput = {5, 5};
  auto prov = OpenService(options);
  DescribeTableResponse described;
  ASSERT_TRUE(db_->DescribeTable({prov->chunks_table()}, &described).ok());
  EXPECT_EQ(described.table.definition.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(described.table.definition.provisioned_throughput.write_capacity_units, 5);

  std::string store = prov->GetOrCreateStore(std::nullopt)->store.id;
  const std::string first = Bytes(1 << 20, 'f');
  ASSERT_TRUE(prov->SetRecord(store, "A", first, "text/plain").ok());
  Status second = prov->SetRecord(store, "B", Bytes(1 << 20, 's'), "text/plain");
  EXPECT_EQ(second.code(), Status::Code::kProvisionedThroughputExceededException)
      << second.ToString();
  EXPECT_TRUE(prov->GetRecord(store, "A")->value == first);
  EXPECT_TRUE(IsNotFound(prov->GetRecord(store, "B").status()));
  // Five minutes refill the bucket; the sweep takes what the failed write left.
  clock_.Advance(300'000);
  auto swept = prov->SweepOrphanChunks(0);
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  EXPECT_EQ(ScanAll(prov->chunks_table()).size(), 3u);  // A's
  ASSERT_TRUE(prov->SetRecord(store, "B", Bytes(1 << 20, 's'), "text/plain").ok());
  EXPECT_EQ(ScanAll(prov->chunks_table()).size(), 6u);
}

// One writer keeps replacing a record (large, small, large again) while
// readers read it: every read is one of the written values, whole.
TEST_F(KeyValueStoreTest, ReadersNeverSeeAPartialRecord) {
  std::string store = NewStore();
  const std::vector<std::string> values = {Bytes(1 << 20, 'a'), "small", Bytes(700 * 1024, 'n'),
                                           Bytes(900 * 1024, 'x')};
  ASSERT_TRUE(service_->SetRecord(store, "STATE", values[0], "text/plain").ok());
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, bad{0};
  auto reader = [&] {
    while (!done.load()) {
      auto r = service_->GetRecord(store, "STATE");
      if (!r.ok() || std::find(values.begin(), values.end(), r->value) == values.end()) {
        bad.fetch_add(1);
        ADD_FAILURE() << (r.ok() ? "a value that was never written, " +
                                       std::to_string(r->value.size()) + " bytes"
                                 : r.status().ToString());
      }
      reads.fetch_add(1);
    }
  };
  std::thread r1(reader), r2(reader);
  for (int i = 1; i <= 40; ++i) {
    Status st = service_->SetRecord(store, "STATE", values[i % values.size()], "text/plain");
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  ExpectRecord(store, "STATE", values[0], "text/plain");  // 40 % 4 == 0
  ExpectNoOrphans();
}

}  // namespace
}  // namespace headlock::testing
