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

ExpressionInputs InputsFor(const ExpressionAttributes& attrs, const TableState& table) {
  ExpressionInputs in;
  in.names = attrs.expression_attribute_names ? &*attrs.expression_attribute_names : nullptr;
  in.values = attrs.expression_attribute_values ? &*attrs.expression_attribute_values : nullptr;
  in.table_key = &table.key_schema;
  return in;
}

Status OnlyNoneOrAllOld(ReturnValues rv) {
  if (rv == ReturnValues::kNone || rv == ReturnValues::kAllOld) return Status::OK();
  return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
}

// Shared tail of every write: the new image (or none, for a delete) goes in
// one batch with its index entries; stats and head hints follow the commit.
Status CommitWrite(Database::Rep& rep, TableState& table, const std::string& item_key,
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
Status ConditionFailed(Database::Rep& rep, ConsumedCapacity capacity, ReturnConsumedCapacity mode,
                       std::optional<ConsumedCapacity>* out_capacity,
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

Status Database::Rep::ReadItem(const std::string& item_key, Item* item, bool* found,
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
  ExpressionInputs in = InputsFor(request, *table);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  std::string table_key;
  ddb::AppendKeyOf(request.item, table->key_schema, &table_key);
  std::string item_key = table->item_prefix + table_key;
  ConsumedCapacity capacity;
  capacity.table_name = table->name;
  capacity.table_partition = ddb::PartitionOf(request.item, table->key_schema);

  ddb::ItemImage new_image = ddb::ImageOf(request.item);
  std::lock_guard<std::mutex> lock(rep.item_locks.For(item_key));
  Item old_item;
  std::string old_encoded;
  bool found = false;
  HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(item_key, &old_item, &found, nullptr, &old_encoded));
  ddb::ItemImage old_image;
  if (found) old_image = ddb::StoredImageOf(old_item, std::move(old_encoded));
  capacity.table.write = WriteHalfUnits(std::max(old_image.size, new_image.size));
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(found ? &old_item : nullptr));
  if (!pass) {
    return ConditionFailed(rep, capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure,
                           found ? &old_item : nullptr, failure_item);
  }
  HEADLOCK_RETURN_IF_ERROR(CommitWrite(rep, *table, item_key, table_key,
                                       found ? &old_image : nullptr, &new_image, &capacity));
  rep.Charge(capacity, request.return_consumed_capacity, &response->consumed_capacity);
  if (request.return_values == ReturnValues::kAllOld && found) {
    response->attributes = std::move(old_item);
  }
  return Status::OK();
}

Status Database::GetItem(const GetItemRequest& request, GetItemResponse* response) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_RETURN_IF_ERROR(ValidateKey(request.key, table->key_schema));
  ExpressionInputs in = InputsFor(request, *table);
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
  ExpressionInputs in = InputsFor(request, *table);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  if (request.update_expression) in.update_expression = *request.update_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  std::string table_key;
  ddb::AppendKeyOf(request.key, table->key_schema, &table_key);
  std::string item_key = table->item_prefix + table_key;
  ConsumedCapacity capacity;
  capacity.table_name = table->name;
  capacity.table_partition = ddb::PartitionOf(request.key, table->key_schema);

  std::lock_guard<std::mutex> lock(rep.item_locks.For(item_key));
  Item old_item;
  std::string old_encoded;
  bool found = false;
  HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(item_key, &old_item, &found, nullptr, &old_encoded));
  ddb::ItemImage old_image;
  if (found) old_image = ddb::StoredImageOf(old_item, std::move(old_encoded));
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(found ? &old_item : nullptr));
  Item new_item = found ? old_item : ExtractKey(request.key, table->key_schema);
  std::vector<DocumentPath> updated_paths;
  if (!pass) {
    // Charged on the larger of the existing and the attempted item.
    size_t attempted_size = exprs.ApplyUpdate(&new_item).ok() ? ItemSizeBytes(new_item) : 0;
    capacity.table.write = WriteHalfUnits(std::max(old_image.size, attempted_size));
    return ConditionFailed(rep, capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure,
                           found ? &old_item : nullptr, failure_item);
  }
  HEADLOCK_RETURN_IF_ERROR(exprs.ApplyUpdate(&new_item, &updated_paths));
  size_t new_size = ItemSizeBytes(new_item);
  if (new_size > kMaxItemSizeBytes) {
    return Status::Validation("Item size to update has exceeded the maximum allowed size");
  }
  HEADLOCK_RETURN_IF_ERROR(ValidateItem(new_item, table->key_schema));
  HEADLOCK_RETURN_IF_ERROR(ddb::ValidateIndexKeys(*table, new_item));
  ddb::ItemImage new_image = ddb::ImageOf(new_item);
  capacity.table.write = WriteHalfUnits(std::max(old_image.size, new_image.size));
  HEADLOCK_RETURN_IF_ERROR(CommitWrite(rep, *table, item_key, table_key,
                                       found ? &old_image : nullptr, &new_image, &capacity));
  rep.Charge(capacity, request.return_consumed_capacity, &response->consumed_capacity);

  switch (request.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      if (found) response->attributes = std::move(old_item);
      break;
    case ReturnValues::kAllNew:
      response->attributes = std::move(new_item);
      break;
    case ReturnValues::kUpdatedOld:
      if (found) {
        Item projected = ProjectPaths(old_item, updated_paths);
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
  ExpressionInputs in = InputsFor(request, *table);
  if (request.condition_expression) in.condition_expression = *request.condition_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));

  std::string table_key;
  ddb::AppendKeyOf(request.key, table->key_schema, &table_key);
  std::string item_key = table->item_prefix + table_key;
  ConsumedCapacity capacity;
  capacity.table_name = table->name;
  capacity.table_partition = ddb::PartitionOf(request.key, table->key_schema);

  std::lock_guard<std::mutex> lock(rep.item_locks.For(item_key));
  Item old_item;
  std::string old_encoded;
  bool found = false;
  HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(item_key, &old_item, &found, nullptr, &old_encoded));
  ddb::ItemImage old_image;
  if (found) old_image = ddb::StoredImageOf(old_item, std::move(old_encoded));
  // Deleting a missing item still costs one write unit.
  capacity.table.write = WriteHalfUnits(old_image.size);
  HEADLOCK_ASSIGN_OR_RETURN(bool pass, exprs.EvaluateCondition(found ? &old_item : nullptr));
  if (!pass) {
    return ConditionFailed(rep, capacity, request.return_consumed_capacity,
                           &response->consumed_capacity,
                           request.return_values_on_condition_check_failure,
                           found ? &old_item : nullptr, failure_item);
  }
  if (found) {
    HEADLOCK_RETURN_IF_ERROR(
        CommitWrite(rep, *table, item_key, table_key, &old_image, nullptr, &capacity));
  } else {
    HEADLOCK_RETURN_IF_ERROR(rep.Admit(capacity));
  }
  rep.Charge(capacity, request.return_consumed_capacity, &response->consumed_capacity);
  if (request.return_values == ReturnValues::kAllOld && found) {
    response->attributes = std::move(old_item);
  }
  return Status::OK();
}

}  // namespace headlock
