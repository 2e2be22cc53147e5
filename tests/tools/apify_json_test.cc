// The Apify JSON mapping (json/apify_json.h) and its dispatcher
// (json/apify_dispatch.h): times, error types and HTTP statuses, cursors,
// record values, request objects, and the dispatcher's statuses and lazy
// opening. The end-to-end behaviour is headlock_exec_queue's
// (tests/tools/exec_queue_test.sh).
#include "json/apify_json.h"

#include <gtest/gtest.h>

#include <memory>

#include "headlock/clock.h"
#include "headlock/ddb/database.h"
#include "json/apify_dispatch.h"
#include "json/attribute_json.h"

namespace headlock::json {
namespace {

using Code = Status::Code;

TEST(ApifyTimeTest, FormatsIsoWithMilliseconds) {
  EXPECT_EQ(FormatIsoMillis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoMillis(1795428000000), "2026-11-23T10:00:00.000Z");
  EXPECT_EQ(FormatIsoMillis(1795428062002), "2026-11-23T10:01:02.002Z");
  EXPECT_EQ(FormatIsoMillis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIsoMillis(1709208000123), "2024-02-29T12:00:00.123Z");  // leap day
}

TEST(ApifyTimeTest, ParsesWhatItFormatsAndJavaScriptWrites) {
  for (int64_t ms : {int64_t{0}, int64_t{1}, int64_t{999}, int64_t{1795428062002},
                     int64_t{1709208000123}, int64_t{4102444799999}}) {
    EXPECT_EQ(ParseIsoMillis(FormatIsoMillis(ms)), ms) << FormatIsoMillis(ms);
  }
  EXPECT_EQ(ParseIsoMillis("2026-11-23T10:00:00Z"), 1795428000000);
  EXPECT_EQ(ParseIsoMillis("2026-11-23T10:00:00.5Z"), 1795428000500);
  EXPECT_EQ(ParseIsoMillis("2026-11-23T10:00:00.123456Z"), 1795428000123);  // truncated
  for (const char* bad : {"", "yesterday", "2026-11-23T10:00:00", "2026-11-23T10:00:00.Z",
                          "2026-13-01T00:00:00Z", "2026-11-23 10:00:00Z", "2026-11-23T24:00:00Z",
                          "2026-11-23T10:00:00.000Z ", "2026-11-23T10:00:00+01:00"}) {
    EXPECT_FALSE(ParseIsoMillis(bad).has_value()) << bad;
  }
}

TEST(ApifyErrorTest, TypesAndStatusesFollowApify) {
  struct Case {
    Status status;
    std::string_view type;
    int http;
  };
  const Case cases[] = {
      {Status::RecordNotFound("x"), "record-not-found", 404},
      {Status::RequestLocked("x"), "request-handled-or-locked", 409},
      {Status::RequestAlreadyHandled("x"), "request-handled-or-locked", 409},
      {Status::InvalidInput("x"), "invalid-input", 400},
      {Status::Validation("x"), "invalid-input", 400},
      {Status(Code::kSerializationException, "x"), "invalid-input", 400},
      {Status(Code::kInvalidRecordKey, "x"), "invalid-record-key", 400},
      {Status(Code::kRequestTooLarge, "x"), "request-too-large", 413},
      {Status(Code::kProvisionedThroughputExceededException, "x"), "rate-limit-exceeded", 429},
      {Status(Code::kThrottlingException, "x"), "rate-limit-exceeded", 429},
      {Status(Code::kRequestLimitExceeded, "x"), "rate-limit-exceeded", 429},
      {Status::Internal("x"), "internal-server-error", 500},
      {Status::Storage("x"), "internal-server-error", 500},
      {Status::ResourceNotFound(), "internal-server-error", 500},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ApifyErrorType(c.status), c.type) << c.status.ToString();
    EXPECT_EQ(ApifyErrorHttpStatus(c.status), c.http) << c.status.ToString();
  }
  EXPECT_EQ(
      ApifyErrorToJsonString(Status::RequestLocked("Request \"r\" is locked")),
      R"({"error":{"type":"request-handled-or-locked","message":"Request \"r\" is locked"}})");
}

TEST(ApifyCursorTest, MatchesApifysExampleAndRoundTrips) {
  // reference §2.8: the OpenAPI example cursor is base64url of
  // {"requestId":"4IYKQaWgaJQIV6S"} without padding.
  EXPECT_EQ(EncodeRequestCursor("4IYKQaWgaJQIV6S"), "eyJyZXF1ZXN0SWQiOiI0SVlLUWFXZ2FKUUlWNlMifQ");
  Result<std::string> id = DecodeRequestCursor("eyJyZXF1ZXN0SWQiOiI5eFNNc1BrN1J6VUxTNXoifQ");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "9xSMsPk7RzULS5z");
  for (const char* rid : {"a", "ab", "abc", "oTWztAja3I9EvhF", "id with \"quotes\" ~/+"}) {
    Result<std::string> back = DecodeRequestCursor(EncodeRequestCursor(rid));
    ASSERT_TRUE(back.ok()) << rid;
    EXPECT_EQ(*back, rid);
  }
  for (const char* bad : {"", "not-a-cursor", "e30", /* {} */ "eyJyZXF1ZXN0SWQiOjF9" /* id 1 */}) {
    Result<std::string> r = DecodeRequestCursor(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidInput);
  }
}

