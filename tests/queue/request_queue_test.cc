// The request queue service with the default (order-no) strategy: Apify's
// semantics operation by operation, the seed's storage layout, counters,
// retention, and bad input for every operation.
#include "headlock/queue/request_queue.h"

#include <gtest/gtest.h>

#include "../queue/queue_test_util.h"

namespace headlock::testing {
namespace {

using Code = Status::Code;

TEST(RequestIdTest, MatchesApify) {
  // reference §4.1, verified against crawlee / memory-storage.
  EXPECT_EQ(RequestIdFromUniqueKey("http://example.com"), "8OamqXBCpPHxyH9");
  EXPECT_EQ(RequestIdFromUniqueKey("https://crawlee.dev"), "3FULW9cbbkMrV4R");
  EXPECT_EQ(RequestIdFromUniqueKey("https://apify.com"), "fvwscO2UJLdr10B");
  EXPECT_EQ(RequestIdFromUniqueKey("https://a.com/1"), "XDlGv8mrAja1dGa");
}

class RequestQueueTest : public QueueServiceTest {};

TEST_F(RequestQueueTest, GetOrCreateGetRenameListDelete) {
  bool created = false;
  Result<QueueInfo> q = svc_->GetOrCreateQueue(std::string("my-queue"), &created);
  HL_ASSERT_OK(q);
  EXPECT_TRUE(created);
  EXPECT_EQ(q->id.size(), kQueueIdLength);
  EXPECT_EQ(q->name, "my-queue");
  EXPECT_EQ(q->created_at_ms, clock_.NowMillis());
  EXPECT_FALSE(q->expire_at_ms.has_value());  // named queues never expire
  Result<QueueInfo> again = svc_->GetOrCreateQueue(std::string("my-queue"), &created);
  HL_ASSERT_OK(again);
  EXPECT_FALSE(created);
  EXPECT_EQ(again->id, q->id);
  // By id and by name.
  HL_ASSERT_OK(svc_->GetQueue(q->id));
  EXPECT_EQ(svc_->GetQueue("my-queue")->id, q->id);
  EXPECT_EQ(svc_->GetQueue("~my-queue")->id, q->id);
  EXPECT_EQ(svc_->GetQueue("janedoe~my-queue")->id, q->id);
  EXPECT_EQ(svc_->GetQueue("~").status().code(), Code::kRecordNotFound);
  // Unnamed: always new, with an expiry.
  Result<QueueInfo> u = svc_->GetOrCreateQueue(std::nullopt);
  HL_ASSERT_OK(u);
  EXPECT_NE(u->id, q->id);
  ASSERT_TRUE(u->expire_at_ms.has_value());
  EXPECT_EQ(*u->expire_at_ms, clock_.NowMillis() + svc_->options().unnamed_retention_ms);
  // A name that is another queue's id is a new name all the same.
  Result<QueueInfo> named_like_id = svc_->GetOrCreateQueue(u->id, &created);
  HL_ASSERT_OK(named_like_id);
  EXPECT_TRUE(created);
  EXPECT_NE(named_like_id->id, u->id);
  HL_ASSERT_OK(svc_->DeleteQueue(named_like_id->id));
  // List: named only unless asked.
  Result<ListQueuesResult> list = svc_->ListQueues({});
  HL_ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 1u);
  ListQueuesOptions with_unnamed;
  with_unnamed.unnamed = true;
  EXPECT_EQ(svc_->ListQueues(with_unnamed)->total, 2);
  // Rename; the old name is free again, a taken name is refused.
  Result<QueueInfo> renamed = svc_->UpdateQueue(q->id, std::string("other"));
  HL_ASSERT_OK(renamed);
  EXPECT_EQ(renamed->name, "other");
  EXPECT_EQ(svc_->GetQueue("my-queue").status().code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->UpdateQueue(u->id, std::string("other")).status().code(), Code::kInvalidInput);
  // Delete.
  HL_ASSERT_OK(svc_->AddRequest(q->id, Req("https://a.com/1")));
  HL_ASSERT_OK(svc_->DeleteQueue(q->id));
  EXPECT_EQ(svc_->GetQueue(q->id).status().code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->GetQueue("other").status().code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->DeleteQueue(q->id).code(), Code::kRecordNotFound);
}

TEST_F(RequestQueueTest, RequestsLiveInTheTableOfTheQueuesWeek) {
  std::string q = NewQueue();
  EXPECT_EQ(*svc_->RequestTableOf(q), "requests-2026-w45");
  clock_.Advance(7LL * 86400000);  // next week: the queue stays in its table
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/1")));
  GetItemRequest g;
  g.table_name = "requests-2026-w45";
  g.key = {{"queueId", AttributeValue::S(q)}, {"id", AttributeValue::S("XDlGv8mrAja1dGa")}};
  GetItemResponse r;
  HL_ASSERT_OK(db_->GetItem(g, &r));
  ASSERT_TRUE(r.item.has_value());
  EXPECT_EQ(r.item->at("orderNo"), AttributeValue::N(Number::FromInt64(clock_.NowMillis())));
  // A queue created now goes to this week's table.
  EXPECT_EQ(*svc_->RequestTableOf(NewQueue("q2")), "requests-2026-w46");
}

TEST_F(RequestQueueTest, AddDedupsByUniqueKeyAndCounts) {
  std::string q = NewQueue();
  Result<AddRequestResult> a = svc_->AddRequest(q, Req("http://example.com"));
  HL_ASSERT_OK(a);
  EXPECT_EQ(a->request_id, "8OamqXBCpPHxyH9");
  EXPECT_FALSE(a->was_already_present);
  QueueRequest changed = Req("http://example.com");
  changed.method = "POST";
  Result<AddRequestResult> b = svc_->AddRequest(q, changed);
  HL_ASSERT_OK(b);
  EXPECT_TRUE(b->was_already_present);
  EXPECT_FALSE(b->was_already_handled);
  EXPECT_EQ(svc_->GetRequest(q, a->request_id)->method, "GET");  // not updated
  // A request added with handledAt is stored handled (and says not handled).
  QueueRequest handled = Req("https://a.com/h");
  handled.handled_at_ms = clock_.NowMillis();
  Result<AddRequestResult> h = svc_->AddRequest(q, handled);
  HL_ASSERT_OK(h);
  EXPECT_FALSE(h->was_already_handled);
  EXPECT_TRUE(svc_->AddRequest(q, handled)->was_already_handled);
  Result<QueueInfo> info = svc_->GetQueue(q);
  HL_ASSERT_OK(info);
  EXPECT_EQ(info->total_request_count, 2);
  EXPECT_EQ(info->pending_request_count, 1);
  EXPECT_EQ(info->handled_request_count, 1);
  // modifiedAt moves on a change, accessedAt on any access.
  const int64_t created = info->created_at_ms;
  clock_.Advance(5000);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/later")));
  const int64_t modified = clock_.NowMillis();
  clock_.Advance(5000);
  info = svc_->GetQueue(q);
  EXPECT_EQ(info->created_at_ms, created);
  EXPECT_EQ(info->modified_at_ms, modified);
  EXPECT_EQ(info->accessed_at_ms, clock_.NowMillis());
}

TEST_F(RequestQueueTest, ForefrontIsLifoAndTailIsFifo) {
  std::string q = NewQueue();
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/t1")));
  clock_.Advance(1);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/t2")));
  clock_.Advance(1);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/f1"), true));
  clock_.Advance(1);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.com/f2"), true));
  Result<ListHeadResult> head = svc_->ListHead(q, 10);
  HL_ASSERT_OK(head);
  std::vector<std::string> urls;
  for (const auto& r : head->items) urls.push_back(r.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://a.com/f2", "https://a.com/f1",
                                            "https://a.com/t1", "https://a.com/t2"}));
}

