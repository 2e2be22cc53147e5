#include "expr/resolve.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "expr/compare.h"
#include "expr/document_path.h"
#include "expr/errors.h"

namespace headlock::expr {
namespace {

// "{S:abc}", "{N:5}": how DynamoDB shows a value inside BETWEEN messages.
std::string ValueForMessage(const AttributeValue& v) {
  std::string text;
  if (v.is_s()) {
    text = v.s();
  } else if (v.is_n()) {
    text = v.n().ToString();
  } else {
    text = v.DebugString();
  }
  return "{" + std::string(AttributeTypeName(v.type())) + ":" + text + "}";
}

const ValueRef* AsValue(const Operand& o) { return std::get_if<ValueRef>(&o.node); }
const Path* AsPath(const Operand& o) { return std::get_if<Path>(&o.node); }

}  // namespace

Status Resolver::ResolvePath(Path* path) {
  path->resolved.clear();
  path->resolved.reserve(path->steps.size());
  for (const PathStep& step : path->steps) {
    PathElement element;
    switch (step.kind) {
      case PathStep::Kind::kName:
        element.name = step.text;
        break;
      case PathStep::Kind::kNamePlaceholder: {
        auto it = names_ ? names_->find(step.text) : ExpressionAttributeNames::const_iterator();
        if (names_ == nullptr || it == names_->end()) {
          return InvalidExpression(kind_,
                                   "An expression attribute name used in the document path is not "
                                   "defined; attribute name: " +
                                       step.text);
        }
        usage_->names.push_back(it->first);
        element.name = it->second;
        break;
      }
      case PathStep::Kind::kIndex:
        element.is_index = true;
        element.index = step.index;
        break;
    }
    path->resolved.push_back(std::move(element));
  }
  return Status::OK();
}

Status Resolver::ResolveValue(ValueRef* value) {
  const AttributeValue* found = nullptr;
  if (values_ != nullptr) {
    auto it = values_->find(value->placeholder);
    if (it != values_->end()) {
      found = &it->second;
      usage_->values.push_back(it->first);
    }
  }
  if (found == nullptr) {
    return InvalidExpression(
        kind_,
        "An expression attribute value used in expression is not defined; attribute value: " +
            value->placeholder);
  }
  value->value = *found;
  return Status::OK();
}

Status Resolver::ResolveOperand(Operand* operand) {
  if (auto* path = std::get_if<Path>(&operand->node)) return ResolvePath(path);
  if (auto* value = std::get_if<ValueRef>(&operand->node)) return ResolveValue(value);
  std::vector<Operand>* args = nullptr;
  if (auto* call = std::get_if<FunctionCall>(&operand->node)) args = &call->args;
  if (auto* arith = std::get_if<Arithmetic>(&operand->node)) args = &arith->args;
  for (Operand& arg : *args) HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&arg));
  return Status::OK();
}

Status Resolver::ResolveConditionNode(Condition* c) {
  if (auto* cmp = std::get_if<Comparison>(&c->node)) {
    HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&cmp->lhs));
    return ResolveOperand(&cmp->rhs);
  }
  if (auto* between = std::get_if<Between>(&c->node)) {
    HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&between->value));
    HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&between->lower));
    return ResolveOperand(&between->upper);
  }
  if (auto* in = std::get_if<In>(&c->node)) {
    HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&in->value));
    for (Operand& o : in->list) HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&o));
    return Status::OK();
  }
  if (auto* call = std::get_if<FunctionCall>(&c->node)) {
    for (Operand& arg : call->args) HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&arg));
    return Status::OK();
  }
  for (Condition& arg : std::get<Logical>(c->node).args) {
    HEADLOCK_RETURN_IF_ERROR(ResolveConditionNode(&arg));
  }
  return Status::OK();
}

Status Resolver::ResolveCondition(Condition* condition) {
  HEADLOCK_RETURN_IF_ERROR(ResolveConditionNode(condition));
  return CheckCondition(*condition);
}

Status Resolver::CheckDistinct(std::string_view op, const Operand& a, const Operand& b) const {
  const Path* x = AsPath(a);
  const Path* y = AsPath(b);
  if (x == nullptr || y == nullptr || x->resolved != y->resolved) return Status::OK();
  return InvalidExpression(kind_,
                           "The first operand must be distinct from the remaining operands for "
                           "this operator or function; operator: " +
                               std::string(op) + ", first operand: " + PathForMessage(x->resolved));
}

