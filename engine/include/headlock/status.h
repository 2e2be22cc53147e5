// Status: the outcome of an engine operation, named after DynamoDB's errors.
//
// A Status is a small value: OK carries no message and costs nothing to copy.
// Every failure carries the DynamoDB error name (its code) and DynamoDB's
// message, so that the JSON edge (tools/) can turn it into
// {"__type": ..., "message": ...} mechanically. No exception crosses the
// engine's API.
//
// Thread safety: a Status is a value; distinct objects may be used from
// different threads freely.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace headlock {

class [[nodiscard]] Status {
 public:
  // Codes are DynamoDB's error names (the part after '#' in "__type").
  enum class Code {
    kOk = 0,
    kValidationException,
    kConditionalCheckFailedException,
    kResourceNotFoundException,
    kResourceInUseException,
    kProvisionedThroughputExceededException,
    kThrottlingException,
    kRequestLimitExceeded,
    kTransactionCanceledException,
    kTransactionConflictException,
    kItemCollectionSizeLimitExceededException,
    kLimitExceededException,
    kSerializationException,
    kIdempotentParameterMismatchException,
    kInternalServerError,
    // Not a DynamoDB error: the storage layer (LevelDB) failed. Reported to
    // clients as InternalServerError.
    kStorageError,
    // Not DynamoDB errors: the request queue's and the key-value store's
    // (engine/queue). Their names are Apify API v2's error types, which
    // belong to the queue: headlock/queue/apify_errors.h.
    kRecordNotFound,         // no such queue, request, store or record
    kRequestLocked,          // locked by another client
    kRequestAlreadyHandled,  // the request is handled
    kInvalidInput,           // a bad argument to a queue operation
    kInvalidRecordKey,       // a key outside Apify's rule (400)
    kRequestTooLarge,        // a record over 9,437,184 bytes (413)
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status Validation(std::string message) {
    return Status(Code::kValidationException, std::move(message));
  }
  static Status ConditionalCheckFailed(std::string message = "The conditional request failed") {
    return Status(Code::kConditionalCheckFailedException, std::move(message));
  }
  static Status ResourceNotFound(std::string message = "Requested resource not found") {
    return Status(Code::kResourceNotFoundException, std::move(message));
  }
  static Status ResourceInUse(std::string message) {
    return Status(Code::kResourceInUseException, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternalServerError, std::move(message));
  }
  static Status Storage(std::string message) {
    return Status(Code::kStorageError, std::move(message));
  }
  static Status RecordNotFound(std::string message) {
    return Status(Code::kRecordNotFound, std::move(message));
  }
  static Status RequestLocked(std::string message) {
    return Status(Code::kRequestLocked, std::move(message));
  }
  static Status RequestAlreadyHandled(std::string message) {
    return Status(Code::kRequestAlreadyHandled, std::move(message));
  }
  static Status InvalidInput(std::string message) {
    return Status(Code::kInvalidInput, std::move(message));
  }

  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsValidation() const { return code_ == Code::kValidationException; }
  bool IsConditionalCheckFailed() const {
    return code_ == Code::kConditionalCheckFailedException;
  }
  // DynamoDB's three throttling errors (ProvisionedThroughputExceeded,
  // Throttling, RequestLimitExceeded): the request consumed nothing and may
  // be retried after a backoff, as the SDKs do. One definition, so that the
  // batch operations, the key-value store, the queue and the simulator agree
  // on what is retryable.
  bool IsThrottle() const {
    return code_ == Code::kProvisionedThroughputExceededException ||
           code_ == Code::kThrottlingException || code_ == Code::kRequestLimitExceeded;
  }

  // DynamoDB's error name, e.g. "ValidationException"; "OK" for success; for
  // the queue's codes, Apify's error type, e.g. "record-not-found"
  // (ApifyQueueErrorType in headlock/queue/apify_errors.h).
  std::string_view ErrorName() const;

  // "ValidationException: <message>" or "OK".
  std::string ToString() const;

  bool operator==(const Status& other) const = default;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace headlock

// Returns from the current function if `expr` yields a non-OK Status.
#define HEADLOCK_RETURN_IF_ERROR(expr)            \
  do {                                            \
    ::headlock::Status _hl_status = (expr);       \
    if (!_hl_status.ok()) return _hl_status;      \
  } while (0)
