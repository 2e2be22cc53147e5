// TokenBucket: provisioned throughput with DynamoDB's burst allowance.
//
// A bucket is refilled at `rate` units per second from the injected clock and
// holds at most `burst_seconds` seconds of unused capacity (DynamoDB keeps
// up to 300 seconds: reference/dynamodb.md §4.1). A new bucket starts full,
// as a new provisioned table can spend its burst at once. Units are integer
// half units (consumed_capacity.h), refilled with millisecond precision.
//
// Thread safety: none; the owner serialises access.
#pragma once

#include <cstdint>

namespace headlock {

inline constexpr int64_t kBurstSeconds = 300;  // DynamoDB retains 5 minutes of unused capacity

class TokenBucket {
 public:
  TokenBucket() = default;
  // `rate_half_units` per second; full at `now_ms`.
  TokenBucket(int64_t rate_half_units, int64_t now_ms, int64_t burst_seconds = kBurstSeconds);

  // Changes the rate (UpdateTable); tokens above the new capacity are dropped.
  void SetRate(int64_t rate_half_units, int64_t now_ms);

  // True if `half_units` are available at `now_ms` (after refilling).
  bool CanConsume(int64_t half_units, int64_t now_ms);
  // Takes `half_units`. REQUIRES: CanConsume(half_units, now_ms) was just true.
  void Consume(int64_t half_units);

  // Whole half units available at `now_ms`.
  int64_t Available(int64_t now_ms);
  int64_t rate() const { return rate_; }
  int64_t capacity() const { return rate_ * burst_seconds_; }

 private:
  void Refill(int64_t now_ms);

  int64_t rate_ = 0;            // half units per second
  int64_t burst_seconds_ = kBurstSeconds;
  int64_t tokens_milli_ = 0;    // half units x 1000 (refill is rate x elapsed ms)
  int64_t last_ms_ = 0;
};

}  // namespace headlock