TEST_F(RequestQueueTest, BatchAddReportsEveryInput) {
  std::string q = NewQueue();
  std::vector<QueueRequest> batch{Req("https://a.com/1"), Req("https://a.com/2"),
                                  Req("https://a.com/1")};
  Result<BatchAddResult> r = svc_->BatchAddRequests(q, batch);
  HL_ASSERT_OK(r);
  ASSERT_EQ(r->processed_requests.size(), 3u);
  EXPECT_TRUE(r->unprocessed_requests.empty());
  EXPECT_FALSE(r->processed_requests[0].was_already_present);
  EXPECT_TRUE(r->processed_requests[2].was_already_present);
  EXPECT_EQ(r->processed_requests[1].unique_key, "https://a.com/2");
  EXPECT_EQ(svc_->GetQueue(q)->total_request_count, 2);
  // Batch delete by id and by uniqueKey.
  Result<BatchDeleteResult> d = svc_->BatchDeleteRequests(
      q, {RequestRef{RequestIdFromUniqueKey("https://a.com/1"), std::nullopt},
          RequestRef{std::nullopt, std::string("https://a.com/2")}});
  HL_ASSERT_OK(d);
  EXPECT_EQ(d->processed_requests.size(), 2u);
  Result<QueueInfo> info = svc_->GetQueue(q);
  EXPECT_EQ(info->total_request_count, 0);
  EXPECT_EQ(info->pending_request_count, 0);
}

