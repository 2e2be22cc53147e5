#include "headlock/status.h"

#include "headlock/queue/apify_errors.h"

namespace headlock {

std::string_view Status::ErrorName() const {
  // The request queue's codes are named by the queue (Apify's types): one
  // engine library, so common/ may call into queue/ here; only the table of
  // names lives there.
  std::string_view queue_type = ApifyQueueErrorType(code_);
  if (!queue_type.empty()) return queue_type;
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
    default:
      break;  // the queue's codes, named above
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
