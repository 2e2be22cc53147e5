// Plain AST types of DynamoDB's expression language.
//
// The parser produces these trees with placeholders unresolved; the parse
// cache shares them read-only between requests. Resolve (resolve.h) copies a
// tree and fills in, for every Path, its DocumentPath and, for every
// ValueRef, its AttributeValue; the evaluators read only those resolved
// fields. Children are held in std::vector so that a tree is an ordinary
// value: copyable, comparable in tests, no manual memory management.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "headlock/expr/expression.h"
#include "headlock/value/attribute_value.h"

namespace headlock::expr {

// Which request parameter an expression came from: it selects the grammar
// and the "Invalid <Kind>Expression: " prefix of error messages.
enum class ExpressionKind : uint8_t {
  kCondition,
  kFilter,
  kUpdate,
  kProjection,
  kKeyCondition,
};
inline constexpr int kExpressionKindCount = 5;

// "ConditionExpression", "FilterExpression", ...
std::string_view ExpressionKindName(ExpressionKind kind);

// One step of a path as written: a literal name, a #placeholder or an index.
struct PathStep {
  enum class Kind : uint8_t { kName, kNamePlaceholder, kIndex };
  Kind kind = Kind::kName;
  std::string text;    // the name or "#placeholder" (not for kIndex)
  uint32_t index = 0;  // kIndex only
};

struct Path {
  std::vector<PathStep> steps;  // as parsed
  DocumentPath resolved;        // filled by Resolve
};

struct ValueRef {
  std::string placeholder;  // ":name"
  AttributeValue value;     // filled by Resolve
};

struct Operand;

// f(arg, ...). Names are case-sensitive; which names are valid depends on
// the context (functions.h).
struct FunctionCall {
  std::string name;
  std::vector<Operand> args;
};

// lhs + rhs or lhs - rhs (UpdateExpression SET only). args has two entries.
struct Arithmetic {
  char op = '+';
  std::vector<Operand> args;
};

struct Operand {
  std::variant<Path, ValueRef, FunctionCall, Arithmetic> node;
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view CompareOpText(CompareOp op);

struct Condition;

struct Comparison {
  CompareOp op = CompareOp::kEq;
  Operand lhs;
  Operand rhs;
};

struct Between {
  Operand value;
  Operand lower;
  Operand upper;
};

struct In {
  Operand value;
  std::vector<Operand> list;
};

// AND / OR have two or more args (flattened left to right), NOT has one.
struct Logical {
  enum class Op : uint8_t { kAnd, kOr, kNot };
  Op op = Op::kAnd;
  std::vector<Condition> args;
};

struct Condition {
  std::variant<Comparison, Between, In, FunctionCall, Logical> node;
};

struct SetAction {
  Path path;
  Operand value;
};

// ADD path :value and DELETE path :value.
struct PathValueAction {
  Path path;
  ValueRef value;
};

struct Update {
  std::vector<SetAction> set;
  std::vector<Path> remove;
  std::vector<PathValueAction> add;
  std::vector<PathValueAction> del;
};

struct Projection {
  std::vector<Path> paths;
};

}  // namespace headlock::expr
