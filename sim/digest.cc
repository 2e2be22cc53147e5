#include "digest.h"

#include <fmt/core.h>
#include <xxhash.h>

#include <memory>
#include <string>

#include "headlock/capacity/capacity_record.h"

namespace headlock::sim {
namespace {

// Feeds text to an XXH64 state; fields end with ';', records with '\n'.
class Hasher {
 public:
  Hasher() : state_(XXH64_createState(), XXH64_freeState) { XXH64_reset(state_.get(), 0); }
  void Text(const std::string& s) { XXH64_update(state_.get(), s.data(), s.size()); }
  template <typename T>
  void Field(const T& x) {
    Text(fmt::format("{};", x));
  }
  void EndRecord() { Text("\n"); }
  uint64_t Digest() const { return XXH64_digest(state_.get()); }

 private:
  std::unique_ptr<XXH64_state_t, XXH_errorcode (*)(XXH64_state_t*)> state_;
};

}  // namespace

uint64_t DigestOf(const SimResult& r) {
  Hasher h;
  h.Text(ScenarioToJson(r.scenario));
  h.Field(r.lock_strategy);
  h.Field(r.capacity_policy);
  h.EndRecord();
  for (const TotalField& f : kTotalFields) h.Field(r.totals.*f.member);
  h.EndRecord();
  for (const MinuteRow& m : r.timeline) {
    h.Field(m.start_ms);
    for (const MinuteField& f : kMinuteFields) h.Field(m.*f.member);
    h.Field(m.actors_running);
    h.Field(m.crawls_started);
    h.EndRecord();
  }
  for (const TableHourRow& t : r.tables) {
    h.Field(t.hour_start_ms);
    h.Field(t.table);
    h.Field(t.mode);
    h.Field(t.read_capacity_units);
    h.Field(t.write_capacity_units);
    for (double x : {t.read_units, t.write_units, t.throttled_requests, t.cost_usd}) h.Field(x);
    h.EndRecord();
  }
  for (const TableDayRow& d : r.table_days) {
    h.Field(d.day_start_ms);
    h.Field(d.table);
    h.Field(d.write_units);
    h.EndRecord();
  }
  for (const TableStorage& s : r.storage) {
    h.Field(s.table);
    h.Field(s.items);
    h.Field(s.bytes);
    h.EndRecord();
  }
  for (const auto& [key, peak] : r.peaks) {
    h.Field(key.first);
    h.Field(key.second);
    h.Field(peak.first);
    h.Field(peak.second);
    h.EndRecord();
  }
  h.Text(CapacityRecordToCsv(r.record));
  for (const auto& [table, warm] : r.warm_tables) {
    h.Field(table);
    h.Field(warm.read_units_per_second);
    h.Field(warm.write_units_per_second);
    h.EndRecord();
  }
  for (int64_t t : r.crawl_starts) h.Field(t);
  h.EndRecord();
  h.Field(r.events);
  return h.Digest();
}

}  // namespace headlock::sim
