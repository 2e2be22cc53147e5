// Rng: the simulator's one source of randomness. A fixed algorithm
// (xoshiro256**, seeded through splitmix64), passed explicitly, never global,
// and no std:: distributions (their output differs between standard
// libraries): the same seed gives the same numbers on every machine with
// IEEE doubles, so a scenario and a seed give the same report byte for byte.
#pragma once

#include <cstdint>

#include "headlock/splitmix64.h"

namespace headlock::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  // Uniform in [0, 1) with 53 random bits.
  double Uniform();
  // Uniform integer in [lo, hi] (hi >= lo), without modulo bias.
  int64_t UniformInt(int64_t lo, int64_t hi);
  bool Chance(double p) { return Uniform() < p; }
  // Exponential with the given mean (> 0).
  double Exponential(double mean);
  // Standard normal (Box-Muller, one value per call).
  double Normal();
  // Log-normal with the given median and sigma of the underlying normal.
  double LogNormal(double median, double sigma);
  // Pareto (type I) with scale `min` and shape `alpha`, capped at `max`.
  double Pareto(double min, double alpha, double max);
  // Poisson with the given mean (Knuth below 30, a rounded normal above).
  int64_t Poisson(double mean);
  // An independent stream derived from this one's seed and `stream` (the
  // same seed and stream always give the same numbers, whatever else drew).
  Rng Fork(uint64_t stream) const;
  // Fork(stream).Fork(key): a stream per thing decided (common random
  // numbers: what one page, crawler or queue draws does not depend on what
  // anything else drew, so compared runs meet the same workload).
  Rng Stream(uint64_t stream, uint64_t key) const { return Fork(stream).Fork(key); }

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

// splitmix64 (headlock/splitmix64.h): seeds Rng, derives seeds and digests.
using ::headlock::SplitMix64;

}  // namespace headlock::sim
