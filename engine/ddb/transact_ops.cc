// TransactWriteItems and TransactGetItems: all-or-nothing groups of actions.
//
// A write transaction validates every action, locks the stripes of all its
// items in ascending order (no deadlock with single-item writers, who hold
// one stripe), reads every item, checks every condition, and either cancels
// with one CancellationReason per action or writes all items and index
// entries in ONE LevelDB WriteBatch. Capacity: twice the normal table units
// per item (prepare + commit), charged even when cancelled; index arms as
// outside a transaction (reference/dynamodb.md §3.2–3.3).
#include <fmt/format.h>
#include <leveldb/write_batch.h>
#include <xxhash.h>

#include <algorithm>
#include <set>

#include "ddb/database_rep.h"
#include "ddb/index_writes.h"
#include "ddb/keys.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"

namespace headlock {

using ddb::DatabaseRep;
using ddb::FromLevelDb;
using ddb::TableState;

namespace {

using Kind = TransactWriteItem::Kind;

struct Action {
  std::shared_ptr<TableState> table;
  PreparedExpressions exprs;
  std::string table_key;
  std::string item_key;
  Item old_item;
  std::string old_encoded;
  bool found = false;
  std::optional<Item> new_item;  // the image to write (Put/Update)
};

std::string ReasonList(const std::vector<CancellationReason>& reasons) {
  std::string out = "[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) out += ", ";
    out += reasons[i].code;
  }
  return out + "]";
}

inline constexpr size_t kMaxClientRequestTokenLength = 36;  // DynamoDB's limit

// A fingerprint of a whole write transaction: a replay with the same token
// must carry the same parameters.
uint64_t Fingerprint(const TransactWriteItemsRequest& request) {
  std::string bytes;
  auto add = [&](std::string_view s) {
    bytes += std::to_string(s.size());
    bytes += ':';
    bytes += s;
  };
  for (const TransactWriteItem& t : request.transact_items) {
    add(std::to_string(static_cast<int>(t.kind)));
    add(t.table_name);
    std::string item;
    EncodeItem(t.item, &item);
    add(item);
    add(t.condition_expression.value_or("\x01"));
    add(t.update_expression.value_or("\x01"));
    if (t.expression_attribute_names) {
      for (const auto& [k, v] : *t.expression_attribute_names) {
        add(k);
        add(v);
      }
    }
    if (t.expression_attribute_values) {
      std::string values;
      EncodeItem(*t.expression_attribute_values, &values);
      add(values);
    }
  }
  return XXH3_64bits(bytes.data(), bytes.size());
}

// Locks a set of stripes in ascending order for the lifetime of the object.
class StripeGuard {
 public:
  StripeGuard(ddb::LockStripes& stripes, const std::vector<std::string>& keys) {
    std::set<size_t> ids;
    for (const std::string& k : keys) ids.insert(ddb::LockStripes::IndexOf(k));
    for (size_t id : ids) {
      stripes.At(id).lock();
      held_.push_back(&stripes.At(id));
    }
  }
  ~StripeGuard() {
    for (auto it = held_.rbegin(); it != held_.rend(); ++it) (*it)->unlock();
  }

 private:
  std::vector<std::mutex*> held_;
};

using PerTable = std::map<std::string, ConsumedCapacity>;

// Admits the capacity of every table at once (all or nothing).
Status AdmitTables(DatabaseRep& rep, const PerTable& per_table) {
  std::vector<const ConsumedCapacity*> all;
  for (const auto& [name, c] : per_table) all.push_back(&c);
  return rep.AdmitAll(all);
}

// Records the admitted capacity and fills the response's copies.
void ChargeTables(DatabaseRep& rep, const PerTable& per_table, ReturnConsumedCapacity mode,
                  std::vector<ConsumedCapacity>* out) {
  out->clear();
  for (const auto& [name, c] : per_table) {
    std::optional<ConsumedCapacity> shaped;
    rep.Charge(c, mode, &shaped);
    if (shaped) out->push_back(std::move(*shaped));
  }
}

// ------------------------------------------------------------------ validate

// Both transactions take 1 to kMaxTransactItems actions.
Status ValidateItemCount(size_t count) {
  if (count == 0 || count > kMaxTransactItems) {
    return Status::Validation(fmt::format(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
        "Member must have length less than or equal to {} and greater than or equal to 1",
        kMaxTransactItems));
  }
  return Status::OK();
}

Status ValidateTransactShape(const TransactWriteItemsRequest& request) {
  HEADLOCK_RETURN_IF_ERROR(ValidateItemCount(request.transact_items.size()));
  if (request.client_request_token &&
      (request.client_request_token->empty() ||
       request.client_request_token->size() > kMaxClientRequestTokenLength)) {
    return Status::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'clientRequestToken' failed to satisfy "
        "constraint: Member must have length less than or equal to {}",
        *request.client_request_token, kMaxClientRequestTokenLength));
  }
  return Status::OK();
}

