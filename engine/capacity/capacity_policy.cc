#include "headlock/capacity/capacity_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>


namespace headlock {
namespace {

// A units parameter: a fixed number, or `peak` (sized from the subject).
struct UnitsParam {
  int64_t fixed = -1;  // -1: peak
  int64_t For(double peak_units_per_second) const {
    return fixed >= 0 ? fixed : PlanUnitsForPeak(peak_units_per_second);
  }
  std::string ToString() const { return fixed >= 0 ? std::to_string(fixed) : "peak"; }
};

// "key=value,key=value" with each key allowed once.
class Params {
 public:
  static Result<Params> Parse(std::string_view policy, std::string_view text) {
    Params p;
    p.policy_ = std::string(policy);
    while (!text.empty()) {
      size_t comma = text.find(',');
      std::string_view part = text.substr(0, comma);
      text = comma == text.npos ? std::string_view() : text.substr(comma + 1);
      size_t eq = part.find('=');
      if (eq == part.npos || eq == 0 || eq + 1 == part.size()) {
        return Status::Validation(
            fmt::format("policy {}: '{}' is not key=value", policy, part));
      }
      std::string key(part.substr(0, eq));
      if (!p.values_.emplace(key, std::string(part.substr(eq + 1))).second) {
        return Status::Validation(fmt::format("policy {}: '{}' given twice", policy, key));
      }
    }
    return p;
  }

  Result<int64_t> Int(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) {
    auto it = values_.find(key);
    if (it == values_.end()) return fallback;
    const std::string v = it->second;
    values_.erase(it);
    int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || ptr != v.data() + v.size() || out < lo || out > hi) {
      return Status::Validation(fmt::format("policy {}: {}={} is not an integer in [{}, {}]",
                                            policy_, key, v, lo, hi));
    }
    return out;
  }

  Result<UnitsParam> Units(const std::string& key) {
    auto it = values_.find(key);
    if (it != values_.end() && it->second == "peak") {
      values_.erase(it);
      return UnitsParam{};
    }
    HEADLOCK_ASSIGN_OR_RETURN(int64_t v, Int(key, -1, 1, kMaxProvisionedUnits));
    return UnitsParam{v};
  }

  // Fails on keys nobody asked for.
  Status Finish() const {
    if (values_.empty()) return Status::OK();
    return Status::Validation(
        fmt::format("policy {}: unknown parameter '{}'", policy_, values_.begin()->first));
  }

 private:
  std::string policy_;
  std::map<std::string, std::string> values_;
};

class FixedController : public CapacityController {
 public:
  explicit FixedController(CapacitySetting setting) : setting_(setting) {}
  CapacitySetting Initial() override { return setting_; }
  CapacitySetting Decide(const MinuteUsage&, const CapacitySetting&) override { return setting_; }

 private:
  CapacitySetting setting_;
};

class OnDemandPolicy : public CapacityPolicy {
 public:
  std::string name() const override { return "on-demand"; }
  std::unique_ptr<CapacityController> Start(const CapacitySubject&) const override {
    return std::make_unique<FixedController>(CapacitySetting::OnDemand());
  }
};

class ProvisionedPolicy : public CapacityPolicy {
 public:
  ProvisionedPolicy(UnitsParam rcu, UnitsParam wcu) : rcu_(rcu), wcu_(wcu) {}
  std::string name() const override {
    return fmt::format("provisioned:rcu={},wcu={}", rcu_.ToString(), wcu_.ToString());
  }
  std::unique_ptr<CapacityController> Start(const CapacitySubject& s) const override {
    return std::make_unique<FixedController>(CapacitySetting::Provisioned(
        rcu_.For(s.peak_read_units_per_second), wcu_.For(s.peak_write_units_per_second)));
  }

 private:
  UnitsParam rcu_, wcu_;
};

struct AutoScalingConfig {
  double target = kAutoScalingDefaultTarget;
  int64_t min_units = kAutoScalingDefaultMinUnits;
  int64_t max_units = kMaxProvisionedUnits;
  int64_t initial_units = -1;  // -1: min
  int up_minutes = kAutoScalingUpMinutes;
  int down_minutes = kAutoScalingDownMinutes;
};

// Target tracking for one direction (reads or writes), as Application Auto
// Scaling does it on the one-minute consumption metric.
class TargetTracker {
 public:
  explicit TargetTracker(const AutoScalingConfig& c) : c_(c) {}