Status Resolver::CheckBetweenBounds(const Between& between) const {
  const ValueRef* lower = AsValue(between.lower);
  const ValueRef* upper = AsValue(between.upper);
  if (lower == nullptr || upper == nullptr) return Status::OK();
  const std::string bounds =
      "lower bound operand: AttributeValue: " + ValueForMessage(lower->value) +
      ", upper bound operand: AttributeValue: " + ValueForMessage(upper->value);
  if (lower->value.type() != upper->value.type()) {
    return InvalidExpression(
        kind_,
        "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
  }
  if (AreOrderable(lower->value, upper->value) &&
      CompareOrderable(lower->value, upper->value) > 0) {
    return InvalidExpression(kind_,
                             "The BETWEEN operator requires upper bound to be greater than or "
                             "equal to lower bound; " +
                                 bounds);
  }
  return Status::OK();
}

Status Resolver::CheckFunction(const FunctionCall& call) const {
  const std::string& f = call.name;
  auto incorrect_type = [&](std::string_view type) {
    return InvalidExpression(kind_,
                             "Incorrect operand type for operator or function; operator or "
                             "function: " +
                                 f + ", operand type: " + std::string(type));
  };
  auto requires_path = [&]() {
    return InvalidExpression(
        kind_, "Operator or function requires a document path; operator or function: " + f);
  };
  for (const Operand& arg : call.args) {
    if (const auto* nested = std::get_if<FunctionCall>(&arg.node)) {
      HEADLOCK_RETURN_IF_ERROR(CheckFunction(*nested));
    }
  }
  if (f == "attribute_exists" || f == "attribute_not_exists") {
    if (AsPath(call.args[0]) == nullptr) return requires_path();
  } else if (f == "attribute_type") {
    if (AsPath(call.args[0]) == nullptr) return requires_path();
    const ValueRef* type = AsValue(call.args[1]);
    if (type == nullptr) return incorrect_type("{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    if (!type->value.is_s()) return incorrect_type(AttributeTypeName(type->value.type()));
    AttributeType parsed;
    if (!ParseAttributeType(type->value.s(), &parsed)) {
      return InvalidExpression(kind_,
                               "Invalid attribute type name found; type: " + type->value.s() +
                                   ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
  } else if (f == "begins_with" || f == "contains") {
    HEADLOCK_RETURN_IF_ERROR(CheckDistinct(f, call.args[0], call.args[1]));
    if (f == "begins_with") {
      for (const Operand& arg : call.args) {
        const ValueRef* v = AsValue(arg);
        if (v != nullptr && !v->value.is_s() && !v->value.is_b()) {
          return incorrect_type(AttributeTypeName(v->value.type()));
        }
      }
    }
  } else if (f == "size") {
    const ValueRef* v = AsValue(call.args[0]);
    if (v != nullptr && (v->value.is_n() || v->value.is_bool() || v->value.is_null())) {
      return incorrect_type(AttributeTypeName(v->value.type()));
    }
  }
  return Status::OK();
}

Status Resolver::CheckCondition(const Condition& c) const {
  // size() may stand wherever an operand does.
  auto check_operands = [this](std::initializer_list<const Operand*> operands) {
    for (const Operand* o : operands) {
      if (const auto* call = std::get_if<FunctionCall>(&o->node)) {
        HEADLOCK_RETURN_IF_ERROR(CheckFunction(*call));
      }
    }
    return Status::OK();
  };
  if (const auto* cmp = std::get_if<Comparison>(&c.node)) {
    HEADLOCK_RETURN_IF_ERROR(check_operands({&cmp->lhs, &cmp->rhs}));
    return CheckDistinct(CompareOpText(cmp->op), cmp->lhs, cmp->rhs);
  }
  if (const auto* between = std::get_if<Between>(&c.node)) {
    HEADLOCK_RETURN_IF_ERROR(check_operands({&between->value, &between->lower, &between->upper}));
    return CheckBetweenBounds(*between);
  }
  if (const auto* in = std::get_if<In>(&c.node)) {
    HEADLOCK_RETURN_IF_ERROR(check_operands({&in->value}));
    for (const Operand& o : in->list) HEADLOCK_RETURN_IF_ERROR(check_operands({&o}));
    return Status::OK();
  }
  if (const auto* call = std::get_if<FunctionCall>(&c.node)) return CheckFunction(*call);
  if (const auto* logical = std::get_if<Logical>(&c.node)) {
    for (const Condition& arg : logical->args) HEADLOCK_RETURN_IF_ERROR(CheckCondition(arg));
  }
  return Status::OK();
}

// Rejects :values whose type can never suit the operator (+, -,
// list_append); paths are checked when the update is applied.
Status Resolver::CheckSetOperand(const Operand& operand) const {
  auto incorrect = [&](std::string_view op, std::string_view type) {
    return InvalidExpression(kind_,
                             "Incorrect operand type for operator or function; operator or "
                             "function: " +
                                 std::string(op) + ", operand type: " + std::string(type));
  };
  if (const auto* arith = std::get_if<Arithmetic>(&operand.node)) {
    for (const Operand& arg : arith->args) {
      HEADLOCK_RETURN_IF_ERROR(CheckSetOperand(arg));
      const ValueRef* v = AsValue(arg);
      if (v != nullptr && !v->value.is_n()) {
        return incorrect(std::string(1, arith->op), AttributeTypeName(v->value.type()));
      }
    }
  } else if (const auto* call = std::get_if<FunctionCall>(&operand.node)) {
    for (const Operand& arg : call->args) HEADLOCK_RETURN_IF_ERROR(CheckSetOperand(arg));
    if (call->name == "if_not_exists" && AsPath(call->args[0]) == nullptr) {
      return InvalidExpression(
          kind_,
          "Operator or function requires a document path; operator or function: " + call->name);
    }
    if (call->name == "list_append") {
      for (const Operand& arg : call->args) {
        const ValueRef* v = AsValue(arg);
        if (v != nullptr && !v->value.is_l()) {
          return incorrect(call->name, AttributeTypeName(v->value.type()));
        }
      }
    }
  }
  return Status::OK();
}

Status Resolver::ResolveUpdate(Update* update, const KeySchema* table_key) {
  std::vector<const DocumentPath*> targets;
  for (SetAction& action : update->set) {
    HEADLOCK_RETURN_IF_ERROR(ResolvePath(&action.path));
    HEADLOCK_RETURN_IF_ERROR(ResolveOperand(&action.value));
  }
  for (Path& path : update->remove) HEADLOCK_RETURN_IF_ERROR(ResolvePath(&path));
  for (auto* actions : {&update->add, &update->del}) {
    for (PathValueAction& action : *actions) {
      HEADLOCK_RETURN_IF_ERROR(ResolvePath(&action.path));
      HEADLOCK_RETURN_IF_ERROR(ResolveValue(&action.value));
    }
  }

  for (const SetAction& action : update->set) {
    HEADLOCK_RETURN_IF_ERROR(CheckSetOperand(action.value));
    targets.push_back(&action.path.resolved);
  }
  for (const Path& path : update->remove) targets.push_back(&path.resolved);
  for (const PathValueAction& action : update->add) {
    const AttributeValue& v = action.value.value;
    if (!v.is_n() && !v.is_set()) {
      return InvalidExpression(kind_,
                               "Incorrect operand type for operator or function; operator: ADD, "
                               "operand type: " +
                                   std::string(LongTypeName(v.type())) +
                                   ", typeSet: ALLOWED_FOR_ADD_OPERAND");
    }
    targets.push_back(&action.path.resolved);
  }
  for (const PathValueAction& action : update->del) {
    const AttributeValue& v = action.value.value;
    if (!v.is_set()) {
      return InvalidExpression(kind_,
                               "Incorrect operand type for operator or function; operator: DELETE, "
                               "operand type: " +
                                   std::string(LongTypeName(v.type())) +
                                   ", typeSet: ALLOWED_FOR_DELETE_OPERAND");
    }
    targets.push_back(&action.path.resolved);
  }

  if (table_key != nullptr) {
    for (const DocumentPath* path : targets) {
      if (table_key->IsKeyAttribute((*path)[0].name)) {
        return Status::Validation(
            "One or more parameter values were invalid: Cannot update "
            "attribute " +
            (*path)[0].name + ". This attribute is part of the key");
      }
    }
  }
  return CheckPathsDisjoint(targets, kind_);
}

Status Resolver::ResolveProjection(Projection* projection) {
  std::vector<const DocumentPath*> paths;
  for (Path& path : projection->paths) {
    HEADLOCK_RETURN_IF_ERROR(ResolvePath(&path));
    paths.push_back(&path.resolved);
  }
  return CheckPathsDisjoint(paths, kind_);
}

}  // namespace headlock::expr