// One action on its own: its table, key or item, required expressions.
Status ValidateAction(const DatabaseRep& rep, const TransactWriteItem& t, Action* a) {
  HEADLOCK_ASSIGN_OR_RETURN(a->table, rep.FindTable(t.table_name));
  if (t.kind == Kind::kPut) {
    HEADLOCK_RETURN_IF_ERROR(ValidateItem(t.item, a->table->key_schema));
    HEADLOCK_RETURN_IF_ERROR(ddb::ValidateIndexKeys(*a->table, t.item));
  } else {
    HEADLOCK_RETURN_IF_ERROR(ValidateKey(t.item, a->table->key_schema));
  }
  if (t.kind == Kind::kConditionCheck && !t.condition_expression) {
    return Status::Validation(
        "1 validation error detected: Value null at 'transactItems.member.conditionCheck."
        "conditionExpression' failed to satisfy constraint: Member must not be null");
  }
  if (t.kind == Kind::kUpdate && !t.update_expression) {
    return Status::Validation(
        "1 validation error detected: Value null at 'transactItems.member.update."
        "updateExpression' failed to satisfy constraint: Member must not be null");
  }
  ExpressionInputs in = ddb::InputsFor(t, a->table->key_schema);
  if (t.condition_expression) in.condition_expression = *t.condition_expression;
  if (t.update_expression) in.update_expression = *t.update_expression;
  HEADLOCK_ASSIGN_OR_RETURN(a->exprs, PreparedExpressions::Prepare(in));
  ddb::AppendKeyOf(t.item, a->table->key_schema, &a->table_key);
  a->item_key = a->table->item_prefix + a->table_key;
  return Status::OK();
}

// Every action, before anything is locked, read or written.
Status ValidateActions(const DatabaseRep& rep, const TransactWriteItemsRequest& request,
                       std::vector<Action>* actions) {
  HEADLOCK_RETURN_IF_ERROR(ValidateTransactShape(request));
  const auto& items = request.transact_items;
  actions->clear();
  actions->resize(items.size());
  std::set<std::string> seen;
  size_t bytes = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    HEADLOCK_RETURN_IF_ERROR(ValidateAction(rep, items[i], &(*actions)[i]));
    if (!seen.insert((*actions)[i].item_key).second) {
      return Status::Validation("Transaction request cannot include multiple operations on one item");
    }
    bytes += ItemSizeBytes(items[i].item);
  }
  if (bytes > kMaxTransactBytes) {
    return Status::Validation("Transaction size has exceeded the maximum allowed size of 4 MB");
  }
  return Status::OK();
}

// An idempotent replay within the token window changes nothing and is
// charged as the reads of its items (reference/dynamodb.md §3.2).
Status AnswerReplay(DatabaseRep& rep, const TransactWriteItemsRequest& request,
                    std::vector<Action>* actions, TransactWriteItemsResponse* response) {
  PerTable replay;
  for (Action& a : *actions) {
    HEADLOCK_RETURN_IF_ERROR(rep.ReadItem(a.item_key, &a.old_item, &a.found));
    ConsumedCapacity& c = replay[a.table->name];
    c.table_name = a.table->name;
    c.table.read += 2 * ReadHalfUnits(a.found ? ItemSizeBytes(a.old_item) : 0, true);
  }
  HEADLOCK_RETURN_IF_ERROR(AdmitTables(rep, replay));
  ChargeTables(rep, replay, request.return_consumed_capacity, &response->consumed_capacity);
  return Status::OK();
}

// ------------------------------------------------------------------ evaluate

