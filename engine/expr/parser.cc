#include "expr/parser.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "expr/errors.h"
#include "expr/functions.h"
#include "expr/lexer.h"
#include "expr/reserved_words.h"

namespace headlock::expr {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

// Words with a meaning in the grammar. They can never be a literal path
// element (they are reserved words too, but a path position holding one is
// a syntax error, as in DynamoDB: "SET and = :v" fails on token "and").
constexpr std::string_view kGrammarKeywords[] = {"AND", "OR",     "NOT", "BETWEEN", "IN",
                                                 "SET", "REMOVE", "ADD", "DELETE"};

// The four UpdateExpression clauses, in the index order of Parser::clause_seen_.
constexpr std::string_view kClauseKeywords[] = {"SET", "REMOVE", "ADD", "DELETE"};

class Parser {
 public:
  Parser(std::string_view text, ExpressionKind kind, std::vector<Token> tokens)
      : text_(text), kind_(kind), tokens_(std::move(tokens)) {}

  Status ParseConditionExpression(Condition* out) {
    HEADLOCK_RETURN_IF_ERROR(ParseOr(out));
    if (!AtEnd()) return ErrorHere();
    FunctionErrors errors = CheckConditionFunctions(*out, kind_);
    return PickError(std::move(errors));
  }

  Status ParseUpdateExpression(Update* out) {
    int operators = 0;
    Status duplicate_clause;
    while (!AtEnd()) {
      int clause = ClauseAt(Peek());
      if (clause < 0) return ErrorHere();
      if (clause_seen_[clause] && duplicate_clause.ok()) {
        duplicate_clause = InvalidExpression(
            kind_, "The \"" + std::string(kClauseKeywords[clause]) +
                       "\" section can only be used once in an update expression;");
      }
      clause_seen_[clause] = true;
      ++pos_;
      do {
        Path path;
        HEADLOCK_RETURN_IF_ERROR(ParsePath(&path));
        if (clause == 0) {
          HEADLOCK_RETURN_IF_ERROR(Expect("="));
          Operand value;
          HEADLOCK_RETURN_IF_ERROR(ParseSetValue(&value));
          operators += CountOperators(value);
          out->set.push_back(SetAction{std::move(path), std::move(value)});
        } else if (clause == 1) {
          out->remove.push_back(std::move(path));
        } else {
          if (Peek().kind != TokenKind::kValuePlaceholder) return ErrorHere();
          ValueRef value{std::string(Next().text), AttributeValue()};
          auto& actions = clause == 2 ? out->add : out->del;
          actions.push_back(PathValueAction{std::move(path), std::move(value)});
        }
      } while (ConsumePunct(","));
    }
    HEADLOCK_RETURN_IF_ERROR(duplicate_clause);
    FunctionErrors errors = CheckUpdateFunctions(*out);
    HEADLOCK_RETURN_IF_ERROR(PickError(std::move(errors)));
    if (operators > kMaxUpdateOperators) {
      return InvalidExpression(
          kind_, "The expression contains too many operators and functions; number: " +
                     std::to_string(operators) + ", limit: " + std::to_string(kMaxUpdateOperators));
    }
    return Status::OK();
  }

  Status ParseProjectionExpression(Projection* out) {
    do {
      Path path;
      HEADLOCK_RETURN_IF_ERROR(ParsePath(&path));
      out->paths.push_back(std::move(path));
    } while (ConsumePunct(","));
    if (!AtEnd()) return ErrorHere();
    return PickError(FunctionErrors());
  }

 private:
  // Bumps the nesting depth for the lifetime of a recursive step.
  class Nesting {
   public:
    explicit Nesting(Parser* p) : p_(p) { ++p_->depth_; }
    ~Nesting() { --p_->depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Status Check() const {
      if (p_->depth_ <= kMaxParseNestingDepth) return Status::OK();
      return InvalidExpression(p_->kind_, "The expression is nested too deeply; nesting limit: " +
                                              std::to_string(kMaxParseNestingDepth));
    }

   private:
    Parser* p_;
  };

