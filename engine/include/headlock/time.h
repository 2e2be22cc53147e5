// UTC calendar time: the one place where milliseconds since the Unix epoch
// (what a Clock returns) meet dates and ISO 8601 text.
//
// The calendar is the proleptic Gregorian one, converted with Howard
// Hinnant's days_from_civil / civil_from_days
// (https://howardhinnant.github.io/date_algorithms.html). Like Unix time, and
// like DynamoDB's and Apify's timestamps, it has no leap seconds: every day
// has 86,400 seconds, so a second 60 ("23:59:60Z") is rejected rather than
// folded into the next minute, and so are dates that do not exist
// (2026-02-31, 2025-02-29). Every parser here follows that one rule.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace headlock {

inline constexpr int64_t kMillisPerSecond = 1000;
inline constexpr int64_t kMillisPerDay = 24LL * 3600 * kMillisPerSecond;

// Days since 1970-01-01 of a proleptic Gregorian date (days_from_civil).
// REQUIRES: 1 <= m <= 12 (d may run past the month: it counts on).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

// The date of a day number (days since 1970-01-01; civil_from_days).
constexpr CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = doy - (153 * mp + 2) / 5 + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = static_cast<int64_t>(yoe) + era * 400 + (out.month <= 2);
  return out;
}

constexpr bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

// 28..31. REQUIRES: 1 <= m <= 12.
constexpr unsigned DaysInMonth(int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// True when the date exists in the calendar (no 2026-02-31, no month 13).
constexpr bool IsValidCivilDate(int64_t y, unsigned m, unsigned d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Floor division by a day: the day number of a millisecond time, also before 1970.
constexpr int64_t DayOfMillis(int64_t ms) {
  return ms >= 0 ? ms / kMillisPerDay : -((-ms + kMillisPerDay - 1) / kMillisPerDay);
}

// Parses "YYYY-MM-DDTHH:MM:SSZ" with an optional fraction ".f..." (one or
// more digits; the first three are kept, the rest truncated) into
// milliseconds since the epoch. nullopt for anything else: another layout,
// an impossible date, hour > 23, minute > 59, second > 59.
std::optional<int64_t> ParseUtcMillis(std::string_view text);

// Parses "YYYY-MM-DD" into the milliseconds of its midnight (UTC); nullopt
// for another layout or an impossible date.
std::optional<int64_t> ParseUtcDate(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS.mmmZ", the inverse of ParseUtcMillis.
std::string FormatUtcMillis(int64_t ms);

// "YYYY-MM-DDTHH:MM:SSZ" (milliseconds dropped, rounding toward the past).
std::string FormatUtcSeconds(int64_t ms);

}  // namespace headlock
