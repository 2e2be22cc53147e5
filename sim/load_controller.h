// The load controller (private to sim/): how many crawls to start each
// minute so that request-queue API writes per minute follow the scenario's
// load profile (sim/README.md, "Load").
//
// A fast loop corrects the crawl rate each minute by the ratio of its aim to
// the achieved writes (damped: running crawls keep writing, so the
// correction needs no more than a nudge). That loop settles where the
// *median* minute meets its aim; one minute's writes are skewed (a bulk crawl
// writes many minutes' worth), so at small scales the mean would sit far
// above the target (four weeks at 0.0005: +56%). A slow outer loop moves the
// aim by the integral of the linear error (target - achieved), which settles
// where the mean meets the target: a burst above it is paid back by a lower
// aim later (the integral may go below zero; capped at 3x above, so that
// throttled writes cannot wind it up). Not during warm-up, whose shortfall
// is the first crawls gathering speed.
#pragma once

#include <cstdint>
#include <optional>

#include "headlock/sim/scenario.h"

namespace headlock::sim {

class LoadController {
 public:
  // The first guess: crawls per minute = the first minute's target / the
  // API writes a crawl makes (its mean size x writes per page). `locking`:
  // the strategy takes server-side locks (two more writes per page).
  LoadController(const Scenario& scenario, bool locking);

  // Crawls to start in the first minute: twice the steady rate, so that the
  // run warms up fast.
  double FirstMinuteRate() const { return 2 * crawl_rate_; }

  // After the `minutes`-th minute closed with `target` and `achieved` API
  // writes (simulated scale), at `now_ms`: the crawls to start in the next
  // minute, or nullopt (start none) when the load is already well above the
  // aim.
  std::optional<double> NextMinuteRate(double target, double achieved, int64_t minutes,
                                       int64_t now_ms);

 private:
  const Scenario& sc_;
  double writes_per_crawl_ = 1;  // the model's guess of API writes per crawl
  double crawl_rate_ = 1;        // crawls started per minute
  double aim_bias_ = 1;          // its aim / the target (the outer loop)
  double target_sum_ = 0;        // the targets of the minutes so far
};

}  // namespace headlock::sim
