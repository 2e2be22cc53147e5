// The functions of DynamoDB's expression language, where each may appear,
// and the checks on calls that need no placeholder values (run right after
// parsing, so their outcome is cached with the tree).
#pragma once

#include "expr/ast.h"
#include "headlock/status.h"

namespace headlock::expr {

// First error of each kind found in a tree. DynamoDB reports an unknown
// function before a misused one, and both before a reserved word, which in
// turn comes before a wrong operand count (dynalite's error order, copied
// from AWS); the parser picks from these in that order.
struct FunctionErrors {
  Status unknown;  // "Invalid function name; function: f"
  Status misused;  // function in the wrong place
  Status arity;    // "Incorrect number of operands ..."
};

// Condition, Filter and KeyCondition expressions: attribute_exists,
// attribute_not_exists, attribute_type, begins_with and contains stand as
// conditions; size is an operand only.
FunctionErrors CheckConditionFunctions(const Condition& condition, ExpressionKind kind);

// UpdateExpression: if_not_exists and list_append, in SET values only.
FunctionErrors CheckUpdateFunctions(const Update& update);

// Number of operators (+, -) and function calls in an operand tree, for the
// per-UpdateExpression limit kMaxUpdateOperators.
int CountOperators(const Operand& operand);

}  // namespace headlock::expr
