// PreparedExpressions: parse (cached), resolve and validate all expressions
// of one request, then evaluate them.
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>

#include "expr/apply_update.h"
#include "expr/cache.h"
#include "expr/errors.h"
#include "expr/evaluate_condition.h"
#include "expr/key_condition.h"
#include "expr/projection.h"
#include "expr/resolve.h"
#include "headlock/expr/expression.h"

namespace headlock {

// The resolved trees: copies of the cached parse with placeholders filled.
struct ResolvedCondition {
  expr::Condition condition;
};
struct ResolvedUpdate {
  expr::Update update;
};
struct ResolvedProjection {
  expr::Projection projection;
  std::vector<const DocumentPath*> paths;  // into `projection`
};

namespace {

using expr::ExpressionKind;

bool IsPlaceholderChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A key of ExpressionAttributeNames / Values must be a whole placeholder
// token: the sigil followed by at least one [A-Za-z0-9_].
template <typename Map>
Status CheckPlaceholderKeys(const Map* map, char sigil, std::string_view parameter) {
  if (map == nullptr) return Status::OK();
  if (map->empty()) return Status::Validation(std::string(parameter) + " must not be empty");
  for (const auto& [key, value] : *map) {
    bool valid = key.size() >= 2 && key[0] == sigil &&
                 std::all_of(key.begin() + 1, key.end(), IsPlaceholderChar);
    if (!valid) {
      return Status::Validation(std::string(parameter) +
                                " contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }
  return Status::OK();
}

template <typename Map>
Status CheckAllUsed(const Map* map, std::vector<std::string_view>* used,
                    std::string_view parameter) {
  if (map == nullptr) return Status::OK();
  // Every map key is used in the common case: check that by count first.
  std::sort(used->begin(), used->end());
  used->erase(std::unique(used->begin(), used->end()), used->end());
  if (used->size() == map->size()) return Status::OK();
  std::string unused;
  for (const auto& [key, value] : *map) {
    if (std::binary_search(used->begin(), used->end(), std::string_view(key))) continue;
    if (!unused.empty()) unused += ", ";
    unused += key;
  }
  if (unused.empty()) return Status::OK();
  return Status::Validation("Value provided in " + std::string(parameter) +
                            " unused in expressions: keys: {" + unused + "}");
}

Status CheckSize(std::string_view text, ExpressionKind kind) {
  if (text.size() <= kMaxExpressionSizeBytes) return Status::OK();
  return expr::InvalidExpression(
      kind, "Expression size has exceeded the maximum allowed size; expression size: " +
                std::to_string(text.size()));
}

void ForEachPath(const expr::Operand& o, const std::function<void(const DocumentPath&)>& fn) {
  if (const auto* path = std::get_if<expr::Path>(&o.node)) fn(path->resolved);
  if (const auto* call = std::get_if<expr::FunctionCall>(&o.node)) {
    for (const expr::Operand& arg : call->args) ForEachPath(arg, fn);
  }
}

void ForEachPath(const expr::Condition& c, const std::function<void(const DocumentPath&)>& fn) {
  if (const auto* cmp = std::get_if<expr::Comparison>(&c.node)) {
    ForEachPath(cmp->lhs, fn);
    ForEachPath(cmp->rhs, fn);
  } else if (const auto* between = std::get_if<expr::Between>(&c.node)) {
    ForEachPath(between->value, fn);
    ForEachPath(between->lower, fn);
    ForEachPath(between->upper, fn);
  } else if (const auto* in = std::get_if<expr::In>(&c.node)) {
    ForEachPath(in->value, fn);
    for (const expr::Operand& o : in->list) ForEachPath(o, fn);
  } else if (const auto* call = std::get_if<expr::FunctionCall>(&c.node)) {
    for (const expr::Operand& arg : call->args) ForEachPath(arg, fn);
  } else {
    for (const expr::Condition& arg : std::get<expr::Logical>(c.node).args) ForEachPath(arg, fn);
  }
}

// A Query's filter may not name the queried key's attributes: they belong in
// the KeyConditionExpression.
Status CheckFilterAvoidsKey(const expr::Condition& filter, const KeySchema& key) {
  std::string key_attribute;
  ForEachPath(filter, [&](const DocumentPath& path) {
    if (key_attribute.empty() && key.IsKeyAttribute(path[0].name)) key_attribute = path[0].name;
  });
  if (key_attribute.empty()) return Status::OK();
  return Status::Validation(
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: " +
      key_attribute);
}

Result<std::shared_ptr<const ResolvedCondition>> PrepareCondition(std::string_view text,
                                                                  ExpressionKind kind,
                                                                  expr::Resolver* resolver) {
  HEADLOCK_RETURN_IF_ERROR(CheckSize(text, kind));
  HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<const expr::Condition> parsed,
                            expr::ParseConditionCached(text, kind));
  auto resolved = std::make_shared<ResolvedCondition>(ResolvedCondition{*parsed});
  HEADLOCK_RETURN_IF_ERROR(resolver->ResolveCondition(&resolved->condition));
  return std::shared_ptr<const ResolvedCondition>(std::move(resolved));
}

}  // namespace

PreparedExpressions::PreparedExpressions() = default;
PreparedExpressions::~PreparedExpressions() = default;
PreparedExpressions::PreparedExpressions(PreparedExpressions&&) noexcept = default;
PreparedExpressions& PreparedExpressions::operator=(PreparedExpressions&&) noexcept = default;

Result<PreparedExpressions> PreparedExpressions::Prepare(const ExpressionInputs& in) {
  const bool any_expression = in.condition_expression || in.filter_expression ||
                              in.update_expression || in.projection_expression ||
                              in.key_condition_expression;
  if (!any_expression && in.names != nullptr) {
    return Status::Validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (!any_expression && in.values != nullptr) {
    return Status::Validation(
        "ExpressionAttributeValues can only be specified when using expressions");
  }
  HEADLOCK_RETURN_IF_ERROR(CheckPlaceholderKeys(in.names, '#', "ExpressionAttributeNames"));
  HEADLOCK_RETURN_IF_ERROR(CheckPlaceholderKeys(in.values, ':', "ExpressionAttributeValues"));

  expr::PlaceholderUsage usage;
  usage.names.reserve(in.names == nullptr ? 0 : in.names->size());
  usage.values.reserve(in.values == nullptr ? 0 : in.values->size());
  PreparedExpressions out;
  auto resolver = [&](ExpressionKind kind) {
    return expr::Resolver(kind, in.names, in.values, &usage);
  };

  if (in.key_condition_expression) {
    expr::Resolver r = resolver(ExpressionKind::kKeyCondition);
    HEADLOCK_ASSIGN_OR_RETURN(
        std::shared_ptr<const ResolvedCondition> key,
        PrepareCondition(*in.key_condition_expression, ExpressionKind::kKeyCondition, &r));
    if (in.query_key == nullptr) {
      return Status::Internal("KeyConditionExpression prepared without a key schema");
    }
    HEADLOCK_ASSIGN_OR_RETURN(out.key_condition_,
                              expr::ExtractKeyCondition(key->condition, *in.query_key));
  }
  if (in.filter_expression) {
    expr::Resolver r = resolver(ExpressionKind::kFilter);
    HEADLOCK_ASSIGN_OR_RETURN(out.filter_,
                              PrepareCondition(*in.filter_expression, ExpressionKind::kFilter, &r));
    if (in.key_condition_expression && in.query_key != nullptr) {
      HEADLOCK_RETURN_IF_ERROR(CheckFilterAvoidsKey(out.filter_->condition, *in.query_key));
    }
  }
  if (in.projection_expression) {
    HEADLOCK_RETURN_IF_ERROR(CheckSize(*in.projection_expression, ExpressionKind::kProjection));
    HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<const expr::Projection> parsed,
                              expr::ParseProjectionCached(*in.projection_expression));
    auto resolved = std::make_shared<ResolvedProjection>();
    resolved->projection = *parsed;
    HEADLOCK_RETURN_IF_ERROR(
        resolver(ExpressionKind::kProjection).ResolveProjection(&resolved->projection));
    for (const expr::Path& path : resolved->projection.paths) {
      resolved->paths.push_back(&path.resolved);
    }
    out.projection_ = std::move(resolved);
  }
  if (in.condition_expression) {
    expr::Resolver r = resolver(ExpressionKind::kCondition);
    HEADLOCK_ASSIGN_OR_RETURN(
        out.condition_, PrepareCondition(*in.condition_expression, ExpressionKind::kCondition, &r));
  }
  if (in.update_expression) {
    HEADLOCK_RETURN_IF_ERROR(CheckSize(*in.update_expression, ExpressionKind::kUpdate));
    HEADLOCK_ASSIGN_OR_RETURN(std::shared_ptr<const expr::Update> parsed,
                              expr::ParseUpdateCached(*in.update_expression));
    auto resolved = std::make_shared<ResolvedUpdate>(ResolvedUpdate{*parsed});
    HEADLOCK_RETURN_IF_ERROR(
        resolver(ExpressionKind::kUpdate).ResolveUpdate(&resolved->update, in.table_key));
    out.update_ = std::move(resolved);
  }

  HEADLOCK_RETURN_IF_ERROR(CheckAllUsed(in.names, &usage.names, "ExpressionAttributeNames"));
  HEADLOCK_RETURN_IF_ERROR(CheckAllUsed(in.values, &usage.values, "ExpressionAttributeValues"));
  return out;
}

Result<bool> PreparedExpressions::EvaluateCondition(const Item* item) const {
  if (condition_ == nullptr) return true;
  return expr::EvaluateCondition(condition_->condition, item);
}

Result<bool> PreparedExpressions::EvaluateFilter(const Item& item) const {
  if (filter_ == nullptr) return true;
  return expr::EvaluateCondition(filter_->condition, &item);
}

Status PreparedExpressions::ApplyUpdate(Item* item,
                                        std::vector<DocumentPath>* updated_paths) const {
  if (update_ == nullptr) return Status::OK();
  return expr::ApplyUpdate(update_->update, item, updated_paths);
}

Item PreparedExpressions::Project(const Item& item) const {
  if (projection_ == nullptr) return item;
  return expr::Project(item, projection_->paths);
}

std::vector<std::string> PreparedExpressions::ProjectedTopLevelNames() const {
  std::set<std::string> names;
  if (projection_ != nullptr) {
    for (const DocumentPath* path : projection_->paths) names.insert((*path)[0].name);
  }
  if (update_ != nullptr) {
    const expr::Update& u = update_->update;
    for (const auto& a : u.set) names.insert(a.path.resolved[0].name);
    for (const auto& p : u.remove) names.insert(p.resolved[0].name);
    for (const auto& a : u.add) names.insert(a.path.resolved[0].name);
    for (const auto& a : u.del) names.insert(a.path.resolved[0].name);
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Item ProjectPaths(const Item& item, const std::vector<DocumentPath>& paths) {
  std::vector<const DocumentPath*> pointers;
  pointers.reserve(paths.size());
  for (const DocumentPath& path : paths) pointers.push_back(&path);
  return expr::Project(item, pointers);
}

}  // namespace headlock
