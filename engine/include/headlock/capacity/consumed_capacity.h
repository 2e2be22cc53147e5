// Consumed capacity: the read and write units DynamoDB charges.
//
// Units are counted in integer half-units (an eventually consistent read of
// 4 KB is one half-unit), as in Alternator, and turned into doubles only for
// output. That keeps sums exact.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace headlock {

enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };

struct CapacityHalfUnits {
  int64_t read = 0;   // half read units
  int64_t write = 0;  // half write units
  bool empty() const { return read == 0 && write == 0; }
  CapacityHalfUnits& operator+=(const CapacityHalfUnits& o) {
    read += o.read;
    write += o.write;
    return *this;
  }
  int64_t total() const { return read + write; }
  bool operator==(const CapacityHalfUnits&) const = default;
};

// Capacity consumed by one operation on one table: the table itself and each
// global secondary index whose stored view was touched (absent, not zero,
// when untouched).
struct ConsumedCapacity {
  std::string table_name;
  CapacityHalfUnits table;
  std::map<std::string, CapacityHalfUnits> global_secondary_indexes;

  // The partition-key values the operation touched, for DynamoDB's
  // per-partition limits (never reported to clients): the table's (its
  // units are `table`; empty when the operation spans partitions, as a Scan
  // does) and each index arm's, with what it took.
  std::string table_partition;
  struct PartitionArm {
    std::string index;
    std::string partition;  // identifies the partition-key value within the index
    CapacityHalfUnits units;
  };
  std::vector<PartitionArm> index_partitions;

  CapacityHalfUnits Total() const {
    CapacityHalfUnits t = table;
    for (const auto& [name, units] : global_secondary_indexes) t += units;
    return t;
  }
};

inline double HalfUnitsToDouble(int64_t half_units) { return static_cast<double>(half_units) / 2.0; }

// Exact decimal text of non-negative half units: 25 -> "12.5", 24 -> "12".
inline std::string HalfUnitsToText(int64_t half_units) {
  return std::to_string(half_units / 2) + (half_units % 2 != 0 ? ".5" : "");
}

// Units for reading `bytes` (4 KB granules; minimum one granule).
// strong: 2 half-units per granule, eventual: 1.
inline int64_t ReadHalfUnits(uint64_t bytes, bool strongly_consistent) {
  uint64_t granules = bytes == 0 ? 1 : (bytes + 4095) / 4096;  // 4 KB read unit
  return static_cast<int64_t>(granules) * (strongly_consistent ? 2 : 1);
}
// Units for writing `bytes` (1 KB granules; minimum one).
inline int64_t WriteHalfUnits(uint64_t bytes) {
  uint64_t granules = bytes == 0 ? 1 : (bytes + 1023) / 1024;  // 1 KB write unit
  return static_cast<int64_t>(granules) * 2;
}

}  // namespace headlock
