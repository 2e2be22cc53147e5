#include <fmt/core.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "report_parts.h"

namespace headlock::sim::report {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

struct JsonTotal {
  const char* key;
  double SimTotals::*member;
};
// summary.json's order: the figures a comparison reads first...
constexpr JsonTotal kHeadTotals[] = {
    {"requests_handled", &SimTotals::requests_handled},
    {"duplicate_handlings", &SimTotals::duplicate_handlings},
    {"write_units", &SimTotals::write_units},
    {"read_units", &SimTotals::read_units},
    {"throttled_requests", &SimTotals::throttled_requests},
    {"cost_usd", &SimTotals::cost_usd},
    {"api_writes", &SimTotals::api_writes},
    {"api_reads", &SimTotals::api_reads},
    {"ddb_requests", &SimTotals::ddb_requests},
};
// ...then, after the per-request figures, the rest.
constexpr JsonTotal kOtherTotals[] = {
    {"api_throttled_calls", &SimTotals::api_throttled_calls},
    {"api_errors", &SimTotals::api_errors},
    {"api_failed_calls", &SimTotals::api_failed_calls},
    {"requests_added", &SimTotals::requests_added},
    {"failed_pages", &SimTotals::failed_pages},
    {"migrations", &SimTotals::migrations},
    {"migrations_with_notice", &SimTotals::migrations_with_notice},
    {"wasted_pages", &SimTotals::wasted_pages},
    {"wasted_page_seconds", &SimTotals::wasted_page_seconds},
    {"kv_writes", &SimTotals::kv_writes},
    {"kv_reads", &SimTotals::kv_reads},
    {"crawls", &SimTotals::crawls},
    {"recrawls", &SimTotals::recrawls},
    {"on_demand_usd", &SimTotals::on_demand_usd},
    {"provisioned_usd", &SimTotals::provisioned_usd},
    {"storage_usd", &SimTotals::storage_usd},
    {"tables_dropped", &SimTotals::tables_dropped},
    {"capacity_changes", &SimTotals::capacity_changes},
    {"refused_capacity_changes", &SimTotals::refused_capacity_changes},
};

void Num(Writer& w, const char* key, double x) {
  w.Key(key);
  w.Double(x);
}

// The fit to the load profile, storage and the calibration against the seed.
void WriteLoadAndStorage(Writer& w, const SimResult& r) {
  const LoadFit fit = FitOf(r);
  Num(w, "target_api_writes_per_minute_mean", fit.mean_target);
  Num(w, "api_writes_per_minute_mean", fit.mean_achieved);
  w.Key("minutes_within_5_percent_after_warmup");
  w.Int(fit.within);
  w.Key("minutes_after_warmup");
  w.Int(fit.minutes);
  double items = 0, bytes = 0;
  for (const TableStorage& s : r.storage) {
    items += s.items;
    bytes += s.bytes;
  }
  Num(w, "stored_items", items);
  Num(w, "stored_bytes", bytes);
  const SimTotals& t = r.totals;
  Num(w, "requests_added_per_month", PerMonth(t.requests_added, r.scenario));
  // What the seed's 500 million a month mean at this run's rate of writes.
  Num(w, "api_writes_per_request_added",
      t.requests_added > 0 ? t.api_writes / t.requests_added : 0);
  Num(w, "seed_api_writes_per_request_stored",
      PerMonth(t.api_writes, r.scenario) / kSeedRequestsPerMonth);
}

void WriteTableTotals(Writer& w, const SimResult& r) {
  w.Key("tables");
  w.StartArray();
  for (const TableTotal& tt : TableTotals(r)) {
    w.StartObject();
    w.Key("table");
    w.String(tt.table.c_str());
    w.Key("week");
    w.String(WeekOf(tt.table).c_str());
    w.Key("mode");
    w.String(tt.mode.c_str());
    Num(w, "write_units", tt.write_units);
    Num(w, "read_units", tt.read_units);
    Num(w, "throttled_requests", tt.throttled);
    Num(w, "cost_usd", tt.cost);
    w.EndObject();
  }
  w.EndArray();
}

void WriteRun(Writer& w, const SimResult& r) {
  const SimTotals& t = r.totals;
  w.StartObject();
  w.Key("lock_strategy");
  w.String(r.lock_strategy.c_str());
  w.Key("capacity_policy");
  w.String(r.capacity_policy.c_str());
  for (const JsonTotal& f : kHeadTotals) Num(w, f.key, t.*f.member);
  Num(w, "write_units_per_handled_request", PerHandled(t.write_units, r));
  Num(w, "read_units_per_handled_request", PerHandled(t.read_units, r));
  Num(w, "api_writes_per_handled_request", PerHandled(t.api_writes, r));
  for (const JsonTotal& f : kOtherTotals) Num(w, f.key, t.*f.member);
  WriteLoadAndStorage(w, r);
  WriteTableTotals(w, r);
  w.Key("seed");
  w.Uint64(r.scenario.seed);
  w.Key("digest");
  w.String(r.digest_hex().c_str());
  w.Key("events");
  w.Uint64(r.events);
  w.EndObject();
}

const char* ComparisonName(Comparison c) {
  return c == Comparison::kStrategies ? "strategies"
         : c == Comparison::kPolicies ? "policies"
                                      : "none";
}

}  // namespace

std::string SummaryJson(const std::vector<SimResult>& runs, Comparison c,
                        const std::vector<PolicyCost>& policies) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.SetIndent(' ', 2);
  const Scenario& sc = runs.front().scenario;
  w.StartObject();
  w.Key("scenario");
  w.String(sc.name.c_str());
  w.Key("start");
  w.String(FormatUtc(sc.start_ms).c_str());
  w.Key("duration_seconds");
  w.Int64(sc.duration_ms / 1000);
  w.Key("scale");
  w.Double(sc.scale);
  w.Key("seed");
  w.Uint64(sc.seed);
  w.Key("compare");
  w.String(ComparisonName(c));
  w.Key("runs");
  w.StartObject();
  for (const SimResult& r : runs) {
    w.Key(RunLabel(r, c == Comparison::kNone ? Comparison::kStrategies : c).c_str());
    WriteRun(w, r);
  }
  w.EndObject();
  w.Key("policy_costs_replayed");
  w.StartObject();
  for (const PolicyCost& p : policies) Num(w, p.policy.c_str(), p.total);
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::string PerformanceJson(const SimResult& r) {
  const double wall = r.wall_seconds > 0 ? r.wall_seconds : 1e-9;
  const double simulated = r.scenario.duration_ms / 1000.0;
  const double k = r.scenario.scale;  // back to what was really simulated
  return fmt::format(
      "{{\n  \"wall_seconds\": {:.3f},\n  \"simulated_seconds\": {:.0f},\n"
      "  \"realtime_factor\": {:.2f},\n  \"events\": {},\n  \"events_per_second\": {:.0f},\n"
      "  \"simulated_api_writes_per_second\": {:.0f},\n"
      "  \"simulated_dynamodb_requests_per_second\": {:.0f},\n  \"scale\": {}\n}}\n",
      r.wall_seconds, simulated, simulated / wall, r.events, r.events / wall,
      r.totals.api_writes * k / wall, r.totals.ddb_requests * k / wall, r.scenario.scale);
}

}  // namespace headlock::sim::report
