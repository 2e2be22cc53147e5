// CapacityLog: draining old rows keeps what is in force.
#include <gtest/gtest.h>

#include "headlock/capacity/capacity_log.h"

namespace headlock::testing {
namespace {

ConsumedCapacity Writes(const std::string& table, int64_t half_units) {
  ConsumedCapacity c;
  c.table_name = table;
  c.table.write = half_units;
  return c;
}

TEST(CapacityLogTest, TakeRowsBeforeDrainsOnlyOlderSecondsInOrder) {
  CapacityLog log;
  log.SetCapacityInForce(0, "t", "", 5, 7);
  log.Record(1'000, Writes("t", 2));
  log.Record(1'500, Writes("t", 2));
  log.Record(2'000, Writes("u", 4));
  log.Record(3'000, Writes("t", 6));

  std::vector<CapacityLog::Row> taken = log.TakeRowsBefore(3);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].second, 1);
  EXPECT_EQ(taken[0].table_name, "t");
  EXPECT_EQ(taken[0].units.write, 4);
  EXPECT_EQ(taken[0].requests, 2);
  EXPECT_EQ(taken[0].write_capacity_units, 7);
  EXPECT_EQ(taken[1].second, 2);
  EXPECT_EQ(taken[1].table_name, "u");

  // What is left: the second 3 row; a second drain of the same range is empty.
  EXPECT_TRUE(log.TakeRowsBefore(3).empty());
  std::vector<CapacityLog::Row> left = log.Snapshot();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].second, 3);
  EXPECT_EQ(left[0].units.write, 6);
  // The capacity in force and the change history survive the drain.
  log.Record(9'000, Writes("t", 2));
  EXPECT_EQ(log.Snapshot().back().read_capacity_units, 5);
  EXPECT_EQ(log.CapacityChanges().size(), 1u);
}

}  // namespace
}  // namespace headlock::testing