TEST_F(RequestQueueTest, ThrottledBatchAddsComeBackUnprocessed) {
  RequestQueueOptions options;
  options.billing_mode = BillingMode::kProvisioned;
  options.provisioned = {5, 1};  // 300 s burst: 300 write units
  OpenService(options);
  std::string q = NewQueue();
  int processed = 0, unprocessed = 0;
  for (int i = 0; i < 500; i += 25) {
    std::vector<QueueRequest> batch;
    for (int j = i; j < i + 25; ++j) batch.push_back(Req("https://a.com/" + std::to_string(j)));
    Result<BatchAddResult> r = svc_->BatchAddRequests(q, batch);
    HL_ASSERT_OK(r);
    ASSERT_EQ(r->processed_requests.size() + r->unprocessed_requests.size(), 25u);
    processed += r->processed_requests.size();
    unprocessed += r->unprocessed_requests.size();
  }
  EXPECT_GT(unprocessed, 0);
  EXPECT_GT(processed, 0);
  // Nothing was lost: the counters match what was processed (once the queue
  // table takes writes again), and the head holds exactly those.
  clock_.Advance(600 * 1000);
  Result<QueueInfo> info = svc_->GetQueue(q);
  HL_ASSERT_OK(info);
  EXPECT_EQ(info->total_request_count, processed);
  ListRequestsOptions all;
  EXPECT_EQ(static_cast<int>(svc_->ListRequests(q, all)->items.size()), processed);
}

TEST_F(RequestQueueTest, ThrottledLocksSurfaceAndLeakNothing) {
  RequestQueueOptions options;
  options.billing_mode = BillingMode::kProvisioned;
  options.provisioned = {1, 1};  // 300 units of burst, then 1 a second
  OpenService(options);
  std::string q = NewQueue();
  for (int i = 0; i < 140; ++i) {  // 1 unit on the table and 1 on the index each
    Result<AddRequestResult> r = svc_->AddRequest(q, Req("https://a.com/" + std::to_string(i)));
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kProvisionedThroughputExceededException);
      break;
    }
  }
  int granted = 0, throttled = 0;
  for (int round = 0; round < 40; ++round) {
    Result<LockedHead> head = svc_->ListAndLockHead(q, 25, 3600, "a");
    if (!head.ok()) {
      EXPECT_EQ(head.status().code(), Code::kProvisionedThroughputExceededException)
          << head.status().ToString();
      ++throttled;
      continue;
    }
    granted += head->items.size();
  }
  EXPECT_GT(throttled, 0);
  // Every lock taken was handed to the client: none is held that it does not know of.
  clock_.Advance(300 * 1000);  // capacity again (locks last an hour)
  ListRequestsOptions locked;
  locked.filter_locked = true;
  Result<ListRequestsResult> list = svc_->ListRequests(q, locked);
  HL_ASSERT_OK(list);
  EXPECT_EQ(static_cast<int>(list->items.size()), granted);
}

