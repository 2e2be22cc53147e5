#include "expr/key_condition.h"

#include <string>
#include <vector>

#include "expr/errors.h"

namespace headlock::expr {
namespace {

Status NotSupported() { return Status::Validation("Query key condition not supported"); }

Status Missed(const std::string& name) {
  return Status::Validation("Query condition missed key schema element: " + name);
}

void Flatten(const Condition& c, std::vector<const Condition*>* out) {
  if (const auto* logical = std::get_if<Logical>(&c.node);
      logical != nullptr && logical->op == Logical::Op::kAnd) {
    for (const Condition& arg : logical->args) Flatten(arg, out);
    return;
  }
  out->push_back(&c);
}

// One conjunct as (attribute, operator, operands).
struct Term {
  std::string attribute;
  KeyCondition::SortOp op = KeyCondition::SortOp::kNone;
  const AttributeValue* value = nullptr;
  const AttributeValue* value2 = nullptr;
};

const std::string* TopLevelName(const Operand& o) {
  const auto* path = std::get_if<Path>(&o.node);
  if (path == nullptr || path->resolved.size() != 1) return nullptr;
  return &path->resolved[0].name;
}

const AttributeValue* Value(const Operand& o) {
  const auto* v = std::get_if<ValueRef>(&o.node);
  return v == nullptr ? nullptr : &v->value;
}

Status ToTerm(const Condition& c, Term* term) {
  using SortOp = KeyCondition::SortOp;
  if (const auto* cmp = std::get_if<Comparison>(&c.node)) {
    CompareOp op = cmp->op;
    const Operand* attr = &cmp->lhs;
    const Operand* value = &cmp->rhs;
    if (Value(*attr) != nullptr && Value(*value) == nullptr) {
      // ":v < sk" reads as "sk > :v".
      std::swap(attr, value);
      static constexpr CompareOp kMirror[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kGt,
                                              CompareOp::kGe, CompareOp::kLt, CompareOp::kLe};
      op = kMirror[static_cast<int>(op)];
    }
    const std::string* name = TopLevelName(*attr);
    term->value = Value(*value);
    if (name == nullptr || term->value == nullptr) return NotSupported();
    term->attribute = *name;
    static constexpr SortOp kOps[] = {SortOp::kEq, SortOp::kNone, SortOp::kLt,
                                      SortOp::kLe, SortOp::kGt,   SortOp::kGe};
    term->op = kOps[static_cast<int>(op)];
    return term->op == SortOp::kNone ? NotSupported() : Status::OK();
  }
  if (const auto* between = std::get_if<Between>(&c.node)) {
    const std::string* name = TopLevelName(between->value);
    term->value = Value(between->lower);
    term->value2 = Value(between->upper);
    if (name == nullptr || term->value == nullptr || term->value2 == nullptr) return NotSupported();
    term->attribute = *name;
    term->op = SortOp::kBetween;
    return Status::OK();
  }
  if (const auto* call = std::get_if<FunctionCall>(&c.node); call && call->name == "begins_with") {
    const std::string* name = TopLevelName(call->args[0]);
    term->value = Value(call->args[1]);
    if (name == nullptr || term->value == nullptr) return NotSupported();
    term->attribute = *name;
    term->op = SortOp::kBeginsWith;
    return Status::OK();
  }
  return NotSupported();
}

Status CheckType(const Term& term, const KeyAttribute& key) {
  for (const AttributeValue* v : {term.value, term.value2}) {
    if (v == nullptr) continue;
    if (term.op == KeyCondition::SortOp::kBeginsWith && key.type == AttributeType::kN) {
      return InvalidExpression(ExpressionKind::kKeyCondition,
                               "Incorrect operand type for operator or function; operator or "
                               "function: begins_with, operand type: N");
    }
    if (v->type() != key.type) {
      return Status::Validation(
          "One or more parameter values were invalid: Condition parameter type does not match "
          "schema type");
    }
  }
  return Status::OK();
}

}  // namespace

Result<KeyCondition> ExtractKeyCondition(const Condition& condition, const KeySchema& schema) {
  std::vector<const Condition*> conjuncts;
  Flatten(condition, &conjuncts);
  std::vector<Term> terms(conjuncts.size());
  for (size_t i = 0; i < conjuncts.size(); ++i) {
    HEADLOCK_RETURN_IF_ERROR(ToTerm(*conjuncts[i], &terms[i]));
  }

  const Term* partition = nullptr;
  const Term* sort = nullptr;
  bool non_key = false;
  for (const Term& term : terms) {
    const Term** slot = nullptr;
    if (term.attribute == schema.partition_key.name) {
      slot = &partition;
    } else if (schema.sort_key && term.attribute == schema.sort_key->name) {
      slot = &sort;
    } else {
      non_key = true;
      continue;
    }
    if (*slot != nullptr) {
      return InvalidExpression(ExpressionKind::kKeyCondition,
                               "KeyConditionExpressions must only contain one condition per key");
    }
    *slot = &term;
  }
  if (partition == nullptr) return Missed(schema.partition_key.name);
  if (non_key) {
    if (schema.sort_key && sort == nullptr) return Missed(schema.sort_key->name);
    return NotSupported();
  }
  if (partition->op != KeyCondition::SortOp::kEq) return NotSupported();
  HEADLOCK_RETURN_IF_ERROR(CheckType(*partition, schema.partition_key));

  KeyCondition out;
  out.partition_value = *partition->value;
  if (sort != nullptr) {
    HEADLOCK_RETURN_IF_ERROR(CheckType(*sort, *schema.sort_key));
    out.sort_op = sort->op;
    out.sort_value = *sort->value;
    if (sort->value2 != nullptr) out.sort_value2 = *sort->value2;
  }
  return out;
}

}  // namespace headlock::expr
