#include "ddb/index_writes.h"

#include <fmt/format.h>

#include "ddb/keys.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"
#include "headlock/value/key_encoding.h"

namespace headlock::ddb {

Item ProjectForIndex(const Item& item, const KeySchema& table_key,
                     const GlobalSecondaryIndex& index) {
  if (index.projection.type == ProjectionType::kAll) return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  };
  copy(table_key.partition_key.name);
  if (table_key.sort_key) copy(table_key.sort_key->name);
  copy(index.key_schema.partition_key.name);
  if (index.key_schema.sort_key) copy(index.key_schema.sort_key->name);
  for (const std::string& name : index.projection.non_key_attributes) copy(name);
  return out;
}

Status ValidateIndexKeys(const TableState& table, const Item& item) {
  for (const auto& ix : table.indexes) {
    const KeySchema& ks = ix->def.key_schema;
    for (const KeyAttribute* attr : {&ks.partition_key, ks.sort_key ? &*ks.sort_key : nullptr}) {
      if (attr == nullptr) continue;
      auto it = item.find(attr->name);
      if (it == item.end()) continue;
      const AttributeValue& v = it->second;
      if (v.type() != attr->type) {
        return Status::Validation(fmt::format(
            "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: "
            "{} Actual: {} IndexName: {}",
            attr->name, AttributeTypeName(attr->type), AttributeTypeName(v.type()),
            ix->def.index_name));
      }
      if ((v.is_s() && v.s().empty()) || (v.is_b() && v.b().empty())) {
        return Status::Validation(fmt::format(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "{} value. IndexName: {}, IndexKey: {}",
            v.is_s() ? "string" : "binary", ix->def.index_name, attr->name));
      }
      HEADLOCK_RETURN_IF_ERROR(ValidateKeyValue(v, *attr, attr == &ks.partition_key));
    }
  }
  return Status::OK();
}

ItemImage ImageOf(const Item& item) {
  ItemImage image;
  image.item = &item;
  EncodeItem(item, &image.encoded);
  image.size = ItemSizeBytes(item);
  return image;
}

ItemImage StoredImageOf(const Item& item, std::string encoded) {
  return ItemImage{&item, std::move(encoded), ItemSizeBytes(item)};
}

namespace {

// One side (old or new) of an index entry.
struct EntrySide {
  bool present = false;
  std::string key;
  std::string partition;
  Item projected;                 // unless the projection is ALL
  const std::string* encoded = nullptr;
  std::string own_encoding;
  size_t size = 0;
};

void BuildSide(const IndexState& ix, const KeySchema& table_key_schema, const ItemImage* image,
               const std::string& table_key, EntrySide* side) {
  const KeySchema& ks = ix.def.key_schema;
  if (image == nullptr || !HasKeyOf(*image->item, ks)) return;
  side->present = true;
  side->partition = ix.prefix;
  EncodeKeyValue(image->item->find(ks.partition_key.name)->second, &side->partition);
  side->key = side->partition;
  if (ks.sort_key) EncodeKeyValue(image->item->find(ks.sort_key->name)->second, &side->key);
  side->key += table_key;
  if (ix.def.projection.type == ProjectionType::kAll) {
    side->encoded = &image->encoded;  // the entry is the item itself
    side->size = image->size;
  } else {
    side->projected = ProjectForIndex(*image->item, table_key_schema, ix.def);
    EncodeItem(side->projected, &side->own_encoding);
    side->encoded = &side->own_encoding;
    side->size = ItemSizeBytes(side->projected);
  }
}

}  // namespace

void PlanIndexWrites(TableState& table, const ItemImage* old_image, const ItemImage* new_image,
                     const std::string& table_key, leveldb::WriteBatch* batch,
                     ConsumedCapacity* capacity, IndexWritePlan* plan) {
  for (auto& ix_ptr : table.indexes) {
    IndexState& ix = *ix_ptr;
    EntrySide old_side, new_side;
    BuildSide(ix, table.key_schema, old_image, table_key, &old_side);
    BuildSide(ix, table.key_schema, new_image, table_key, &new_side);
    if (!old_side.present && !new_side.present) continue;  // sparse: no write, no arm reported

    int64_t half_units = 0;
    IndexWritePlan::Delta delta{&ix, 0, 0};
    const bool in_place = old_side.present && new_side.present && old_side.key == new_side.key;
    if (in_place) {
      // Encodings are canonical, so equal bytes mean an unchanged stored view.
      if (*old_side.encoded == *new_side.encoded) continue;  // free, and absent
      half_units = WriteHalfUnits(std::max(old_side.size, new_side.size));  // the larger image
      delta.bytes -= static_cast<int64_t>(old_side.size);
    } else {
      if (old_side.present) {
        batch->Delete(old_side.key);
        half_units += WriteHalfUnits(old_side.size);
        delta.count -= 1;
        delta.bytes -= static_cast<int64_t>(old_side.size);
      }
      if (new_side.present) {
        half_units += WriteHalfUnits(new_side.size);
        delta.count += 1;
        plan->inserts.push_back({&ix, new_side.partition, new_side.key});
      }
    }
    if (new_side.present) {
      batch->Put(new_side.key, *new_side.encoded);
      delta.bytes += static_cast<int64_t>(new_side.size);
    }
    plan->deltas.push_back(delta);
    capacity->global_secondary_indexes[ix.def.index_name].write += half_units;
    capacity->index_partitions.push_back(
        {ix.def.index_name, new_side.present ? new_side.partition : old_side.partition,
         CapacityHalfUnits{0, half_units}});
  }
}

void PlanItemWrite(TableState& table, const std::string& item_key, const std::string& table_key,
                   const ItemImage* old_image, const ItemImage* new_image,
                   leveldb::WriteBatch* batch, ConsumedCapacity* capacity, IndexWritePlan* plan) {
  if (new_image != nullptr) {
    batch->Put(item_key, new_image->encoded);
  } else {
    batch->Delete(item_key);
  }
  PlanIndexWrites(table, old_image, new_image, table_key, batch, capacity, plan);
  int64_t old_size = old_image ? static_cast<int64_t>(old_image->size) : 0;
  int64_t new_size = new_image ? static_cast<int64_t>(new_image->size) : 0;
  plan->table_deltas.push_back(
      {&table, (new_image ? 1 : 0) - (old_image ? 1 : 0), new_size - old_size});
}

void ApplyIndexWritePlan(const IndexWritePlan& plan) {
  for (const auto& d : plan.table_deltas) {
    d.table->item_count.fetch_add(d.count, std::memory_order_relaxed);
    d.table->size_bytes.fetch_add(d.bytes, std::memory_order_relaxed);
  }
  for (const auto& d : plan.deltas) {
    d.index->item_count.fetch_add(d.count, std::memory_order_relaxed);
    d.index->size_bytes.fetch_add(d.bytes, std::memory_order_relaxed);
  }
  for (const auto& ins : plan.inserts) ins.index->hints.NoteInsert(ins.partition, ins.key);
}

}  // namespace headlock::ddb