  // Order of DynamoDB's checks after a successful parse (functions.h).
  Status PickError(FunctionErrors errors) {
    if (redundant_parens_) {
      return InvalidExpression(kind_, "The expression has redundant parentheses;");
    }
    HEADLOCK_RETURN_IF_ERROR(errors.unknown);
    HEADLOCK_RETURN_IF_ERROR(errors.misused);
    if (!first_reserved_.empty()) {
      return InvalidExpression(
          kind_, "Attribute name is a reserved keyword; reserved keyword: " + first_reserved_);
    }
    return errors.arity;
  }

  Status ParseOr(Condition* out) { return ParseLogical(Logical::Op::kOr, out); }

  // OR over ANDs over NOTs: AND binds tighter than OR (reference §8.1).
  Status ParseLogical(Logical::Op op, Condition* out) {
    const std::string_view keyword = op == Logical::Op::kOr ? "OR" : "AND";
    auto parse_operand = [&](Condition* c) {
      return op == Logical::Op::kOr ? ParseLogical(Logical::Op::kAnd, c) : ParseNot(c);
    };
    Condition first;
    HEADLOCK_RETURN_IF_ERROR(parse_operand(&first));
    if (!IsKeyword(keyword)) {
      *out = std::move(first);
      return Status::OK();
    }
    Logical logical{op, {}};
    logical.args.push_back(std::move(first));
    while (IsKeyword(keyword)) {
      ++pos_;
      Condition next;
      HEADLOCK_RETURN_IF_ERROR(parse_operand(&next));
      logical.args.push_back(std::move(next));
    }
    out->node = std::move(logical);
    return Status::OK();
  }

  // NOT binds looser than comparisons: NOT a = :v is NOT (a = :v).
  Status ParseNot(Condition* out) {
    if (!IsKeyword("NOT")) return ParsePrimary(out);
    ++pos_;
    Nesting nesting(this);
    HEADLOCK_RETURN_IF_ERROR(nesting.Check());
    Condition inner;
    HEADLOCK_RETURN_IF_ERROR(ParseNot(&inner));
    Logical logical{Logical::Op::kNot, {}};
    logical.args.push_back(std::move(inner));
    out->node = std::move(logical);
    return Status::OK();
  }

  Status ParsePrimary(Condition* out) {
    if (IsPunct("(")) {
      const size_t open = pos_++;
      Nesting nesting(this);
      HEADLOCK_RETURN_IF_ERROR(nesting.Check());
      HEADLOCK_RETURN_IF_ERROR(ParseOr(out));
      HEADLOCK_RETURN_IF_ERROR(Expect(")"));
      const size_t close = pos_ - 1;
      // "((c))": DynamoDB rejects parentheses that directly wrap parentheses.
      if (std::find(paren_spans_.begin(), paren_spans_.end(),
                    std::make_pair(open + 1, close - 1)) != paren_spans_.end()) {
        redundant_parens_ = true;
      }
      paren_spans_.emplace_back(open, close);
      return Status::OK();
    }
    Operand lhs;
    HEADLOCK_RETURN_IF_ERROR(ParseOperand(&lhs));
    const Token& t = Peek();
    if (t.kind == TokenKind::kPunct) {
      static constexpr std::pair<std::string_view, CompareOp> kComparators[] = {
          {"=", CompareOp::kEq},  {"<>", CompareOp::kNe}, {"<", CompareOp::kLt},
          {"<=", CompareOp::kLe}, {">", CompareOp::kGt},  {">=", CompareOp::kGe}};
      for (const auto& [text, op] : kComparators) {
        if (t.text != text) continue;
        ++pos_;
        Comparison cmp{op, std::move(lhs), Operand()};
        HEADLOCK_RETURN_IF_ERROR(ParseOperand(&cmp.rhs));
        out->node = std::move(cmp);
        return Status::OK();
      }
    }
    if (IsKeyword("BETWEEN")) {
      ++pos_;
      Between between{std::move(lhs), Operand(), Operand()};
      HEADLOCK_RETURN_IF_ERROR(ParseOperand(&between.lower));
      if (!IsKeyword("AND")) return ErrorHere();
      ++pos_;
      HEADLOCK_RETURN_IF_ERROR(ParseOperand(&between.upper));
      out->node = std::move(between);
      return Status::OK();
    }
    if (IsKeyword("IN")) {
      ++pos_;
      HEADLOCK_RETURN_IF_ERROR(Expect("("));
      In in{std::move(lhs), {}};
      do {
        Operand o;
        HEADLOCK_RETURN_IF_ERROR(ParseOperand(&o));
        in.list.push_back(std::move(o));
      } while (ConsumePunct(","));
      HEADLOCK_RETURN_IF_ERROR(Expect(")"));
      if (in.list.size() > static_cast<size_t>(kMaxInOperands)) {
        return InvalidExpression(kind_,
                                 "The IN operator is provided with too many operands; number of "
                                 "operands: " +
                                     std::to_string(in.list.size()));
      }
      out->node = std::move(in);
      return Status::OK();
    }
    if (auto* call = std::get_if<FunctionCall>(&lhs.node)) {
      out->node = std::move(*call);
      return Status::OK();
    }
    return ErrorHere();
  }

