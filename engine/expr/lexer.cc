#include "expr/lexer.h"

#include <string>

#include "expr/errors.h"

namespace headlock::expr {
namespace {

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text, ExpressionKind kind) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size()) break;
    const size_t start = i;
    const char c = text[i];
    TokenKind token_kind;
    if (IsIdentifierStart(c)) {
      while (i < text.size() && IsIdentifierPart(text[i])) ++i;
      token_kind = TokenKind::kIdentifier;
    } else if (IsDigit(c)) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      token_kind = TokenKind::kNumber;
    } else if (c == '#' || c == ':') {
      ++i;
      while (i < text.size() && IsIdentifierPart(text[i])) ++i;
      token_kind = c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder;
      if (i == start + 1) {
        // A lone '#' or ':' names nothing.
        std::string_view near =
            tokens.empty() ? text.substr(start, 1)
                           : text.substr(tokens.back().offset, start + 1 - tokens.back().offset);
        return SyntaxError(kind, text.substr(start, 1), near);
      }
      if (i - start > kMaxPlaceholderSizeBytes) {
        return InvalidExpression(
            kind, "Expression attribute " + std::string(c == '#' ? "name" : "value") +
                      " placeholder exceeds the maximum length of " +
                      std::to_string(kMaxPlaceholderSizeBytes) +
                      " bytes; placeholder: " + std::string(text.substr(start, i - start)));
      }
    } else if ((c == '<' || c == '>') && i + 1 < text.size() &&
               (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
      i += 2;
      token_kind = TokenKind::kPunct;
    } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
      ++i;
      token_kind = TokenKind::kPunct;
    } else {
      // Take a whole UTF-8 sequence so the message shows a character.
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      std::string_view bad = text.substr(start, i - start);
      std::string_view near =
          tokens.empty() ? bad : text.substr(tokens.back().offset, i - tokens.back().offset);
      return SyntaxError(kind, bad, near);
    }
    tokens.push_back(Token{token_kind, text.substr(start, i - start), start});
  }
  tokens.push_back(Token{TokenKind::kEnd, std::string_view(), text.size()});
  return tokens;
}

}  // namespace headlock::expr
