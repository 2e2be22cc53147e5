// LockStripes: a fixed array of mutexes chosen by key hash (xxHash).
//
// A conditional write is read-check-write; holding the stripe of the item's
// key for the whole sequence makes it atomic against every other writer of
// the same item, while writers of different items rarely contend.
#pragma once

#include <xxhash.h>

#include <array>
#include <mutex>
#include <string_view>

namespace headlock::ddb {

class LockStripes {
 public:
  static constexpr size_t kStripes = 1024;

  std::mutex& For(std::string_view key) { return stripes_[IndexOf(key)].mu; }

  // Multi-item operations (transactions) lock the stripes of all their keys
  // in ascending stripe order, so they never deadlock with each other or with
  // single-item writers (who hold one stripe).
  static size_t IndexOf(std::string_view key) {
    return XXH3_64bits(key.data(), key.size()) % kStripes;
  }
  std::mutex& At(size_t index) { return stripes_[index].mu; }

 private:
  // Padded to a cache line so that neighbouring stripes do not false-share.
  struct alignas(64) Stripe {
    std::mutex mu;
  };
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace headlock::ddb
