// ProjectionExpression: projection (good inputs) and rejections (bad inputs).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr_test_util.h"

namespace headlock::expr_test {
namespace {

Item SampleItem() {
  return Item{
      {"id", S("k")},
      {"n", N("5")},
      {"l", L({N("0"), N("1"), M({{"x", N("2")}, {"y", N("3")}}), N("3")})},
      {"m", M({{"a", N("1")}, {"b", M({{"c", S("deep")}})}})},
  };
}

struct ProjectCase {
  std::string expression;
  Item expected;
};

class ProjectionApply : public ::testing::TestWithParam<ProjectCase> {};

TEST_P(ProjectionApply, MatchesDynamoDB) {
  const ProjectCase& c = GetParam();
  Request r;
  r.projection = c.expression;
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << c.expression << ": " << prepared.status().ToString();
  EXPECT_EQ(ItemString(prepared->Project(SampleItem())), ItemString(c.expected)) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, ProjectionApply,
    ::testing::Values(ProjectCase{"n", Item{{"n", N("5")}}},
                      ProjectCase{"n, id", Item{{"n", N("5")}, {"id", S("k")}}},
                      ProjectCase{"m.a", Item{{"m", M({{"a", N("1")}})}}},
                      ProjectCase{"m.a, m.b.c",
                                  Item{{"m", M({{"a", N("1")}, {"b", M({{"c", S("deep")}})}})}}},
                      // Picked list elements keep their order in a shorter list.
                      ProjectCase{"l[3], l[1]", Item{{"l", L({N("1"), N("3")})}}},
                      ProjectCase{"l[2].y", Item{{"l", L({M({{"y", N("3")}})})}}},
                      // Missing paths are omitted; none found gives an empty item.
                      ProjectCase{"absent, n", Item{{"n", N("5")}}}, ProjectCase{"m.zz", Item{}},
                      ProjectCase{"l[9], n.x, m[0]", Item{}}));

TEST(ProjectionApply, NamesAndTopLevelNames) {
  Request r;
  r.projection = "#m.#a, #dotted";
  r.names = ExpressionAttributeNames{{"#m", "m"}, {"#a", "a"}, {"#dotted", "m.a"}};
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  Item item = SampleItem();
  item["m.a"] = S("dotted");
  EXPECT_EQ(ItemString(prepared->Project(item)),
            ItemString(Item{{"m", M({{"a", N("1")}})}, {"m.a", S("dotted")}}));
  EXPECT_EQ(prepared->ProjectedTopLevelNames(), (std::vector<std::string>{"m", "m.a"}));
}

TEST(ProjectionApply, NoProjectionReturnsItem) {
  Request r;
  r.condition = "attribute_exists(n)";
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(ItemString(prepared->Project(SampleItem())), ItemString(SampleItem()));
}

TEST(ProjectPaths, OverlappingPathsKeepTheWholeValue) {
  std::vector<DocumentPath> paths = {
      {PathElement{"m", 0, false}, PathElement{"a", 0, false}},
      {PathElement{"m", 0, false}},
      {PathElement{"l", 0, false}, PathElement{"", 1, true}},
  };
  Item projected = ProjectPaths(SampleItem(), paths);
  EXPECT_EQ(ItemString(projected),
            ItemString(Item{{"m", SampleItem().at("m")}, {"l", L({N("1")})}}));
}

struct ErrorCase {
  std::string expression;
  std::string message;
};

class ProjectionRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ProjectionRejects, WithDynamoDBMessage) {
  const ErrorCase& c = GetParam();
  Request r;
  r.projection = c.expression;
  Result<PreparedExpressions> prepared = r.Prepare();
  ASSERT_FALSE(prepared.ok()) << c.expression;
  EXPECT_EQ(prepared.status().message(), c.message) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Bad, ProjectionRejects,
    ::testing::Values(
        ErrorCase{"n, n",
                  "Invalid ProjectionExpression: Two document paths overlap with each other; must "
                  "remove or rewrite one of these paths; path one: [n], path two: [n]"},
        ErrorCase{"m, m.a",
                  "Invalid ProjectionExpression: Two document paths overlap with each other; must "
                  "remove or rewrite one of these paths; path one: [m], path two: [m, a]"},
        ErrorCase{"m.a, m[0]",
                  "Invalid ProjectionExpression: Two document paths conflict with each other; must "
                  "remove or rewrite one of these paths; path one: [m, a], path two: [m, [0]]"},
        ErrorCase{"a b", "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\""},
        ErrorCase{"a,",
                  "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\""},
        ErrorCase{"status",
                  "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved "
                  "keyword: status"},
        ErrorCase{"#x",
                  "Invalid ProjectionExpression: An expression attribute name used in the "
                  "document path is not defined; attribute name: #x"},
        ErrorCase{"size(n)",
                  "Invalid ProjectionExpression: Syntax error; token: \"(\", near: \"size(\""}));

TEST(ProjectionRejects, AllowsSiblingPaths) {
  for (const char* ok : {"m.a, m.b", "l[1], l[2]", "m.a, m.b.c", "m.a, l[1]"}) {
    Request r;
    r.projection = ok;
    EXPECT_TRUE(r.Prepare().ok()) << ok;
  }
}

}  // namespace
}  // namespace headlock::expr_test
