// DynamoDB's expression language: ConditionExpression, FilterExpression,
// UpdateExpression, ProjectionExpression and KeyConditionExpression.
//
// Three steps, as in ScyllaDB's Alternator:
//   parse    text -> plain AST (cached by text: a hot expression such as the
//            seed's lock `SET orderNo = :lockTo, lockByClient = :clientKey`
//            is parsed once);
//   resolve  #names and :values substituted from the request, unused or
//            undefined placeholders rejected across all of a request's
//            expressions, as DynamoDB does;
//   evaluate against a typed Item.
// All errors are ValidationException with DynamoDB's wording
// (reference/dynamodb.md §7.4, §8).
//
// Thread safety: PreparedExpressions is an immutable value once built and may
// be evaluated from many threads. The parse cache is internally synchronised.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/result.h"
#include "headlock/value/attribute_value.h"
#include "headlock/value/key_schema.h"

namespace headlock {

using ExpressionAttributeNames = std::map<std::string, std::string, std::less<>>;
using ExpressionAttributeValues = AttributeMap;

inline constexpr size_t kMaxExpressionSizeBytes = 4096;     // any expression string (4 KB)
inline constexpr size_t kMaxPlaceholderSizeBytes = 255;     // one #name or :value token
inline constexpr int kMaxUpdateOperators = 300;             // operators+functions per UpdateExpression
inline constexpr int kMaxInOperands = 100;                  // operands of IN
inline constexpr int kMaxDocumentPathDepth = 32;            // document path depth

// One step of a resolved document path: a map key or a list index.
struct PathElement {
  std::string name;  // when !is_index
  uint32_t index = 0;  // when is_index
  bool is_index = false;
  bool operator==(const PathElement&) const = default;
};
// A resolved document path, e.g. a.b[1].c. The first element is a name.
using DocumentPath = std::vector<PathElement>;
// "a.b[1].c" for messages.
std::string DocumentPathToString(const DocumentPath& path);

// Opaque resolved forms (defined in engine/expr/).
struct ResolvedCondition;
struct ResolvedUpdate;
struct ResolvedProjection;

// A Query's key condition, resolved and validated against a key schema.
struct KeyCondition {
  enum class SortOp { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  AttributeValue partition_value;
  SortOp sort_op = SortOp::kNone;
  AttributeValue sort_value;    // the operand (the lower bound for BETWEEN)
  AttributeValue sort_value2;   // the upper bound for BETWEEN
};

// The expressions of one request. Absent ones are std::nullopt.
struct ExpressionInputs {
  std::optional<std::string_view> condition_expression;
  std::optional<std::string_view> filter_expression;
  std::optional<std::string_view> update_expression;
  std::optional<std::string_view> projection_expression;
  std::optional<std::string_view> key_condition_expression;
  // Null when the request has none. A non-null empty map is rejected
  // ("ExpressionAttributeValues must not be empty"), as DynamoDB does.
  const ExpressionAttributeNames* names = nullptr;
  const ExpressionAttributeValues* values = nullptr;
  // Table key schema: UpdateExpression may not touch key attributes.
  const KeySchema* table_key = nullptr;
  // Key schema the KeyConditionExpression is checked against (the table's
  // or the queried index's); a Query's FilterExpression may not reference
  // its attributes. Required when key_condition_expression is set.
  const KeySchema* query_key = nullptr;
};

// The prepared (parsed + resolved + validated) expressions of one request.
class PreparedExpressions {
 public:
  // Parses every present expression (through the process-wide cache),
  // resolves placeholders, and validates: syntax, reserved words, limits,
  // undefined and unused placeholders (across all expressions together),
  // function names and arity, update path overlap and conflict, key
  // attributes in updates, key condition shape.
  static Result<PreparedExpressions> Prepare(const ExpressionInputs& inputs);

  PreparedExpressions();
  ~PreparedExpressions();
  PreparedExpressions(PreparedExpressions&&) noexcept;
  PreparedExpressions& operator=(PreparedExpressions&&) noexcept;

  bool has_condition() const { return condition_ != nullptr; }
  bool has_filter() const { return filter_ != nullptr; }
  bool has_update() const { return update_ != nullptr; }
  bool has_projection() const { return projection_ != nullptr; }
  bool has_key_condition() const { return key_condition_.has_value(); }

  // Evaluates the ConditionExpression against `item` (nullptr: no item).
  // True when there is no condition.
  Result<bool> EvaluateCondition(const Item* item) const;
  // Evaluates the FilterExpression. True when there is no filter.
  Result<bool> EvaluateFilter(const Item& item) const;

  // Applies the UpdateExpression to `*item` (which starts as the key alone
  // when the item did not exist). On error `*item` is unchanged. Errors:
  // invalid document path for update, incorrect operand types, item too
  // large is NOT checked here (the caller checks the finished item).
  // `updated_paths`, if given, receives the paths that SET/REMOVE/ADD/DELETE
  // named (for ReturnValues UPDATED_OLD / UPDATED_NEW).
  Status ApplyUpdate(Item* item, std::vector<DocumentPath>* updated_paths = nullptr) const;

  // Projects `item` on the ProjectionExpression (missing paths omitted).
  // Returns `item` unchanged when there is no projection.
  Item Project(const Item& item) const;

  // REQUIRES: has_key_condition().
  const KeyCondition& key_condition() const { return *key_condition_; }

  // Top-level attribute names the projection or update names (for index
  // projections and capacity bookkeeping).
  std::vector<std::string> ProjectedTopLevelNames() const;

 private:
  std::shared_ptr<const ResolvedCondition> condition_;
  std::shared_ptr<const ResolvedCondition> filter_;
  std::shared_ptr<const ResolvedUpdate> update_;
  std::shared_ptr<const ResolvedProjection> projection_;
  std::optional<KeyCondition> key_condition_;
};

// Projects `item` on explicit paths (shared with ReturnValues UPDATED_*).
Item ProjectPaths(const Item& item, const std::vector<DocumentPath>& paths);

// Statistics of the process-wide parse cache (for benchmarks and tests).
struct ExpressionCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  size_t entries = 0;
};
ExpressionCacheStats GetExpressionCacheStats();
void ClearExpressionCache();

}  // namespace headlock
