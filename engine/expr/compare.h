// Ordering of attribute values as DynamoDB's <, <=, >, >= and BETWEEN see
// it: only N, S and B are ordered, numbers numerically, strings and binary
// bytewise with unsigned bytes (reference §2.2).
#pragma once

#include "headlock/value/attribute_value.h"

namespace headlock::expr {

// True when `a` and `b` have the same type and it is N, S or B.
bool AreOrderable(const AttributeValue& a, const AttributeValue& b);

// -1, 0 or 1. REQUIRES: AreOrderable(a, b).
int CompareOrderable(const AttributeValue& a, const AttributeValue& b);

}  // namespace headlock::expr