  int64_t Decide(double consumed_in_minute, int64_t provisioned) {
    double per_second = consumed_in_minute / 60.0;
    double utilisation = provisioned > 0 ? per_second / provisioned : 1.0;
    int64_t want = provisioned;
    if (utilisation > c_.target) {
      low_streak_ = 0;
      low_peak_ = 0;
      if (++high_streak_ >= c_.up_minutes) {
        want = Clamp(static_cast<int64_t>(std::ceil(per_second / c_.target)));
        high_streak_ = 0;
      }
    } else if (utilisation < c_.target) {
      high_streak_ = 0;
      low_peak_ = std::max(low_peak_, per_second);
      if (++low_streak_ >= c_.down_minutes) {
        int64_t lower = Clamp(static_cast<int64_t>(std::ceil(low_peak_ / c_.target)));
        if (lower < provisioned) want = lower;
        low_streak_ = 0;
        low_peak_ = 0;
      }
    } else {
      high_streak_ = low_streak_ = 0;
      low_peak_ = 0;
    }
    return want;
  }

 private:
  int64_t Clamp(int64_t units) const { return std::clamp(units, c_.min_units, c_.max_units); }

  AutoScalingConfig c_;
  int high_streak_ = 0;
  int low_streak_ = 0;
  double low_peak_ = 0;  // the highest per-second rate of the low streak
};

class AutoScaledController : public CapacityController {
 public:
  explicit AutoScaledController(const AutoScalingConfig& c) : c_(c), reads_(c), writes_(c) {}
  CapacitySetting Initial() override {
    int64_t units = c_.initial_units >= 0 ? c_.initial_units : c_.min_units;
    return CapacitySetting::Provisioned(units, units);
  }
  CapacitySetting Decide(const MinuteUsage& usage, const CapacitySetting& in_force) override {
    if (in_force.on_demand) return Initial();
    return CapacitySetting::Provisioned(reads_.Decide(usage.read_units, in_force.read_units),
                                        writes_.Decide(usage.write_units, in_force.write_units));
  }

 private:
  AutoScalingConfig c_;
  TargetTracker reads_, writes_;
};

class AutoScaledPolicy : public CapacityPolicy {
 public:
  explicit AutoScaledPolicy(AutoScalingConfig c) : c_(c) {}
  std::string name() const override {
    return fmt::format("autoscaled:target={},min={},max={},initial={},up_minutes={},down_minutes={}",
                       std::lround(c_.target * 100), c_.min_units, c_.max_units,
                       c_.initial_units >= 0 ? c_.initial_units : c_.min_units, c_.up_minutes,
                       c_.down_minutes);
  }
  std::unique_ptr<CapacityController> Start(const CapacitySubject&) const override {
    return std::make_unique<AutoScaledController>(c_);
  }

 private:
  AutoScalingConfig c_;
};

class WeeklyHybridController : public CapacityController {
 public:
  WeeklyHybridController(const CapacitySubject& s, int weeks, CapacitySetting plan)
      : week_start_ms_(s.week ? IsoWeekStartMs(*s.week) : INT64_MIN), weeks_(weeks), plan_(plan),
        created_ms_(s.created_ms) {}
  CapacitySetting Initial() override { return At(created_ms_); }
  CapacitySetting Decide(const MinuteUsage& usage, const CapacitySetting&) override {
    return At(usage.minute_end_ms);
  }

 private:
  CapacitySetting At(int64_t now_ms) const {
    if (week_start_ms_ == INT64_MIN) return plan_;  // not a weekly table: always newest
    int64_t current_week_start = IsoWeekStartMs(IsoWeekOf(now_ms));
    int64_t age_weeks = (current_week_start - week_start_ms_) / kWeekMillis;
    if (current_week_start < week_start_ms_) return CapacitySetting::OnDemand();  // ahead
    return age_weeks < weeks_ ? plan_ : CapacitySetting::OnDemand();
  }

