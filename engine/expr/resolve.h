// Resolve: substitutes #names and :values into a copy of a parsed tree and
// runs the checks that need the values (operand types known from :values,
// BETWEEN bounds, distinct operands, path overlap, key attributes).
//
// A #name stands for exactly one path element: "#a.#b" is two elements and a
// name containing '.' stays one element (reference §8.5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "headlock/expr/expression.h"
#include "headlock/status.h"

namespace headlock::expr {

// Placeholders used by the expressions of one request so far, to report the
// unused ones once all expressions are resolved.
// Views point at the keys of the request's ExpressionAttributeNames/Values,
// which outlive the Prepare call; duplicates are kept (cheaper than a set on
// the hot path, and the unused check sorts once).
struct PlaceholderUsage {
  std::vector<std::string_view> names;
  std::vector<std::string_view> values;
};

class Resolver {
 public:
  // `names` and `values` may be null (none given). `usage` must outlive this.
  Resolver(ExpressionKind kind, const ExpressionAttributeNames* names,
           const ExpressionAttributeValues* values, PlaceholderUsage* usage)
      : kind_(kind), names_(names), values_(values), usage_(usage) {}

  // Each fills the resolved fields of the tree in place and then checks it.
  Status ResolveCondition(Condition* condition);
  // `table_key` (may be null): key attributes may not be updated.
  Status ResolveUpdate(Update* update, const KeySchema* table_key);
  Status ResolveProjection(Projection* projection);

 private:
  Status ResolvePath(Path* path);
  Status ResolveValue(ValueRef* value);
  Status ResolveOperand(Operand* operand);
  Status ResolveConditionNode(Condition* condition);

  Status CheckCondition(const Condition& condition) const;
  Status CheckFunction(const FunctionCall& call) const;
  Status CheckDistinct(std::string_view op, const Operand& a, const Operand& b) const;
  Status CheckBetweenBounds(const Between& between) const;
  Status CheckSetOperand(const Operand& operand) const;

  ExpressionKind kind_;
  const ExpressionAttributeNames* names_;
  const ExpressionAttributeValues* values_;
  PlaceholderUsage* usage_;
};

}  // namespace headlock::expr
