#include "ddb/head_hints.h"

#include <xxhash.h>

namespace headlock::ddb {

size_t HeadHints::StripeOf(std::string_view partition) {
  return XXH3_64bits(partition.data(), partition.size()) % kStripes;
}

HeadHints::Gap HeadHints::Lookup(const std::string& partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  Gap gap;
  auto it = gaps_.find(partition);
  if (it != gaps_.end()) gap = it->second;
  gap.version = stripe_versions_[StripeOf(partition)];
  return gap;
}

uint64_t HeadHints::StripeVersion(const std::string& partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  return stripe_versions_[StripeOf(partition)];
}

void HeadHints::Set(const std::string& partition, const Gap& seen, bool from_start,
                    std::string below, std::string low) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stripe_versions_[StripeOf(partition)] != seen.version) return;  // raced with an insert
  if (gaps_.size() >= kMaxPartitions && gaps_.count(partition) == 0) gaps_.clear();
  Gap& gap = gaps_[partition];
  gap.valid = true;
  gap.from_start = from_start;
  gap.below = std::move(below);
  gap.low = std::move(low);
}

void HeadHints::Raise(const std::string& partition, const Gap& seen, std::string first_live) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stripe_versions_[StripeOf(partition)] != seen.version) return;  // raced with an insert
  auto it = gaps_.find(partition);
  if (it == gaps_.end()) return;
  Gap& gap = it->second;
  if (gap.from_start != seen.from_start || gap.below != seen.below) return;  // replaced
  if (first_live > gap.low) gap.low = std::move(first_live);
}

void HeadHints::SetLast(const std::string& partition, const Gap& seen, std::string last) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stripe_versions_[StripeOf(partition)] != seen.version) return;  // raced with an insert
  if (gaps_.size() >= kMaxPartitions && gaps_.count(partition) == 0) gaps_.clear();
  Gap& gap = gaps_[partition];
  gap.last_valid = true;
  gap.last = std::move(last);
}

void HeadHints::NoteInsert(const std::string& partition, std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  ++stripe_versions_[StripeOf(partition)];
  auto it = gaps_.find(partition);
  if (it == gaps_.end()) return;
  Gap& gap = it->second;
  if (gap.Contains(key)) gap.low = std::string(key);
  if (gap.last_valid && key > gap.last) gap.last = std::string(key);
}

}  // namespace headlock::ddb
