#include "ddb/head_hints.h"

#include <xxhash.h>

namespace headlock::ddb {

size_t HeadHints::StripeOf(std::string_view partition) {
  return XXH3_64bits(partition.data(), partition.size()) % kStripes;
}

HeadHints::Snapshot HeadHints::Lookup(const std::string& partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  Snapshot snap;
  snap.version = stripe_versions_[StripeOf(partition)];
  auto it = hints_.find(partition);
  if (it != hints_.end()) snap.low = it->second;
  return snap;
}

void HeadHints::Raise(const std::string& partition, const Snapshot& seen, std::string first_live) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stripe_versions_[StripeOf(partition)] != seen.version) return;  // raced with an insert
  auto it = hints_.find(partition);
  if (it == hints_.end()) {
    if (!seen.low.empty()) return;  // dropped meanwhile
    if (hints_.size() >= kMaxPartitions) hints_.clear();
    hints_.emplace(partition, std::move(first_live));
    return;
  }
  if (first_live > it->second) it->second = std::move(first_live);
}

void HeadHints::NoteInsert(const std::string& partition, std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  ++stripe_versions_[StripeOf(partition)];
  auto it = hints_.find(partition);
  if (it != hints_.end() && key < it->second) it->second = std::string(key);
}

}  // namespace headlock::ddb
