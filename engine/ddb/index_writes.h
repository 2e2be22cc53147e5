// How one item change (old image -> new image) changes a table's global
// secondary indexes: the LevelDB operations, the index write units DynamoDB
// charges, the stats deltas and the inserts the head hints must hear of.
#pragma once

#include <leveldb/write_batch.h>

#include <string>
#include <vector>

#include "ddb/database_rep.h"
#include "headlock/capacity/consumed_capacity.h"

namespace headlock::ddb {

// An index entry inserted by a write, to report to HeadHints after commit.
struct PendingInsert {
  IndexState* index = nullptr;
  std::string partition;
  std::string key;
};

struct IndexWritePlan {
  std::vector<PendingInsert> inserts;
  struct Delta {
    IndexState* index = nullptr;
    int64_t count = 0;
    int64_t bytes = 0;
  };
  std::vector<Delta> deltas;
  struct TableDelta {
    TableState* table = nullptr;
    int64_t count = 0;
    int64_t bytes = 0;
  };
  std::vector<TableDelta> table_deltas;
};

// An item image with its stored encoding and DynamoDB size, each computed
// once per write (an ALL-projection index entry reuses both).
struct ItemImage {
  const Item* item = nullptr;
  std::string encoded;
  size_t size = 0;
};
// Encodes and sizes `item` (which must outlive the image).
ItemImage ImageOf(const Item& item);
// An image of an item read from storage, from its stored bytes.
ItemImage StoredImageOf(const Item& item, std::string encoded);

// The stored view of `item` in `index`: table key, index key and the
// projected attributes.
Item ProjectForIndex(const Item& item, const KeySchema& table_key, const GlobalSecondaryIndex& index);

// Checks the index key attributes of an item about to be written: when
// present they must have the index's declared type and not be empty.
Status ValidateIndexKeys(const TableState& table, const Item& item);

// Adds to `batch` the index operations turning `old_image` into `new_image`
// (either may be null), charges `capacity` per index as DynamoDB does
// (reference/dynamodb.md §3.3), and fills `plan`.
// `table_key` is the encoded primary key of the item.
void PlanIndexWrites(TableState& table, const ItemImage* old_image, const ItemImage* new_image,
                     const std::string& table_key, leveldb::WriteBatch* batch,
                     ConsumedCapacity* capacity, IndexWritePlan* plan);

// Adds a whole item write to `batch`: the new image at `item_key` (or its
// deletion when `new_image` is null) and its index entries (PlanIndexWrites).
void PlanItemWrite(TableState& table, const std::string& item_key, const std::string& table_key,
                   const ItemImage* old_image, const ItemImage* new_image,
                   leveldb::WriteBatch* batch, ConsumedCapacity* capacity, IndexWritePlan* plan);

// After the batch committed: stats and head hints.
void ApplyIndexWritePlan(const IndexWritePlan& plan);

}  // namespace headlock::ddb
