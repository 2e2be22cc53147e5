#include "headlock/capacity/token_bucket.h"

#include <algorithm>

namespace headlock {

TokenBucket::TokenBucket(int64_t rate_half_units, int64_t now_ms, int64_t burst_seconds)
    : rate_(rate_half_units),
      burst_seconds_(burst_seconds),
      tokens_milli_(rate_half_units * burst_seconds * 1000),
      last_ms_(now_ms) {}

void TokenBucket::Refill(int64_t now_ms) {
  if (now_ms <= last_ms_) return;  // time never runs backwards here
  int64_t cap = capacity() * 1000;
  tokens_milli_ = std::min(cap, tokens_milli_ + rate_ * (now_ms - last_ms_));
  last_ms_ = now_ms;
}

void TokenBucket::SetRate(int64_t rate_half_units, int64_t now_ms) {
  Refill(now_ms);
  rate_ = rate_half_units;
  tokens_milli_ = std::min(tokens_milli_, capacity() * 1000);
}

bool TokenBucket::CanConsume(int64_t half_units, int64_t now_ms) {
  Refill(now_ms);
  return tokens_milli_ >= half_units * 1000;
}

void TokenBucket::Consume(int64_t half_units) { tokens_milli_ -= half_units * 1000; }

int64_t TokenBucket::Available(int64_t now_ms) {
  Refill(now_ms);
  return tokens_milli_ / 1000;
}

}  // namespace headlock
