#include "expr/projection.h"

#include <map>
#include <memory>
#include <string>

namespace headlock::expr {
namespace {

// A trie of the requested paths. `whole` marks a requested path's end: the
// entire value there is kept and deeper requests are irrelevant.
struct Node {
  bool whole = false;
  std::map<std::string, Node, std::less<>> names;
  std::map<uint32_t, Node> indexes;
};

void Insert(Node* root, const DocumentPath& path) {
  Node* node = root;
  for (const PathElement& step : path) {
    if (node->whole) return;
    node = step.is_index ? &node->indexes[step.index] : &node->names[step.name];
  }
  node->whole = true;
  node->names.clear();
  node->indexes.clear();
}

// Projection of `value` on the sub-trie `node`; false when nothing matched.
bool ProjectValue(const AttributeValue& value, const Node& node, AttributeValue* out) {
  if (node.whole) {
    *out = value;
    return true;
  }
  if (value.is_m() && !node.names.empty()) {
    AttributeMap projected;
    for (const auto& [name, child] : node.names) {
      auto it = value.m().find(name);
      if (it == value.m().end()) continue;
      AttributeValue v;
      if (ProjectValue(it->second, child, &v)) projected.emplace(name, std::move(v));
    }
    if (projected.empty()) return false;
    *out = AttributeValue::M(std::move(projected));
    return true;
  }
  if (value.is_l() && !node.indexes.empty()) {
    AttributeList projected;
    for (const auto& [index, child] : node.indexes) {
      if (index >= value.l().size()) break;
      AttributeValue v;
      if (ProjectValue(value.l()[index], child, &v)) projected.push_back(std::move(v));
    }
    if (projected.empty()) return false;
    *out = AttributeValue::L(std::move(projected));
    return true;
  }
  return false;
}

}  // namespace

Item Project(const Item& item, const std::vector<const DocumentPath*>& paths) {
  Node root;
  for (const DocumentPath* path : paths) Insert(&root, *path);
  Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    AttributeValue v;
    if (ProjectValue(it->second, child, &v)) out.emplace(name, std::move(v));
  }
  return out;
}

}  // namespace headlock::expr
