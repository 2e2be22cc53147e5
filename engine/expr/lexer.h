// Tokenizer of DynamoDB expressions. Tokens are views into the expression
// text, which must outlive them.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "headlock/result.h"

namespace headlock::expr {

enum class TokenKind : uint8_t {
  kIdentifier,        // [A-Za-z_][A-Za-z0-9_]*: a name, keyword or function
  kNamePlaceholder,   // #[A-Za-z0-9_]+
  kValuePlaceholder,  // :[A-Za-z0-9_]+
  kNumber,            // [0-9]+ (list indexes only)
  kPunct,             // ( ) [ ] , . = <> < <= > >= + -
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;
  size_t offset = 0;  // byte offset in the expression
};

// Splits `text` into tokens, ending with one kEnd token. Errors: a character
// that starts no token is a syntax error on that character; a placeholder
// longer than kMaxPlaceholderSizeBytes is rejected.
Result<std::vector<Token>> Lex(std::string_view text, ExpressionKind kind);

}  // namespace headlock::expr
