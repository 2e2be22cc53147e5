// KeyConditionExpression: shape checks against a key schema and extraction
// of the partition value and the sort key condition (reference §8.3).
#pragma once

#include "expr/ast.h"
#include "headlock/expr/expression.h"
#include "headlock/result.h"
#include "headlock/value/key_schema.h"

namespace headlock::expr {

// Accepts "pk = :v" optionally ANDed with one sort key condition (=, <, <=,
// >, >=, BETWEEN, begins_with), in either order. Errors (ValidationException):
//   "Query condition missed key schema element: <pk>" when the partition key
//     has no condition (or, with a sort key, a non-key attribute appears in
//     place of it);
//   "Query key condition not supported" for OR, NOT, IN, <>, other
//     functions, nested paths and a non-equality partition condition;
//   "Invalid KeyConditionExpression: KeyConditionExpressions must only
//     contain one condition per key";
//   "One or more parameter values were invalid: Condition parameter type
//     does not match schema type";
//   begins_with on a number key: "Incorrect operand type ...".
// REQUIRES: `condition` was resolved.
Result<KeyCondition> ExtractKeyCondition(const Condition& condition, const KeySchema& schema);

}  // namespace headlock::expr
