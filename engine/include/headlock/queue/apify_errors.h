// Apify API v2's error types for the request queue's and the key-value
// store's Status codes (Status::Code::kRecordNotFound ... kRequestTooLarge).
//
// The codes live in Status so that queue operations return the same small
// value as every other engine call; what they are called belongs to the
// queue, because the names are Apify's (https://docs.apify.com/api/v2), not
// DynamoDB's. Status::ErrorName() asks this table first, so a queue error's
// ToString() reads "record-not-found: ..." exactly as before.
//
// Thread safety: pure function.
#pragma once

#include <string_view>

#include "headlock/status.h"

namespace headlock {

// Apify's error `type` for a queue or key-value-store code, e.g.
// "record-not-found"; empty for every other code (DynamoDB's own, and OK).
// kRequestLocked and kRequestAlreadyHandled share Apify's one type
// "request-handled-or-locked"; their codes and messages tell them apart.
std::string_view ApifyQueueErrorType(Status::Code code);

}  // namespace headlock
