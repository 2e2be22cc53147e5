// Evaluation of a resolved ConditionExpression or FilterExpression against
// an item.
//
// DynamoDB semantics (reference §8.1): a missing attribute or a comparison
// of values of different types makes =, <, <=, >, >=, BETWEEN and IN false
// rather than an error; <, <=, >, >= and BETWEEN are defined on N, S and B
// only. "<>" is the negation of "=", so it is true for a missing attribute
// or values of different types (as in DynamoDB and ScyllaDB Alternator: two
// values that are not equal are unequal).
#pragma once

#include "expr/ast.h"
#include "headlock/value/attribute_value.h"

namespace headlock::expr {

// REQUIRES: `condition` was resolved (resolve.h). `item` may be null (no
// item: every path is missing). Never fails: type mismatches are false.
bool EvaluateCondition(const Condition& condition, const Item* item);

}  // namespace headlock::expr
