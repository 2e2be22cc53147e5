#include "headlock/iso_week.h"

#include <fmt/format.h>

#include "headlock/time.h"

namespace headlock {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

IsoWeek IsoWeekOf(int64_t time_ms) {
  int64_t day = DayOfMillis(time_ms);
  int64_t weekday = ((day % 7) + 7 + 3) % 7;  // Monday = 0 (1970-01-01 was a Thursday)
  int64_t thursday = day - weekday + 3;         // the week's Thursday decides its year
  int year = static_cast<int>(CivilFromDays(thursday).year);
  int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
  return IsoWeek{year, static_cast<int>(week)};
}

int64_t IsoWeekStartMs(IsoWeek w) {
  int64_t jan4 = DaysFromCivil(w.year, 1, 4);  // always in week 1
  int64_t weekday = ((jan4 % 7) + 7 + 3) % 7;
  int64_t monday1 = jan4 - weekday;
  return (monday1 + 7LL * (w.week - 1)) * kMillisPerDay;
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
