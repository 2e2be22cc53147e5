// Navigation of items by DocumentPath, and the overlap/conflict rule that
// UpdateExpression and ProjectionExpression share (reference §8.2, §8.4).
#pragma once

#include <vector>

#include "expr/ast.h"
#include "headlock/expr/expression.h"
#include "headlock/status.h"
#include "headlock/value/attribute_value.h"

namespace headlock::expr {

// The value at `path` in `item`, or nullptr when any step is missing or of
// the wrong type (a name step into a non-map, an index into a non-list or
// past its end). REQUIRES: path non-empty, path[0] a name.
const AttributeValue* FindPath(const Item& item, const DocumentPath& path);

// Rejects two paths of which one is a prefix of the other (overlap: "a" and
// "a.b", or the same path twice) or which first differ by a map step against
// a list step at the same depth (conflict: "a.b" and "a[1]"), with
// DynamoDB's messages prefixed for `kind`.
Status CheckPathsDisjoint(const std::vector<const DocumentPath*>& paths, ExpressionKind kind);

// Orders paths element by element, names bytewise, indexes numerically,
// names before indexes; a prefix sorts first.
bool DocumentPathLess(const DocumentPath& a, const DocumentPath& b);

}  // namespace headlock::expr
