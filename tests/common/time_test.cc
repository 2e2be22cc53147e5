#include "headlock/time.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace headlock {
namespace {

TEST(CivilTest, DaysFromCivilAndBackAgree) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(1600, 3, 1), -135080);  // a 400-year era boundary
  EXPECT_EQ(DaysFromCivil(2400, 2, 29), 157113);  // divisible by 400: leap
  // Every day of 1599..2401 round-trips and follows the previous one.
  CivilDate prev = CivilFromDays(DaysFromCivil(1599, 1, 1) - 1);
  for (int64_t day = DaysFromCivil(1599, 1, 1); day <= DaysFromCivil(2401, 12, 31); ++day) {
    const CivilDate d = CivilFromDays(day);
    ASSERT_TRUE(IsValidCivilDate(d.year, d.month, d.day)) << day;
    ASSERT_EQ(DaysFromCivil(d.year, d.month, d.day), day);
    const bool next_in_month =
        d.year == prev.year && d.month == prev.month && d.day == prev.day + 1;
    const bool first_of_month = d.day == 1 && prev.day == DaysInMonth(prev.year, prev.month);
    ASSERT_TRUE(next_in_month || first_of_month) << day;
    prev = d;
  }
}

TEST(CivilTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));   // divisible by 400
  EXPECT_FALSE(IsLeapYear(1900));  // divisible by 100 only
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_EQ(DaysInMonth(2024, 2), 29u);
  EXPECT_EQ(DaysInMonth(1900, 2), 28u);
  EXPECT_TRUE(IsValidCivilDate(2000, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(2025, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(2026, 2, 31));
  EXPECT_FALSE(IsValidCivilDate(2026, 4, 31));
  EXPECT_FALSE(IsValidCivilDate(2026, 13, 1));
  EXPECT_FALSE(IsValidCivilDate(2026, 0, 1));
  EXPECT_FALSE(IsValidCivilDate(2026, 1, 0));
}

TEST(CivilTest, DayOfMillisFloorsBeforeTheEpoch) {
  EXPECT_EQ(DayOfMillis(0), 0);
  EXPECT_EQ(DayOfMillis(kMillisPerDay - 1), 0);
  EXPECT_EQ(DayOfMillis(-1), -1);
  EXPECT_EQ(DayOfMillis(-kMillisPerDay), -1);
  EXPECT_EQ(DayOfMillis(-kMillisPerDay - 1), -2);
}

TEST(UtcTimeTest, ParsesSecondsAndFractions) {
  EXPECT_EQ(ParseUtcMillis("2026-11-02T14:30:00Z"), 1793629800000);
  EXPECT_EQ(ParseUtcMillis("2026-11-02T14:30:00.5Z"), 1793629800500);
  EXPECT_EQ(ParseUtcMillis("2026-11-02T14:30:00.050Z"), 1793629800050);
  EXPECT_EQ(ParseUtcMillis("2026-11-02T14:30:00.123999Z"), 1793629800123);  // truncated
  EXPECT_EQ(ParseUtcMillis("2024-02-29T12:00:00.123Z"), 1709208000123);     // leap day
  EXPECT_EQ(ParseUtcMillis("2026-12-31T23:59:59Z"), 1798761599000);
  EXPECT_EQ(ParseUtcMillis("1969-12-31T23:59:59.999Z"), -1);
}

TEST(UtcTimeTest, RejectsSecondSixtyAndImpossibleDates) {
  for (const char* bad : {
           "2026-12-31T23:59:60Z",    // no leap seconds
           "2016-12-31T23:59:60.5Z",  // not even on a real leap-second day
           "2026-02-31T00:00:00Z",    // no such day
           "2025-02-29T00:00:00Z",    // not a leap year
           "1900-02-29T00:00:00Z",    // divisible by 100, not by 400
           "2026-04-31T00:00:00Z",
           "2026-13-01T00:00:00Z",
           "2026-00-10T00:00:00Z",
           "2026-11-00T00:00:00Z",
           "2026-11-02T24:00:00Z",
           "2026-11-02T14:60:00Z",
       }) {
    EXPECT_FALSE(ParseUtcMillis(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseUtcMillis("2000-02-29T00:00:00Z").has_value());  // divisible by 400
}

TEST(UtcTimeTest, RejectsOtherLayouts) {
  for (const char* bad :
       {"", "Z", "2026-11-02", "2026-11-02T14:30Z", "2026-11-02T14:30:00", "2026-11-02T14:30:00.Z",
        "2026-11-02 14:30:00Z", "2026-1-2T14:30:00Z", " 2026-11-02T14:30:00Z",
        "+2026-11-02T14:30:00Z", "2026-11-02T14:30:00Zjunk", "2026-11-02T14:30:00+01:00",
        "2026-11-02t14:30:00z"}) {
    EXPECT_FALSE(ParseUtcMillis(bad).has_value()) << bad;
  }
}

TEST(UtcTimeTest, ParsesDates) {
  EXPECT_EQ(ParseUtcDate("1970-01-01"), 0);
  EXPECT_EQ(ParseUtcDate("2000-02-29"), 951782400000);
  EXPECT_EQ(ParseUtcDate("2024-11-01"), DaysFromCivil(2024, 11, 1) * kMillisPerDay);
  for (const char* bad : {"2026-02-31", "2025-02-29", "2026-13-01", "2026-11-2", "2026-11-02Z",
                          "2026-11-02T00:00:00Z", "20261102"}) {
    EXPECT_FALSE(ParseUtcDate(bad).has_value()) << bad;
  }
}

TEST(UtcTimeTest, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatUtcMillis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtcMillis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatUtcMillis(1709208000123), "2024-02-29T12:00:00.123Z");
  EXPECT_EQ(FormatUtcSeconds(1709208000123), "2024-02-29T12:00:00Z");
  EXPECT_EQ(FormatUtcSeconds(-1), "1969-12-31T23:59:59Z");  // toward the past
  for (int64_t ms : {int64_t{0}, int64_t{-1}, int64_t{999}, int64_t{1793629800050},
                     int64_t{951868799999}, int64_t{253402300799999}}) {
    EXPECT_EQ(ParseUtcMillis(FormatUtcMillis(ms)), ms) << FormatUtcMillis(ms);
  }
}

}  // namespace
}  // namespace headlock
