#include "headlock/sim/random.h"

#include <cmath>

namespace headlock::sim {

Rng::Rng(uint64_t seed) : seed_(seed) {
  uint64_t state = seed;
  for (uint64_t& s : s_) s = SplitMix64(&state);
}

static inline uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
  if (range == 0) return static_cast<int64_t>(Next());  // the whole 64-bit range
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return lo + static_cast<int64_t>(x % range);
}

double Rng::Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

double Rng::Normal() {
  double u1 = Uniform();
  while (u1 <= 0) u1 = Uniform();
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double Rng::LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

double Rng::Pareto(double min, double alpha, double max) {
  const double u = 1.0 - Uniform();  // (0, 1]
  const double x = min / std::pow(u, 1.0 / alpha);
  return x < max ? x : max;
}

int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const double limit = std::exp(-mean);
    int64_t k = 0;
    double p = Uniform();
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }
  const double x = std::floor(mean + std::sqrt(mean) * Normal() + 0.5);
  return x < 0 ? 0 : static_cast<int64_t>(x);
}

Rng Rng::Fork(uint64_t stream) const {
  uint64_t state = seed_ ^ (stream * 0xd1b54a32d192ed03ULL);
  return Rng(SplitMix64(&state));
}

}  // namespace headlock::sim