TEST(ApifyRecordTest, Utf8Check) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

std::string RecordJson(const KeyValueRecord& record, bool as_buffer = false) {
  rapidjson::Document doc;
  return JsonToString(RecordToJson(record, as_buffer, doc.GetAllocator()));
}

TEST(ApifyRecordTest, ValuesAsApifyClientReturnsThem) {
  EXPECT_EQ(RecordJson({"S", "{\n  \"a\": 1\n}", "application/json; charset=utf-8"}),
            R"({"key":"S","value":{"a":1},"contentType":"application/json; charset=utf-8"})");
  EXPECT_EQ(RecordJson({"T", "hi", "text/plain"}),
            R"({"key":"T","value":"hi","contentType":"text/plain"})");
  EXPECT_EQ(RecordJson({"X", "<a/>", "application/xml"}),
            R"({"key":"X","value":"<a/>","contentType":"application/xml"})");
  // What apify-client returns as a Buffer: base64, flagged.
  EXPECT_EQ(
      RecordJson({"B", std::string("\0\1", 2), "application/octet-stream"}),
      R"({"key":"B","value":"AAE=","contentType":"application/octet-stream","encoding":"base64"})");
  EXPECT_EQ(RecordJson({"T", "hi", "text/plain"}, /*as_buffer=*/true),
            R"({"key":"T","value":"aGk=","contentType":"text/plain","encoding":"base64"})");
  // Not what the content type says: kept whole as bytes rather than mangled.
  EXPECT_EQ(
      RecordJson({"J", "{nope", "application/json"}),
      R"({"key":"J","value":"e25vcGU=","contentType":"application/json","encoding":"base64"})");
  EXPECT_EQ(RecordJson({"T", "\xff", "text/plain"}),
            R"({"key":"T","value":"/w==","contentType":"text/plain","encoding":"base64"})");
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_FALSE(IsJsonContentType("text/json"));
}

TEST(ApifyRequestTest, OmitsAbsentFieldsAndParsesApifysObject) {
  rapidjson::Document in;
  ASSERT_TRUE(ParseJson(R"({"id":"i","url":"u","uniqueKey":"k","method":"POST","payload":"p",
      "headers":{"h":"v"},"userData":{"label":"L"},"retryCount":2,"noRetry":true,
      "errorMessages":["e"],"loadedUrl":"l","handledAt":"2026-11-23T10:00:00.000Z",
      "lockExpiresAt":"ignored","orderNo":5})",
                        &in)
                  .ok());
  Result<QueueRequest> r = ParseRequest(in, "request");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->handled_at_ms, 1795428000000);
  EXPECT_EQ(r->user_data_json, R"({"label":"L"})");
  rapidjson::Document out;
  EXPECT_EQ(JsonToString(RequestToJson(*r, out.GetAllocator())),
            R"({"id":"i","uniqueKey":"k","url":"u","method":"POST","payload":"p",)"
            R"("headers":{"h":"v"},"userData":{"label":"L"},"retryCount":2,"noRetry":true,)"
            R"("errorMessages":["e"],"loadedUrl":"l","handledAt":"2026-11-23T10:00:00.000Z"})");

  QueueRequest bare;
  bare.id = "i";
  bare.unique_key = "k";
  bare.url = "u";
  EXPECT_EQ(JsonToString(RequestToJson(bare, out.GetAllocator())),
            R"({"id":"i","uniqueKey":"k","url":"u","method":"GET","retryCount":0})");

  for (const char* bad : {R"({"url":1})", R"({"retryCount":"1"})", R"({"headers":"h"})",
                          R"({"errorMessages":[1]})", R"({"handledAt":"now"})", R"([])"}) {
    rapidjson::Document doc;
    ASSERT_TRUE(ParseJson(bad, &doc).ok());
    Result<QueueRequest> p = ParseRequest(doc, "request");
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), Code::kInvalidInput) << bad;
  }
}

class ApifyDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.clock = &clock_;
    ASSERT_TRUE(Database::Open(options, "apify-dispatch-test", &db_).ok());
    services_ = std::make_unique<ApifyServices>(db_.get());
  }
  ApifyReply Call(std::string_view method, std::string_view params) {
    return HandleApifyRequest(*services_, method, params);
  }
  size_t TableCount() {
    ListTablesResponse response;
    EXPECT_TRUE(db_->ListTables(ListTablesRequest{}, &response).ok());
    return response.table_names.size();
  }

  ManualClock clock_{1795428000000};
  std::unique_ptr<Database> db_;
  std::unique_ptr<ApifyServices> services_;
};

