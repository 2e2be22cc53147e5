#include "json/error_json.h"

#include "json/attribute_json.h"

namespace headlock::json {
namespace {

// Namespaces of `__type` (reference/dynamodb.md §9): Coral's validation
// layer, Coral's service layer, and DynamoDB's own modeled errors.
constexpr std::string_view kValidateNamespace = "com.amazon.coral.validate#";
constexpr std::string_view kServiceNamespace = "com.amazon.coral.service#";
constexpr std::string_view kDynamoDbNamespace = "com.amazonaws.dynamodb.v20120810#";

}  // namespace

std::string ErrorType(const Status& status) {
  std::string_view ns = kDynamoDbNamespace;
  if (status.code() == Status::Code::kValidationException) ns = kValidateNamespace;
  if (status.code() == Status::Code::kSerializationException) ns = kServiceNamespace;
  std::string out(ns);
  out += status.ErrorName();
  return out;
}

int ErrorHttpStatus(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInternalServerError:
    case Status::Code::kStorageError:
      return 500;
    default:
      return 400;
  }
}

rapidjson::Value ErrorToJson(const Status& status, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  std::string type = ErrorType(status);
  out.AddMember("__type",
                rapidjson::Value(type.data(), static_cast<rapidjson::SizeType>(type.size()), alloc),
                alloc);
  // The SDKs read either spelling; we match what the service sends.
  const char* message_key =
      status.code() == Status::Code::kSerializationException ? "Message" : "message";
  const std::string& message = status.message();
  out.AddMember(
      rapidjson::StringRef(message_key),
      rapidjson::Value(message.data(), static_cast<rapidjson::SizeType>(message.size()), alloc),
      alloc);
  return out;
}

std::string ErrorToJsonString(const Status& status) {
  rapidjson::Document doc;
  return JsonToString(ErrorToJson(status, doc.GetAllocator()));
}

}  // namespace headlock::json
