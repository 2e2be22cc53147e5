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

void PlanIndexWrites(TableState& table, const Item* old_item, const Item* new_item,
                     const std::string& table_key, leveldb::WriteBatch* batch,
                     ConsumedCapacity* capacity, IndexWritePlan* plan) {
  for (auto& ix_ptr : table.indexes) {
    IndexState& ix = *ix_ptr;
    const KeySchema& ks = ix.def.key_schema;
    bool old_in = old_item != nullptr && HasKeyOf(*old_item, ks);
    bool new_in = new_item != nullptr && HasKeyOf(*new_item, ks);
    if (!old_in && !new_in) continue;  // sparse: no write, no arm reported

    std::string old_key, new_key, new_partition;
    Item old_entry, new_entry;
    size_t old_size = 0, new_size = 0;
    if (old_in) {
      old_key = ix.prefix;
      AppendKeyOf(*old_item, ks, &old_key);
      old_key += table_key;
      old_entry = ProjectForIndex(*old_item, table.key_schema, ix.def);
      old_size = ItemSizeBytes(old_entry);
    }
    if (new_in) {
      new_partition = ix.prefix;
      EncodeKeyValue(new_item->find(ks.partition_key.name)->second, &new_partition);
      new_key = new_partition;
      if (ks.sort_key) EncodeKeyValue(new_item->find(ks.sort_key->name)->second, &new_key);
      new_key += table_key;
      new_entry = ProjectForIndex(*new_item, table.key_schema, ix.def);
      new_size = ItemSizeBytes(new_entry);
    }

    int64_t half_units = 0;
    IndexWritePlan::Delta delta{&ix, 0, 0};
    if (old_in && new_in && old_key == new_key) {
      if (old_entry == new_entry) continue;  // stored view unchanged: free, absent
      half_units = WriteHalfUnits(std::max(old_size, new_size));  // in-place: larger image
    } else {
      if (old_in) {
        batch->Delete(old_key);
        half_units += WriteHalfUnits(old_size);
        delta.count -= 1;
        delta.bytes -= static_cast<int64_t>(old_size);
      }
      if (new_in) {
        half_units += WriteHalfUnits(new_size);
        delta.count += 1;
        plan->inserts.push_back({&ix, new_partition, new_key});
      }
    }
    if (new_in) {
      std::string value;
      EncodeItem(new_entry, &value);
      batch->Put(new_key, value);
      delta.bytes += static_cast<int64_t>(new_size);
      if (old_in && old_key == new_key) delta.bytes -= static_cast<int64_t>(old_size);
    }
    plan->deltas.push_back(delta);
    capacity->global_secondary_indexes[ix.def.index_name].write += half_units;
  }
}

void PlanItemWrite(TableState& table, const std::string& item_key, const std::string& table_key,
                   const Item* old_item, const Item* new_item, leveldb::WriteBatch* batch,
                   ConsumedCapacity* capacity, IndexWritePlan* plan) {
  if (new_item != nullptr) {
    std::string value;
    EncodeItem(*new_item, &value);
    batch->Put(item_key, value);
  } else {
    batch->Delete(item_key);
  }
  PlanIndexWrites(table, old_item, new_item, table_key, batch, capacity, plan);
  int64_t old_size = old_item ? static_cast<int64_t>(ItemSizeBytes(*old_item)) : 0;
  int64_t new_size = new_item ? static_cast<int64_t>(ItemSizeBytes(*new_item)) : 0;
  plan->table_deltas.push_back(
      {&table, (new_item ? 1 : 0) - (old_item ? 1 : 0), new_size - old_size});
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
