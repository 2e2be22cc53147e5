// Weekly table sets: ISO weeks (year edges, week 53), predictable names,
// routing by creation time, tables created ahead, expired ones dropped.
#include "headlock/queue/table_set.h"

#include <gtest/gtest.h>

#include "../ddb/ddb_test_util.h"

namespace headlock::testing {
namespace {

int64_t Utc(int y, unsigned m, unsigned d, int hour = 0) {
  return DaysFromCivil(y, m, d) * 86400000 + hour * 3600000LL;
}

TEST(IsoWeekTest, WeeksAndYearEdges) {
  struct Case {
    int y;
    unsigned m, d;
    IsoWeek want;
  } cases[] = {
      {2026, 11, 2, {2026, 45}},   // a Monday
      {2026, 11, 8, {2026, 45}},   // the Sunday of the same week
      {2026, 11, 9, {2026, 46}},
      {2020, 12, 31, {2020, 53}},  // 2020 has 53 weeks
      {2021, 1, 3, {2020, 53}},    // early January can belong to the previous ISO year
      {2021, 1, 4, {2021, 1}},
      {2024, 12, 30, {2025, 1}},   // late December can belong to the next one
      {2015, 12, 31, {2015, 53}},
      {2026, 1, 1, {2026, 1}},     // a Thursday: week 1 starts on 2025-12-29
      {2025, 12, 29, {2026, 1}},
      {1970, 1, 1, {1970, 1}},
  };
  for (const Case& c : cases) {
    IsoWeek got = IsoWeekOf(Utc(c.y, c.m, c.d, 12));
    EXPECT_EQ(got, c.want) << c.y << "-" << c.m << "-" << c.d << " -> " << got.year << "-W"
                           << got.week;
  }
  EXPECT_EQ(IsoWeekStartMs({2026, 45}), Utc(2026, 11, 2));
  EXPECT_EQ(IsoWeekStartMs({2026, 1}), Utc(2025, 12, 29));
  EXPECT_EQ(NextIsoWeek({2020, 53}), (IsoWeek{2021, 1}));
  EXPECT_EQ(NextIsoWeek({2021, 52}), (IsoWeek{2022, 1}));  // 2021 has 52 weeks
  EXPECT_EQ(IsoWeekOf(Utc(2026, 11, 9) - 1), (IsoWeek{2026, 45}));  // the last millisecond
}

class TableSetTest : public DatabaseTest {
 protected:
  TableSetTest() { clock_.Set(Utc(2026, 11, 6, 15)); }  // a Friday in week 45
  TableSet MakeSet() {
    return TableSet(db_.get(), "requests",
                    MakeTable("template", HashRangeKey("queueId", AttributeType::kS, "id",
                                                       AttributeType::kS)));
  }
};

TEST_F(TableSetTest, NamesRoutingAndTablesAhead) {
  TableSet set = MakeSet();
  EXPECT_EQ(set.PhysicalTableName({2026, 45}), "requests-2026-w45");
  EXPECT_EQ(set.PhysicalTableName({2020, 53}), "requests-2020-w53");
  EXPECT_EQ(set.RouteFor(Utc(2021, 1, 3)), "requests-2020-w53");
  ASSERT_TRUE(set.EnsureTables(clock_.NowMillis(), 1).ok());
  ASSERT_TRUE(set.EnsureTables(clock_.NowMillis(), 1).ok());  // idempotent
  auto tables = set.PhysicalTables();
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].second, "requests-2026-w45");
  EXPECT_EQ((*tables)[1].second, "requests-2026-w46");
  // A queue created now lives in this week's table, for good.
  ASSERT_TRUE(Put(set.RouteFor(clock_.NowMillis()), {{"queueId", S("q")}, {"id", S("r1")}}).ok());
  EXPECT_TRUE(Get("requests-2026-w45", {{"queueId", S("q")}, {"id", S("r1")}}).has_value());
}

TEST_F(TableSetTest, ExpiredTablesAreDroppedUnlessStillInUse) {
  TableSet set = MakeSet();
  ASSERT_TRUE(set.EnsureTables(Utc(2026, 10, 20), 0).ok());  // week 43
  ASSERT_TRUE(set.EnsureTables(Utc(2026, 10, 27), 0).ok());  // week 44
  ASSERT_TRUE(set.EnsureTables(clock_.NowMillis(), 0).ok());  // week 45
  // Keep 7 days after a week ends: week 43 ended 2026-10-26, week 44 on 2026-11-02.
  auto dropped = set.DropExpired(clock_.NowMillis(), 7LL * 86400000,
                                 [](const std::string&) { return false; });
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(*dropped, std::vector<std::string>{"requests-2026-w43"});
  // A named queue in week 44's table keeps it alive past retention.
  clock_.Advance(30LL * 86400000);
  dropped = set.DropExpired(clock_.NowMillis(), 7LL * 86400000,
                            [](const std::string& name) { return name == "requests-2026-w44"; });
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(*dropped, std::vector<std::string>{"requests-2026-w45"});
  auto left = set.PhysicalTables();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].second, "requests-2026-w44");
}

TEST(IsoWeekTest, WeekSuffixParsesOnlyRealWeeks) {
  std::string base;
  ASSERT_EQ(ParseWeekSuffix("requests-2026-w45", &base), (IsoWeek{2026, 45}));
  EXPECT_EQ(base, "requests");
  EXPECT_EQ(ParseWeekSuffix("a-b-2020-w53"), (IsoWeek{2020, 53}));  // 2020 has a week 53
  EXPECT_EQ(ParseWeekSuffix("requests-2021-w53"), std::nullopt);    // 2021 has not
  EXPECT_EQ(ParseWeekSuffix("requests-2026-w00"), std::nullopt);
  EXPECT_EQ(ParseWeekSuffix("requests-2026-w4"), std::nullopt);
  EXPECT_EQ(ParseWeekSuffix("requests-2026x-w45"), std::nullopt);
  EXPECT_EQ(ParseWeekSuffix("-2026-w45"), std::nullopt);  // no base
  EXPECT_EQ(ParseWeekSuffix("requests"), std::nullopt);
  EXPECT_EQ(IsoWeekLabel({2026, 5}), "2026-w05");
}

}  // namespace
}  // namespace headlock::testing