TEST_F(RequestQueueTest, LockHandleAndCollide) {
  std::string q = NewQueue();
  AddMany(q, 30);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 25, 60, "client-a");
  HL_ASSERT_OK(a);
  ASSERT_EQ(a->items.size(), 25u);
  EXPECT_TRUE(a->queue_has_locked_requests);
  EXPECT_EQ(a->items[0].lock_expires_at_ms, clock_.NowMillis() + 60000);
  Result<LockedHead> b = svc_->ListAndLockHead(q, 25, 60, "client-b");
  HL_ASSERT_OK(b);
  ASSERT_EQ(b->items.size(), 5u);  // the others are A's
  for (const auto& r : b->items) {
    for (const auto& ar : a->items) EXPECT_NE(r.id, ar.id);
  }
  EXPECT_TRUE(b->had_multiple_clients);
  // getRequest shows the lock.
  Result<QueueRequest> got = svc_->GetRequest(q, a->items[0].id);
  HL_ASSERT_OK(got);
  EXPECT_EQ(got->lock_by_client, "client-a");
  // Only the owner may prolong, delete the lock, or mark it handled.
  EXPECT_EQ(svc_->ProlongRequestLock(q, a->items[0].id, 60, "client-b").status().code(),
            Code::kRequestLocked);
  EXPECT_EQ(svc_->DeleteRequestLock(q, a->items[0].id, "client-b").code(), Code::kRequestLocked);
  QueueRequest done = a->items[0];
  done.handled_at_ms = clock_.NowMillis();
  EXPECT_EQ(svc_->UpdateRequest(q, done, false, std::string("client-b")).status().code(),
            Code::kRequestLocked);
  Result<AddRequestResult> u = svc_->UpdateRequest(q, done, false, std::string("client-a"));
  HL_ASSERT_OK(u);
  EXPECT_TRUE(u->was_already_present);
  EXPECT_FALSE(u->was_already_handled);
  EXPECT_EQ(svc_->ProlongRequestLock(q, done.id, 60, "client-a").status().code(),
            Code::kRequestAlreadyHandled);
  // Prolong = now + lockSecs.
  clock_.Advance(10000);
  Result<int64_t> until = svc_->ProlongRequestLock(q, a->items[1].id, 100, "client-a");
  HL_ASSERT_OK(until);
  EXPECT_EQ(*until, clock_.NowMillis() + 100000);
  // Unlock all of A's: 23 remain locked by A.
  Result<int64_t> unlocked = svc_->UnlockRequests(q, "client-a");
  HL_ASSERT_OK(unlocked);
  EXPECT_EQ(*unlocked, 24);
  Result<QueueInfo> info = svc_->GetQueue(q);
  EXPECT_EQ(info->handled_request_count, 1);
  EXPECT_EQ(info->pending_request_count, 29);
  EXPECT_TRUE(info->had_multiple_clients);
}

TEST_F(RequestQueueTest, ExpiredLocksComeBackAndDeleteLockHonoursForefront) {
  std::string q = NewQueue();
  AddMany(q, 3);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 2, 30, "a");
  HL_ASSERT_OK(a);
  ASSERT_EQ(a->items.size(), 2u);
  EXPECT_EQ(svc_->ListHead(q, 10)->items.size(), 1u);
  clock_.Advance(30001);
  EXPECT_EQ(svc_->ListHead(q, 10)->items.size(), 3u);
  EXPECT_FALSE(svc_->GetRequest(q, a->items[0].id)->lock_expires_at_ms.has_value());
  // The old owner may still prolong while nobody else took it.
  HL_ASSERT_OK(svc_->ProlongRequestLock(q, a->items[0].id, 30, "a"));
  // Delete lock with forefront: first in the head.
  HL_ASSERT_OK(svc_->DeleteRequestLock(q, a->items[0].id, "a", true));
  EXPECT_EQ(svc_->ListHead(q, 10)->items[0].id, a->items[0].id);
  EXPECT_EQ(svc_->DeleteRequestLock(q, a->items[0].id, "a").code(), Code::kRequestLocked);
}

