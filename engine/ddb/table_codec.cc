#include "ddb/table_codec.h"

#include "headlock/capacity/on_demand_meter.h"
#include "value/coding.h"

namespace headlock::ddb {
namespace {

using namespace value_coding;  // NOLINT: the shared binary coding helpers

void PutKeyAttribute(std::string* dst, const KeyAttribute& a) {
  PutLengthPrefixed(dst, a.name);
  dst->push_back(static_cast<char>(a.type));
}

void PutKeySchema(std::string* dst, const KeySchema& k) {
  PutKeyAttribute(dst, k.partition_key);
  dst->push_back(k.sort_key ? 1 : 0);
  if (k.sort_key) PutKeyAttribute(dst, *k.sort_key);
}

void PutThroughput(std::string* dst, const ProvisionedThroughput& p, const OnDemandThroughput& o) {
  PutVarsint64(dst, p.read_capacity_units);
  PutVarsint64(dst, p.write_capacity_units);
  PutVarsint64(dst, o.max_read_request_units);
  PutVarsint64(dst, o.max_write_request_units);
}

bool GetKeyAttribute(std::string_view* in, KeyAttribute* a) {
  std::string_view name;
  uint8_t type = 0;
  if (!GetLengthPrefixed(in, &name) || !GetByte(in, &type)) return false;
  if (type != static_cast<uint8_t>(AttributeType::kS) &&
      type != static_cast<uint8_t>(AttributeType::kN) &&
      type != static_cast<uint8_t>(AttributeType::kB)) {
    return false;
  }
  a->name = std::string(name);
  a->type = static_cast<AttributeType>(type);
  return true;
}

bool GetKeySchema(std::string_view* in, KeySchema* k) {
  uint8_t has_sort = 0;
  if (!GetKeyAttribute(in, &k->partition_key) || !GetByte(in, &has_sort)) return false;
  if (has_sort) {
    k->sort_key.emplace();
    return GetKeyAttribute(in, &*k->sort_key);
  }
  k->sort_key.reset();
  return true;
}

void PutDecreases(std::string* dst, const DecreaseCounter& c) {
  PutVarsint64(dst, c.day);
  PutVarsint64(dst, c.available);
  PutVarsint64(dst, c.credited_hour);
  PutVarsint64(dst, c.decreases_today);
  PutVarsint64(dst, c.last_decrease_ms);
}

bool GetDecreases(std::string_view* in, DecreaseCounter* c) {
  int64_t available = 0, today = 0;
  if (!GetVarsint64(in, &c->day) || !GetVarsint64(in, &available) ||
      !GetVarsint64(in, &c->credited_hour) || !GetVarsint64(in, &today) ||
      !GetVarsint64(in, &c->last_decrease_ms)) {
    return false;
  }
  c->available = static_cast<int>(available);
  c->decreases_today = static_cast<int>(today);
  return true;
}

void PutWarm(std::string* dst, const WarmThroughput& w) {
  PutVarsint64(dst, w.read_units_per_second);
  PutVarsint64(dst, w.write_units_per_second);
}

bool GetWarm(std::string_view* in, WarmThroughput* w) {
  return GetVarsint64(in, &w->read_units_per_second) &&
         GetVarsint64(in, &w->write_units_per_second);
}

bool GetThroughput(std::string_view* in, ProvisionedThroughput* p, OnDemandThroughput* o) {
  return GetVarsint64(in, &p->read_capacity_units) && GetVarsint64(in, &p->write_capacity_units) &&
         GetVarsint64(in, &o->max_read_request_units) &&
         GetVarsint64(in, &o->max_write_request_units);
}

}  // namespace

WarmThroughput BaselineWarm(BillingMode mode, const ProvisionedThroughput& p) {
  if (mode == BillingMode::kPayPerRequest) {
    return {kOnDemandInitialReadUnits, kOnDemandInitialWriteUnits};
  }
  return {p.read_capacity_units, p.write_capacity_units};
}

void EncodeTableRecord(const TableRecord& r, std::string* dst) {
  dst->push_back(static_cast<char>(kTableRecordVersion));
  PutVarint32(dst, r.table_id);
  PutLengthPrefixed(dst, r.definition.table_name);
  PutKeySchema(dst, r.definition.key_schema);
  dst->push_back(static_cast<char>(r.definition.billing_mode));
  PutThroughput(dst, r.definition.provisioned_throughput, r.definition.on_demand_throughput);
  PutVarsint64(dst, r.creation_date_time_ms);
  PutVarsint64(dst, r.last_update_to_pay_per_request_ms);
  PutVarint32(dst, static_cast<uint32_t>(r.definition.global_secondary_indexes.size()));
  for (size_t i = 0; i < r.definition.global_secondary_indexes.size(); ++i) {
    const GlobalSecondaryIndex& g = r.definition.global_secondary_indexes[i];
    PutVarint32(dst, r.index_ids[i]);
    PutLengthPrefixed(dst, g.index_name);
    PutKeySchema(dst, g.key_schema);
    dst->push_back(static_cast<char>(g.projection.type));
    PutVarint32(dst, static_cast<uint32_t>(g.projection.non_key_attributes.size()));
    for (const std::string& a : g.projection.non_key_attributes) PutLengthPrefixed(dst, a);
    PutThroughput(dst, g.provisioned_throughput, g.on_demand_throughput);
  }
  // Appended fields: the capacity-change history.
  PutVarint32(dst, static_cast<uint32_t>(r.switches_to_on_demand_ms.size()));
  for (int64_t t : r.switches_to_on_demand_ms) PutVarsint64(dst, t);
  PutVarsint64(dst, r.last_mode_switch_ms);
  PutDecreases(dst, r.table_decreases);
  for (size_t i = 0; i < r.definition.global_secondary_indexes.size(); ++i) {
    PutDecreases(dst, i < r.index_decreases.size() ? r.index_decreases[i] : DecreaseCounter{});
  }
  // Appended fields: warm throughput, the table's then each index's.
  PutWarm(dst, r.definition.warm_throughput);
  for (const GlobalSecondaryIndex& g : r.definition.global_secondary_indexes) {
    PutWarm(dst, g.warm_throughput);
  }
}

Status DecodeTableRecord(std::string_view in, TableRecord* r) {
  auto corrupt = [] { return Status::Storage("corrupt table record in the catalog"); };
  uint8_t version = 0, billing = 0;
  std::string_view name;
  if (!GetByte(&in, &version) || version != kTableRecordVersion) return corrupt();
  if (!GetVarint32(&in, &r->table_id) || !GetLengthPrefixed(&in, &name)) return corrupt();
  r->definition.table_name = std::string(name);
  if (!GetKeySchema(&in, &r->definition.key_schema) || !GetByte(&in, &billing) || billing > 1) {
    return corrupt();
  }
  r->definition.billing_mode = static_cast<BillingMode>(billing);
  uint32_t n = 0;
  if (!GetThroughput(&in, &r->definition.provisioned_throughput,
                     &r->definition.on_demand_throughput) ||
      !GetVarsint64(&in, &r->creation_date_time_ms) ||
      !GetVarsint64(&in, &r->last_update_to_pay_per_request_ms) || !GetVarint32(&in, &n)) {
    return corrupt();
  }
  r->definition.global_secondary_indexes.clear();
  r->index_ids.clear();
  for (uint32_t i = 0; i < n; ++i) {
    GlobalSecondaryIndex g;
    uint32_t id = 0, attrs = 0;
    uint8_t projection = 0;
    if (!GetVarint32(&in, &id) || !GetLengthPrefixed(&in, &name) ||
        !GetKeySchema(&in, &g.key_schema) || !GetByte(&in, &projection) || projection > 2 ||
        !GetVarint32(&in, &attrs)) {
      return corrupt();
    }
    g.index_name = std::string(name);
    g.projection.type = static_cast<ProjectionType>(projection);
    for (uint32_t a = 0; a < attrs; ++a) {
      std::string_view attr;
      if (!GetLengthPrefixed(&in, &attr)) return corrupt();
      g.projection.non_key_attributes.emplace_back(attr);
    }
    if (!GetThroughput(&in, &g.provisioned_throughput, &g.on_demand_throughput)) return corrupt();
    r->index_ids.push_back(id);
    r->definition.global_secondary_indexes.push_back(std::move(g));
  }
  r->switches_to_on_demand_ms.clear();
  r->index_decreases.assign(n, DecreaseCounter{});
  // A record from before warm throughput (or before the capacity history):
  // the baseline.
  auto baseline_warm = [r] {
    r->definition.warm_throughput =
        BaselineWarm(r->definition.billing_mode, r->definition.provisioned_throughput);
    for (GlobalSecondaryIndex& g : r->definition.global_secondary_indexes) {
      g.warm_throughput = BaselineWarm(r->definition.billing_mode, g.provisioned_throughput);
    }
    return Status::OK();
  };
  if (in.empty()) return baseline_warm();  // a record from before the capacity history
  uint32_t switches = 0;
  if (!GetVarint32(&in, &switches)) return corrupt();
  for (uint32_t i = 0; i < switches; ++i) {
    int64_t t = 0;
    if (!GetVarsint64(&in, &t)) return corrupt();
    r->switches_to_on_demand_ms.push_back(t);
  }
  if (!GetVarsint64(&in, &r->last_mode_switch_ms) || !GetDecreases(&in, &r->table_decreases)) {
    return corrupt();
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (!GetDecreases(&in, &r->index_decreases[i])) return corrupt();
  }
  if (in.empty()) return baseline_warm();
  if (!GetWarm(&in, &r->definition.warm_throughput)) return corrupt();
  for (GlobalSecondaryIndex& g : r->definition.global_secondary_indexes) {
    if (!GetWarm(&in, &g.warm_throughput)) return corrupt();
  }
  if (!in.empty()) return corrupt();
  return Status::OK();
}

}  // namespace headlock::ddb
