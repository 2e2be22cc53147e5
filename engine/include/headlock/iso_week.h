// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday;
// some years have a week 53), the period of Headlock's weekly tables, and the
// "<base>-YYYY-wWW" suffix that names a week's physical table.
//
// Shared by the weekly table set (queue/), the capacity policies and the
// cost reports (capacity/, tools/), so it sits below both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace headlock {

struct IsoWeek {
  int year = 1970;
  int week = 1;
  auto operator<=>(const IsoWeek&) const = default;
};

inline constexpr int64_t kWeekMillis = 7LL * 24 * 3600 * 1000;

IsoWeek IsoWeekOf(int64_t time_ms);
// 00:00 UTC on the Monday that starts `week`.
int64_t IsoWeekStartMs(IsoWeek week);
IsoWeek NextIsoWeek(IsoWeek week);

// "2026-w45".
std::string IsoWeekLabel(IsoWeek week);

// The week named by a physical table's "-YYYY-wWW" suffix
// ("requests-2026-w45" -> 2026 week 45), or nullopt when the name has no
// valid week suffix. `base` (optional) receives the part before it.
std::optional<IsoWeek> ParseWeekSuffix(std::string_view table_name, std::string* base = nullptr);

}  // namespace headlock
