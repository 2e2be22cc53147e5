#include "item_table.h"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "json/attribute_json.h"

namespace headlock::cli {
namespace {

std::string ValueText(const AttributeValue& value) {
  if (value.is_s()) return value.s();
  if (value.is_n()) return value.n().ToString();
  // Strip the {"T": ... } wrapper: the type has its own column.
  std::string json = json::AttributeValueToJsonString(value);
  size_t colon = json.find(':');
  return json.substr(colon + 1, json.size() - colon - 2);
}

}  // namespace

std::string FormatItemTable(const Item& item, int indent) {
  size_t name_width = std::string_view("attribute").size();
  for (const auto& [name, value] : item) name_width = std::max(name_width, name.size());
  const std::string pad(static_cast<size_t>(indent), ' ');
  std::string out =
      fmt::format("{}{:<{}}  {:<4}  {}\n", pad, "attribute", name_width, "type", "value");
  out += fmt::format("{}{:-<{}}  ----  {:-<5}\n", pad, "", name_width, "");
  if (item.empty()) out += pad + "(no attributes)\n";
  for (const auto& [name, value] : item) {
    out += fmt::format("{}{:<{}}  {:<4}  {}\n", pad, name, name_width,
                       AttributeTypeName(value.type()), ValueText(value));
  }
  return out;
}

}  // namespace headlock::cli
