#include "headlock/capacity/mode_rules.h"

#include <fmt/format.h>

#include <algorithm>

namespace headlock {

Status TakeDecrease(DecreaseCounter* c, int64_t now_ms, std::string_view what) {
  int64_t day = now_ms / kDayMillis;
  int64_t hour = (now_ms - day * kDayMillis) / kHourMillis;
  if (c->day != day) {
    *c = DecreaseCounter{};
    c->day = day;
    c->credited_hour = hour;  // the day starts with 4; hours already passed add nothing more
  } else if (hour > c->credited_hour) {
    c->available = static_cast<int>(
        std::min<int64_t>(kDecreasesAvailableAtDayStart, c->available + (hour - c->credited_hour)));
    c->credited_hour = hour;
  }
  if (c->available < 1) {
    return Status(Status::Code::kLimitExceededException,
                  fmt::format("Subscriber limit exceeded: Provisioned throughput decreases are "
                              "limited within a given UTC day. After the first 4 decreases, each "
                              "subsequent decrease in the same UTC day can be performed at most "
                              "once every 1 hour. Number of decreases today: {}. ({})",
                              c->decreases_today, what));
  }
  --c->available;
  ++c->decreases_today;
  c->last_decrease_ms = now_ms;
  return Status::OK();
}

int DecreasesToday(const DecreaseCounter& c, int64_t now_ms) {
  return c.day == now_ms / kDayMillis ? c.decreases_today : 0;
}

Status CheckModeSwitch(CapacityRuleSet rules, bool to_on_demand,
                       const std::vector<int64_t>& switches_to_on_demand_ms,
                       int64_t last_switch_ms, int64_t now_ms) {
  if (rules == CapacityRuleSet::k2018_11_28) {
    if (last_switch_ms > 0 && now_ms - last_switch_ms < kDayMillis) {
      return Status(Status::Code::kLimitExceededException,
                    fmt::format("Subscriber limit exceeded: Update to {} mode are limited to once "
                                "in 1 day(s).",
                                to_on_demand ? "PayPerRequest" : "Provisioned"));
    }
    return Status::OK();
  }
  if (!to_on_demand) return Status::OK();  // back to provisioned: any time
  auto recent = std::count_if(switches_to_on_demand_ms.begin(), switches_to_on_demand_ms.end(),
                              [&](int64_t t) { return now_ms - t < kDayMillis; });
  if (recent >= kSwitchesToOnDemandPerDay) {
    return Status(Status::Code::kLimitExceededException,
                  fmt::format("Subscriber limit exceeded: Update to PayPerRequest mode are "
                              "limited to {} times in 1 day(s).",
                              kSwitchesToOnDemandPerDay));
  }
  return Status::OK();
}

}  // namespace headlock
