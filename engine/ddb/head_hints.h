// HeadHints: per index partition, one known-empty gap of the key space,
// so that reads at the head of a queue do not walk over tombstones.
//
// Why: a request queue's index is consumed from the front. Every locked or
// handled request deletes an entry near the front and LevelDB keeps the
// tombstones until compaction; LevelDB's Seek and Next step over every one of
// them, so a head query turns linear in the number of requests ever handled
// and a crawl quadratic.
//
// A gap (B, L) says: the partition has no live entry k with B < k < L (with
// B = "partition start" meaning no live entry below L at all). A forward read
// whose start lies inside the gap seeks straight to L, and one that reaches
// the live entry B jumps to L instead of stepping over the tombstones. Each
// read that jumps learns where the first live entry after L is and moves L up
// to it, so each tombstone is walked over about once, not once per read.
//
// B is a live entry or the partition start, so entries whose locks expire
// (which enter a head query's range without any write) are never hidden:
// they are live, hence outside every gap.
//
// The other end: a read that steps from a live entry T past the end of its
// partition learns that T is the partition's last live entry. A later read
// that reaches T stops there instead of stepping on: LevelDB's Next would
// otherwise walk every tombstone after T and then on into the next
// partition's handled requests, which lie in front of its own head gap.
// Likewise a jump whose target is the partition's end needs no Seek at all.
//
// Invariant keeping: writers call NoteInsert after their batch committed
// (an insert inside the gap shrinks it; an insert after the last live entry
// becomes the last live entry); a read sets or moves a gap, or sets the last
// live entry, only if no insert into a partition of its stripe was noted
// between its Lookup (taken before its iterator) and its update.
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
  struct Gap {
    bool valid = false;
    bool from_start = false;  // B = partition start
    std::string below;        // B, when !from_start (a live entry's key)
    std::string low;          // L
    uint64_t version = 0;     // insert count of the partition's stripe at Lookup
    // The partition's last live entry T, when known: no live entry k > T.
    bool last_valid = false;
    std::string last;
    // True when no live entry of the partition can sit at `key`.
    bool Contains(std::string_view key) const {
      return valid && (from_start || key > below) && key < low;
    }
    // True when no live entry of the partition follows `key`.
    bool IsLast(std::string_view key) const { return last_valid && key == last; }
  };

  // Bounded memory: past this many partitions all gaps are dropped (they are
  // only an optimisation; correctness never depends on them).
  static constexpr size_t kMaxPartitions = 1 << 20;

  Gap Lookup(const std::string& partition) const;

  // The insert count of the partition's stripe. A read compares it with its
  // Lookup's after creating its iterator: an insert noted in between may be
  // inside the copy of the gap the read holds, so the read must not use it.
  uint64_t StripeVersion(const std::string& partition) const;

  // Records a new gap found by a read that took `seen` from Lookup.
  void Set(const std::string& partition, const Gap& seen, bool from_start, std::string below,
           std::string low);

  // A read that jumped to `seen.low` found the first live entry at
  // `first_live` (or the partition end): the gap now reaches up to it.
  void Raise(const std::string& partition, const Gap& seen, std::string first_live);

  // A read that took `seen` from Lookup stepped from the live entry `last`
  // past the end of the partition: nothing live follows it.
  void SetLast(const std::string& partition, const Gap& seen, std::string last);

  // An entry with `key` was inserted into `partition` (call after commit).
  void NoteInsert(const std::string& partition, std::string_view key);

 private:
  static constexpr size_t kStripes = 4096;
  static size_t StripeOf(std::string_view partition);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Gap> gaps_;
  uint64_t stripe_versions_[kStripes] = {};
};

}  // namespace headlock::ddb
