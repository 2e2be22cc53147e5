// What a client does when the backend throttles it: the AWS SDK inside the
// API server retries the DynamoDB call (JS v3 "standard" or boto3 "legacy",
// reference/dynamodb.md §10); when the SDK gives up the API answers 500 and
// apify-client retries the whole call (8 retries, 500 ms x 2^(n-1) x U[1,2),
// reference/apify-request-queue.md §0). Delays are drawn from the
// simulator's Rng, so runs stay reproducible.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "headlock/result.h"
#include "headlock/sim/random.h"

namespace headlock::sim {

enum class SdkRetryMode { kJsV3Standard, kBoto3Legacy };

Result<SdkRetryMode> ParseSdkRetryMode(std::string_view name);

class RetryPolicy {
 public:
  explicit RetryPolicy(SdkRetryMode mode) : mode_(mode) {}

  // Attempts per API call inside the SDK (the first one included).
  int sdk_attempts() const { return mode_ == SdkRetryMode::kJsV3Standard ? 3 : 10; }
  static constexpr int kClientRetries = 8;  // apify-client maxRetries

  // After `failures` throttled attempts of one API call in total (SDK and
  // client attempts together, >= 1): the delay before the next attempt, or
  // nullopt when both have given up. `*client_retry` says whether this one
  // is apify-client's retry of a 500 (the SDK having given up).
  std::optional<int64_t> NextDelayMs(int failures, Rng& rng, bool* client_retry) const;

 private:
  SdkRetryMode mode_;
};

}  // namespace headlock::sim
