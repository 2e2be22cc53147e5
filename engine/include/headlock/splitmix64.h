// splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): a 64-bit mix with a fixed algorithm, unlike
// std:: engines and distributions, whose output differs between standard
// libraries.
//
// One definition for everything whose output must never change: request
// queue and key-value store ids (they are stored), the simulator's seeding
// and digests (a digest proves two runs identical). Changing a constant here
// changes every id and every digest.
//
// Thread safety: pure functions; a state belongs to its caller.
#pragma once

#include <cstdint>

namespace headlock {

// Advances `*state` by the golden-ratio increment and returns the mix of the
// new state: the generator's next output.
constexpr uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The output of one step from `state` (a stateless 64-bit hash of `state`):
// SplitMix64Hash(x) == SplitMix64(&copy_of_x).
constexpr uint64_t SplitMix64Hash(uint64_t state) { return SplitMix64(&state); }

}  // namespace headlock
