// Deterministic random source for the value tests: splitmix64 (a fixed
// algorithm, unlike std:: distributions) and a seed that every test prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "headlock/splitmix64.h"

namespace headlock::testing {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return ::headlock::SplitMix64(&state_); }
  // Uniform in [0, n). REQUIRES: n > 0. (Modulo bias is irrelevant here.)
  uint64_t Uniform(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Uniform(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool OneIn(uint64_t n) { return Uniform(n) == 0; }

 private:
  uint64_t state_;
};

// HEADLOCK_TEST_SEED from the environment reproduces a run; otherwise the clock.
inline uint64_t TestSeed(const char* test_name) {
  uint64_t seed = 0;
  if (const char* env = std::getenv("HEADLOCK_TEST_SEED")) {
    seed = std::strtoull(env, nullptr, 10);
  } else {
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::cout << test_name << ": seed " << seed << " (rerun with HEADLOCK_TEST_SEED=" << seed
            << ")\n";
  return seed;
}

}  // namespace headlock::testing