// Reads the action's item, checks its condition and computes the image to
// write. True when the action cancels the transaction (a failed condition
// or an invalid update, told in `reason`); a storage or expression error is
// returned.
Result<bool> EvaluateAction(const DatabaseRep& rep, const TransactWriteItem& t, Action* a,
                            CancellationReason* reason) {
  HEADLOCK_RETURN_IF_ERROR(
      rep.ReadItem(a->item_key, &a->old_item, &a->found, nullptr, &a->old_encoded));
  HEADLOCK_ASSIGN_OR_RETURN(bool pass,
                            a->exprs.EvaluateCondition(a->found ? &a->old_item : nullptr));
  if (!pass) {
    if (t.kind == Kind::kUpdate) {  // charged on the larger of stored and attempted
      Item attempted = a->found ? a->old_item : ExtractKey(t.item, a->table->key_schema);
      if (a->exprs.ApplyUpdate(&attempted).ok()) a->new_item = std::move(attempted);
    }
    reason->code = "ConditionalCheckFailed";
    reason->message = "The conditional request failed";
    if (t.return_values_on_condition_check_failure ==
            ReturnValuesOnConditionCheckFailure::kAllOld &&
        a->found) {
      reason->item = a->old_item;
    }
    return true;
  }
  if (t.kind == Kind::kPut) {
    a->new_item = t.item;
  } else if (t.kind == Kind::kUpdate) {
    Item updated = a->found ? a->old_item : ExtractKey(t.item, a->table->key_schema);
    Status s = a->exprs.ApplyUpdate(&updated);
    if (s.ok() && ItemSizeBytes(updated) > kMaxItemSizeBytes) {
      s = Status::Validation("Item size to update has exceeded the maximum allowed size");
    }
    if (s.ok()) s = ddb::ValidateIndexKeys(*a->table, updated);
    if (!s.ok()) {
      reason->code = "ValidationError";
      reason->message = s.message();
      return true;
    }
    a->new_item = std::move(updated);
  }
  return false;
}

// Table units: twice the normal write units per item (prepare + commit),
// charged whether or not the transaction commits.
PerTable TableUnits(const std::vector<TransactWriteItem>& items,
                    const std::vector<Action>& actions) {
  PerTable per_table;
  for (size_t i = 0; i < items.size(); ++i) {
    const Action& a = actions[i];
    ConsumedCapacity& c = per_table[a.table->name];
    c.table_name = a.table->name;
    size_t stored = a.found ? ItemSizeBytes(a.old_item) : 0;
    size_t size = items[i].kind == Kind::kDelete || items[i].kind == Kind::kConditionCheck
                      ? stored
                      : std::max(stored, a.new_item ? ItemSizeBytes(*a.new_item)
                                                    : ItemSizeBytes(items[i].item));
    c.table.write += 2 * WriteHalfUnits(size);
  }
  return per_table;
}

// ------------------------------------------------------------------ commit

// Writes every item and index entry in ONE WriteBatch, after admitting the
// capacity; index arms are charged into `per_table` as outside a transaction.
Status Commit(DatabaseRep& rep, const std::vector<TransactWriteItem>& items,
              std::vector<Action>* actions, PerTable* per_table) {
  leveldb::WriteBatch batch;
  ddb::IndexWritePlan plan;
  for (size_t i = 0; i < items.size(); ++i) {
    Action& a = (*actions)[i];
    if (items[i].kind == Kind::kConditionCheck) continue;
    if (items[i].kind == Kind::kDelete && !a.found) continue;
    ddb::ItemImage old_image, new_image;
    if (a.found) old_image = ddb::StoredImageOf(a.old_item, std::move(a.old_encoded));
    if (a.new_item) new_image = ddb::ImageOf(*a.new_item);
    ConsumedCapacity index_units;
    ddb::PlanItemWrite(*a.table, a.item_key, a.table_key, a.found ? &old_image : nullptr,
                       a.new_item ? &new_image : nullptr, &batch, &index_units, &plan);
    ConsumedCapacity& c = (*per_table)[a.table->name];
    for (const auto& [name, units] : index_units.global_secondary_indexes) {
      c.global_secondary_indexes[name] += units;
    }
  }
  std::vector<ddb::TableState*> tables;
  for (Action& a : *actions) tables.push_back(a.table.get());
  ddb::WriteGuard guard(std::move(tables));
  HEADLOCK_RETURN_IF_ERROR(guard.Check());
  HEADLOCK_RETURN_IF_ERROR(AdmitTables(rep, *per_table));
  HEADLOCK_RETURN_IF_ERROR(FromLevelDb(rep.db->Write(rep.write_options, &batch)));
  ddb::ApplyIndexWritePlan(plan);
  return Status::OK();
}

}  // namespace

