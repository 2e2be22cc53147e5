#include "expr/apply_update.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "expr/document_path.h"
#include "expr/errors.h"

namespace headlock::expr {
namespace {

// Computes a SET value from the original item.
Result<AttributeValue> EvaluateSetOperand(const Operand& operand, const Item& item) {
  if (const auto* path = std::get_if<Path>(&operand.node)) {
    const AttributeValue* found = FindPath(item, path->resolved);
    if (found == nullptr) return MissingOperandAttribute();
    return *found;
  }
  if (const auto* value = std::get_if<ValueRef>(&operand.node)) return value->value;
  if (const auto* arith = std::get_if<Arithmetic>(&operand.node)) {
    HEADLOCK_ASSIGN_OR_RETURN(AttributeValue a, EvaluateSetOperand(arith->args[0], item));
    HEADLOCK_ASSIGN_OR_RETURN(AttributeValue b, EvaluateSetOperand(arith->args[1], item));
    if (!a.is_n() || !b.is_n()) return IncorrectOperandType();
    Result<Number> sum =
        arith->op == '+' ? Number::Add(a.n(), b.n()) : Number::Subtract(a.n(), b.n());
    if (!sum.ok()) return sum.status();
    return AttributeValue::N(std::move(*sum));
  }
  const auto& call = std::get<FunctionCall>(operand.node);
  if (call.name == "if_not_exists") {
    const AttributeValue* found = FindPath(item, std::get<Path>(call.args[0].node).resolved);
    if (found != nullptr) return *found;
    return EvaluateSetOperand(call.args[1], item);
  }
  // list_append, the only other function functions.h lets into SET.
  HEADLOCK_ASSIGN_OR_RETURN(AttributeValue a, EvaluateSetOperand(call.args[0], item));
  HEADLOCK_ASSIGN_OR_RETURN(AttributeValue b, EvaluateSetOperand(call.args[1], item));
  if (!a.is_l() || !b.is_l()) return IncorrectOperandType();
  AttributeList joined = a.l();
  joined.insert(joined.end(), b.l().begin(), b.l().end());
  return AttributeValue::L(std::move(joined));
}

// The value at the first `depth` elements of `path`, or nullptr.
AttributeValue* FindMutable(Item* item, const DocumentPath& path, size_t depth) {
  auto it = item->find(path[0].name);
  if (it == item->end()) return nullptr;
  AttributeValue* current = &it->second;
  for (size_t i = 1; i < depth; ++i) {
    const PathElement& step = path[i];
    if (step.is_index) {
      if (!current->is_l() || step.index >= current->l().size()) return nullptr;
      current = &current->mutable_l()[step.index];
    } else {
      if (!current->is_m()) return nullptr;
      auto child = current->mutable_m().find(step.name);
      if (child == current->mutable_m().end()) return nullptr;
      current = &child->second;
    }
  }
  return current;
}

// Writes `value` at `path`, creating the last element only: the parent must
// exist with the right type. An index past the end of a list appends.
Status SetAt(Item* item, const DocumentPath& path, AttributeValue value) {
  if (path.size() == 1) {
    (*item)[path[0].name] = std::move(value);
    return Status::OK();
  }
  AttributeValue* parent = FindMutable(item, path, path.size() - 1);
  const PathElement& last = path.back();
  if (parent == nullptr) return InvalidUpdatePath();
  if (last.is_index) {
    if (!parent->is_l()) return InvalidUpdatePath();
    AttributeList& list = parent->mutable_l();
    if (last.index < list.size()) {
      list[last.index] = std::move(value);
    } else {
      list.push_back(std::move(value));
    }
    return Status::OK();
  }
  if (!parent->is_m()) return InvalidUpdatePath();
  parent->mutable_m()[last.name] = std::move(value);
  return Status::OK();
}

// Removes the element at `path` if it exists; otherwise does nothing.
void RemoveAt(Item* item, const DocumentPath& path) {
  if (path.size() == 1) {
    item->erase(path[0].name);
    return;
  }
  AttributeValue* parent = FindMutable(item, path, path.size() - 1);
  if (parent == nullptr) return;
  const PathElement& last = path.back();
  if (last.is_index && parent->is_l()) {
    AttributeList& list = parent->mutable_l();
    if (last.index < list.size()) list.erase(list.begin() + last.index);
  } else if (!last.is_index && parent->is_m()) {
    auto& map = parent->mutable_m();
    auto it = map.find(last.name);
    if (it != map.end()) map.erase(it);
  }
}

template <typename T>
std::vector<T> SortedUnion(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

template <typename T>
std::vector<T> SortedDifference(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// ADD: numbers add (a missing attribute counts as 0), sets take the union.
Status Add(Item* item, const DocumentPath& path, const AttributeValue& operand) {
  AttributeValue* current = FindMutable(item, path, path.size());
  if (current == nullptr) return SetAt(item, path, operand);
  if (current->is_n() && operand.is_n()) {
    Result<Number> sum = Number::Add(current->n(), operand.n());
    if (!sum.ok()) return sum.status();
    *current = AttributeValue::N(std::move(*sum));
  } else if (current->is_ss() && operand.is_ss()) {
    *current = AttributeValue::SSFromSorted(SortedUnion(current->ss(), operand.ss()));
  } else if (current->is_ns() && operand.is_ns()) {
    *current = AttributeValue::NSFromSorted(SortedUnion(current->ns(), operand.ns()));
  } else if (current->is_bs() && operand.is_bs()) {
    *current = AttributeValue::BSFromSorted(SortedUnion(current->bs(), operand.bs()));
  } else {
    return IncorrectOperandType();
  }
  return Status::OK();
}

// DELETE: set difference; an emptied set is removed (sets cannot be empty).
Status Delete(Item* item, const DocumentPath& path, const AttributeValue& operand) {
  AttributeValue* current = FindMutable(item, path, path.size());
  if (current == nullptr) return Status::OK();
  if (current->type() != operand.type()) return IncorrectOperandType();
  if (current->is_ss()) {
    auto rest = SortedDifference(current->ss(), operand.ss());
    if (rest.empty()) {
      RemoveAt(item, path);
      return Status::OK();
    }
    *current = AttributeValue::SSFromSorted(std::move(rest));
  } else if (current->is_ns()) {
    auto rest = SortedDifference(current->ns(), operand.ns());
    if (rest.empty()) {
      RemoveAt(item, path);
      return Status::OK();
    }
    *current = AttributeValue::NSFromSorted(std::move(rest));
  } else if (current->is_bs()) {
    auto rest = SortedDifference(current->bs(), operand.bs());
    if (rest.empty()) {
      RemoveAt(item, path);
      return Status::OK();
    }
    *current = AttributeValue::BSFromSorted(std::move(rest));
  } else {
    return IncorrectOperandType();
  }
  return Status::OK();
}

// Saves the top-level attributes an update touches so that a failure
// halfway can put them back. Copying just those (for the lock update, one
// number) is much cheaper than copying the whole item up front.
class UndoLog {
 public:
  UndoLog(Item* item, size_t capacity) : item_(item) { saved_.reserve(capacity); }

  void Save(const std::string& name) {
    for (const auto& entry : saved_) {
      if (entry.first == name) return;
    }
    auto it = item_->find(name);
    saved_.emplace_back(
        name, it == item_->end() ? std::nullopt : std::optional<AttributeValue>(it->second));
  }

  Status Rollback(Status error) {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        (*item_)[it->first] = std::move(*it->second);
      } else {
        item_->erase(it->first);
      }
    }
    return error;
  }

 private:
  Item* item_;
  std::vector<std::pair<std::string, std::optional<AttributeValue>>> saved_;
};

}  // namespace

Status ApplyUpdate(const Update& update, Item* item, std::vector<DocumentPath>* updated_paths) {
  // Every SET value comes from the original item.
  std::vector<AttributeValue> values;
  values.reserve(update.set.size());
  for (const SetAction& action : update.set) {
    HEADLOCK_ASSIGN_OR_RETURN(AttributeValue v, EvaluateSetOperand(action.value, *item));
    values.push_back(std::move(v));
  }

  UndoLog undo(item, update.set.size() + update.add.size() + update.del.size());
  // Path order puts l[5] before l[7], so appends past the end land in index
  // order whatever order the expression lists them in. Only list indexes
  // care about order, so plain name paths skip the sort.
  std::vector<size_t> order(update.set.size());
  std::iota(order.begin(), order.end(), 0);
  const bool has_index = std::any_of(update.set.begin(), update.set.end(), [](const SetAction& a) {
    return std::any_of(a.path.resolved.begin(), a.path.resolved.end(),
                       [](const PathElement& e) { return e.is_index; });
  });
  if (has_index) {
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const DocumentPath& x = update.set[a].path.resolved;
      const DocumentPath& y = update.set[b].path.resolved;
      if (DocumentPathLess(x, y)) return true;
      return !DocumentPathLess(y, x) && a < b;
    });
  }
  for (size_t i : order) {
    const DocumentPath& path = update.set[i].path.resolved;
    undo.Save(path[0].name);
    Status s = SetAt(item, path, std::move(values[i]));
    if (!s.ok()) return undo.Rollback(std::move(s));
  }
  for (const PathValueAction& action : update.add) {
    undo.Save(action.path.resolved[0].name);
    Status s = Add(item, action.path.resolved, action.value.value);
    if (!s.ok()) return undo.Rollback(std::move(s));
  }
  for (const PathValueAction& action : update.del) {
    undo.Save(action.path.resolved[0].name);
    Status s = Delete(item, action.path.resolved, action.value.value);
    if (!s.ok()) return undo.Rollback(std::move(s));
  }
  // REMOVE cannot fail, so it needs no undo. Highest index first, so that
  // each REMOVE l[i] still names an element of the original list.
  std::vector<const DocumentPath*> removals;
  for (const Path& path : update.remove) removals.push_back(&path.resolved);
  std::sort(removals.begin(), removals.end(),
            [](const DocumentPath* a, const DocumentPath* b) { return DocumentPathLess(*b, *a); });
  for (const DocumentPath* path : removals) RemoveAt(item, *path);

  if (updated_paths != nullptr) {
    for (const SetAction& action : update.set) updated_paths->push_back(action.path.resolved);
    for (const Path& path : update.remove) updated_paths->push_back(path.resolved);
    for (const PathValueAction& action : update.add) updated_paths->push_back(action.path.resolved);
    for (const PathValueAction& action : update.del) updated_paths->push_back(action.path.resolved);
  }
  return Status::OK();
}

}  // namespace headlock::expr
