// ProjectionExpression (and ReturnValues UPDATED_*) projection of an item.
//
// DynamoDB semantics (reference §8.4): missing paths are omitted; list
// elements picked by index keep their relative order in a shorter list
// ("a[1], a[3]" of [p, q, r, s] gives a: [q, s]); map steps keep the map.
#pragma once

#include <vector>

#include "headlock/expr/expression.h"
#include "headlock/value/attribute_value.h"

namespace headlock::expr {

// Projects `item` on `paths`. Paths may overlap (a path and its prefix): the
// shorter one wins and the whole value is kept.
Item Project(const Item& item, const std::vector<const DocumentPath*>& paths);

}  // namespace headlock::expr
