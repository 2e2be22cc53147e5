// Query and Scan: ranges of a table's or an index's sorted key space, read
// page by page with DynamoDB's Limit, 1 MB page size (before filtering),
// ExclusiveStartKey / LastEvaluatedKey, Count / ScannedCount and capacity.
#include <fmt/format.h>
#include <xxhash.h>

#include "ddb/database_rep.h"
#include "ddb/hinted_iterator.h"
#include "ddb/keys.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"
#include "headlock/value/key_encoding.h"

namespace headlock {

using ddb::IndexState;
using ddb::TableState;

namespace {

inline constexpr size_t kMaxPageBytes = 1 << 20;  // Query/Scan read at most 1 MB per call

// What is being read: a table or one of its indexes.
struct Source {
  const TableState* table = nullptr;
  IndexState* index = nullptr;  // null for the table
  const std::string& prefix() const { return index ? index->prefix : table->item_prefix; }
  const KeySchema& key_schema() const { return index ? index->def.key_schema : table->key_schema; }
};

Result<Source> ResolveSource(const std::shared_ptr<TableState>& table,
                             const std::optional<std::string>& index_name, bool consistent_read) {
  Source src{table.get(), nullptr};
  if (!index_name) return src;
  for (auto& ix : table->indexes) {
    if (ix->def.index_name == *index_name) src.index = ix.get();
  }
  if (src.index == nullptr) {
    return Status::Validation("The table does not have the specified index: " + *index_name);
  }
  if (consistent_read) {
    return Status::Validation("Consistent reads are not supported on global secondary indexes");
  }
  return src;
}

Status CheckSelect(Select select, bool has_projection, const Source& src) {
  if (has_projection && select != Select::kDefault && select != Select::kSpecificAttributes) {
    return Status::Validation(
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES, "
        "ALL_PROJECTED_ATTRIBUTES or COUNT");
  }
  if (select == Select::kSpecificAttributes && !has_projection) {
    return Status::Validation(
        "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires "
        "ProjectionExpression or AttributesToGet");
  }
  if (select == Select::kAllProjectedAttributes && src.index == nullptr) {
    return Status::Validation(
        "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
        "supported only for index queries");
  }
  if (select == Select::kAllAttributes && src.index != nullptr &&
      src.index->def.projection.type != ProjectionType::kAll) {
    return Status::Validation(fmt::format(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
        "for global secondary index {} because its projection type is not ALL",
        src.index->def.index_name));
  }
  return Status::OK();
}

Status CheckLimit(const std::optional<int>& limit) {
  if (limit && *limit < 1) {
    return Status::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'limit' failed to satisfy constraint: Member "
        "must have value greater than or equal to 1",
        *limit));
  }
  return Status::OK();
}

// The full stored key of an ExclusiveStartKey: it must hold the table key
// (and the index key when reading an index).
Result<std::string> StartKey(const Item& esk, const Source& src) {
  const Status bad = Status::Validation("The provided starting key is invalid: The provided key "
                                        "element does not match the schema");
  if (!ddb::HasKeyOf(esk, src.table->key_schema)) return bad;
  std::string key = src.prefix();
  if (src.index) {
    if (!ddb::HasKeyOf(esk, src.index->def.key_schema)) return bad;
    ddb::AppendKeyOf(esk, src.index->def.key_schema, &key);
  }
  ddb::AppendKeyOf(esk, src.table->key_schema, &key);
  size_t expected = src.table->key_schema.sort_key ? 2 : 1;
  if (src.index) {
    for (const KeyAttribute* a : {&src.index->def.key_schema.partition_key,
                                  src.index->def.key_schema.sort_key
                                      ? &*src.index->def.key_schema.sort_key
                                      : nullptr}) {
      if (a && !src.table->key_schema.IsKeyAttribute(a->name)) ++expected;
    }
  }
  if (esk.size() != expected) return bad;
  return key;
}

// The LastEvaluatedKey of a stored entry: table key plus index key.
Item LastKeyOf(const Item& entry, const Source& src) {
  Item key = ExtractKey(entry, src.table->key_schema);
  if (src.index) {
    const KeySchema& ks = src.index->def.key_schema;
    key[ks.partition_key.name] = entry.at(ks.partition_key.name);
    if (ks.sort_key) key[ks.sort_key->name] = entry.at(ks.sort_key->name);
  }
  return key;
}

std::string EscapedPrefix(const AttributeValue& v) {
  std::string enc;
  EncodeKeyValue(v, &enc);
  enc.resize(enc.size() - 2);  // drop the 0x00 0x01 terminator: a byte prefix of longer values
  return enc;
}

// Reads [lo, hi) of the key space, forward or backward, as one page.
struct PageRequest {
  std::string lo, hi;
  bool forward = true;
  std::optional<int> limit;
  bool consistent_read = false;
  bool count_only = false;
  // Items of a Scan segment: keep only entries whose partition hashes here.
  std::optional<std::pair<int, int>> segment;  // (segment, total)
  // Head hint of the partition, for forward reads that start at its front.
  ddb::HeadHints* hints = nullptr;
  std::string hint_partition;
};

