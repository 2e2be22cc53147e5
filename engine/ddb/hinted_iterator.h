// HintedIterator: a LevelDB iterator over one index partition that uses the
// partition's HeadHints to skip the tombstones at the head of a queue.
//
// Modelled on LevelDB's DBIter, which wraps the internal iterator and hides
// the deleted entries from its caller: this one wraps a DB iterator and hides
// the *cost* of the deleted entries. A forward Seek into the known-empty gap
// lands on the gap's end with one Seek; a Next from the live entry just
// before the gap jumps over it; a Next from the partition's known last live
// entry ends the read instead of walking the tombstones behind it. What it
// yields is exactly what a plain iterator would (head_hints.h explains why
// a gap never hides a live entry); only the number of entries it steps over
// differs.
//
// A read learns as it goes (where the gap is, where it now ends, which entry
// is the partition's last) and hands that back with RecordLearned() once it
// has read without error.
//
// Without hints (null) it is a plain iterator, forward and backward; hints
// only serve forward reads.
//
// Thread safety: one iterator belongs to one read; the HeadHints it uses may
// be shared (they are thread-safe).
#pragma once

#include <leveldb/db.h>
#include <leveldb/iterator.h>

#include <memory>
#include <string>
#include <string_view>

#include "ddb/head_hints.h"

namespace headlock::ddb {

class HintedIterator {
 public:
  // Takes the partition's hint before creating the LevelDB iterator (the
  // order HeadHints requires). `hints` may be null; `partition` is the byte
  // prefix of the partition's keys.
  HintedIterator(leveldb::DB* db, HeadHints* hints, std::string partition);

  HintedIterator(const HintedIterator&) = delete;
  HintedIterator& operator=(const HintedIterator&) = delete;

  // Positions at the first entry >= target (forward reads).
  void Seek(const std::string& target);
  // Positions at the last entry < target (backward reads; no hints).
  void SeekBefore(const std::string& target);

  bool Valid() const { return !exhausted_ && it_->Valid(); }
  // REQUIRES: Valid().
  leveldb::Slice key() const { return it_->key(); }
  leveldb::Slice value() const { return it_->value(); }
  // REQUIRES: Valid().
  void Next();
  // REQUIRES: Valid(); the iterator was made without hints.
  void Prev() { it_->Prev(); }

  leveldb::Status status() const { return it_->status(); }

  // Hands what this read learned to the hints: a gap that now reaches further
  // and the partition's last live entry. Call once, after a read without error.
  void RecordLearned();

 private:
  void Jump();
  void LearnGap();

  leveldb::DB* db_;
  HeadHints* hints_;  // null: a plain iterator
  std::string partition_;
  HeadHints::Gap gap_;  // this read's copy, taken before it_
  std::unique_ptr<leveldb::Iterator> it_;
  bool hinted_ = false;
  std::string partition_end_;
  bool jumped_ = false;
  std::string first_after_jump_;  // the first live entry after the gap, or partition_end_
  // Nothing live is left in the partition: Valid() is false without a step
  // (a Seek or Next would walk the tombstones after the last live entry and
  // the next partition's tombstones up to its first live entry).
  bool exhausted_ = false;
  std::string stepped_from_;  // the live entry the last forward step left
};

}  // namespace headlock::ddb
