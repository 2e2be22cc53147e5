#include "headlock/capacity/on_demand_meter.h"

#include <algorithm>
#include <cmath>

namespace headlock {

OnDemandWindow OnDemandWindowForScale(double scale) {
  if (!(scale > 0) || scale >= 1) return {};
  const bool apply = scale >= kMinScaleForTableLimits;
  const double seconds = std::clamp(1 / (scale * scale), 1.0, 3600.0);
  return {std::llround(seconds * 1000), scale * seconds, apply};
}

OnDemandMeter::OnDemandMeter(int64_t initial_units, int64_t previous_peak_units, int64_t max_units,
                             OnDemandWindow window)
    : max_units_(max_units),
      window_ms_(std::max<int64_t>(window.window_ms, 1)),
      limit_scale_(window.limit_scale),
      limits_apply_(window.limits_apply) {
  initial_half_ = LimitHalf(initial_units);
  stable_peak_half_ =
      std::llround(static_cast<double>(previous_peak_units) * 2 * window_ms_ / 1000);
}

int64_t OnDemandMeter::LimitHalf(int64_t units) const {
  // Saturated far above any quota, so that a huge warm throughput or
  // maximum cannot overflow.
  constexpr int64_t kMaxLimitUnits = 1'000'000'000'000;
  units = std::min(units, kMaxLimitUnits);
  if (limit_scale_ == 1) return units * 2;
  return std::llround(static_cast<double>(units) * 2 * limit_scale_);
}

void OnDemandMeter::Roll(int64_t now_ms) {
  int64_t window = now_ms >= 0 ? now_ms / window_ms_ : (now_ms - window_ms_ + 1) / window_ms_;
  if (window == window_) return;
  if (window_ != INT64_MIN && window_half_ > 0) {
    int64_t start_ms = window_ * window_ms_;
    int64_t minute = start_ms >= 0 ? start_ms / 60000 : (start_ms - 59999) / 60000;
    if (!recent_.empty() && recent_.back().minute == minute) {
      recent_.back().peak_half = std::max(recent_.back().peak_half, window_half_);
    } else {
      recent_.push_back({minute, window_half_});
    }
  }
  window_ = std::max(window_, window);
  window_half_ = 0;
  // Peaks older than 30 minutes become the previous peak.
  int64_t oldest_recent_minute = (window_ * window_ms_ - kOnDemandPeakWindowMillis) / 60000;
  while (!recent_.empty() && recent_.front().minute < oldest_recent_minute) {
    stable_peak_half_ = std::max(stable_peak_half_, recent_.front().peak_half);
    recent_.pop_front();
  }
}

int64_t OnDemandMeter::ScaledHalfUnits() const {
  return std::min(std::max(initial_half_, 2 * stable_peak_half_),
                  LimitHalf(kOnDemandTableQuotaUnits));
}

int64_t OnDemandMeter::AllowedHalfUnits(int64_t now_ms) {
  Roll(now_ms);
  if (!limits_apply_) return INT64_MAX / 4;  // a sample too small to judge: no limit
  int64_t allowed = ScaledHalfUnits();
  if (max_units_ >= 0) allowed = std::min(allowed, LimitHalf(max_units_));
  return allowed;
}

int64_t OnDemandMeter::InstantUnits(int64_t now_ms) {
  Roll(now_ms);
  // Back from half units per window to whole-table units per second.
  return static_cast<int64_t>(static_cast<double>(ScaledHalfUnits()) / (2 * limit_scale_));
}

bool OnDemandMeter::CanConsume(int64_t half_units, int64_t now_ms) {
  int64_t allowed = AllowedHalfUnits(now_ms);
  return window_half_ + half_units <= allowed;
}

void OnDemandMeter::Consume(int64_t half_units, int64_t now_ms) {
  Roll(now_ms);
  window_half_ += half_units;
}

}  // namespace headlock
