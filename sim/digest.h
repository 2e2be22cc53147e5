// The digest of a finished run (private to sim/): one number that changes
// when any figure the run reports changes, so that "same scenario + seed =>
// same run" and "a restructuring changed nothing" can be checked at a glance.
#pragma once

#include <cstdint>

#include "headlock/sim/simulator.h"

namespace headlock::sim {

// XXH64 of every field of `result` but `wall_seconds` and `digest`, in a
// fixed text form: the scenario as run, the strategy and policy, every
// total, the timeline, the table-hours and table-days, storage, peaks, the
// capacity record (its CSV), the warm tables, the crawl starts and the
// event count.
uint64_t DigestOf(const SimResult& result);

}  // namespace headlock::sim
