#include "headlock/queue/apify_errors.h"

namespace headlock {

std::string_view ApifyQueueErrorType(Status::Code code) {
  using Code = Status::Code;
  switch (code) {
    case Code::kRecordNotFound:
      return "record-not-found";
    case Code::kRequestLocked:
      return "request-handled-or-locked";
    case Code::kRequestAlreadyHandled:
      return "request-handled-or-locked";
    case Code::kInvalidInput:
      return "invalid-input";
    case Code::kInvalidRecordKey:
      return "invalid-record-key";
    case Code::kRequestTooLarge:
      return "request-too-large";
    default:
      return {};
  }
}

}  // namespace headlock
