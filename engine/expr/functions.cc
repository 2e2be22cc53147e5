#include "expr/functions.h"

#include <string>
#include <string_view>

#include "expr/errors.h"

namespace headlock::expr {
namespace {

enum class Place : uint8_t { kCondition, kConditionOperand, kUpdate };

struct FunctionInfo {
  std::string_view name;
  int arity;
  Place place;
};

// Function names are case-sensitive (reference/dynamodb.md §8.1).
constexpr FunctionInfo kFunctions[] = {
    {"attribute_exists", 1, Place::kCondition}, {"attribute_not_exists", 1, Place::kCondition},
    {"attribute_type", 2, Place::kCondition},   {"begins_with", 2, Place::kCondition},
    {"contains", 2, Place::kCondition},         {"size", 1, Place::kConditionOperand},
    {"if_not_exists", 2, Place::kUpdate},       {"list_append", 2, Place::kUpdate},
};

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

class Checker {
 public:
  explicit Checker(ExpressionKind kind) : kind_(kind) {}

  void CheckCondition(const Condition& c) {
    if (const auto* call = std::get_if<FunctionCall>(&c.node)) {
      CheckCall(*call, Place::kCondition);
    } else if (const auto* cmp = std::get_if<Comparison>(&c.node)) {
      CheckOperand(cmp->lhs);
      CheckOperand(cmp->rhs);
    } else if (const auto* between = std::get_if<Between>(&c.node)) {
      CheckOperand(between->value);
      CheckOperand(between->lower);
      CheckOperand(between->upper);
    } else if (const auto* in = std::get_if<In>(&c.node)) {
      CheckOperand(in->value);
      for (const Operand& o : in->list) CheckOperand(o);
    } else if (const auto* logical = std::get_if<Logical>(&c.node)) {
      for (const Condition& arg : logical->args) CheckCondition(arg);
    }
  }

  // An operand of a comparison or a function argument.
  void CheckOperand(const Operand& o) {
    if (const auto* call = std::get_if<FunctionCall>(&o.node)) {
      CheckCall(*call,
                kind_ == ExpressionKind::kUpdate ? Place::kUpdate : Place::kConditionOperand);
    } else if (const auto* arith = std::get_if<Arithmetic>(&o.node)) {
      for (const Operand& arg : arith->args) CheckOperand(arg);
    }
  }

  FunctionErrors errors;

 private:
  void CheckCall(const FunctionCall& call, Place wanted) {
    const FunctionInfo* info = FindFunction(call.name);
    if (info == nullptr) {
      SetOnce(&errors.unknown, "Invalid function name; function: " + call.name);
    } else if (info->place != wanted) {
      std::string detail;
      if (info->place == Place::kUpdate) {
        detail = "The function is not allowed in a condition expression; function: ";
      } else if (wanted == Place::kUpdate) {
        detail = "The function is not allowed in an update expression; function: ";
      } else {
        detail = "The function is not allowed to be used this way in an expression; function: ";
      }
      SetOnce(&errors.misused, detail + call.name);
    } else if (static_cast<int>(call.args.size()) != info->arity) {
      SetOnce(&errors.arity,
              "Incorrect number of operands for operator or function; operator or function: " +
                  call.name + ", number of operands: " + std::to_string(call.args.size()));
    }
    for (const Operand& arg : call.args) CheckOperand(arg);
  }

  void SetOnce(Status* slot, const std::string& detail) {
    if (slot->ok()) *slot = InvalidExpression(kind_, detail);
  }

  ExpressionKind kind_;
};

}  // namespace

FunctionErrors CheckConditionFunctions(const Condition& condition, ExpressionKind kind) {
  Checker checker(kind);
  checker.CheckCondition(condition);
  return std::move(checker.errors);
}

FunctionErrors CheckUpdateFunctions(const Update& update) {
  Checker checker(ExpressionKind::kUpdate);
  for (const SetAction& action : update.set) checker.CheckOperand(action.value);
  return std::move(checker.errors);
}

int CountOperators(const Operand& operand) {
  int count = 0;
  if (const auto* call = std::get_if<FunctionCall>(&operand.node)) {
    count = 1;
    for (const Operand& arg : call->args) count += CountOperators(arg);
  } else if (const auto* arith = std::get_if<Arithmetic>(&operand.node)) {
    count = 1;
    for (const Operand& arg : arith->args) count += CountOperators(arg);
  }
  return count;
}

}  // namespace headlock::expr
