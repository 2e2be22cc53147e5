// DynamoDB's rules for changing a table's capacity, by the date they took
// effect (reference/dynamodb.md §4.2, §4.4), so that a user can model an
// older regime as well as today's.
//
//   switching to on-demand:
//     k2018_11_28  one switch (either direction) per 24 hours
//     k2025_08_12  up to 4 switches to on-demand in any rolling 24 hours;
//                  back to provisioned at any time (the current rule)
//   decreasing provisioned throughput (table and each GSI counted apart):
//     each UTC day starts with 4 decreases available; one more becomes
//     available each hour, never more than 4 at once (at most 27 a day).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/status.h"

namespace headlock {

enum class CapacityRuleSet : uint8_t {
  k2018_11_28 = 0,  // on-demand launch: one mode switch per 24 hours
  k2025_08_12 = 1,  // current: 4 switches to on-demand per rolling 24 hours
};

inline constexpr int64_t kDayMillis = 24LL * 3600 * 1000;
inline constexpr int64_t kHourMillis = 3600LL * 1000;
inline constexpr int kDecreasesAvailableAtDayStart = 4;  // and the cap on available decreases
inline constexpr int kSwitchesToOnDemandPerDay = 4;      // rule of 2025-08-12

// The decrease allowance of one table or index (persisted with the table).
struct DecreaseCounter {
  int64_t day = -1;          // UTC day number (ms / 86,400,000) of the counters below
  int available = kDecreasesAvailableAtDayStart;
  int64_t credited_hour = 0; // hours since the day's start already credited
  int decreases_today = 0;
  int64_t last_decrease_ms = 0;
  bool operator==(const DecreaseCounter&) const = default;
};

// Takes one decrease at `now_ms`, or returns LimitExceededException with
// DynamoDB's wording. `what` names the table or index in the message.
Status TakeDecrease(DecreaseCounter* counter, int64_t now_ms, std::string_view what);

// Decreases made today (UTC) as of `now_ms` (DescribeTable's
// NumberOfDecreasesToday).
int DecreasesToday(const DecreaseCounter& counter, int64_t now_ms);

// Checks a mode switch at `now_ms` given the times of earlier switches to
// on-demand and of the last switch in either direction; LimitExceededException
// when the rule set forbids it.
Status CheckModeSwitch(CapacityRuleSet rules, bool to_on_demand,
                       const std::vector<int64_t>& switches_to_on_demand_ms,
                       int64_t last_switch_ms, int64_t now_ms);

}  // namespace headlock
