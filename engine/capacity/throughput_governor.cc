#include "headlock/capacity/throughput_governor.h"

#include <algorithm>
#include <vector>

namespace headlock {

void ThroughputGovernor::Configure(const std::string& table, const std::string& index,
                                   CapacityMode mode, int64_t read_capacity_units,
                                   int64_t write_capacity_units, int64_t now_ms,
                                   int64_t max_read_request_units, int64_t max_write_request_units,
                                   int64_t warm_read_units, int64_t warm_write_units) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::pair<std::string_view, std::string_view>(table, index));
  bool fresh = it == buckets_.end();
  if (fresh) it = buckets_.emplace(Key(table, index), Buckets()).first;
  Buckets& b = it->second;
  if (mode == CapacityMode::kProvisioned) {
    if (fresh || b.mode == CapacityMode::kOnDemand) {
      // New, or back to provisioned: start with a full burst at the new rate.
      b.read = TokenBucket(read_capacity_units * 2, now_ms);
      b.write = TokenBucket(write_capacity_units * 2, now_ms);
    } else {
      b.read.SetRate(read_capacity_units * 2, now_ms);
      b.write.SetRate(write_capacity_units * 2, now_ms);
    }
    b.max_provisioned_read = std::max(b.max_provisioned_read, read_capacity_units);
    b.max_provisioned_write = std::max(b.max_provisioned_write, write_capacity_units);
  } else if (fresh || b.mode == CapacityMode::kProvisioned) {
    // New on-demand, or switched from provisioned: the previous peak is the
    // highest capacity ever provisioned.
    b.od_read = OnDemandMeter(kOnDemandInitialReadUnits, b.max_provisioned_read,
                              max_read_request_units, on_demand_window_);
    b.od_write = OnDemandMeter(kOnDemandInitialWriteUnits, b.max_provisioned_write,
                               max_write_request_units, on_demand_window_);
  } else {
    b.od_read.SetMax(max_read_request_units);
    b.od_write.SetMax(max_write_request_units);
  }
  b.od_read.RaiseInitial(warm_read_units);
  b.od_write.RaiseInitial(warm_write_units);
  b.mode = mode;
}

void ThroughputGovernor::set_table_limit_scale(double scale) {
  std::lock_guard<std::mutex> lock(mu_);
  on_demand_window_ = OnDemandWindowForScale(scale);
}

void ThroughputGovernor::Remove(const std::string& table) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->first.first == table ? buckets_.erase(it) : std::next(it);
  }
}

ThroughputGovernor::Buckets* ThroughputGovernor::Find(std::string_view table,
                                                       std::string_view index) {
  auto it = buckets_.find(std::pair<std::string_view, std::string_view>(table, index));
  return it == buckets_.end() ? nullptr : &it->second;
}

// Admitting an operation allocates nothing once a thread is warm: the
// pointer list of Admit and the scratch lists of AdmitAll are kept per thread
// and reused (each is used within one call only, so no lock guards them).
Status ThroughputGovernor::Admit(const ConsumedCapacity& capacity, int64_t now_ms) {
  thread_local std::vector<const ConsumedCapacity*> one(1);
  one[0] = &capacity;
  return AdmitAll(one, now_ms);
}

Status ThroughputGovernor::AdmitAll(const std::vector<const ConsumedCapacity*>& capacities,
                                    int64_t now_ms) {
  thread_local std::vector<Charge> charges;
  thread_local std::vector<PartitionCharge> partition_charges;
  charges.clear();
  partition_charges.clear();
  std::lock_guard<std::mutex> lock(mu_);
  // Forget past seconds now and then, so that the map holds only hot keys.
  // (Here, before any counter is taken: erasing frees counters.)
  constexpr size_t kMaxTrackedPartitions = 1 << 16;
  if (partition_seconds_.size() > kMaxTrackedPartitions) {
    int64_t second = now_ms / 1000;
    std::erase_if(partition_seconds_, [&](const auto& e) { return e.second.second != second; });
  }
  for (const ConsumedCapacity* one : capacities) {
    HEADLOCK_RETURN_IF_ERROR(Check(*one, now_ms, &charges));
    HEADLOCK_RETURN_IF_ERROR(CheckPartitions(*one, now_ms, &partition_charges));
  }
  for (const PartitionCharge& p : partition_charges) p.counter->units += *p.units;
  for (const Charge& c : charges) {
    if (c.buckets->mode == CapacityMode::kProvisioned) {
      c.buckets->read.Consume(c.units->read);
      c.buckets->write.Consume(c.units->write);
    } else {
      c.buckets->od_read.Consume(c.units->read, now_ms);
      c.buckets->od_write.Consume(c.units->write, now_ms);
    }
  }
  return Status::OK();
}

