// Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem.
//
// Every write validates its whole input before it reads or writes, then
// reads the old image, checks the condition and writes the item with all of
// its index entries in one WriteBatch, all under the item's lock stripe.
#include <fmt/format.h>
#include <leveldb/write_batch.h>

#include "ddb/database_rep.h"
#include "ddb/index_writes.h"
#include "ddb/keys.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"

namespace headlock {

using ddb::FromLevelDb;
using ddb::TableState;

namespace {

Status OnlyNoneOrAllOld(ReturnValues rv) {
  if (rv == ReturnValues::kNone || rv == ReturnValues::kAllOld) return Status::OK();
  return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
}

// The item a single-item write targets: its keys, the capacity it will be
// charged, and (after ReadOld) its stored image. Not movable once read: the
// image points at the item.
struct WriteTarget {
  std::string table_key;
  std::string item_key;
  ConsumedCapacity capacity;
  Item old_item;
  bool found = false;
  ddb::ItemImage old_image;

  WriteTarget(const TableState& table, const Item& key_or_item) {
    ddb::AppendKeyOf(key_or_item, table.key_schema, &table_key);
    item_key = table.item_prefix + table_key;
    capacity.table_name = table.name;
    capacity.table_partition = ddb::PartitionOf(key_or_item, table.key_schema);
  }
  WriteTarget(const WriteTarget&) = delete;
  WriteTarget& operator=(const WriteTarget&) = delete;

  // REQUIRES: the item's lock stripe is held.
  Status ReadOld(const ddb::DatabaseRep& rep) {
    std::string encoded;
    HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(item_key, &old_item, &found, nullptr, &encoded));
    if (found) old_image = ddb::StoredImageOf(old_item, std::move(encoded));
    return Status::OK();
  }
  const Item* old() const { return found ? &old_item : nullptr; }
  const ddb::ItemImage* old_image_or_null() const { return found ? &old_image : nullptr; }
};

// Shared tail of every write: the new image (or none, for a delete) goes in
// one batch with its index entries; stats and head hints follow the commit.
Status CommitWrite(ddb::DatabaseRep& rep, TableState& table, const std::string& item_key,
                   const std::string& table_key, const ddb::ItemImage* old_image,
                   const ddb::ItemImage* new_image, ConsumedCapacity* capacity) {
  leveldb::WriteBatch batch;
  ddb::IndexWritePlan plan;
  ddb::PlanItemWrite(table, item_key, table_key, old_image, new_image, &batch, capacity, &plan);
  ddb::WriteGuard guard({&table});
  HEADLOCK_RETURN_IF_ERROR(guard.Check());
  HEADLOCK_RETURN_IF_ERROR(rep.Admit(*capacity));  // throttled: nothing written, nothing taken
  HEADLOCK_RETURN_IF_ERROR(FromLevelDb(rep.db->Write(rep.write_options, &batch)));
  ddb::ApplyIndexWritePlan(plan);
  return Status::OK();
}

// A failed condition: DynamoDB still charges the write (sized on the larger
// of the existing and the attempted item) and may return the old item.
Status ConditionFailed(ddb::DatabaseRep& rep, ConsumedCapacity capacity,
                       ReturnConsumedCapacity mode, std::optional<ConsumedCapacity>* out_capacity,
                       ReturnValuesOnConditionCheckFailure on_failure, const Item* old_item,
                       std::optional<Item>* failure_item) {
  HEADLOCK_RETURN_IF_ERROR(rep.Admit(capacity));
  rep.Charge(capacity, mode, out_capacity);
  if (failure_item != nullptr && on_failure == ReturnValuesOnConditionCheckFailure::kAllOld &&
      old_item != nullptr) {
    *failure_item = *old_item;
  }
  return Status::ConditionalCheckFailed();
}

}  // namespace

Status ddb::DatabaseRep::ReadItem(const std::string& item_key, Item* item, bool* found,
                                  const leveldb::Snapshot* snapshot, std::string* encoded) const {
  leveldb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string local;
  std::string& value = encoded != nullptr ? *encoded : local;
  leveldb::Status s = db->Get(ro, item_key, &value);
  if (s.IsNotFound()) {
    *found = false;
    return Status::OK();
  }
  HEADLOCK_RETURN_IF_ERROR(FromLevelDb(s));
  *found = true;
  return DecodeItem(value, item);
}

Status Database::PutItem(const PutItemRequest& request, PutItemResponse* response,
                         std::optional<Item>* failure_item) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_RETURN_IF_ERROR(OnlyNoneOrAllOld(request.return_values));
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_RETURN_IF_ERROR(ValidateItem(request.item, table->key_schema));
  HEADLOCK_RETURN_IF_ERROR(ddb::ValidateIndexKeys(*table, request.item));
  ExpressionInputs in = ddb::InputsFor(request, table->key_schema);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  WriteTarget t(*table, request.item);
  ddb::ItemImage new_image = ddb::ImageOf(request.item);
  std::lock_guard<std::mutex> lock(rep.item_locks.For(t.item_key));
  HEADLOCK_RETURN_IF_ERROR(t.ReadOld(rep));
  t.capacity.table.write = WriteHalfUnits(std::max(t.old_image.size, new_image.size));
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(t.old()));
  if (!pass) {
    return ConditionFailed(rep, t.capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure, t.old(),
                           failure_item);
  }
  HEADLOCK_RETURN_IF_ERROR(CommitWrite(rep, *table, t.item_key, t.table_key,
                                       t.old_image_or_null(), &new_image, &t.capacity));
  rep.Charge(t.capacity, request.return_consumed_capacity, &response->consumed_capacity);
  if (request.return_values == ReturnValues::kAllOld && t.found) {
    response->attributes = std::move(t.old_item);
  }
  return Status::OK();
}

