#include "headlock/time.h"

#include <fmt/format.h>

namespace headlock {
namespace {

// The fields of "YYYY-MM-DD[THH:MM:SS]", read at fixed offsets: ISO 8601's
// extended format has no optional padding, so sscanf's leniency (signs,
// spaces, one-digit fields) would only accept text that is not ISO 8601.
struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool Digits(std::string_view text, size_t pos, size_t n, int* out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

bool ParseDate(std::string_view text, Fields* f) {
  return Digits(text, 0, 4, &f->year) && text.size() > 7 && text[4] == '-' &&
         Digits(text, 5, 2, &f->month) && text[7] == '-' && Digits(text, 8, 2, &f->day) &&
         IsValidCivilDate(f->year, static_cast<unsigned>(f->month), static_cast<unsigned>(f->day));
}

bool ParseTimeOfDay(std::string_view text, Fields* f) {
  // Second 60 is rejected: no leap seconds (see time.h).
  return text.size() > 18 && text[10] == 'T' && Digits(text, 11, 2, &f->hour) && text[13] == ':' &&
         Digits(text, 14, 2, &f->minute) && text[16] == ':' && Digits(text, 17, 2, &f->second) &&
         f->hour <= 23 && f->minute <= 59 && f->second <= 59;
}

int64_t ToMillis(const Fields& f, int64_t millis) {
  const int64_t days =
      DaysFromCivil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  return ((days * 24 + f.hour) * 60 + f.minute) * 60000LL + f.second * 1000LL + millis;
}

}  // namespace

std::optional<int64_t> ParseUtcMillis(std::string_view text) {
  Fields f;
  if (!ParseDate(text, &f) || !ParseTimeOfDay(text, &f)) return std::nullopt;
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    const size_t start = ++pos;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
      if (pos - start < 3) millis = millis * 10 + (text[pos] - '0');
    }
    if (pos == start) return std::nullopt;
    for (size_t n = pos - start; n < 3; ++n) millis *= 10;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  return ToMillis(f, millis);
}

std::optional<int64_t> ParseUtcDate(std::string_view text) {
  Fields f;
  if (text.size() != 10 || !ParseDate(text, &f)) return std::nullopt;
  return ToMillis(f, 0);
}

std::string FormatUtcMillis(int64_t ms) {
  const int64_t days = DayOfMillis(ms);
  const int64_t rest = ms - days * kMillisPerDay;
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", d.year, d.month, d.day,
                     rest / 3'600'000, rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
}

std::string FormatUtcSeconds(int64_t ms) {
  std::string out = FormatUtcMillis(ms);
  out.erase(out.size() - 5, 4);  // ".mmm" before the 'Z'
  return out;
}

}  // namespace headlock