Status ThroughputGovernor::Check(const ConsumedCapacity& capacity, int64_t now_ms,
                                 std::vector<Charge>* charges) {
  auto check = [&](Buckets* b, const CapacityHalfUnits& units, bool is_index) -> Status {
    if (b == nullptr) return Status::OK();
    if (b->mode == CapacityMode::kProvisioned) {
      if (!b->read.CanConsume(units.read, now_ms) || !b->write.CanConsume(units.write, now_ms)) {
        return Status(Status::Code::kProvisionedThroughputExceededException,
                      std::string(is_index ? kIndexThroughputExceededMessage
                                           : kTableThroughputExceededMessage));
      }
    } else if (!b->od_read.CanConsume(units.read, now_ms) ||
               !b->od_write.CanConsume(units.write, now_ms)) {
      return Status(Status::Code::kThrottlingException, std::string(kOnDemandThrottlingMessage));
    }
    charges->push_back({b, &units});
    return Status::OK();
  };
  HEADLOCK_RETURN_IF_ERROR(check(Find(capacity.table_name, ""), capacity.table, false));
  for (const auto& [index, units] : capacity.global_secondary_indexes) {
    HEADLOCK_RETURN_IF_ERROR(check(Find(capacity.table_name, index), units, true));
  }
  return Status::OK();
}

Status ThroughputGovernor::CheckPartitions(const ConsumedCapacity& capacity, int64_t now_ms,
                                           std::vector<PartitionCharge>* charges) {
  if (!partition_limits_) return Status::OK();
  int64_t second = now_ms / 1000;
  thread_local std::string key;  // built in place: a lookup allocates nothing
  auto check_arm = [&](std::string_view index, const std::string& partition,
                       const CapacityHalfUnits& units) -> Status {
    key.assign(capacity.table_name);
    key.push_back('\0');
    key.append(index);
    key.push_back('\0');
    key.append(partition);
    // The key's counter (created if new; a counter of a past second counts
    // nothing and is restarted at this one, as taking units would do).
    PartitionSecond& counter = partition_seconds_.try_emplace(key).first->second;
    if (counter.second != second) counter = PartitionSecond{second, {}};
    CapacityHalfUnits used = counter.units;
    // Arms of one request on the same key add up too.
    for (const PartitionCharge& c : *charges) {
      if (c.counter == &counter) used += *c.units;
    }
    if (used.write + units.write > kPartitionMaxWriteUnits * 2 ||
        used.read + units.read > kPartitionMaxReadUnits * 2) {
      Buckets* b = Find(capacity.table_name, index);
      if (b != nullptr && b->mode == CapacityMode::kProvisioned) {
        return Status(Status::Code::kProvisionedThroughputExceededException,
                      std::string(index.empty() ? kTableThroughputExceededMessage
                                                : kIndexThroughputExceededMessage));
      }
      return Status(Status::Code::kThrottlingException, std::string(kOnDemandThrottlingMessage));
    }
    charges->push_back({&counter, &units});
    return Status::OK();
  };
  if (!capacity.table_partition.empty()) {
    HEADLOCK_RETURN_IF_ERROR(check_arm("", capacity.table_partition, capacity.table));
  }
  for (const auto& arm : capacity.index_partitions) {
    HEADLOCK_RETURN_IF_ERROR(check_arm(arm.index, arm.partition, arm.units));
  }
  return Status::OK();
}

std::optional<WarmThroughput> ThroughputGovernor::LearnedWarmThroughput(const std::string& table,
                                                                       const std::string& index,
                                                                       int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Buckets* b = Find(table, index);
  if (b == nullptr || b->mode != CapacityMode::kOnDemand) return std::nullopt;
  return WarmThroughput{b->od_read.InstantUnits(now_ms), b->od_write.InstantUnits(now_ms)};
}

int64_t ThroughputGovernor::AvailableWriteHalfUnits(const std::string& table,
                                                    const std::string& index, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Buckets* b = Find(table, index);
  if (b == nullptr || b->mode != CapacityMode::kProvisioned) return -1;
  return b->write.Available(now_ms);
}

}  // namespace headlock
