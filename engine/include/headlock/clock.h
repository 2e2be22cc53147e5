// Clock: the engine's only source of time (milliseconds since the Unix epoch).
//
// Everything that depends on time (orderNo = +-now, lock expiry, capacity
// buckets, the week a table belongs to, cost per hour) reads a Clock. The
// server uses SystemClock, tests use ManualClock, and the simulator its own
// simulated clock. The engine never sleeps and never reads the system clock
// directly.
//
// Thread safety: implementations must be safe to call from many threads.
#pragma once

#include <atomic>
#include <cstdint>

// The calendar for these milliseconds (DaysFromCivil, ParseUtcMillis, ...);
// included here for the callers that met DaysFromCivil in this header.
#include "headlock/time.h"

namespace headlock {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t NowMillis() const = 0;
};

// Wall-clock time (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  // A process-wide instance.
  static SystemClock* Default();
};

// A clock that moves only when told to, and never backwards.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_millis = 0) : now_(start_millis) {}
  int64_t NowMillis() const override { return now_.load(std::memory_order_acquire); }
  // Moves time forward by `millis` (negative values are ignored).
  void Advance(int64_t millis) {
    if (millis > 0) now_.fetch_add(millis, std::memory_order_acq_rel);
  }
  // Sets the time; a value earlier than now is ignored (time never runs backwards).
  void Set(int64_t millis) {
    int64_t cur = now_.load(std::memory_order_acquire);
    while (millis > cur && !now_.compare_exchange_weak(cur, millis, std::memory_order_acq_rel)) {
    }
  }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace headlock