  int64_t week_start_ms_;
  int weeks_;
  CapacitySetting plan_;
  int64_t created_ms_;
};

class WeeklyHybridPolicy : public CapacityPolicy {
 public:
  WeeklyHybridPolicy(int weeks, UnitsParam rcu, UnitsParam wcu)
      : weeks_(weeks), rcu_(rcu), wcu_(wcu) {}
  std::string name() const override {
    return fmt::format("weekly-hybrid:k={},rcu={},wcu={}", weeks_, rcu_.ToString(),
                       wcu_.ToString());
  }
  std::unique_ptr<CapacityController> Start(const CapacitySubject& s) const override {
    return std::make_unique<WeeklyHybridController>(
        s, weeks_,
        CapacitySetting::Provisioned(rcu_.For(s.peak_read_units_per_second),
                                     wcu_.For(s.peak_write_units_per_second)));
  }

 private:
  int weeks_;
  UnitsParam rcu_, wcu_;
};

}  // namespace

int64_t PlanUnitsForPeak(double units_per_second) {
  if (units_per_second <= 0) return 1;
  double units = std::ceil(units_per_second / kAutoScalingDefaultTarget - 1e-9);
  return std::clamp(static_cast<int64_t>(units), int64_t{1}, kMaxProvisionedUnits);
}

Result<std::unique_ptr<CapacityPolicy>> ParseCapacityPolicy(std::string_view spec) {
  size_t colon = spec.find(':');
  std::string_view kind = spec.substr(0, colon);
  std::string_view rest = colon == spec.npos ? std::string_view() : spec.substr(colon + 1);
  HEADLOCK_ASSIGN_OR_RETURN(Params params, Params::Parse(kind, rest));
  std::unique_ptr<CapacityPolicy> policy;
  if (kind == "on-demand") {
    policy = std::make_unique<OnDemandPolicy>();
  } else if (kind == "provisioned") {
    HEADLOCK_ASSIGN_OR_RETURN(UnitsParam rcu, params.Units("rcu"));
    HEADLOCK_ASSIGN_OR_RETURN(UnitsParam wcu, params.Units("wcu"));
    policy = std::make_unique<ProvisionedPolicy>(rcu, wcu);
  } else if (kind == "autoscaled") {
    AutoScalingConfig c;
    HEADLOCK_ASSIGN_OR_RETURN(int64_t target, params.Int("target", 70, 20, 90));  // §4.3: 20-90 %
    c.target = target / 100.0;
    HEADLOCK_ASSIGN_OR_RETURN(c.min_units, params.Int("min", c.min_units, 1, kMaxProvisionedUnits));
    HEADLOCK_ASSIGN_OR_RETURN(c.max_units, params.Int("max", c.max_units, 1, kMaxProvisionedUnits));
    HEADLOCK_ASSIGN_OR_RETURN(c.initial_units, params.Int("initial", -1, 1, kMaxProvisionedUnits));
    HEADLOCK_ASSIGN_OR_RETURN(int64_t up, params.Int("up_minutes", c.up_minutes, 1, 1440));
    HEADLOCK_ASSIGN_OR_RETURN(int64_t down, params.Int("down_minutes", c.down_minutes, 1, 1440));
    c.up_minutes = static_cast<int>(up);
    c.down_minutes = static_cast<int>(down);
    if (c.min_units > c.max_units) {
      return Status::Validation(fmt::format("policy autoscaled: min={} is above max={}",
                                            c.min_units, c.max_units));
    }
    if (c.initial_units >= 0 && (c.initial_units < c.min_units || c.initial_units > c.max_units)) {
      return Status::Validation(fmt::format("policy autoscaled: initial={} is outside [{}, {}]",
                                            c.initial_units, c.min_units, c.max_units));
    }
    policy = std::make_unique<AutoScaledPolicy>(c);
  } else if (kind == "weekly-hybrid") {
    HEADLOCK_ASSIGN_OR_RETURN(int64_t k, params.Int("k", kHybridDefaultProvisionedWeeks, 1, 520));
    HEADLOCK_ASSIGN_OR_RETURN(UnitsParam rcu, params.Units("rcu"));
    HEADLOCK_ASSIGN_OR_RETURN(UnitsParam wcu, params.Units("wcu"));
    policy = std::make_unique<WeeklyHybridPolicy>(static_cast<int>(k), rcu, wcu);
  } else {
    return Status::Validation(fmt::format(
        "unknown capacity policy '{}' (on-demand, provisioned, autoscaled, weekly-hybrid)", kind));
  }
  HEADLOCK_RETURN_IF_ERROR(params.Finish());
  return policy;
}

}  // namespace headlock
