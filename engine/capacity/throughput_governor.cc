#include "headlock/capacity/throughput_governor.h"

#include <vector>

namespace headlock {

void ThroughputGovernor::Configure(const std::string& table, const std::string& index,
                                   CapacityMode mode, int64_t read_capacity_units,
                                   int64_t write_capacity_units, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == buckets_.end()) {
    Buckets b;
    b.mode = mode;
    b.read = TokenBucket(read_capacity_units * 2, now_ms);
    b.write = TokenBucket(write_capacity_units * 2, now_ms);
    buckets_.emplace(Key(table, index), std::move(b));
    return;
  }
  Buckets& b = it->second;
  if (b.mode == CapacityMode::kOnDemand && mode == CapacityMode::kProvisioned) {
    // Back to provisioned: start with a full burst at the new rate.
    b.read = TokenBucket(read_capacity_units * 2, now_ms);
    b.write = TokenBucket(write_capacity_units * 2, now_ms);
  } else {
    b.read.SetRate(read_capacity_units * 2, now_ms);
    b.write.SetRate(write_capacity_units * 2, now_ms);
  }
  b.mode = mode;
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

Status ThroughputGovernor::Admit(const ConsumedCapacity& capacity, int64_t now_ms) {
  return AdmitAll({&capacity}, now_ms);
}

Status ThroughputGovernor::AdmitAll(const std::vector<const ConsumedCapacity*>& capacities,
                                    int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Charge> charges;
  for (const ConsumedCapacity* one : capacities) {
    HEADLOCK_RETURN_IF_ERROR(Check(*one, now_ms, &charges));
  }
  for (const Charge& c : charges) {
    c.buckets->read.Consume(c.units->read);
    c.buckets->write.Consume(c.units->write);
  }
  return Status::OK();
}

Status ThroughputGovernor::Check(const ConsumedCapacity& capacity, int64_t now_ms,
                                 std::vector<Charge>* charges) {
  Buckets* table = Find(capacity.table_name, "");
  if (table != nullptr && table->mode == CapacityMode::kProvisioned) {
    if (!table->read.CanConsume(capacity.table.read, now_ms) ||
        !table->write.CanConsume(capacity.table.write, now_ms)) {
      return Status(Status::Code::kProvisionedThroughputExceededException,
                    std::string(kTableThroughputExceededMessage));
    }
    charges->push_back({table, &capacity.table});
  }
  for (const auto& [index, units] : capacity.global_secondary_indexes) {
    Buckets* b = Find(capacity.table_name, index);
    if (b == nullptr || b->mode != CapacityMode::kProvisioned) continue;
    if (!b->read.CanConsume(units.read, now_ms) || !b->write.CanConsume(units.write, now_ms)) {
      return Status(Status::Code::kProvisionedThroughputExceededException,
                    std::string(kIndexThroughputExceededMessage));
    }
    charges->push_back({b, &units});
  }
  return Status::OK();
}

int64_t ThroughputGovernor::AvailableWriteHalfUnits(const std::string& table,
                                                    const std::string& index, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Buckets* b = Find(table, index);
  if (b == nullptr || b->mode != CapacityMode::kProvisioned) return -1;
  return b->write.Available(now_ms);
}

}  // namespace headlock
