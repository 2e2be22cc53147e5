#include "headlock/status.h"

#include <gtest/gtest.h>

#include "headlock/result.h"

namespace headlock {
namespace {

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.ErrorName(), "OK");
}

TEST(StatusTest, CarriesDynamoDbErrorName) {
  Status s = Status::ConditionalCheckFailed();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ErrorName(), "ConditionalCheckFailedException");
  EXPECT_EQ(s.ToString(), "ConditionalCheckFailedException: The conditional request failed");
  EXPECT_EQ(Status::Storage("disk").ErrorName(), "InternalServerError");
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::Validation("odd");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  HEADLOCK_ASSIGN_OR_RETURN(*out, Half(x));
  return Status::OK();
}

TEST(ResultTest, ValueOrStatus) {
  int v = 0;
  EXPECT_TRUE(UseHalf(4, &v).ok());
  EXPECT_EQ(v, 2);
  Status s = UseHalf(3, &v);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_EQ(s.message(), "odd");
}

}  // namespace
}  // namespace headlock
