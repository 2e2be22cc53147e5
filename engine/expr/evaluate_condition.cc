#include "expr/evaluate_condition.h"

#include <algorithm>
#include <string_view>

#include "expr/compare.h"
#include "expr/document_path.h"

namespace headlock::expr {
namespace {

// DynamoDB's size(): S length in bytes (UTF-8), B bytes, sets their element
// count, L and M their child count; undefined for N, BOOL and NULL.
bool SizeOf(const AttributeValue& v, int64_t* size) {
  switch (v.type()) {
    case AttributeType::kS:
      *size = static_cast<int64_t>(v.s().size());
      return true;
    case AttributeType::kB:
      *size = static_cast<int64_t>(v.b().size());
      return true;
    case AttributeType::kSS:
      *size = static_cast<int64_t>(v.ss().size());
      return true;
    case AttributeType::kNS:
      *size = static_cast<int64_t>(v.ns().size());
      return true;
    case AttributeType::kBS:
      *size = static_cast<int64_t>(v.bs().size());
      return true;
    case AttributeType::kL:
      *size = static_cast<int64_t>(v.l().size());
      return true;
    case AttributeType::kM:
      *size = static_cast<int64_t>(v.m().size());
      return true;
    default:
      return false;
  }
}

// The value of an operand, or nullptr when it is missing. A computed value
// (size) is stored in `*scratch`.
const AttributeValue* EvaluateOperand(const Operand& operand, const Item* item,
                                      AttributeValue* scratch) {
  if (const auto* path = std::get_if<Path>(&operand.node)) {
    return item == nullptr ? nullptr : FindPath(*item, path->resolved);
  }
  if (const auto* value = std::get_if<ValueRef>(&operand.node)) return &value->value;
  if (const auto* call = std::get_if<FunctionCall>(&operand.node)) {
    // The only function allowed as a condition operand is size (functions.h).
    AttributeValue arg_scratch;
    const AttributeValue* arg = EvaluateOperand(call->args[0], item, &arg_scratch);
    int64_t size = 0;
    if (arg == nullptr || !SizeOf(*arg, &size)) return nullptr;
    *scratch = AttributeValue::N(Number::FromInt64(size));
    return scratch;
  }
  return nullptr;
}

bool Compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
  if (op == CompareOp::kEq) return a != nullptr && b != nullptr && *a == *b;
  if (op == CompareOp::kNe) return !(a != nullptr && b != nullptr && *a == *b);
  if (a == nullptr || b == nullptr || !AreOrderable(*a, *b)) return false;
  const int c = CompareOrderable(*a, *b);
  switch (op) {
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case AttributeType::kS:
      return needle.is_s() && haystack.s().find(needle.s()) != std::string::npos;
    case AttributeType::kSS:
      return needle.is_s() &&
             std::binary_search(haystack.ss().begin(), haystack.ss().end(), needle.s());
    case AttributeType::kNS:
      return needle.is_n() &&
             std::binary_search(haystack.ns().begin(), haystack.ns().end(), needle.n());
    case AttributeType::kBS:
      return needle.is_b() &&
             std::binary_search(haystack.bs().begin(), haystack.bs().end(), needle.b());
    case AttributeType::kL:
      return std::find(haystack.l().begin(), haystack.l().end(), needle) != haystack.l().end();
    default:
      return false;
  }
}

bool EvaluateFunction(const FunctionCall& call, const Item* item) {
  AttributeValue scratch0, scratch1;
  const AttributeValue* a = EvaluateOperand(call.args[0], item, &scratch0);
  const std::string& f = call.name;
  if (f == "attribute_exists") return a != nullptr;
  if (f == "attribute_not_exists") return a == nullptr;
  const AttributeValue* b = EvaluateOperand(call.args[1], item, &scratch1);
  if (a == nullptr || b == nullptr) return false;
  if (f == "attribute_type") {
    return b->is_s() && AttributeTypeName(a->type()) == b->s();
  }
  if (f == "begins_with") {
    if (a->is_s() && b->is_s()) return StartsWith(a->s(), b->s());
    if (a->is_b() && b->is_b()) return StartsWith(a->b(), b->b());
    return false;
  }
  if (f == "contains") return Contains(*a, *b);
  return false;
}

}  // namespace

bool EvaluateCondition(const Condition& condition, const Item* item) {
  if (const auto* cmp = std::get_if<Comparison>(&condition.node)) {
    AttributeValue s0, s1;
    return Compare(cmp->op, EvaluateOperand(cmp->lhs, item, &s0),
                   EvaluateOperand(cmp->rhs, item, &s1));
  }
  if (const auto* between = std::get_if<Between>(&condition.node)) {
    AttributeValue s0, s1, s2;
    const AttributeValue* v = EvaluateOperand(between->value, item, &s0);
    const AttributeValue* lo = EvaluateOperand(between->lower, item, &s1);
    const AttributeValue* hi = EvaluateOperand(between->upper, item, &s2);
    if (v == nullptr || lo == nullptr || hi == nullptr) return false;
    if (!AreOrderable(*v, *lo) || !AreOrderable(*v, *hi)) return false;
    return CompareOrderable(*lo, *v) <= 0 && CompareOrderable(*v, *hi) <= 0;
  }
  if (const auto* in = std::get_if<In>(&condition.node)) {
    AttributeValue s0;
    const AttributeValue* v = EvaluateOperand(in->value, item, &s0);
    if (v == nullptr) return false;
    for (const Operand& o : in->list) {
      AttributeValue s1;
      const AttributeValue* candidate = EvaluateOperand(o, item, &s1);
      if (candidate != nullptr && *candidate == *v) return true;
    }
    return false;
  }
  if (const auto* call = std::get_if<FunctionCall>(&condition.node)) {
    return EvaluateFunction(*call, item);
  }
  const auto& logical = std::get<Logical>(condition.node);
  switch (logical.op) {
    case Logical::Op::kNot:
      return !EvaluateCondition(logical.args[0], item);
    case Logical::Op::kAnd:
      return std::all_of(logical.args.begin(), logical.args.end(),
                         [&](const Condition& c) { return EvaluateCondition(c, item); });
    case Logical::Op::kOr:
      return std::any_of(logical.args.begin(), logical.args.end(),
                         [&](const Condition& c) { return EvaluateCondition(c, item); });
  }
  return false;
}

}  // namespace headlock::expr