TEST_F(ApifyDispatchTest, StatusesAsApifysApi) {
  EXPECT_EQ(Call("getOrCreateQueue", R"({"name":"q"})").http_status, 201);
  EXPECT_EQ(Call("getOrCreateQueue", R"({"name":"q"})").http_status, 200);
  ApifyReply add = Call("addRequest", R"({"queueId":"q","request":{"url":"http://example.com",)"
                                      R"("uniqueKey":"http://example.com"}})");
  EXPECT_EQ(add.http_status, 201);
  EXPECT_EQ(
      add.body,
      R"({"requestId":"8OamqXBCpPHxyH9","wasAlreadyPresent":false,"wasAlreadyHandled":false})");
  EXPECT_EQ(Call("listAndLockHead", R"({"queueId":"q","lockSecs":60,"clientKey":"a"})").http_status,
            201);
  ApifyReply locked =
      Call("deleteRequest", R"({"queueId":"q","id":"8OamqXBCpPHxyH9","clientKey":"b"})");
  EXPECT_EQ(locked.http_status, 409);
  EXPECT_FALSE(locked.ok());
  ApifyReply del = Call("deleteQueue", R"({"queueId":"q"})");
  EXPECT_EQ(del.http_status, 204);
  EXPECT_EQ(del.body, "{}");
  EXPECT_EQ(Call("getQueue", R"({"queueId":"q"})").http_status, 404);
  EXPECT_EQ(Call("getOrCreateStore", R"({"name":"s"})").http_status, 201);
  EXPECT_EQ(Call("setRecord", R"({"storeId":"s","key":"K","value":1})").http_status, 201);
  EXPECT_EQ(Call("getRecord", R"({"storeId":"s","key":"K"})").body,
            R"({"key":"K","value":1,"contentType":"application/json; charset=utf-8"})");
  EXPECT_EQ(Call("setRecord", R"({"storeId":"s","key":"K","value":"x".)").http_status, 400);
}

TEST_F(ApifyDispatchTest, UnknownMethodsAndBadParameters) {
  ApifyReply unknown = Call("getQueues", "{}");
  EXPECT_EQ(unknown.http_status, 404);
  EXPECT_NE(unknown.body.find(R"("type":"page-not-found")"), std::string::npos) << unknown.body;
  EXPECT_EQ(Call("getQueue", "[]").http_status, 400);
  EXPECT_EQ(Call("getQueue", R"({"queueId":""})").http_status, 400);
  EXPECT_EQ(
      Call("getQueue", R"({"queueId":"q","extra":1})").body,
      R"({"error":{"type":"invalid-input","message":"getQueue does not take a parameter 'extra'"}})");
  EXPECT_EQ(Call("listQueues", R"({"limit":1.5})").http_status, 400);
  EXPECT_EQ(Call("listQueues", R"({"limit":99999999999})").body,
            R"({"error":{"type":"invalid-input","message":"limit must be between 1 and 1000"}})");
  std::vector<std::string_view> methods = SupportedApifyMethods();
  EXPECT_EQ(methods.size(), 27u);
  for (std::string_view m : methods) EXPECT_TRUE(IsApifyMethodName(m)) << m;
  EXPECT_FALSE(IsApifyMethodName("PutItem"));
  EXPECT_FALSE(IsApifyMethodName("AdvanceClock"));
}

TEST_F(ApifyDispatchTest, ServicesOpenOnFirstUse) {
  // Bad input and unknown methods touch nothing.
  Call("nope", "{}");
  Call("getQueue", "{}");
  EXPECT_EQ(TableCount(), 0u);
  Call("getQueue", R"({"queueId":"q"})");
  size_t with_queues = TableCount();
  EXPECT_GT(with_queues, 0u);
  Call("getStore", R"({"storeId":"s"})");
  EXPECT_GT(TableCount(), with_queues);
}

TEST_F(ApifyDispatchTest, BatchAddTakesMoreThan25AsApifyClientDoes) {
  ASSERT_EQ(Call("getOrCreateQueue", R"({"name":"q"})").http_status, 201);
  std::string requests = "[";
  for (int i = 0; i < 60; ++i) {
    if (i) requests += ",";
    requests += R"({"url":"http://e.com/)" + std::to_string(i) + R"(","uniqueKey":"k)" +
                std::to_string(i) + R"("})";
  }
  requests += "]";
  ApifyReply reply = Call("batchAddRequests", R"({"queueId":"q","requests":)" + requests + "}");
  ASSERT_EQ(reply.http_status, 201) << reply.body;
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(reply.body, &doc).ok());
  EXPECT_EQ(doc["processedRequests"].Size() + doc["unprocessedRequests"].Size(), 60u);
  EXPECT_NE(Call("getQueue", R"({"queueId":"q"})").body.find(R"("totalRequestCount":60)"),
            std::string::npos);
}

}  // namespace
}  // namespace headlock::json
