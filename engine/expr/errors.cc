#include "expr/errors.h"

#include <string>

namespace headlock::expr {

Status InvalidExpression(ExpressionKind kind, std::string_view detail) {
  std::string message = "Invalid ";
  message += ExpressionKindName(kind);
  message += ": ";
  message += detail;
  return Status::Validation(std::move(message));
}

Status SyntaxError(ExpressionKind kind, std::string_view token, std::string_view near) {
  std::string detail = "Syntax error; token: \"";
  detail += token;
  detail += "\", near: \"";
  detail += near;
  detail += "\"";
  return InvalidExpression(kind, detail);
}

std::string PathForMessage(const DocumentPath& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (path[i].is_index) {
      out += '[';
      out += std::to_string(path[i].index);
      out += ']';
    } else {
      out += path[i].name;
    }
  }
  out += "]";
  return out;
}

Status InvalidUpdatePath() {
  return Status::Validation(
      "The document path provided in the update expression is invalid for update");
}

Status IncorrectOperandType() {
  return Status::Validation("An operand in the update expression has an incorrect data type");
}

Status MissingOperandAttribute() {
  return Status::Validation(
      "The provided expression refers to an attribute that does not exist in the item");
}

std::string_view LongTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "STRING";
    case AttributeType::kN:
      return "NUMBER";
    case AttributeType::kB:
      return "BINARY";
    case AttributeType::kBOOL:
      return "BOOLEAN";
    case AttributeType::kNULL:
      return "NULL";
    case AttributeType::kM:
      return "MAP";
    case AttributeType::kL:
      return "LIST";
    case AttributeType::kSS:
      return "STRING_SET";
    case AttributeType::kNS:
      return "NUMBER_SET";
    case AttributeType::kBS:
      return "BINARY_SET";
  }
  return "UNKNOWN";
}

}  // namespace headlock::expr
