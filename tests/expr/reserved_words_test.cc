#include "expr/reserved_words.h"

#include <gtest/gtest.h>

#include <string>

#include "expr_test_util.h"

namespace headlock::expr {
namespace {

TEST(ReservedWords, HasDynamoDBsCount) {
  EXPECT_EQ(kReservedWordCount, 573u);
  EXPECT_EQ(ReservedWordAt(0), "ABORT");
  EXPECT_EQ(ReservedWordAt(kReservedWordCount - 1), "ZONE");
  for (size_t i = 0; i < kReservedWordCount; ++i) {
    EXPECT_TRUE(IsReservedWord(ReservedWordAt(i))) << ReservedWordAt(i);
  }
}

TEST(ReservedWords, CaseInsensitive) {
  for (const char* w : {"status", "Status", "STATUS", "name", "data", "size", "url", "method",
                        "key", "value", "count", "time", "timestamp", "ttl", "user", "FLATTERN"}) {
    EXPECT_TRUE(IsReservedWord(w)) << w;
  }
}

TEST(ReservedWords, OrdinaryNamesAreNot) {
  // The seed's attributes other than url/method are free to use unaliased.
  for (const char* w : {"id", "queueId", "orderNo", "lockByClient", "uniqueKey", "retryCount",
                        "json", "payload", "", "statuses", "ABORTED", "localtimestampx"}) {
    EXPECT_FALSE(IsReservedWord(w)) << w;
  }
}

TEST(ReservedWords, AliasingAvoidsTheError) {
  using namespace headlock::expr_test;
  Request bad;
  bad.update = "SET Url = :u";
  bad.values = ExpressionAttributeValues{{":u", S("https://example.com")}};
  EXPECT_EQ(
      bad.Prepare().status().message(),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Url");
  Request good = bad;
  good.update = "SET #u = :u";
  good.names = ExpressionAttributeNames{{"#u", "url"}};
  EXPECT_TRUE(good.Prepare().ok());
  Request filter;
  filter.filter = "Size = :u";
  filter.values = bad.values;
  EXPECT_EQ(
      filter.Prepare().status().message(),
      "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Size");
}

}  // namespace
}  // namespace headlock::expr