TEST_F(RequestQueueTest, UnhandleAndListHandled) {
  std::string q = NewQueue();
  AddMany(q, 4);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 4, 60, "a");
  HL_ASSERT_OK(a);
  for (QueueRequest r : a->items) {
    r.handled_at_ms = clock_.NowMillis();
    HL_ASSERT_OK(svc_->UpdateRequest(q, r, false, std::string("a")));
  }
  EXPECT_TRUE(svc_->ListHead(q, 10)->items.empty());
  ListRequestsOptions handled;
  handled.filter_handled = true;
  Result<ListRequestsResult> list = svc_->ListRequests(q, handled);
  HL_ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 4u);
  // An update without handledAt puts it back into the queue.
  QueueRequest again = list->items[0];
  again.handled_at_ms.reset();
  again.retry_count = 1;
  Result<AddRequestResult> u = svc_->UpdateRequest(q, again);
  HL_ASSERT_OK(u);
  EXPECT_TRUE(u->was_already_handled);
  Result<ListHeadResult> head = svc_->ListHead(q, 10);
  ASSERT_EQ(head->items.size(), 1u);
  EXPECT_EQ(head->items[0].retry_count, 1);
  Result<QueueInfo> info = svc_->GetQueue(q);
  EXPECT_EQ(info->handled_request_count, 3);
  EXPECT_EQ(info->pending_request_count, 1);
  EXPECT_TRUE(svc_->AddRequest(q, Req(list->items[1].url))->was_already_handled);
}

TEST_F(RequestQueueTest, ListRequestsPaginatesWithCursorAndFilters) {
  std::string q = NewQueue();
  AddMany(q, 10);
  HL_ASSERT_OK(svc_->ListAndLockHead(q, 3, 60, "a"));
  ListRequestsOptions page;
  page.limit = 4;
  std::vector<std::string> ids;
  while (true) {
    Result<ListRequestsResult> r = svc_->ListRequests(q, page);
    HL_ASSERT_OK(r);
    for (const auto& item : r->items) ids.push_back(item.id);
    if (!r->next_cursor) break;
    page.cursor = r->next_cursor;
  }
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  ListRequestsOptions locked;
  locked.filter_locked = true;
  EXPECT_EQ(svc_->ListRequests(q, locked)->items.size(), 3u);
  ListRequestsOptions pending;
  pending.filter_pending = true;
  EXPECT_EQ(svc_->ListRequests(q, pending)->items.size(), 7u);
  pending.filter_locked = true;
  EXPECT_EQ(svc_->ListRequests(q, pending)->items.size(), 10u);
}

TEST_F(RequestQueueTest, DeleteRequest) {
  std::string q = NewQueue();
  AddMany(q, 2);
  Result<LockedHead> a = svc_->ListAndLockHead(q, 1, 60, "a");
  HL_ASSERT_OK(a);
  EXPECT_EQ(svc_->DeleteRequest(q, a->items[0].id, std::string("b")).code(), Code::kRequestLocked);
  HL_ASSERT_OK(svc_->DeleteRequest(q, a->items[0].id, std::string("a")));
  EXPECT_EQ(svc_->GetRequest(q, a->items[0].id).status().code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->DeleteRequest(q, a->items[0].id).code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->GetQueue(q)->total_request_count, 1);
}

