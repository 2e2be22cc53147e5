#include "headlock/iso_week.h"

#include <fmt/format.h>

#include "headlock/clock.h"  // DaysFromCivil

namespace headlock {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The proleptic Gregorian year of a day number (days since 1970-01-01).
int YearOfDay(int64_t days) {
  // Howard Hinnant's civil_from_days, year part only.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

IsoWeek IsoWeekOf(int64_t time_ms) {
  int64_t day = FloorDiv(time_ms, kDayMs);
  int64_t weekday = ((day % 7) + 7 + 3) % 7;  // Monday = 0 (1970-01-01 was a Thursday)
  int64_t thursday = day - weekday + 3;         // the week's Thursday decides its year
  int year = YearOfDay(thursday);
  int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
  return IsoWeek{year, static_cast<int>(week)};
}

int64_t IsoWeekStartMs(IsoWeek w) {
  int64_t jan4 = DaysFromCivil(w.year, 1, 4);  // always in week 1
  int64_t weekday = ((jan4 % 7) + 7 + 3) % 7;
  int64_t monday1 = jan4 - weekday;
  return (monday1 + 7LL * (w.week - 1)) * kDayMs;
}

IsoWeek NextIsoWeek(IsoWeek w) { return IsoWeekOf(IsoWeekStartMs(w) + kWeekMillis); }

std::string IsoWeekLabel(IsoWeek week) { return fmt::format("{:04d}-w{:02d}", week.year, week.week); }

std::optional<IsoWeek> ParseWeekSuffix(std::string_view name, std::string* base) {
  // "<base>-YYYY-wWW": 9 characters of suffix after the base.
  constexpr size_t kSuffix = 9;  // "-YYYY-wWW"
  if (name.size() <= kSuffix) return std::nullopt;
  std::string_view suffix = name.substr(name.size() - kSuffix);
  if (suffix[0] != '-' || suffix[5] != '-' || suffix[6] != 'w') return std::nullopt;
  std::string_view year_text = suffix.substr(1, 4), week_text = suffix.substr(7, 2);
  if (!AllDigits(year_text) || !AllDigits(week_text)) return std::nullopt;
  IsoWeek week{std::stoi(std::string(year_text)), std::stoi(std::string(week_text))};
  // Only weeks that exist: the round trip through the calendar must agree.
  if (week.week < 1 || IsoWeekOf(IsoWeekStartMs(week)) != week) return std::nullopt;
  if (base) *base = std::string(name.substr(0, name.size() - kSuffix));
  return week;
}

}  // namespace headlock
