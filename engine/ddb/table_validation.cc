#include "ddb/table_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "ddb/table_codec.h"

namespace headlock::ddb {
namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Status ValidateThroughput(const ProvisionedThroughput& p, BillingMode mode,
                          std::string_view where) {
  if (mode == BillingMode::kPayPerRequest) {
    if (p.read_capacity_units != 0 || p.write_capacity_units != 0) {
      return Status::Validation(fmt::format(
          "{}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST",
          kInvalid));
    }
    return Status::OK();
  }
  if (p.read_capacity_units == 0 && p.write_capacity_units == 0) {
    return Status::Validation(fmt::format(
        "{}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED",
        kInvalid));
  }
  for (auto [value, field] : {std::pair{p.read_capacity_units, "readCapacityUnits"},
                              std::pair{p.write_capacity_units, "writeCapacityUnits"}}) {
    if (value < 1) {
      return Status::Validation(fmt::format(
          "1 validation error detected: Value '{}' at '{}provisionedThroughput.{}' failed to "
          "satisfy constraint: Member must have value greater than or equal to 1",
          value, where, field));
    }
  }
  return Status::OK();
}

// A WarmThroughput as given (0: that direction not given).
Status ValidateWarm(const WarmThroughput& w, std::string_view where) {
  for (auto [value, field] : {std::pair{w.read_units_per_second, "readUnitsPerSecond"},
                              std::pair{w.write_units_per_second, "writeUnitsPerSecond"}}) {
    if (value < 0) {
      return Status::Validation(fmt::format(
          "1 validation error detected: Value '{}' at '{}warmThroughput.{}' failed to satisfy "
          "constraint: Member must have value greater than or equal to 1",
          value, where, field));
    }
  }
  return Status::OK();
}

Status ResolveKeySchema(KeySchema* schema, const std::map<std::string, AttributeType>& defs,
                        std::set<std::string>* used) {
  for (KeyAttribute* attr : {&schema->partition_key,
                             schema->sort_key ? &*schema->sort_key : nullptr}) {
    if (attr == nullptr) continue;
    auto it = defs.find(attr->name);
    if (it == defs.end()) {
      return Status::Validation(fmt::format(
          "{}Some index key attributes are not defined in AttributeDefinitions. Keys: [{}]",
          kInvalid, attr->name));
    }
    attr->type = it->second;
    used->insert(attr->name);
  }
  if (schema->sort_key && schema->sort_key->name == schema->partition_key.name) {
    return Status::Validation(fmt::format(
        "{}Both the Hash Key and the Range Key element in the KeySchema have the same name",
        kInvalid));
  }
  return Status::OK();
}

}  // namespace

Status ValidateTableName(std::string_view name) {
  bool ok = name.size() >= kMinTableNameLength && name.size() <= kMaxTableNameLength;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.');
  }
  if (ok) return Status::OK();
  return Status::Validation(
      "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, "
      "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'");
}

