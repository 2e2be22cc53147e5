// OnDemandMeter: a model of how much an on-demand table or index can take
// per second (reference/dynamodb.md §5), for one direction (reads or writes).
//
//   - a new table serves its initial rate at once (4,000 write or 12,000
//     read request units per second);
//   - it instantly accommodates up to twice its previous peak; the previous
//     peak is the highest per-second consumption seen at least 30 minutes
//     ago (traffic that grows faster than that is throttled), or, after a
//     switch from provisioned, the highest capacity ever provisioned;
//   - the per-table quota (40,000 units per second by default) and an
//     OnDemandThroughput maximum, when set, are hard caps.
// A request that would take the current second beyond the allowance is
// throttled (ThrottlingException) and takes nothing.
//
// The "second" is a window of `window_ms` (1,000 by default), in which the
// limits (initial rate, quota, maximum, warm throughput: units per second)
// allow `limit_scale` x their value; the previous peak is per window. A
// simulator that runs a sampled fraction f of its population uses
// OnDemandWindowForScale(f): see there.
//
// Modelling choice (documented in docs/DESIGN-NOTES.md): DynamoDB does not
// publish its scaling algorithm; this is the documented behaviour, with the
// peak tracked per second and remembered per minute.
//
// Thread safety: none; the owner serialises access.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>

namespace headlock {

inline constexpr int64_t kOnDemandInitialWriteUnits = 4000;   // new table, per second
inline constexpr int64_t kOnDemandInitialReadUnits = 12000;   // new table, per second
inline constexpr int64_t kOnDemandTableQuotaUnits = 40000;    // per table or GSI, per second
inline constexpr int64_t kOnDemandPeakWindowMillis = 30LL * 60 * 1000;  // 2x previous peak window

// The meter's window for a simulation of a sampled fraction `scale` of the
// population (kMinScaleForTableLimits <= scale <= 1). Limits are the whole
// table's per second; the sample's consumption must be averaged long enough
// to vary no more than the whole table's does in a second. 1/scale seconds
// hold as many calls as the whole's second, but not as many independent
// crawls: one crawl's bursts last minutes (a bulk pre-enqueue writes 1,000
// requests a second for up to 500 s), so at 0.01 one sampled bulk crawl
// would stand for a hundred at once (100,000 units a second, over the
// quota) for its whole length. The window is therefore 1/scale^2 seconds,
// at most an hour (scale 1: one second, exactly DynamoDB's; 0.1: 100 s), and
// a limit allows scale x window seconds of its per-second value in it. The
// price is time resolution: table-wide throttling answers sustained overload
// (a cold table at the peak), not bursts.
//
// Below kMinScaleForTableLimits no window works: the sample holds too few
// crawls (at 0.01 one bulk crawl still stands for a hundred, whatever the
// window), so a simulator that small does not apply table-wide on-demand
// limits at all; per-partition limits, which a sampled queue meets exactly,
// still apply.
inline constexpr double kMinScaleForTableLimits = 0.1;
struct OnDemandWindow {
  int64_t window_ms = 1000;
  double limit_scale = 1;  // whole-table seconds per window, in sampled units
  bool limits_apply = true;  // false below kMinScaleForTableLimits: never throttles
};
OnDemandWindow OnDemandWindowForScale(double scale);

class OnDemandMeter {
 public:
  OnDemandMeter() = default;
  // `initial_units` per second are always allowed; `previous_peak_units` seeds
  // the previous peak (a switch from provisioned); `max_units` caps it (-1:
  // the table quota only).
  // All units are per second: the limits scaled by the window's
  // `limit_scale`, the previous peak (provisioned capacity, in the sample's
  // units) by the window's length.
  OnDemandMeter(int64_t initial_units, int64_t previous_peak_units, int64_t max_units,
                OnDemandWindow window = {});

  void SetMax(int64_t max_units) { max_units_ = max_units; }
  // Raises what is always allowed (warm throughput: pre-warming).
  void RaiseInitial(int64_t units) { initial_half_ = std::max(initial_half_, LimitHalf(units)); }

  // True if `half_units` more fit in the window (second) of `now_ms`.
  bool CanConsume(int64_t half_units, int64_t now_ms);
  void Consume(int64_t half_units, int64_t now_ms);

  // Half units allowed per window (second) at `now_ms`.
  int64_t AllowedHalfUnits(int64_t now_ms);

  // What the meter has scaled to at `now_ms`, in whole-table units per
  // second: its initial (warm) rate or twice its previous peak, under the
  // table quota. DynamoDB reports this as the warm throughput, which
  // "adjusts as usage increases"; an OnDemandThroughput maximum caps what is
  // served, not this (AWS's example: warm 30,000 reads, maximum 5,000).
  // Computed the same way when the window's limits do not apply (a sample
  // under kMinScaleForTableLimits).
  int64_t InstantUnits(int64_t now_ms);

 private:
  void Roll(int64_t now_ms);
  // Half units per window the meter has scaled to, under the quota but not
  // the maximum. REQUIRES: rolled.
  int64_t ScaledHalfUnits() const;
  // Half units a per-second limit of `units` allows in one window.
  int64_t LimitHalf(int64_t units) const;

  int64_t initial_half_ = 0;
  int64_t max_units_ = -1;
  int64_t stable_peak_half_ = 0;  // previous peak: seen at least 30 minutes ago
  int64_t window_ms_ = 1000;
  double limit_scale_ = 1;
  bool limits_apply_ = true;
  int64_t window_ = INT64_MIN;  // the current window and what it consumed
  int64_t window_half_ = 0;
  struct Minute {
    int64_t minute;
    int64_t peak_half;
  };
  std::deque<Minute> recent_;     // per-minute peaks of the last 30 minutes
};

}  // namespace headlock
