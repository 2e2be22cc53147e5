#include "json/error_json.h"

#include <gtest/gtest.h>

#include "json/attribute_json.h"

namespace headlock::json {
namespace {

TEST(ErrorJsonTest, ModeledErrorsUseTheDynamoDbNamespace) {
  EXPECT_EQ(ErrorToJsonString(Status::ConditionalCheckFailed()),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
            R"("message":"The conditional request failed"})");
  EXPECT_EQ(ErrorType(Status::ResourceNotFound()),
            "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(ErrorType(Status(Status::Code::kThrottlingException, "x")),
            "com.amazonaws.dynamodb.v20120810#ThrottlingException");
}

TEST(ErrorJsonTest, ValidationUsesCoralValidate) {
  EXPECT_EQ(ErrorToJsonString(Status::Validation("bad \"quote\"")),
            R"({"__type":"com.amazon.coral.validate#ValidationException",)"
            R"("message":"bad \"quote\""})");
}

TEST(ErrorJsonTest, SerializationUsesCoralServiceAndCapitalMessage) {
  EXPECT_EQ(ErrorToJsonString(SerializationError("NUMBER_VALUE cannot be converted to String")),
            R"({"__type":"com.amazon.coral.service#SerializationException",)"
            R"("Message":"NUMBER_VALUE cannot be converted to String"})");
}

TEST(ErrorJsonTest, StorageErrorsAreInternalServerErrors) {
  EXPECT_EQ(ErrorType(Status::Storage("disk")),
            "com.amazonaws.dynamodb.v20120810#InternalServerError");
  EXPECT_EQ(ErrorHttpStatus(Status::Storage("disk")), 500);
  EXPECT_EQ(ErrorHttpStatus(Status::Internal("x")), 500);
  EXPECT_EQ(ErrorHttpStatus(Status::Validation("x")), 400);
  EXPECT_EQ(ErrorHttpStatus(Status::ConditionalCheckFailed()), 400);
}

}  // namespace
}  // namespace headlock::json