  // SET's right-hand side: operand (('+' | '-') operand)*, left to right.
  Status ParseSetValue(Operand* out) {
    HEADLOCK_RETURN_IF_ERROR(ParseOperand(out));
    while (IsPunct("+") || IsPunct("-")) {
      Arithmetic arith{Next().text[0], {}};
      arith.args.push_back(std::move(*out));
      Operand rhs;
      HEADLOCK_RETURN_IF_ERROR(ParseOperand(&rhs));
      arith.args.push_back(std::move(rhs));
      out->node = std::move(arith);
    }
    return Status::OK();
  }

  // path | :value | name(operand, ...).
  Status ParseOperand(Operand* out) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kValuePlaceholder) {
      out->node = ValueRef{std::string(Next().text), AttributeValue()};
      return Status::OK();
    }
    if (t.kind == TokenKind::kIdentifier && !IsGrammarKeyword(t) && IsPunct("(", 1)) {
      FunctionCall call{std::string(t.text), {}};
      pos_ += 2;
      Nesting nesting(this);
      HEADLOCK_RETURN_IF_ERROR(nesting.Check());
      do {
        Operand arg;
        HEADLOCK_RETURN_IF_ERROR(ParseOperand(&arg));
        call.args.push_back(std::move(arg));
      } while (ConsumePunct(","));
      HEADLOCK_RETURN_IF_ERROR(Expect(")"));
      out->node = std::move(call);
      return Status::OK();
    }
    Path path;
    HEADLOCK_RETURN_IF_ERROR(ParsePath(&path));
    out->node = std::move(path);
    return Status::OK();
  }

