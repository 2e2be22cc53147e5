// Tree shapes produced by the parser: precedence and associativity, checked
// on the AST directly (the evaluation tests check the same through results).
#include "expr/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace headlock::expr {
namespace {

const Logical& AsLogical(const Condition& c) { return std::get<Logical>(c.node); }

TEST(Parser, OrOfAndsFlattened) {
  Result<Condition> c =
      ParseCondition("a = :x OR b = :y AND c = :z OR d = :w", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Logical& root = AsLogical(*c);
  EXPECT_EQ(root.op, Logical::Op::kOr);
  ASSERT_EQ(root.args.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<Comparison>(root.args[0].node));
  EXPECT_EQ(AsLogical(root.args[1]).op, Logical::Op::kAnd);
  EXPECT_EQ(AsLogical(root.args[1]).args.size(), 2u);
}

TEST(Parser, NotBindsTighterThanAndLooserThanComparison) {
  Result<Condition> c = ParseCondition("NOT a = :x AND b = :y", ExpressionKind::kFilter);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Logical& root = AsLogical(*c);
  EXPECT_EQ(root.op, Logical::Op::kAnd);
  const Logical& negation = AsLogical(root.args[0]);
  EXPECT_EQ(negation.op, Logical::Op::kNot);
  EXPECT_TRUE(std::holds_alternative<Comparison>(negation.args[0].node));
}

TEST(Parser, BetweenTakesItsOwnAnd) {
  Result<Condition> c =
      ParseCondition("a BETWEEN :x AND :y AND b = :z", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Logical& root = AsLogical(*c);
  ASSERT_EQ(root.args.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Between>(root.args[0].node));
}

TEST(Parser, ArithmeticIsLeftAssociative) {
  Result<Update> u = ParseUpdate("SET a = b + :c - :d");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  ASSERT_EQ(u->set.size(), 1u);
  const auto& outer = std::get<Arithmetic>(u->set[0].value.node);
  EXPECT_EQ(outer.op, '-');
  EXPECT_EQ(std::get<Arithmetic>(outer.args[0].node).op, '+');
  EXPECT_EQ(std::get<ValueRef>(outer.args[1].node).placeholder, ":d");
}

TEST(Parser, PathSteps) {
  Result<Projection> p = ParseProjection("a.#b[12].c");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const auto& steps = p->paths[0].steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, PathStep::Kind::kName);
  EXPECT_EQ(steps[1].kind, PathStep::Kind::kNamePlaceholder);
  EXPECT_EQ(steps[1].text, "#b");
  EXPECT_EQ(steps[2].kind, PathStep::Kind::kIndex);
  EXPECT_EQ(steps[2].index, 12u);
  EXPECT_EQ(steps[3].text, "c");
}

TEST(Parser, BadTwins) {
  EXPECT_EQ(ParseUpdate("SET a = b +").status().message(),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
  EXPECT_EQ(ParseProjection("a.[1]").status().message(),
            "Invalid ProjectionExpression: Syntax error; token: \"[\", near: \".[\"");
  EXPECT_EQ(ParseProjection("a[99999999999]").status().message(),
            "Invalid ProjectionExpression: Syntax error; token: \"99999999999\", near: "
            "\"[99999999999\"");
  EXPECT_EQ(ParseCondition("a = :x OR", ExpressionKind::kKeyCondition).status().message(),
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"OR\"");
  EXPECT_EQ(
      ParseCondition("a = :x \xC3\xA9", ExpressionKind::kCondition).status().message(),
      "Invalid ConditionExpression: Syntax error; token: \"\xC3\xA9\", near: \":x \xC3\xA9\"");
}

}  // namespace
}  // namespace headlock::expr