Status Database::TransactWriteItems(const TransactWriteItemsRequest& request,
                                    TransactWriteItemsResponse* response,
                                    std::vector<CancellationReason>* reasons_out) {
  *response = {};
  Rep& rep = *rep_;
  const auto& items = request.transact_items;
  std::vector<Action> actions;
  HEADLOCK_RETURN_IF_ERROR(ValidateActions(rep, request, &actions));

  std::vector<std::string> keys;
  for (const Action& a : actions) keys.push_back(a.item_key);
  StripeGuard guard(rep.item_locks, keys);

  uint64_t fingerprint = 0;
  if (request.client_request_token) {
    fingerprint = Fingerprint(request);
    switch (rep.client_tokens.Lookup(*request.client_request_token, fingerprint, rep.NowMillis())) {
      case ddb::ClientRequestTokens::Seen::kMismatch:
        return Status(Status::Code::kIdempotentParameterMismatchException,
                      "Request parameters do not match with the parameters of the previous "
                      "request with the same ClientRequestToken");
      case ddb::ClientRequestTokens::Seen::kReplay:
        return AnswerReplay(rep, request, &actions, response);
      case ddb::ClientRequestTokens::Seen::kNew:
        break;
    }
  }

  std::vector<CancellationReason> reasons(items.size());
  bool cancelled = false;
  for (size_t i = 0; i < items.size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(bool cancels,
                              EvaluateAction(rep, items[i], &actions[i], &reasons[i]));
    cancelled |= cancels;
  }
  PerTable per_table = TableUnits(items, actions);
  if (cancelled) {  // a cancelled transaction is still charged, so it must be admitted
    HEADLOCK_RETURN_IF_ERROR(AdmitTables(rep, per_table));
  } else {
    HEADLOCK_RETURN_IF_ERROR(Commit(rep, items, &actions, &per_table));
    if (request.client_request_token) {  // only a committed transaction can be replayed
      rep.client_tokens.Remember(*request.client_request_token, fingerprint, rep.NowMillis());
    }
  }
  ChargeTables(rep, per_table, request.return_consumed_capacity, &response->consumed_capacity);
  if (cancelled) {
    std::string message =
        "Transaction cancelled, please refer cancellation reasons for specific reasons " +
        ReasonList(reasons);
    if (reasons_out != nullptr) *reasons_out = std::move(reasons);
    return Status(Status::Code::kTransactionCanceledException, std::move(message));
  }
  return Status::OK();
}

Status Database::TransactGetItems(const TransactGetItemsRequest& request,
                                  TransactGetItemsResponse* response) {
  *response = {};
  Rep& rep = *rep_;
  const auto& items = request.transact_items;
  HEADLOCK_RETURN_IF_ERROR(ValidateItemCount(items.size()));
  struct Get {
    std::shared_ptr<TableState> table;
    PreparedExpressions exprs;
    std::string item_key;
  };
  std::vector<Get> gets(items.size());
  std::set<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    HEADLOCK_ASSIGN_OR_RETURN(gets[i].table, rep.FindTable(items[i].table_name));
    HEADLOCK_RETURN_IF_ERROR(ValidateKey(items[i].key, gets[i].table->key_schema));
    ExpressionInputs in = ddb::InputsFor(items[i], gets[i].table->key_schema);
    if (items[i].projection_expression) in.projection_expression = *items[i].projection_expression;
    HEADLOCK_ASSIGN_OR_RETURN(gets[i].exprs, PreparedExpressions::Prepare(in));
    gets[i].item_key = gets[i].table->item_prefix;
    ddb::AppendKeyOf(items[i].key, gets[i].table->key_schema, &gets[i].item_key);
    if (!seen.insert(gets[i].item_key).second) {
      return Status::Validation("Transaction request cannot include multiple operations on one item");
    }
  }
  // One snapshot: every item is read as of the same instant.
  const leveldb::Snapshot* snapshot = rep.db->GetSnapshot();
  PerTable per_table;
  response->responses.assign(items.size(), std::nullopt);
  Status status;
  for (size_t i = 0; i < items.size() && status.ok(); ++i) {
    Item item;
    bool found = false;
    status = rep.ReadItem(gets[i].item_key, &item, &found, snapshot);
    ConsumedCapacity& c = per_table[gets[i].table->name];
    c.table_name = gets[i].table->name;
    c.table.read += 2 * ReadHalfUnits(found ? ItemSizeBytes(item) : 0, /*strongly_consistent=*/true);
    if (found) response->responses[i] = gets[i].exprs.Project(item);
  }
  rep.db->ReleaseSnapshot(snapshot);
  HEADLOCK_RETURN_IF_ERROR(status);
  Status admitted = AdmitTables(rep, per_table);
  if (!admitted.ok()) {
    *response = {};
    return admitted;
  }
  ChargeTables(rep, per_table, request.return_consumed_capacity, &response->consumed_capacity);
  return Status::OK();
}

}  // namespace headlock