  // name-or-#placeholder ( '.' name-or-#placeholder | '[' digits ']' )*
  Status ParsePath(Path* out) {
    HEADLOCK_RETURN_IF_ERROR(ParsePathName(out));
    while (true) {
      if (ConsumePunct(".")) {
        HEADLOCK_RETURN_IF_ERROR(ParsePathName(out));
      } else if (ConsumePunct("[")) {
        const Token& t = Peek();
        uint32_t index = 0;
        if (t.kind != TokenKind::kNumber) return ErrorHere();
        auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), index);
        if (ec != std::errc() || ptr != t.text.data() + t.text.size()) return ErrorHere();
        ++pos_;
        HEADLOCK_RETURN_IF_ERROR(Expect("]"));
        out->steps.push_back(PathStep{PathStep::Kind::kIndex, std::string(), index});
      } else {
        break;
      }
      if (out->steps.size() > static_cast<size_t>(kMaxDocumentPathDepth)) {
        return InvalidExpression(kind_,
                                 "The document path has too many nesting levels; nesting levels: " +
                                     std::to_string(out->steps.size()));
      }
    }
    return Status::OK();
  }

  Status ParsePathName(Path* out) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kNamePlaceholder) {
      out->steps.push_back(PathStep{PathStep::Kind::kNamePlaceholder, std::string(t.text), 0});
    } else if (t.kind == TokenKind::kIdentifier && !IsGrammarKeyword(t)) {
      if (first_reserved_.empty() && IsReservedWord(t.text)) first_reserved_ = t.text;
      out->steps.push_back(PathStep{PathStep::Kind::kName, std::string(t.text), 0});
    } else {
      return ErrorHere();
    }
    ++pos_;
    return Status::OK();
  }

  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() { return tokens_[pos_++]; }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsPunct(std::string_view punct, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == TokenKind::kPunct && t.text == punct;
  }
  bool ConsumePunct(std::string_view punct) {
    if (!IsPunct(punct)) return false;
    ++pos_;
    return true;
  }
  bool IsKeyword(std::string_view keyword) const {
    const Token& t = Peek();
    return t.kind == TokenKind::kIdentifier && EqualsIgnoreCase(t.text, keyword);
  }
  static bool IsGrammarKeyword(const Token& t) {
    return std::any_of(std::begin(kGrammarKeywords), std::end(kGrammarKeywords),
                       [&](std::string_view k) { return EqualsIgnoreCase(t.text, k); });
  }
  static int ClauseAt(const Token& t) {
    if (t.kind != TokenKind::kIdentifier) return -1;
    for (int i = 0; i < 4; ++i) {
      if (EqualsIgnoreCase(t.text, kClauseKeywords[i])) return i;
    }
    return -1;
  }
  Status Expect(std::string_view punct) {
    if (!ConsumePunct(punct)) return ErrorHere();
    return Status::OK();
  }

  // DynamoDB shows the offending token and the text from the token before it
  // to the end of the offending one ("a b" -> token "b", near "a b").
  Status ErrorHere() const {
    const Token& t = tokens_[pos_];
    const bool at_end = t.kind == TokenKind::kEnd;
    std::string_view token = at_end ? std::string_view("<EOF>") : t.text;
    if (pos_ == 0) return SyntaxError(kind_, token, t.text);
    const Token& prev = tokens_[pos_ - 1];
    size_t end = at_end ? prev.offset + prev.text.size() : t.offset + t.text.size();
    return SyntaxError(kind_, token, text_.substr(prev.offset, end - prev.offset));
  }

  std::string_view text_;
  ExpressionKind kind_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool clause_seen_[4] = {false, false, false, false};
  std::string first_reserved_;
  // Token indexes of each parenthesised condition's '(' and ')'.
  std::vector<std::pair<size_t, size_t>> paren_spans_;
  bool redundant_parens_ = false;
};

// Lexes `text` after rejecting an empty expression, which DynamoDB reports
// with its own message rather than as a syntax error.
Result<std::vector<Token>> LexNonEmpty(std::string_view text, ExpressionKind kind) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text, kind));
  if (tokens.size() == 1) return InvalidExpression(kind, "The expression can not be empty;");
  return tokens;
}

}  // namespace

Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Token> tokens, LexNonEmpty(text, kind));
  Parser parser(text, kind, std::move(tokens));
  Condition condition;
  HEADLOCK_RETURN_IF_ERROR(parser.ParseConditionExpression(&condition));
  return condition;
}

Result<Update> ParseUpdate(std::string_view text) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Token> tokens, LexNonEmpty(text, ExpressionKind::kUpdate));
  Parser parser(text, ExpressionKind::kUpdate, std::move(tokens));
  Update update;
  HEADLOCK_RETURN_IF_ERROR(parser.ParseUpdateExpression(&update));
  return update;
}

Result<Projection> ParseProjection(std::string_view text) {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<Token> tokens,
                            LexNonEmpty(text, ExpressionKind::kProjection));
  Parser parser(text, ExpressionKind::kProjection, std::move(tokens));
  Projection projection;
  HEADLOCK_RETURN_IF_ERROR(parser.ParseProjectionExpression(&projection));
  return projection;
}

}  // namespace headlock::expr
