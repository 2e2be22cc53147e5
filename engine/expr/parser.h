// Hand-written recursive-descent parser of DynamoDB's expression grammar
// (reference/dynamodb.md §8). Produces unresolved ASTs (ast.h).
//
// Besides syntax it checks everything that depends on the text alone, so the
// outcome can be cached by text: nesting and path depth, IN and operator
// counts, redundant parentheses ("((c))"), function names, places and arity,
// reserved words, and the once-per-clause rule of UpdateExpression. It does not look at
// placeholders' definitions; that is resolve.h's job.
#pragma once

#include <string_view>

#include "expr/ast.h"
#include "headlock/result.h"

namespace headlock::expr {

// Bound on the nesting of parentheses and NOT, to keep the recursion's stack
// use bounded. Not a documented DynamoDB limit: DynamoDB's own limit is the
// 4 KB text; this bound is far above what real expressions use.
inline constexpr int kMaxParseNestingDepth = 100;

// ConditionExpression, FilterExpression and KeyConditionExpression (the
// latter's shape is checked later against the key schema, key_condition.h).
Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind);

Result<Update> ParseUpdate(std::string_view text);

Result<Projection> ParseProjection(std::string_view text);

}  // namespace headlock::expr
