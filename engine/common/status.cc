#include "headlock/status.h"

namespace headlock {

std::string_view Status::ErrorName() const {
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kValidationException: return "ValidationException";
    case Code::kConditionalCheckFailedException: return "ConditionalCheckFailedException";
    case Code::kResourceNotFoundException: return "ResourceNotFoundException";
    case Code::kResourceInUseException: return "ResourceInUseException";
    case Code::kProvisionedThroughputExceededException:
      return "ProvisionedThroughputExceededException";
    case Code::kThrottlingException: return "ThrottlingException";
    case Code::kRequestLimitExceeded: return "RequestLimitExceeded";
    case Code::kTransactionCanceledException: return "TransactionCanceledException";
    case Code::kTransactionConflictException: return "TransactionConflictException";
    case Code::kItemCollectionSizeLimitExceededException:
      return "ItemCollectionSizeLimitExceededException";
    case Code::kLimitExceededException: return "LimitExceededException";
    case Code::kSerializationException: return "SerializationException";
    case Code::kIdempotentParameterMismatchException:
      return "IdempotentParameterMismatchException";
    case Code::kInternalServerError: return "InternalServerError";
    case Code::kStorageError: return "InternalServerError";
    case Code::kRecordNotFound: return "record-not-found";
    // Apify has one type for both; the codes (and messages) tell them apart.
    case Code::kRequestLocked: return "request-handled-or-locked";
    case Code::kRequestAlreadyHandled: return "request-handled-or-locked";
    case Code::kInvalidInput: return "invalid-input";
    case Code::kInvalidRecordKey: return "invalid-record-key";
    case Code::kRequestTooLarge: return "request-too-large";
  }
  return "InternalServerError";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(ErrorName());
  out += ": ";
  out += message_;
  return out;
}

}  // namespace headlock
