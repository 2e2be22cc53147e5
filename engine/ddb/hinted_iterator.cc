#include "ddb/hinted_iterator.h"

#include <utility>

#include "ddb/keys.h"

namespace headlock::ddb {

HintedIterator::HintedIterator(leveldb::DB* db, HeadHints* hints, std::string partition)
    : db_(db), hints_(hints), partition_(std::move(partition)) {
  if (hints_ != nullptr) gap_ = hints_->Lookup(partition_);  // before the iterator
  it_.reset(db_->NewIterator(leveldb::ReadOptions()));
  // An insert noted between the Lookup and the iterator may lie inside our
  // copy of the gap while the iterator sees it: read without hints then.
  hinted_ = hints_ != nullptr && hints_->StripeVersion(partition_) == gap_.version;
  if (hinted_) partition_end_ = PrefixSuccessor(partition_);
}

void HintedIterator::Seek(const std::string& target) {
  if (hinted_ && gap_.Contains(target)) {
    Jump();
    return;
  }
  it_->Seek(target);
  if (hinted_ && !gap_.valid) LearnGap();
}

void HintedIterator::SeekBefore(const std::string& target) {
  it_->Seek(target);
  if (it_->Valid()) {
    it_->Prev();
  } else {
    it_->SeekToLast();
  }
}

void HintedIterator::Next() {
  if (!hinted_) {
    it_->Next();
    return;
  }
  std::string_view key(it_->key().data(), it_->key().size());
  if (gap_.IsLast(key)) {
    exhausted_ = true;
    return;
  }
  stepped_from_.assign(key);
  if (gap_.valid && !gap_.from_start && key == gap_.below) {
    Jump();
  } else {
    it_->Next();
  }
}

// Skips the known-empty gap with one Seek instead of stepping over its tombstones.
void HintedIterator::Jump() {
  jumped_ = true;
  if (gap_.low >= partition_end_) {  // the gap runs to the partition's end
    first_after_jump_ = partition_end_;
    exhausted_ = true;
    return;
  }
  it_->Seek(gap_.low);
  first_after_jump_ =
      it_->Valid() && it_->key().starts_with(partition_) ? it_->key().ToString() : partition_end_;
}

// Learns the gap around the first live entry at or after the Seek's target:
// the iterator sits on that entry (or past the partition); walking back from
// it finds the live entry B before it. Done once per partition.
void HintedIterator::LearnGap() {
  std::string first =
      it_->Valid() && it_->key().starts_with(partition_) ? it_->key().ToString() : partition_end_;
  std::unique_ptr<leveldb::Iterator> back(db_->NewIterator(leveldb::ReadOptions()));
  back->Seek(first);
  if (back->Valid()) {
    back->Prev();
  } else {
    back->SeekToLast();
  }
  bool from_start = !back->Valid() || !back->key().starts_with(partition_);
  hints_->Set(partition_, gap_, from_start, from_start ? std::string() : back->key().ToString(),
              std::move(first));
}

void HintedIterator::RecordLearned() {
  if (jumped_) hints_->Raise(partition_, gap_, std::move(first_after_jump_));
  // A step from a live entry that left the partition: that entry is its last.
  if (hinted_ && !exhausted_ && !stepped_from_.empty() &&
      (!it_->Valid() || !it_->key().starts_with(partition_))) {
    hints_->SetLast(partition_, gap_, std::move(stepped_from_));
  }
}

}  // namespace headlock::ddb