Result<TableDefinition> ResolveCreateTable(const CreateTableRequest& request) {
  TableDefinition def = request.definition;
  HEADLOCK_RETURN_IF_ERROR(ValidateTableName(def.table_name));
  std::map<std::string, AttributeType> defs;
  for (const KeyAttribute& a : request.attribute_definitions) {
    if (a.type != AttributeType::kS && a.type != AttributeType::kN &&
        a.type != AttributeType::kB) {
      return Status::Validation(fmt::format(
          "1 validation error detected: Value '{}' at 'attributeDefinitions.member.attributeType' "
          "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
          AttributeTypeName(a.type)));
    }
    if (!defs.emplace(a.name, a.type).second) {
      return Status::Validation(fmt::format(
          "{}Cannot have two attributes with the same name. Attribute name: {}", kInvalid, a.name));
    }
  }
  std::set<std::string> used;
  HEADLOCK_RETURN_IF_ERROR(ResolveKeySchema(&def.key_schema, defs, &used));
  HEADLOCK_RETURN_IF_ERROR(ValidateThroughput(def.provisioned_throughput, def.billing_mode, ""));
  HEADLOCK_RETURN_IF_ERROR(ValidateWarm(def.warm_throughput, ""));
  def.warm_throughput =
      Raised(def.warm_throughput, BaselineWarm(def.billing_mode, def.provisioned_throughput));
  if (static_cast<int>(def.global_secondary_indexes.size()) > kMaxGlobalSecondaryIndexes) {
    return Status::Validation(fmt::format(
        "{}GlobalSecondaryIndexes count exceeds the per-table limit of {}", kInvalid,
        kMaxGlobalSecondaryIndexes));
  }
  std::set<std::string> index_names;
  size_t projected = 0;
  for (GlobalSecondaryIndex& g : def.global_secondary_indexes) {
    HEADLOCK_RETURN_IF_ERROR(ValidateTableName(g.index_name));
    if (!index_names.insert(g.index_name).second) {
      return Status::Validation(
          fmt::format("{}Duplicate index name: {}", kInvalid, g.index_name));
    }
    HEADLOCK_RETURN_IF_ERROR(ResolveKeySchema(&g.key_schema, defs, &used));
    HEADLOCK_RETURN_IF_ERROR(ValidateThroughput(g.provisioned_throughput, def.billing_mode,
                                                "globalSecondaryIndexes.member."));
    HEADLOCK_RETURN_IF_ERROR(ValidateWarm(g.warm_throughput, "globalSecondaryIndexes.member."));
    g.warm_throughput =
        Raised(g.warm_throughput, BaselineWarm(def.billing_mode, g.provisioned_throughput));
    if (g.projection.type == ProjectionType::kInclude) {
      if (g.projection.non_key_attributes.empty()) {
        return Status::Validation(fmt::format(
            "{}ProjectionType is INCLUDE, but NonKeyAttributes is not specified", kInvalid));
      }
      projected += g.projection.non_key_attributes.size();
    } else if (!g.projection.non_key_attributes.empty()) {
      return Status::Validation(fmt::format(
          "{}ProjectionType is {}, but NonKeyAttributes is specified", kInvalid,
          g.projection.type == ProjectionType::kAll ? "ALL" : "KEYS_ONLY"));
    }
  }
  if (projected > static_cast<size_t>(kMaxProjectedNonKeyAttributes)) {
    return Status::Validation(fmt::format(
        "{}The number of projected attributes in all indexes exceeds the limit of {}", kInvalid,
        kMaxProjectedNonKeyAttributes));
  }
  if (used.size() != defs.size()) {
    return Status::Validation(fmt::format(
        "{}Number of attributes in KeySchema does not exactly match number of attributes defined "
        "in AttributeDefinitions",
        kInvalid));
  }
  return def;
}

namespace {

bool Decreases(const ProvisionedThroughput& before, const ProvisionedThroughput& after) {
  return after.read_capacity_units < before.read_capacity_units ||
         after.write_capacity_units < before.write_capacity_units;
}

}  // namespace