// Whether the entry at `key` belongs to the page's Scan segment: its
// partition key's encoding hashes to the segment.
Result<bool> InSegment(std::string_view key, const Source& src, const PageRequest& page) {
  if (!page.segment) return true;
  std::string_view rest = key.substr(src.prefix().size());
  Item pk;
  std::string_view pk_view = rest;
  KeySchema pk_only{src.key_schema().partition_key, std::nullopt};
  if (!ddb::DecodeKeyOf(&pk_view, pk_only, &pk)) return Status::Storage("corrupt key");
  uint64_t h = XXH3_64bits(rest.data(), rest.size() - pk_view.size());
  return static_cast<int>(h % page.segment->second) == page.segment->first;
}

Status ReadPage(ddb::DatabaseRep& rep, const Source& src, const PageRequest& page,
                const PreparedExpressions& exprs, QueryResponse* response, uint64_t* bytes_read) {
  // The head-of-queue gap jump lives in the iterator (hinted_iterator.h).
  ddb::HintedIterator it(rep.db.get(), page.forward ? page.hints : nullptr, page.hint_partition);
  if (page.forward) {
    it.Seek(page.lo);
  } else {
    it.SeekBefore(page.hi);
  }
  std::optional<Item> last_entry;
  int evaluated = 0;
  for (; it.Valid(); page.forward ? it.Next() : it.Prev()) {
    std::string_view key(it.key().data(), it.key().size());
    if (page.forward ? key >= page.hi : key < page.lo) break;
    HEADLOCK_ASSIGN_OR_RETURN(bool in_segment, InSegment(key, src, page));
    if (!in_segment) continue;
    if ((page.limit && evaluated >= *page.limit) || *bytes_read >= kMaxPageBytes) {
      response->last_evaluated_key = LastKeyOf(*last_entry, src);
      break;
    }
    Item entry;
    HEADLOCK_RETURN_IF_ERROR(
        DecodeItem(std::string_view(it.value().data(), it.value().size()), &entry));
    *bytes_read += ItemSizeBytes(entry);
    ++evaluated;
    HEADLOCK_ASSIGN_OR_RETURN(bool keep, exprs.EvaluateFilter(entry));
    if (keep) {
      ++response->count;
      if (!page.count_only) response->items.push_back(exprs.Project(entry));
    }
    last_entry = std::move(entry);
  }
  if (!it.status().ok()) return Status::Storage(it.status().ToString());
  it.RecordLearned();
  response->scanned_count = evaluated;
  return Status::OK();
}

// `partition`: the partition a Query read (empty for a Scan).
Status ChargeRead(ddb::DatabaseRep& rep, const Source& src, uint64_t bytes, bool consistent,
                  ReturnConsumedCapacity mode, std::optional<ConsumedCapacity>* out,
                  const std::string& partition = std::string()) {
  ConsumedCapacity capacity;
  capacity.table_name = src.table->name;
  int64_t units = ReadHalfUnits(bytes, consistent);
  if (src.index) {
    capacity.global_secondary_indexes[src.index->def.index_name].read = units;
    if (!partition.empty()) {
      capacity.index_partitions.push_back(
          {src.index->def.index_name, partition, CapacityHalfUnits{units, 0}});
    }
  } else {
    capacity.table.read = units;
    capacity.table_partition = partition;
  }
  HEADLOCK_RETURN_IF_ERROR(rep.Admit(capacity));  // throttled: the page is not returned
  rep.Charge(capacity, mode, out);
  return Status::OK();
}

}  // namespace