TEST_F(RequestQueueTest, RetentionDropsUnnamedQueuesAndUnusedTables) {
  std::string named = NewQueue("keep-me");
  Result<QueueInfo> unnamed = svc_->GetOrCreateQueue(std::nullopt);
  HL_ASSERT_OK(unnamed);
  clock_.Advance(7LL * 86400000);  // week 46
  Result<QueueInfo> unnamed2 = svc_->GetOrCreateQueue(std::nullopt);
  HL_ASSERT_OK(unnamed2);
  clock_.Advance(8LL * 86400000);  // week 47: the first unnamed queue expired
  Result<std::vector<std::string>> dropped = svc_->ExpireQueuesAndTables();
  HL_ASSERT_OK(dropped);
  // Week 45 keeps its named queue alive; week 46 held only an expired queue.
  EXPECT_EQ(*dropped, (std::vector<std::string>{"requests-2026-w46"}));
  EXPECT_EQ(svc_->GetQueue(unnamed->id).status().code(), Code::kRecordNotFound);
  EXPECT_EQ(svc_->GetQueue(unnamed2->id).status().code(), Code::kRecordNotFound);
  HL_ASSERT_OK(svc_->GetQueue(named));
  HL_ASSERT_OK(svc_->DeleteQueue(named));
  dropped = svc_->ExpireQueuesAndTables();
  HL_ASSERT_OK(dropped);
  EXPECT_EQ(*dropped, (std::vector<std::string>{"requests-2026-w45"}));
}

TEST_F(RequestQueueTest, BadInputForEveryOperation) {
  std::string q = NewQueue();
  AddMany(q, 1);
  const std::string id = RequestIdFromUniqueKey("https://example.com/0");
  auto code = [](const auto& r) { return QueueTestStatus(r).code(); };
  EXPECT_EQ(code(svc_->GetOrCreateQueue(std::string(""))), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetOrCreateQueue(std::string(64, 'a'))), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetOrCreateQueue(std::string("a b"))), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetQueue("")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetQueue("nope")), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->UpdateQueue("nope", std::string("x"))), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->UpdateQueue(q, std::string("bad/name"))), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->DeleteQueue("nope")), Code::kRecordNotFound);
  ListQueuesOptions lq;
  lq.limit = 0;
  EXPECT_EQ(code(svc_->ListQueues(lq)), Code::kInvalidInput);
  lq.limit = 10;
  lq.offset = -1;
  EXPECT_EQ(code(svc_->ListQueues(lq)), Code::kInvalidInput);

  QueueRequest no_url = Req("");
  no_url.unique_key = "k";
  QueueRequest no_key = Req("https://a.com");
  no_key.unique_key = "";
  QueueRequest bad_method = Req("https://a.com");
  bad_method.method = "get";
  QueueRequest bad_id = Req("https://a.com");
  bad_id.id = "XXXXXXXXXXXXXXX";
  QueueRequest bad_retry = Req("https://a.com");
  bad_retry.retry_count = -1;
  QueueRequest too_big = Req("https://a.com");
  too_big.payload = std::string(500 * 1024, 'x');
  for (const QueueRequest& bad : {no_url, no_key, bad_method, bad_id, bad_retry, too_big}) {
    EXPECT_EQ(code(svc_->AddRequest(q, bad)), Code::kInvalidInput) << bad.url << bad.method;
    if (bad.payload) continue;  // batches check only the fields up front
    EXPECT_EQ(code(svc_->BatchAddRequests(q, {bad})), Code::kInvalidInput);
    EXPECT_EQ(code(svc_->UpdateRequest(q, bad)), Code::kInvalidInput);
  }
  EXPECT_EQ(code(svc_->UpdateRequest(q, too_big)), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->AddRequest("nope", Req("https://a.com"))), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->BatchAddRequests(q, std::vector<QueueRequest>(26, Req("https://a.com")))),
            Code::kInvalidInput);
  EXPECT_EQ(code(svc_->BatchDeleteRequests(q, {RequestRef{}})), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->BatchDeleteRequests(q, std::vector<RequestRef>(26, RequestRef{id, {}}))),
            Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetRequest(q, "")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->GetRequest(q, "nope")), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->GetRequest("nope", id)), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->DeleteRequest(q, "")), Code::kInvalidInput);
  ListRequestsOptions lr;
  lr.limit = 10001;
  EXPECT_EQ(code(svc_->ListRequests(q, lr)), Code::kInvalidInput);
  lr.limit = 10;
  lr.cursor = id;
  lr.exclusive_start_id = id;
  EXPECT_EQ(code(svc_->ListRequests(q, lr)), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListHead(q, 0)), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListHead(q, 1001)), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListAndLockHead(q, 26, 60, "a")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListAndLockHead(q, 0, 60, "a")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListAndLockHead(q, 1, 0, "a")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListAndLockHead(q, 1, 60, "")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ListAndLockHead("nope", 1, 60, "a")), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->ProlongRequestLock(q, id, 0, "a")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ProlongRequestLock(q, id, 60, "")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->ProlongRequestLock(q, "nope", 60, "a")), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->ProlongRequestLock(q, id, 60, "a")), Code::kRequestLocked);  // not locked
  EXPECT_EQ(code(svc_->DeleteRequestLock(q, id, "")), Code::kInvalidInput);
  EXPECT_EQ(code(svc_->DeleteRequestLock(q, "nope", "a")), Code::kRecordNotFound);
  EXPECT_EQ(code(svc_->UnlockRequests(q, "")), Code::kInvalidInput);
  // Error names are Apify's types.
  EXPECT_EQ(Status::RecordNotFound("x").ErrorName(), "record-not-found");
  EXPECT_EQ(Status::RequestLocked("x").ErrorName(), "request-handled-or-locked");
  EXPECT_EQ(Status::InvalidInput("x").ErrorName(), "invalid-input");
}

}  // namespace
}  // namespace headlock::testing

