// Application of a resolved UpdateExpression to an item.
//
// DynamoDB semantics (reference §8.2): every SET value is computed from the
// item as it was before the update (so "SET a = b, b = a" swaps); list
// indexes name positions of the original lists: SET l[i] with i past the end
// appends (several in index order), REMOVE l[i] shifts later elements down,
// and a REMOVE of a missing path does nothing.
#pragma once

#include <vector>

#include "expr/ast.h"
#include "headlock/expr/expression.h"
#include "headlock/status.h"

namespace headlock::expr {

// Applies `update` to `*item`. On error `*item` is unchanged. Errors
// (ValidationException): "The document path provided in the update
// expression is invalid for update" (a SET or ADD through a missing or
// wrong-typed parent), "An operand in the update expression has an incorrect
// data type", "The provided expression refers to an attribute that does not
// exist in the item", and Number's overflow and underflow messages.
// `updated_paths` (optional) receives every path the update names.
// REQUIRES: `update` was resolved.
Status ApplyUpdate(const Update& update, Item* item, std::vector<DocumentPath>* updated_paths);

}  // namespace headlock::expr
