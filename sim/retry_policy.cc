#include "headlock/sim/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace headlock::sim {

Result<SdkRetryMode> ParseSdkRetryMode(std::string_view name) {
  if (name == "js-v3-standard") return SdkRetryMode::kJsV3Standard;
  if (name == "boto3-legacy") return SdkRetryMode::kBoto3Legacy;
  return Status::InvalidInput("sdk retry mode must be js-v3-standard or boto3-legacy");
}

std::optional<int64_t> RetryPolicy::NextDelayMs(int failures, Rng& rng, bool* client_retry) const {
  const int per_call = sdk_attempts();
  const int call = (failures - 1) / per_call;     // apify-client attempt (0-based)
  const int in_call = (failures - 1) % per_call;  // SDK retry index within it (0-based)
  *client_retry = false;
  if (in_call + 1 < per_call) {
    if (mode_ == SdkRetryMode::kJsV3Standard) {
      // floor(min(20 s, random() x 2^retryCount x 500 ms)), throttling base.
      const double d = std::min(20'000.0, rng.Uniform() * std::ldexp(500.0, in_call));
      return static_cast<int64_t>(d);
    }
    // boto3 legacy: 50 ms x 2^(attempt-1), no jitter.
    return static_cast<int64_t>(std::ldexp(50.0, in_call));
  }
  if (call >= kClientRetries) return std::nullopt;
  *client_retry = true;
  // round(U[1,2) x 500 ms x 2^(n-1)), n = the client retry number (1-based).
  return static_cast<int64_t>(std::llround((1.0 + rng.Uniform()) * std::ldexp(500.0, call)));
}

}  // namespace headlock::sim