namespace headlock::testing {
namespace {

// Count changes ride on one metadata write per interval: exact answers, one
// write unit of queue metadata per second however many requests change.
TEST_F(RequestQueueTest, CountsAreExactButWrittenOncePerInterval) {
  std::string q = NewQueue();
  auto queue_write_units = [&] {
    int64_t half = 0;
    for (const auto& row : db_->capacity_log().Totals()) {
      if (row.table_name == "queues") half += row.units.write;
    }
    return half / 2.0;
  };
  clock_.Advance(5'000);
  // The first change after a quiet spell is written at once (modifiedAt was
  // due); the interval starts there.
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.example/0")));
  const double before = queue_write_units();
  for (int i = 1; i < 40; ++i) HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.example/" + std::to_string(i))));
  Result<QueueInfo> info = svc_->GetQueue(q);
  HL_ASSERT_OK(info);
  EXPECT_EQ(info->total_request_count, 40);
  EXPECT_EQ(info->pending_request_count, 40);
  EXPECT_EQ(info->modified_at_ms, clock_.NowMillis());
  EXPECT_EQ(queue_write_units(), before);  // nothing written within the interval
  ListQueuesOptions all;
  all.unnamed = true;
  Result<ListQueuesResult> listed = svc_->ListQueues(all);
  HL_ASSERT_OK(listed);
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].total_request_count, 40);
  // The next change after the interval writes all of it at once.
  clock_.Advance(1'000);
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.example/last")));
  EXPECT_EQ(queue_write_units(), before + 1);
  // A clean close flushes what is owed: reopened, the stored counts are exact.
  HL_ASSERT_OK(svc_->AddRequest(q, Req("https://a.example/after")));
  svc_.reset();
  HL_ASSERT_OK(RequestQueueService::Open(db_.get(), RequestQueueOptions{}, &svc_));
  info = svc_->GetQueue(q);
  HL_ASSERT_OK(info);
  EXPECT_EQ(info->total_request_count, 42);
  EXPECT_EQ(info->pending_request_count, 42);
}

}  // namespace
}  // namespace headlock::testing
