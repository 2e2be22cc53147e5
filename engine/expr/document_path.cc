#include "expr/document_path.h"

#include <string>

#include "expr/errors.h"

namespace headlock {

std::string DocumentPathToString(const DocumentPath& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i].is_index) {
      out += '[';
      out += std::to_string(path[i].index);
      out += ']';
    } else {
      if (i > 0) out += ".";
      out += path[i].name;
    }
  }
  return out;
}

namespace expr {

const AttributeValue* FindPath(const Item& item, const DocumentPath& path) {
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* current = &it->second;
  for (size_t i = 1; i < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index) {
      if (!current->is_l() || step.index >= current->l().size()) return nullptr;
      current = &current->l()[step.index];
    } else {
      if (!current->is_m()) return nullptr;
      auto child = current->m().find(step.name);
      if (child == current->m().end()) return nullptr;
      current = &child->second;
    }
  }
  return current;
}

namespace {

enum class Relation { kDisjoint, kOverlap, kConflict };

Relation Relate(const DocumentPath& a, const DocumentPath& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    return a[i].is_index != b[i].is_index ? Relation::kConflict : Relation::kDisjoint;
  }
  return Relation::kOverlap;
}

}  // namespace

Status CheckPathsDisjoint(const std::vector<const DocumentPath*>& paths, ExpressionKind kind) {
  // Quadratic, but bounded: a 4 KB expression holds at most ~2000 paths and
  // real ones a handful; sorting would not keep DynamoDB's "path one" order.
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      Relation r = Relate(*paths[i], *paths[j]);
      if (r == Relation::kDisjoint) continue;
      std::string detail = r == Relation::kOverlap
                               ? "Two document paths overlap with each other; must remove or "
                                 "rewrite one of these paths; path one: "
                               : "Two document paths conflict with each other; must remove or "
                                 "rewrite one of these paths; path one: ";
      detail += PathForMessage(*paths[i]) + ", path two: " + PathForMessage(*paths[j]);
      return InvalidExpression(kind, detail);
    }
  }
  return Status::OK();
}

bool DocumentPathLess(const DocumentPath& a, const DocumentPath& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const PathElement& x = a[i];
    const PathElement& y = b[i];
    if (x.is_index != y.is_index) return !x.is_index;
    if (x.is_index) {
      if (x.index != y.index) return x.index < y.index;
    } else if (x.name != y.name) {
      return x.name < y.name;
    }
  }
  return a.size() < b.size();
}

}  // namespace expr
}  // namespace headlock
