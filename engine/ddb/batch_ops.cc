// BatchWriteItem and BatchGetItem: many independent single-item operations
// in one call. The whole request is validated before anything is written;
// each item is then charged on its own (rounded per item) and the units are
// summed per table.
#include <fmt/format.h>

#include <set>

#include "ddb/database_rep.h"
#include "headlock/capacity/throughput_governor.h"
#include "ddb/index_writes.h"
#include "ddb/keys.h"
#include "headlock/value/item.h"

namespace headlock {

namespace {

// Adds one operation's capacity (asked for with INDEXES) to its table's entry.
void Accumulate(const std::optional<ConsumedCapacity>& one,
                std::map<std::string, ConsumedCapacity>* per_table) {
  if (!one) return;
  ConsumedCapacity& sum = (*per_table)[one->table_name];
  sum.table_name = one->table_name;
  sum.table += one->table;
  for (const auto& [index, units] : one->global_secondary_indexes) {
    sum.global_secondary_indexes[index] += units;
  }
}

std::vector<ConsumedCapacity> Shape(std::map<std::string, ConsumedCapacity> per_table,
                                    ReturnConsumedCapacity mode) {
  std::vector<ConsumedCapacity> out;
  if (mode == ReturnConsumedCapacity::kNone) return out;
  for (auto& [name, c] : per_table) {
    if (mode == ReturnConsumedCapacity::kTotal) {
      c.table = c.Total();
      c.global_secondary_indexes.clear();
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Status Database::BatchWriteItem(const BatchWriteItemRequest& request,
                                BatchWriteItemResponse* response) {
  *response = {};
  size_t total = 0, bytes = 0;
  for (const auto& [table_name, writes] : request.request_items) total += writes.size();
  if (total == 0) return Status::Validation("BatchWriteItem cannot have a null or no requests set");
  if (total > kMaxBatchWriteItems) {
    return Status::Validation("Too many items requested for the BatchWriteItem call");
  }
  // Validate everything first: a bad request writes nothing.
  for (const auto& [table_name, writes] : request.request_items) {
    HEADLOCK_ASSIGN_OR_RETURN(auto table, rep_->FindTable(table_name));
    std::set<std::string> keys;
    for (const WriteRequest& w : writes) {
      if (w.put_request.has_value() == w.delete_request.has_value()) {
        return Status::Validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      const Item& item = w.put_request ? *w.put_request : *w.delete_request;
      if (w.put_request) {
        HEADLOCK_RETURN_IF_ERROR(ValidateItem(item, table->key_schema));
        HEADLOCK_RETURN_IF_ERROR(ddb::ValidateIndexKeys(*table, item));
      } else {
        HEADLOCK_RETURN_IF_ERROR(ValidateKey(item, table->key_schema));
      }
      bytes += ItemSizeBytes(item);
      std::string key;
      ddb::AppendKeyOf(item, table->key_schema, &key);
      if (!keys.insert(key).second) {
        return Status::Validation("Provided list of item keys contains duplicates");
      }
    }
  }
  if (bytes > kMaxBatchRequestBytes) {
    return Status::Validation("Item size has exceeded the maximum allowed size");
  }
  std::map<std::string, ConsumedCapacity> per_table;
  Status last_throttle;
  for (const auto& [table_name, writes] : request.request_items) {
    for (const WriteRequest& w : writes) {
      std::optional<ConsumedCapacity> consumed;
      Status st;
      if (w.put_request) {
        PutItemRequest put;
        put.table_name = table_name;
        put.item = *w.put_request;
        put.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
        PutItemResponse r;
        st = PutItem(put, &r);
        consumed = std::move(r.consumed_capacity);
      } else {
        DeleteItemRequest del;
        del.table_name = table_name;
        del.key = *w.delete_request;
        del.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
        DeleteItemResponse r;
        st = DeleteItem(del, &r);
        consumed = std::move(r.consumed_capacity);
      }
      if (st.IsThrottle()) {  // a throttled write is handed back, not failed
        response->unprocessed_items[table_name].push_back(w);
        last_throttle = st;
        continue;
      }
      HEADLOCK_RETURN_IF_ERROR(st);
      Accumulate(consumed, &per_table);
    }
  }
  size_t unprocessed = 0;
  for (const auto& [name, writes] : response->unprocessed_items) unprocessed += writes.size();
  if (unprocessed == total) {
    // Nothing could be done: the whole call fails (reference/dynamodb.md §7.1).
    *response = {};
    return last_throttle;
  }
  response->consumed_capacity = Shape(std::move(per_table), request.return_consumed_capacity);
  return Status::OK();
}

Status Database::BatchGetItem(const BatchGetItemRequest& request, BatchGetItemResponse* response) {
  *response = {};
  size_t total = 0;
  for (const auto& [table_name, ka] : request.request_items) total += ka.keys.size();
  if (total == 0) {
    return Status::Validation(
        "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  }
  if (total > kMaxBatchGetItems) {
    return Status::Validation("Too many items requested for the BatchGetItem call");
  }
  for (const auto& [table_name, ka] : request.request_items) {
    HEADLOCK_ASSIGN_OR_RETURN(auto table, rep_->FindTable(table_name));
    std::set<std::string> keys;
    for (const Item& key : ka.keys) {
      HEADLOCK_RETURN_IF_ERROR(ValidateKey(key, table->key_schema));
      std::string enc;
      ddb::AppendKeyOf(key, table->key_schema, &enc);
      if (!keys.insert(enc).second) {
        return Status::Validation("Provided list of item keys contains duplicates");
      }
    }
  }
  constexpr size_t kMaxResponseBytes = 16u << 20;  // BatchGetItem response size limit (16 MB)
  size_t response_bytes = 0, throttled = 0;
  Status last_throttle;
  std::map<std::string, ConsumedCapacity> per_table;
  for (const auto& [table_name, ka] : request.request_items) {
    std::vector<Item>& out = response->responses[table_name];
    for (size_t i = 0; i < ka.keys.size(); ++i) {
      if (response_bytes >= kMaxResponseBytes) {
        KeysAndAttributes& rest = response->unprocessed_keys[table_name];
        rest = ka;
        rest.keys.assign(ka.keys.begin() + static_cast<std::ptrdiff_t>(i), ka.keys.end());
        break;
      }
      GetItemRequest get;
      get.table_name = table_name;
      get.key = ka.keys[i];
      get.consistent_read = ka.consistent_read;
      get.projection_expression = ka.projection_expression;
      get.expression_attribute_names = ka.expression_attribute_names;
      get.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
      GetItemResponse r;
      Status st = GetItem(get, &r);
      if (st.IsThrottle()) {
        last_throttle = st;
        KeysAndAttributes& rest = response->unprocessed_keys[table_name];
        if (rest.keys.empty()) {
          rest = ka;
          rest.keys.clear();
        }
        rest.keys.push_back(ka.keys[i]);
        ++throttled;
        continue;
      }
      HEADLOCK_RETURN_IF_ERROR(st);
      Accumulate(r.consumed_capacity, &per_table);
      if (r.item) {
        response_bytes += ItemSizeBytes(*r.item);
        out.push_back(std::move(*r.item));
      }
    }
  }
  if (throttled == total) {
    *response = {};
    return last_throttle;
  }
  response->consumed_capacity = Shape(std::move(per_table), request.return_consumed_capacity);
  return Status::OK();
}

}  // namespace headlock
