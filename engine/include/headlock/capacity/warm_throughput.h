// WarmThroughput: the read and write units per second a table or index can
// serve at once (DynamoDB's warm throughput, reference/dynamodb.md §5), in
// whole-table units. One struct for the engine's tables (ddb/table.h), the
// policy replays (policy_replay.h) and the simulator's warm start.
#pragma once

#include <algorithm>
#include <cstdint>

namespace headlock {

struct WarmThroughput {
  int64_t read_units_per_second = 0;
  int64_t write_units_per_second = 0;
  bool operator==(const WarmThroughput&) const = default;
};

// Each direction the larger of the two.
inline WarmThroughput Raised(const WarmThroughput& a, const WarmThroughput& b) {
  return {std::max(a.read_units_per_second, b.read_units_per_second),
          std::max(a.write_units_per_second, b.write_units_per_second)};
}

}  // namespace headlock
