// HeadHints: per index partition, a key below which the partition is known
// to hold no live entries.
//
// Why: a request queue's index is consumed from the front. Every locked or
// handled request deletes an entry near the front, and LevelDB keeps the
// tombstones until compaction, so a Seek to the start of the partition walks
// over every tombstone ever left there and a crawl turns quadratic. With the
// hint, a query whose range starts at or below the hint seeks straight to
// it, and moves the hint up to the first live entry it meets. Each tombstone
// is then walked over about once instead of once per query.
//
// Invariant: for a hint (partition p, low L), no live entry of p has a key
// < L. Writers keep it by calling NoteInsert after their batch committed;
// a query only sets or raises L if no insert into a partition of its stripe
// was noted between its Lookup (taken before its iterator) and its Raise.
//
// Thread safety: all methods may be called from many threads.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>


namespace headlock::ddb {

class HeadHints {
 public:
  struct Snapshot {
    std::string low;   // empty: no hint
    uint64_t version = 0;  // insert count of the partition's stripe
  };

  // Bounded memory: past this many partitions all hints are dropped (they are
  // only an optimisation; correctness never depends on them).
  static constexpr size_t kMaxPartitions = 1 << 20;

  Snapshot Lookup(const std::string& partition) const;

  // A query on `partition` that started at or below `seen.low` (or at the
  // partition start when there was no hint) found its first live entry at
  // `first_live` (or the partition end).
  void Raise(const std::string& partition, const Snapshot& seen, std::string first_live);

  // An entry with `key` was inserted into `partition` (call after commit).
  void NoteInsert(const std::string& partition, std::string_view key);

 private:
  static constexpr size_t kStripes = 4096;
  static size_t StripeOf(std::string_view partition);

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> hints_;  // partition -> low
  uint64_t stripe_versions_[kStripes] = {};
};

}  // namespace headlock::ddb
