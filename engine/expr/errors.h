// DynamoDB's ValidationException wording for expression errors, in one place
// so that parser, resolver and evaluators say the same thing the same way
// (reference/dynamodb.md §7.4).
#pragma once

#include <string>
#include <string_view>

#include "expr/ast.h"
#include "headlock/status.h"

namespace headlock::expr {

// "Invalid <Kind>Expression: <detail>".
Status InvalidExpression(ExpressionKind kind, std::string_view detail);

// "Invalid <Kind>Expression: Syntax error; token: \"<tok>\", near: \"<near>\"".
Status SyntaxError(ExpressionKind kind, std::string_view token, std::string_view near);

// "[a, b, [1]]": DynamoDB's rendering of a path inside overlap and conflict
// messages.
std::string PathForMessage(const DocumentPath& path);

// Evaluation-time errors of UpdateExpression (no "Invalid ..." prefix: DynamoDB
// reports these without one).
Status InvalidUpdatePath();     // "The document path provided ... is invalid for update"
Status IncorrectOperandType();  // "An operand in the update expression has an incorrect data type"
Status MissingOperandAttribute();  // "The provided expression refers to an attribute that does not
                                   // exist in the item"

// S -> "STRING", N -> "NUMBER", ... as DynamoDB names types in the ADD and
// DELETE "Incorrect operand type" messages ("operator: ADD, operand type:
// STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"). The + and - messages use the
// short names instead ("operand type: S"; measured against DynamoDB by
// ScyllaDB Alternator's tests).
std::string_view LongTypeName(AttributeType type);

}  // namespace headlock::expr
