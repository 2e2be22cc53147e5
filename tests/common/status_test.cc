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

TEST(StatusTest, IsThrottleCoversDynamoDbsThreeThrottlingErrors) {
  using Code = Status::Code;
  EXPECT_TRUE(Status(Code::kProvisionedThroughputExceededException, "x").IsThrottle());
  EXPECT_TRUE(Status(Code::kThrottlingException, "x").IsThrottle());
  EXPECT_TRUE(Status(Code::kRequestLimitExceeded, "x").IsThrottle());
  EXPECT_FALSE(Status::OK().IsThrottle());
  EXPECT_FALSE(Status(Code::kLimitExceededException, "x").IsThrottle());
  EXPECT_FALSE(Status::ConditionalCheckFailed().IsThrottle());
}

TEST(StatusTest, QueueCodesAreNamedAfterApifysTypes) {
  using Code = Status::Code;
  EXPECT_EQ(Status::RecordNotFound("q").ToString(), "record-not-found: q");
  EXPECT_EQ(Status::RequestLocked("r").ErrorName(), "request-handled-or-locked");
  EXPECT_EQ(Status::RequestAlreadyHandled("r").ErrorName(), "request-handled-or-locked");
  EXPECT_EQ(Status::InvalidInput("x").ErrorName(), "invalid-input");
  EXPECT_EQ(Status(Code::kInvalidRecordKey, "k").ErrorName(), "invalid-record-key");
  EXPECT_EQ(Status(Code::kRequestTooLarge, "k").ErrorName(), "request-too-large");
  EXPECT_EQ(Status(Code::kLimitExceededException, "x").ErrorName(), "LimitExceededException");
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
