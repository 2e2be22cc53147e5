// Process-wide cache of parsed expressions, keyed by (kind, text).
//
// Hot expressions (the request queue's lock update and condition) arrive
// thousands of times with the same text; parsing them once leaves only
// resolve and evaluate per request. Only successful parses are cached:
// invalid expressions are rare and must not evict valid ones.
//
// Thread safety: all functions may be called from any thread; a mutex guards
// the table, and parsing happens outside it. Cached trees are immutable and
// shared (std::shared_ptr), so an entry dropped while in use stays valid.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "expr/ast.h"
#include "headlock/expr/expression.h"
#include "headlock/result.h"

namespace headlock::expr {

// Bound on cached entries over all kinds. When full the cache is cleared
// (simpler than LRU and as good for the workload: a service uses a few
// dozen distinct expression texts; only a client generating texts could fill
// it, and then no policy would give hits). 4096 entries of <= 4 KB text plus
// its tree stay within tens of MB at worst.
inline constexpr size_t kMaxCachedExpressions = 4096;

// REQUIRES: kind is kCondition, kFilter or kKeyCondition.
Result<std::shared_ptr<const Condition>> ParseConditionCached(std::string_view text,
                                                              ExpressionKind kind);
Result<std::shared_ptr<const Update>> ParseUpdateCached(std::string_view text);
Result<std::shared_ptr<const Projection>> ParseProjectionCached(std::string_view text);

}  // namespace headlock::expr
