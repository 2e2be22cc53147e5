// What a run measures (private to sim/): the minute in progress and the
// timeline of finished minutes, the run's totals, and what the engine's
// capacity log says per table-hour, per table-day and per (table, index)
// peak, with the capacity record the cost ledger prices. Everything here is
// at the simulated scale; the result builder scales it to the full load.
// Single-threaded, like the rest of the simulator.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "headlock/capacity/capacity_log.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {

// The MinuteRow member that counts `total` per minute too, or null.
constexpr double MinuteRow::*MinuteFieldOf(double SimTotals::*total) {
  for (const TotalField& f : kTotalFields) {
    if (f.member == total) return f.minute;
  }
  return nullptr;
}

class Metrics {
 public:
  // `per_second_record`: keep every second of capacity use in the record
  // (short runs, so that replayed policies meet the real bursts), else one
  // row per (table, index) and minute (bounded memory).
  Metrics(int64_t start_ms, bool per_second_record);

  // Counts `n` of a total, and of its per-minute column if it has one.
  void Count(double SimTotals::*total, double n = 1) {
    totals_.*total += n;
    if (double MinuteRow::*m = MinuteFieldOf(total)) minute_.*m += n;
  }
  // Crawlers running now (a gauge, sampled into each minute's row).
  void CrawlerStarted() { ++running_crawlers_; }
  void CrawlerStopped() { --running_crawlers_; }
  void CrawlStarted() { ++crawls_this_minute_; }

  // The engine's capacity log rows of the seconds before `before_second`
  // (ordered by second, table, index): into the minute's units, requests
  // and throttles, the table-hours and table-days, the peaks and the record.
  void AddCapacityRows(std::vector<CapacityLog::Row> rows, int64_t before_second);
  void AddStorageSamples(const std::vector<StorageSample>& samples);

  // Closes the minute in progress with its target and starts the next one
  // at `next_start_ms`. Returns the closed row.
  const MinuteRow& CloseMinute(double target_api_writes, int64_t next_start_ms);

  const MinuteRow& minute() const { return minute_; }
  const std::vector<MinuteRow>& timeline() const { return timeline_; }
  const SimTotals& totals() const { return totals_; }
  const PeakUnits& peaks() const { return peaks_; }

  // What the result builder takes at the end of the run.
  struct Finished {
    SimTotals totals;
    std::vector<MinuteRow> timeline;
    std::map<std::pair<int64_t, std::string>, TableHourRow> table_hours;
    std::map<std::pair<int64_t, std::string>, double> table_days;  // write units
    PeakUnits peaks;
    CapacityRecord record;
  };
  Finished Finish() &&;

 private:
  void AddToMinuteRows(const CapacityLog::Row& r, int64_t minute_second,
                       std::map<std::pair<std::string, std::string>, CapacityLog::Row>* rows);

  MinuteRow minute_;
  SimTotals totals_;
  std::vector<MinuteRow> timeline_;
  std::map<std::pair<int64_t, std::string>, TableHourRow> table_hours_;
  std::map<std::pair<int64_t, std::string>, double> table_days_;
  PeakUnits peaks_;
  CapacityRecord record_;
  bool per_second_record_;
  int64_t running_crawlers_ = 0;
  int64_t crawls_this_minute_ = 0;
};

}  // namespace headlock::sim