Status Database::GetItem(const GetItemRequest& request, GetItemResponse* response) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_RETURN_IF_ERROR(ValidateKey(request.key, table->key_schema));
  ExpressionInputs in = ddb::InputsFor(request, table->key_schema);
  if (request.projection_expression) in.projection_expression = *request.projection_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  std::string item_key = table->item_prefix;
  ddb::AppendKeyOf(request.key, table->key_schema, &item_key);
  Item item;
  bool found = false;
  HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(item_key, &item, &found));
  ConsumedCapacity capacity;
  capacity.table_name = table->name;
  capacity.table_partition = ddb::PartitionOf(request.key, table->key_schema);
  // A missing item still costs one read unit (half when eventually consistent).
  capacity.table.read = ReadHalfUnits(found ? ItemSizeBytes(item) : 0, request.consistent_read);
  HEADLOCK_RETURN_IF_ERROR(rep.Admit(capacity));
  rep.Charge(capacity, request.return_consumed_capacity, &response->consumed_capacity);
  if (found) response->item = exprs.has_projection() ? exprs.Project(item) : std::move(item);
  return Status::OK();
}

Status Database::UpdateItem(const UpdateItemRequest& request, UpdateItemResponse* response,
                            std::optional<Item>* failure_item) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_RETURN_IF_ERROR(ValidateKey(request.key, table->key_schema));
  ExpressionInputs in = ddb::InputsFor(request, table->key_schema);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  if (request.update_expression) in.update_expression = *request.update_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  WriteTarget t(*table, request.key);
  std::lock_guard<std::mutex> lock(rep.item_locks.For(t.item_key));
  HEADLOCK_RETURN_IF_ERROR(t.ReadOld(rep));
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(t.old()));
  Item new_item = t.found ? t.old_item : ExtractKey(request.key, table->key_schema);
  std::vector<DocumentPath> updated_paths;
  if (!pass) {
    // Charged on the larger of the existing and the attempted item.
    size_t attempted_size = exprs.ApplyUpdate(&new_item).ok() ? ItemSizeBytes(new_item) : 0;
    t.capacity.table.write = WriteHalfUnits(std::max(t.old_image.size, attempted_size));
    return ConditionFailed(rep, t.capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure, t.old(),
                           failure_item);
  }
  HEADLOCK_RETURN_IF_ERROR(exprs.ApplyUpdate(&new_item, &updated_paths));
  if (ItemSizeBytes(new_item) > kMaxItemSizeBytes) {
    return Status::Validation("Item size to update has exceeded the maximum allowed size");
  }
  HEADLOCK_RETURN_IF_ERROR(ValidateItem(new_item, table->key_schema));
  HEADLOCK_RETURN_IF_ERROR(ddb::ValidateIndexKeys(*table, new_item));
  ddb::ItemImage new_image = ddb::ImageOf(new_item);
  t.capacity.table.write = WriteHalfUnits(std::max(t.old_image.size, new_image.size));
  HEADLOCK_RETURN_IF_ERROR(CommitWrite(rep, *table, t.item_key, t.table_key,
                                       t.old_image_or_null(), &new_image, &t.capacity));
  rep.Charge(t.capacity, request.return_consumed_capacity, &response->consumed_capacity);

  switch (request.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      if (t.found) response->attributes = std::move(t.old_item);
      break;
    case ReturnValues::kAllNew:
      response->attributes = std::move(new_item);
      break;
    case ReturnValues::kUpdatedOld:
      if (t.found) {
        Item projected = ProjectPaths(t.old_item, updated_paths);
        if (!projected.empty()) response->attributes = std::move(projected);
      }
      break;
    case ReturnValues::kUpdatedNew: {
      Item projected = ProjectPaths(new_item, updated_paths);
      if (!projected.empty()) response->attributes = std::move(projected);
      break;
    }
  }
  return Status::OK();
}

Status Database::DeleteItem(const DeleteItemRequest& request, DeleteItemResponse* response,
                            std::optional<Item>* failure_item) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_RETURN_IF_ERROR(OnlyNoneOrAllOld(request.return_values));
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_RETURN_IF_ERROR(ValidateKey(request.key, table->key_schema));
  ExpressionInputs in = ddb::InputsFor(request, table->key_schema);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  WriteTarget t(*table, request.key);
  std::lock_guard<std::mutex> lock(rep.item_locks.For(t.item_key));
  HEADLOCK_RETURN_IF_ERROR(t.ReadOld(rep));
  // Deleting a missing item still costs one write unit.
  t.capacity.table.write = WriteHalfUnits(t.old_image.size);
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(t.old()));
  if (!pass) {
    return ConditionFailed(rep, t.capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure, t.old(),
                           failure_item);
  }
  if (t.found) {
    HEADLOCK_RETURN_IF_ERROR(CommitWrite(rep, *table, t.item_key, t.table_key, &t.old_image,
                                         nullptr, &t.capacity));
  } else {
    HEADLOCK_RETURN_IF_ERROR(rep.Admit(t.capacity));
  }
  rep.Charge(t.capacity, request.return_consumed_capacity, &response->consumed_capacity);
  if (request.return_values == ReturnValues::kAllOld && t.found) {
    response->attributes = std::move(t.old_item);
  }
  return Status::OK();
}

}  // namespace headlock