Status ApplyTableUpdate(const UpdateTableRequest& request, int64_t now_ms, CapacityRuleSet rules,
                        TableRecord* record) {
  TableDefinition& def = record->definition;
  const TableDefinition before = def;
  if (request.billing_mode && *request.billing_mode != def.billing_mode) {
    bool to_on_demand = *request.billing_mode == BillingMode::kPayPerRequest;
    std::erase_if(record->switches_to_on_demand_ms,
                  [&](int64_t t) { return now_ms - t >= kDayMillis; });
    HEADLOCK_RETURN_IF_ERROR(CheckModeSwitch(rules, to_on_demand, record->switches_to_on_demand_ms,
                                             record->last_mode_switch_ms, now_ms));
    record->last_mode_switch_ms = now_ms;
    if (to_on_demand) {
      record->switches_to_on_demand_ms.push_back(now_ms);
      record->last_update_to_pay_per_request_ms = now_ms;
    }
  }
  if (request.billing_mode) {
    if (*request.billing_mode == BillingMode::kPayPerRequest) {
      def.provisioned_throughput = {};
      for (auto& g : def.global_secondary_indexes) g.provisioned_throughput = {};
    } else if (def.billing_mode == BillingMode::kPayPerRequest && !request.provisioned_throughput) {
      return Status::Validation(fmt::format(
          "{}ProvisionedThroughput must be specified when BillingMode is PROVISIONED", kInvalid));
    }
    def.billing_mode = *request.billing_mode;
  }
  if (request.provisioned_throughput) {
    if (def.billing_mode == BillingMode::kPayPerRequest) {
      return Status::Validation(fmt::format(
          "{}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST",
          kInvalid));
    }
    HEADLOCK_RETURN_IF_ERROR(
        ValidateThroughput(*request.provisioned_throughput, def.billing_mode, ""));
    def.provisioned_throughput = *request.provisioned_throughput;
  }
  if (request.on_demand_throughput) def.on_demand_throughput = *request.on_demand_throughput;
  if (request.warm_throughput) {
    const WarmThroughput& w = *request.warm_throughput;
    HEADLOCK_RETURN_IF_ERROR(ValidateWarm(w, ""));
    for (auto [given, current, field] :
         {std::tuple{w.read_units_per_second, def.warm_throughput.read_units_per_second,
                     "ReadUnitsPerSecond"},
          std::tuple{w.write_units_per_second, def.warm_throughput.write_units_per_second,
                     "WriteUnitsPerSecond"}}) {
      if (given != 0 && given < current) {
        return Status::Validation(fmt::format(
            "{}The warm throughput of a table cannot be decreased: {} {} is below the current {}",
            kInvalid, field, given, current));
      }
    }
    def.warm_throughput = Raised(def.warm_throughput, w);
  }
  for (const auto& u : request.global_secondary_index_updates) {
    GlobalSecondaryIndex* target = nullptr;
    for (auto& g : def.global_secondary_indexes) {
      if (g.index_name == u.index_name) target = &g;
    }
    if (target == nullptr) {
      return Status::ResourceNotFound("Requested resource not found: Index: " + u.index_name +
                                      " not found");
    }
    if (u.provisioned_throughput) {
      HEADLOCK_RETURN_IF_ERROR(ValidateThroughput(*u.provisioned_throughput, def.billing_mode,
                                                  "globalSecondaryIndexUpdates.member."));
      target->provisioned_throughput = *u.provisioned_throughput;
    }
    if (u.on_demand_throughput) target->on_demand_throughput = *u.on_demand_throughput;
    if (u.warm_throughput) {
      // An index's warm throughput only rises too, but a lower value is not
      // an error (AWS's own example asks an index for 88 / 77): it changes
      // nothing, as what the index serves at once never falls.
      HEADLOCK_RETURN_IF_ERROR(
          ValidateWarm(*u.warm_throughput, "globalSecondaryIndexUpdates.member."));
      target->warm_throughput = Raised(target->warm_throughput, *u.warm_throughput);
    }
  }
  // Warm throughput rises with the capacity in force and never falls below it.
  def.warm_throughput =
      Raised(def.warm_throughput, BaselineWarm(def.billing_mode, def.provisioned_throughput));
  for (auto& g : def.global_secondary_indexes) {
    g.warm_throughput =
        Raised(g.warm_throughput, BaselineWarm(def.billing_mode, g.provisioned_throughput));
  }
  if (def.billing_mode == BillingMode::kProvisioned) {
    for (const auto& g : def.global_secondary_indexes) {
      if (g.provisioned_throughput.read_capacity_units < 1 ||
          g.provisioned_throughput.write_capacity_units < 1) {
        return Status::Validation(fmt::format(
            "{}ProvisionedThroughput must be specified for index: {}", kInvalid, g.index_name));
      }
    }
  }
  // Decreases of provisioned throughput (provisioned before and after), the
  // table and each index counted apart; a request over either limit fails
  // whole (the caller keeps the old record).
  if (before.billing_mode == BillingMode::kProvisioned &&
      def.billing_mode == BillingMode::kProvisioned) {
    if (Decreases(before.provisioned_throughput, def.provisioned_throughput)) {
      HEADLOCK_RETURN_IF_ERROR(
          TakeDecrease(&record->table_decreases, now_ms, "table " + def.table_name));
    }
    record->index_decreases.resize(def.global_secondary_indexes.size());
    for (size_t i = 0; i < def.global_secondary_indexes.size(); ++i) {
      if (Decreases(before.global_secondary_indexes[i].provisioned_throughput,
                    def.global_secondary_indexes[i].provisioned_throughput)) {
        HEADLOCK_RETURN_IF_ERROR(TakeDecrease(&record->index_decreases[i], now_ms,
                                              "index " + def.global_secondary_indexes[i].index_name));
      }
    }
  }
  return Status::OK();
}

}  // namespace headlock::ddb
