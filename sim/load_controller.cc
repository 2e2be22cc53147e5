#include "load_controller.h"

#include <algorithm>
#include <cmath>

#include "headlock/sim/simulator.h"

namespace headlock::sim {
namespace {

// The outer loop: the aim moves by this share of a minute's error in writes
// relative to the mean target.
constexpr double kControllerGain = 0.1;

}  // namespace

LoadController::LoadController(const Scenario& sc, bool locking) : sc_(sc) {
  const Population& p = sc.population;
  const double writes_per_page =
      (locking ? 2.0 : 0.0) + 1.0 / 24 + (p.links_per_page > 0 ? 1.0 : 0.0);
  const double a = p.queue_size_alpha, xm = p.queue_size_min, xmax = p.queue_size_max;
  const double mean_size = std::abs(a - 1) < 1e-9
                               ? xm * std::log(xmax / xm)
                               : a * xm / (a - 1) * (1 - std::pow(xm / xmax, a - 1));
  writes_per_crawl_ = std::max(1.0, mean_size * writes_per_page + 5);
  const double first = sc.load.WritesPerMinuteAt(sc.start_ms, sc.start_ms) * sc.scale;
  crawl_rate_ = std::max(0.05, first / writes_per_crawl_);
}

std::optional<double> LoadController::NextMinuteRate(double target, double achieved,
                                                     int64_t minutes, int64_t now_ms) {
  target_sum_ += target;
  if (minutes > kWarmupMinutes && target_sum_ > 0) {
    // In writes, relative to the mean target so far: relative to each
    // minute's own target, a burst at night would weigh more than the same
    // writes by day.
    const double mean_target = target_sum_ / static_cast<double>(minutes);
    aim_bias_ = std::min(aim_bias_ + kControllerGain * (target - achieved) / mean_target, 3.0);
  }
  const double aim =
      std::max(aim_bias_, 0.02) * sc_.load.WritesPerMinuteAt(sc_.start_ms, now_ms) * sc_.scale;
  if (aim > 0) {
    const double ratio = achieved > 0 ? aim / achieved : 2.0;
    crawl_rate_ *= std::clamp(std::pow(ratio, 0.7), 0.5, 2.0);
    crawl_rate_ = std::clamp(crawl_rate_, 0.02, 10 * aim / writes_per_crawl_ + 1);
  }
  if (achieved < 1.5 * aim) return crawl_rate_;
  return std::nullopt;
}

}  // namespace headlock::sim