Status Database::Query(const QueryRequest& request, QueryResponse* response) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_ASSIGN_OR_RETURN(Source src,
                            ResolveSource(table, request.index_name, request.consistent_read));
  HEADLOCK_RETURN_IF_ERROR(CheckLimit(request.limit));
  HEADLOCK_RETURN_IF_ERROR(
      CheckSelect(request.select, request.projection_expression.has_value(), src));
  if (!request.key_condition_expression) {
    return Status::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }
  ExpressionInputs in = ddb::InputsFor(request, src.key_schema());
  in.query_key = &src.key_schema();
  in.key_condition_expression = *request.key_condition_expression;
  if (request.filter_expression) in.filter_expression = *request.filter_expression;
  if (request.projection_expression) in.projection_expression = *request.projection_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));
  const KeyCondition& kc = exprs.key_condition();
  const KeySchema& ks = src.key_schema();

  if (kc.partition_value.type() != ks.partition_key.type ||
      (kc.sort_op != KeyCondition::SortOp::kNone && ks.sort_key &&
       (kc.sort_value.type() != ks.sort_key->type ||
        (kc.sort_op == KeyCondition::SortOp::kBetween &&
         kc.sort_value2.type() != ks.sort_key->type)))) {
    return Status::Validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
  PageRequest page;
  std::string partition = src.prefix();
  EncodeKeyValue(kc.partition_value, &partition);
  std::string end = ddb::PrefixSuccessor(partition);
  auto at = [&](const AttributeValue& v) {
    std::string k = partition;
    EncodeKeyValue(v, &k);
    return k;
  };
  using Op = KeyCondition::SortOp;
  switch (kc.sort_op) {
    case Op::kNone: page.lo = partition; page.hi = end; break;
    case Op::kEq: page.lo = at(kc.sort_value); page.hi = ddb::PrefixSuccessor(page.lo); break;
    case Op::kLt: page.lo = partition; page.hi = at(kc.sort_value); break;
    case Op::kLe: page.lo = partition; page.hi = ddb::PrefixSuccessor(at(kc.sort_value)); break;
    case Op::kGt: page.lo = ddb::PrefixSuccessor(at(kc.sort_value)); page.hi = end; break;
    case Op::kGe: page.lo = at(kc.sort_value); page.hi = end; break;
    case Op::kBetween:
      if (at(kc.sort_value) > at(kc.sort_value2)) {
        return Status::Validation(fmt::format(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound; lower bound operand: AttributeValue: {}, upper "
            "bound operand: AttributeValue: {}",
            kc.sort_value.DebugString(), kc.sort_value2.DebugString()));
      }
      page.lo = at(kc.sort_value);
      page.hi = ddb::PrefixSuccessor(at(kc.sort_value2));
      break;
    case Op::kBeginsWith:
      if (!kc.sort_value.is_s() && !kc.sort_value.is_b()) {
        return Status::Validation(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: " +
            std::string(AttributeTypeName(kc.sort_value.type())));
      }
      page.lo = partition + EscapedPrefix(kc.sort_value);
      page.hi = ddb::PrefixSuccessor(page.lo);
      break;
  }
  if (request.exclusive_start_key) {
    HEADLOCK_ASSIGN_OR_RETURN(std::string start, StartKey(*request.exclusive_start_key, src));
    if (!start.starts_with(partition)) {
      return Status::Validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    if (request.scan_index_forward) {
      page.lo = std::max(page.lo, start + '\0');  // the key right after the start key
    } else {
      page.hi = std::min(page.hi, start);
    }
  }
  page.forward = request.scan_index_forward;
  page.limit = request.limit;
  page.consistent_read = request.consistent_read;
  page.count_only = request.select == Select::kCount;
  if (src.index) {
    page.hints = &src.index->hints;
    page.hint_partition = partition;
  }
  uint64_t bytes = 0;
  HEADLOCK_RETURN_IF_ERROR(ReadPage(rep, src, page, exprs, response, &bytes));
  Status charged =
      ChargeRead(rep, src, bytes, request.consistent_read, request.return_consumed_capacity,
                 &response->consumed_capacity, partition);
  if (!charged.ok()) *response = {};
  return charged;
}

Status Database::Scan(const ScanRequest& request, ScanResponse* response) {
  *response = {};
  Rep& rep = *rep_;
  HEADLOCK_ASSIGN_OR_RETURN(auto table, rep.FindTable(request.table_name));
  HEADLOCK_ASSIGN_OR_RETURN(Source src,
                            ResolveSource(table, request.index_name, request.consistent_read));
  HEADLOCK_RETURN_IF_ERROR(CheckLimit(request.limit));
  HEADLOCK_RETURN_IF_ERROR(
      CheckSelect(request.select, request.projection_expression.has_value(), src));
  PageRequest page;
  if (request.segment.has_value() && !request.total_segments.has_value()) {
    return Status::Validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  }
  if (request.total_segments.has_value() && !request.segment.has_value()) {
    return Status::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (request.total_segments) {
    int total = *request.total_segments, seg = *request.segment;
    if (total < 1 || total > 1000000) {
      return Status::Validation(fmt::format(
          "1 validation error detected: Value '{}' at 'totalSegments' failed to satisfy "
          "constraint: Member must have value {} than or equal to {}",
          total, total < 1 ? "greater" : "less", total < 1 ? 1 : 1000000));
    }
    if (seg < 0 || seg >= total) {
      return Status::Validation(fmt::format(
          "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
          "Segment: {} is not less than TotalSegments: {}",
          seg, total));
    }
    page.segment = std::make_pair(seg, total);
  }
  ExpressionInputs in = ddb::InputsFor(request, table->key_schema);
  if (request.filter_expression) in.filter_expression = *request.filter_expression;
  if (request.projection_expression) in.projection_expression = *request.projection_expression;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions exprs, PreparedExpressions::Prepare(in));
  page.lo = src.prefix();
  page.hi = ddb::PrefixSuccessor(src.prefix());
  if (request.exclusive_start_key) {
    HEADLOCK_ASSIGN_OR_RETURN(std::string start, StartKey(*request.exclusive_start_key, src));
    page.lo = start + '\0';
  }
  page.limit = request.limit;
  page.consistent_read = request.consistent_read;
  page.count_only = request.select == Select::kCount;
  uint64_t bytes = 0;
  HEADLOCK_RETURN_IF_ERROR(ReadPage(rep, src, page, exprs, response, &bytes));
  Status charged = ChargeRead(rep, src, bytes, request.consistent_read,
                              request.return_consumed_capacity, &response->consumed_capacity);
  if (!charged.ok()) *response = {};
  return charged;
}

}  // namespace headlock
