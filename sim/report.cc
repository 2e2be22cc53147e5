// The run directory: summary.md, summary.json, timeline.csv, tables.csv,
// scenario.json and the charts (gnuplot).
#include "headlock/sim/report.h"

#include <fmt/core.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "headlock/capacity/bill.h"
#include "headlock/capacity/consumed_capacity.h"
#include "headlock/capacity/on_demand_meter.h"
#include "headlock/capacity/pricing.h"
#include "headlock/iso_week.h"

namespace headlock::sim {
namespace {

namespace fs = std::filesystem;
// The seed: "about 500 million requests are stored every month".
constexpr double kSeedRequestsPerMonth = 500e6;
constexpr double kDaysPerMonth = 30.4375;

// A run's total extrapolated to a month at the run's own rate.
double PerMonth(double total, const Scenario& sc) {
  return total / (sc.duration_ms / (double)kDayMs) * kDaysPerMonth;
}

// 1234567.8 -> "1,234,568".
std::string Group(double x) {
  if (!std::isfinite(x)) return "n/a";
  std::string digits = fmt::format("{:.0f}", std::fabs(x));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (x < 0 && digits != "0" ? "-" : "") + out;
}

std::string Usd(double x) {
  if (std::fabs(x) >= 100) return "$" + Group(x);
  if (std::fabs(x) >= 1) return fmt::format("${:.2f}", x);
  return fmt::format("${:.4f}", x);
}

std::string Ratio(double a, double b) { return b > 0 ? fmt::format("{:.2f}", a / b) : "n/a"; }

std::string Duration(int64_t ms) {
  if (ms % (7 * kDayMs) == 0) return fmt::format("{} week(s)", ms / (7 * kDayMs));
  if (ms % kDayMs == 0) return fmt::format("{} day(s)", ms / kDayMs);
  if (ms % kHourMs == 0) return fmt::format("{} hour(s)", ms / kHourMs);
  return fmt::format("{} minute(s)", ms / kMinuteMs);
}

std::string WeekOf(const std::string& table) {
  std::optional<IsoWeek> w = ParseWeekSuffix(table);
  return w ? IsoWeekLabel(*w) : "-";
}

Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Status::Storage(fmt::format("cannot write {}", path.string()));
  return Status::OK();
}

std::string RunLabel(const SimResult& r, Comparison c) {
  return c == Comparison::kPolicies ? r.capacity_policy : r.lock_strategy;
}

// A file-system-safe name for a run's subdirectory.
std::string DirName(const std::string& label) {
  std::string out;
  for (char ch : label) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ? ch : '_';
  return out;
}

struct LoadFit {
  int minutes = 0;        // after warm-up
  int within = 0;         // within ±5%
  double mean_target = 0;
  double mean_achieved = 0;
  double peak_achieved = 0;
};

LoadFit FitOf(const SimResult& r) {
  LoadFit f;
  double target = 0, achieved = 0;
  int n = 0;
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const MinuteRow& m = r.timeline[i];
    target += m.target_api_writes;
    achieved += m.api_writes;
    ++n;
    f.peak_achieved = std::max(f.peak_achieved, m.api_writes);
    if (static_cast<int>(i) < kWarmupMinutes || m.target_api_writes <= 0) continue;
    ++f.minutes;
    if (std::fabs(m.api_writes - m.target_api_writes) <= 0.05 * m.target_api_writes) ++f.within;
  }
  if (n > 0) {
    f.mean_target = target / n;
    f.mean_achieved = achieved / n;
  }
  return f;
}

// Cost of this run's load under each policy, replayed on its capacity log
// (costs only: the replay's would-be throttling needs per-second data).
struct PolicyCost {
  std::string policy;
  double total = 0, on_demand = 0, provisioned = 0, storage = 0;
  double consumed_units = 0;   // read + write units the load consumed
  double throttled_units = 0;  // units that would not have fitted (would be throttled)
  // A policy that would throttle more than 1% of the load is not a fair
  // comparison: it is cheap because it refuses work.
  bool serves_load() const { return throttled_units <= 0.01 * consumed_units; }
};

std::vector<PolicyCost> PolicyCosts(const SimResult& r) {
  std::vector<PolicyCost> out;
  Result<PricingTable> pricing = LoadPricing(r.scenario);  // the run itself priced with it
  if (!pricing.ok()) return out;
  BillOptions options;
  options.region = r.scenario.region;
  options.table_class = r.scenario.table_class;
  options.replay.table_limit_scale = r.scenario.scale;
  options.replay.warm_throughput = r.warm_tables;
  Result<std::vector<PolicyBill>> bills = CompareBills(
      r.record, {"on-demand", "provisioned", "autoscaled", "weekly-hybrid"}, pricing.value(), options);
  if (!bills.ok()) return out;
  const double k = 1.0 / r.scenario.scale;
  for (const PolicyBill& b : bills.value()) {
    const BillLine& t = b.total();
    out.push_back(PolicyCost{b.policy, t.total_usd() * k,
                             (t.on_demand_read_usd + t.on_demand_write_usd) * k,
                             (t.provisioned_read_usd + t.provisioned_write_usd) * k,
                             t.storage_usd * k, HalfUnitsToDouble(t.consumed.total()) * k,
                             HalfUnitsToDouble(t.throttled.total()) * k});
  }
  return out;
}

// Per table: totals over the run (the week tables' lifecycle in one line each).
struct TableTotal {
  std::string table;
  std::string mode;
  double write_units = 0, read_units = 0, throttled = 0, cost = 0;
  int64_t wcu = -1, rcu = -1;
};

std::vector<TableTotal> TableTotals(const SimResult& r) {
  std::map<std::string, TableTotal> by;
  for (const TableHourRow& th : r.tables) {
    TableTotal& t = by[th.table];
    t.table = th.table;
    t.write_units += th.write_units;
    t.read_units += th.read_units;
    t.throttled += th.throttled_requests;
    t.cost += th.cost_usd;
    t.mode = th.mode;
    t.rcu = th.read_capacity_units;
    t.wcu = th.write_capacity_units;
  }
  std::vector<TableTotal> out;
  for (auto& [name, t] : by) out.push_back(t);
  return out;
}

double PerHandled(double x, const SimResult& r) {
  return r.totals.requests_handled > 0 ? x / r.totals.requests_handled : 0;
}

// Per request handled once: a second handling of a request is wasted work.
double PerDistinctHandled(double x, const SimResult& r) {
  const double distinct = r.totals.requests_handled - r.totals.duplicate_handlings;
  return distinct > 0 ? x / distinct : 0;
}

std::string RunSummaryMarkdown(const SimResult& r, const std::vector<PolicyCost>& policies) {
  const Scenario& sc = r.scenario;
  const SimTotals& t = r.totals;
  std::string md;
  md += fmt::format("# Headlock simulation: {}\n\n{}\n\n", sc.name, sc.description);
  md += "| | |\n|---|---|\n";
  md += fmt::format("| simulated | {} to {} ({}) |\n", FormatUtc(sc.start_ms),
                    FormatUtc(sc.start_ms + sc.duration_ms), Duration(sc.duration_ms));
  md += fmt::format("| scale | {} of the population simulated; every figure below is scaled back to the full load |\n", sc.scale);
  md += fmt::format("| lock strategy | `{}` |\n| capacity policy | `{}` |\n", r.lock_strategy, r.capacity_policy);
  md += fmt::format("| SDK retry on throttling | `{}` |\n", sc.faults.sdk_retry);
  md += fmt::format("| seed / digest | {} / `{}` |\n", sc.seed, r.digest_hex());
  md += fmt::format("| events | {} (wall time and speed: `performance.json`, the one file that "
                    "differs between two runs of one seed) |\n\n",
                    Group(static_cast<double>(r.events)));

  const LoadFit fit = FitOf(r);
  md += "## Load\n\n";
  md += "Request-queue API writes are the calls that write into queues (batch add, head/lock, prolong, "
        "update, delete lock): the seed's \"80,000-500,000 API requests are written into request "
        "queues every minute\".\n\n";
  md += "| | per minute (mean) | total |\n|---|---:|---:|\n";
  md += fmt::format("| target API writes | {} | {} |\n", Group(fit.mean_target),
                    Group(fit.mean_target * r.timeline.size()));
  md += fmt::format("| achieved API writes | {} (peak {}) | {} |\n", Group(fit.mean_achieved),
                    Group(fit.peak_achieved), Group(t.api_writes));
  const double minutes = static_cast<double>(std::max<size_t>(1, r.timeline.size()));
  md += fmt::format("| API reads | {} | {} |\n", Group(t.api_reads / minutes), Group(t.api_reads));
  md += fmt::format("| DynamoDB requests | {} | {} |\n", Group(t.ddb_requests / minutes), Group(t.ddb_requests));
  md += fmt::format("| write capacity units | {} | {} |\n", Group(t.write_units / minutes), Group(t.write_units));
  md += fmt::format("| read capacity units | {} | {} |\n", Group(t.read_units / minutes), Group(t.read_units));
  md += fmt::format("| requests added | {} | {} |\n", Group(t.requests_added / minutes), Group(t.requests_added));
  md += fmt::format("| requests handled | {} | {} |\n\n", Group(t.requests_handled / minutes), Group(t.requests_handled));
  if (fit.minutes > 0) {
    md += fmt::format("After a warm-up of {} minutes, {} of {} minutes were within ±5% of the target.",
                      kWarmupMinutes, fit.within, fit.minutes);
    if (fit.within < fit.minutes) {
      double crawlers = 0;
      for (const MinuteRow& m : r.timeline) crawlers += static_cast<double>(m.actors_running);
      crawlers /= static_cast<double>(std::max<size_t>(1, r.timeline.size()));
      md += fmt::format(
          " Why not all: the simulated population averaged {:.0f} running crawlers (scale {}), "
          "each writing in bursts, so one minute's writes vary by roughly ±{:.0f}% around what the "
          "controller aims at (sampling noise; a larger --scale shrinks it); the controller "
          "starts crawls but cannot stop running ones.",
          crawlers, sc.scale, crawlers > 0 ? 100 / std::sqrt(crawlers) : 100.0);
      if (t.throttled_requests > 0) {
        md += " Throttling also held writes back (see Throttling).";
      }
    }
    md += "\n\n";
  }
  md += "Per handled request: ";
  md += fmt::format("{:.2f} API writes, {:.2f} write units, {:.2f} read units.\n\n",
                    PerHandled(t.api_writes, r), PerHandled(t.write_units, r), PerHandled(t.read_units, r));

  md += "## Capacity units per table-week\n\n";
  md += "| table | week | mode at the end | write units | read units | throttled requests | cost |\n";
  md += "|---|---|---|---:|---:|---:|---:|\n";
  for (const TableTotal& tt : TableTotals(r)) {
    std::string mode = tt.mode == "provisioned"
                           ? fmt::format("provisioned {}/{} (sim. scale)", tt.rcu, tt.wcu)
                           : tt.mode;
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", tt.table, WeekOf(tt.table), mode,
                      Group(tt.write_units), Group(tt.read_units), Group(tt.throttled), Usd(tt.cost));
  }
  md += "\n## Throttling\n\n| | |\n|---|---:|\n";
  md += fmt::format("| DynamoDB requests throttled | {} |\n", Group(t.throttled_requests));
  md += fmt::format("| API calls that met a throttle (retried by the SDK) | {} |\n", Group(t.api_throttled_calls));
  md += fmt::format("| API 500s (the SDK gave up; apify-client retried) | {} |\n", Group(t.api_errors));
  md += fmt::format("| API calls that failed after every retry | {} |\n", Group(t.api_failed_calls));
  md += fmt::format("| capacity changes by the policy (refused by DynamoDB's rules) | {} ({}) |\n\n",
                    Group(t.capacity_changes), Group(t.refused_capacity_changes));
  if (sc.scale < kMinScaleForTableLimits) {
    md += fmt::format(
        "At scale {} on-demand's table-wide limits (a new table's 4,000 write units a second, twice "
        "the previous peak, the 40,000-unit quota) are not applied: a sample this small cannot judge "
        "them (one sampled bulk crawl stands for {:.0f}). Throttling here is per queue (1,000 write "
        "units a second per partition key) and against provisioned capacity; run at --scale 0.1 or "
        "above to see a table as a whole throttle (sim/README.md, \"Scale\").\n\n",
        sc.scale, 1 / sc.scale);
  } else {
    const OnDemandWindow window = OnDemandWindowForScale(sc.scale);
    md += fmt::format(
        "On-demand's table-wide limits apply to {:.0f} s windows of the sample, each holding {:.0f} "
        "whole-table second(s); the tables in use before the run started warm ({} read and {} write "
        "units a second), later weeks' tables cold (sim/README.md, \"Scale\").\n\n",
        window.window_ms / 1000.0, window.limit_scale, Group(sc.warm_throughput.read_units_per_second),
        Group(sc.warm_throughput.write_units_per_second));
  }

  md += "## Duplicates and wasted work\n\n| | |\n|---|---:|\n";
  md += fmt::format("| requests handled | {} |\n", Group(t.requests_handled));
  md += fmt::format("| duplicate handlings (a page processed to the end a second time) | {} ({:.3f}%) |\n",
                    Group(t.duplicate_handlings),
                    t.requests_handled > 0 ? 100 * t.duplicate_handlings / t.requests_handled : 0.0);
  md += fmt::format("| handler failures | {} |\n", Group(t.failed_pages));
  md += fmt::format("| container migrations (with notice) | {} ({}) |\n", Group(t.migrations), Group(t.migrations_with_notice));
  md += fmt::format("| pages lost mid-way by migrations (wasted work) | {} ({} page-seconds) |\n",
                    Group(t.wasted_pages), Group(t.wasted_page_seconds));
  md += fmt::format("| crawls started (daily re-crawls of named queues) | {} ({}) |\n\n", Group(t.crawls), Group(t.recrawls));

  md += "## Cost\n\n| on-demand | provisioned | storage | total | per million handled requests |\n";
  md += "|---:|---:|---:|---:|---:|\n";
  md += fmt::format("| {} | {} | {} | **{}** | {} |\n\n", Usd(t.on_demand_usd), Usd(t.provisioned_usd),
                    Usd(t.storage_usd), Usd(t.cost_usd),
                    Usd(t.requests_handled > 0 ? t.cost_usd / t.requests_handled * 1e6 : 0));
  if (!policies.empty()) {
    md += "### The same load under each capacity policy\n\n";
    md += "Replayed on this run's capacity log (per second for runs up to two days, per minute "
          "beyond), within DynamoDB's switch and decrease rules (`headlock cost`). `peak` units are sized from the busiest minute of each table at 70% "
          "utilisation (hindsight sizing). Costs only: to see throttling under a policy, run "
          "`headlock sim --compare policies`.\n\n";
    md += "| policy | on-demand | provisioned | storage | total | units that would be throttled |\n"
          "|---|---:|---:|---:|---:|---:|\n";
    const PolicyCost* cheapest = nullptr;
    for (const PolicyCost& p : policies) {
      md += fmt::format("| `{}` | {} | {} | {} | {} | {} ({:.1f}%) |\n", p.policy, Usd(p.on_demand),
                        Usd(p.provisioned), Usd(p.storage), Usd(p.total), Group(p.throttled_units),
                        p.consumed_units > 0 ? 100 * p.throttled_units / p.consumed_units : 0.0);
      if (p.serves_load() && (!cheapest || p.total < cheapest->total)) cheapest = &p;
    }
    if (cheapest) {
      md += fmt::format("\nCheapest for this load among the policies that would serve it (at most 1% "
                        "of its units throttled): `{}`. ", cheapest->policy);
      md += "Provisioned capacity is billed every hour whether used or not; on-demand bills each "
            "request unit at about 7 times the price of a fully used provisioned unit (us-east-1). A "
            "steady load favours provisioned capacity sized near its peak; a load that is bursty or "
            "mostly idle (old weekly tables) favours on-demand; the weekly hybrid puts each table "
            "where its phase of life is cheapest.\n";
    }
    md += "\n";
  }

  md += "## Storage\n\nAt the end of the run: the items of each table (in a weekly request table, its "
        "requests) and the bytes billed (table and indexes).\n\n"
        "| table | items | bytes |\n|---|---:|---:|\n";
  double items = 0, bytes = 0;
  for (const TableStorage& s : r.storage) {
    md += fmt::format("| {} | {} | {} |\n", s.table, Group(s.items), Group(s.bytes));
    items += s.items;
    bytes += s.bytes;
  }
  md += fmt::format("| total | {} | {} |\n\n", Group(items), Group(bytes));
  const double per_month = PerMonth(t.requests_added, sc);
  double request_bytes = 0;
  for (const TableStorage& s : r.storage) {
    if (s.table.rfind("requests", 0) == 0) request_bytes += s.bytes;
  }
  md += fmt::format(
      "Requests added at this run's rate, per month: **{}** (the seed: about {} stored every "
      "month; ratio {}), about {} GB of request tables per month at this run's bytes per "
      "request.{}\n\n",
      Group(per_month), Group(kSeedRequestsPerMonth), Ratio(per_month, kSeedRequestsPerMonth),
      Group(t.requests_added > 0 ? request_bytes / t.requests_added * per_month / 1e9 : 0),
      sc.duration_ms < 7 * kDayMs
          ? " A run shorter than a week extrapolates its own part of the daily and weekly cycle."
          : "");
  // The seed's two figures together fix how many API writes there are per
  // request stored; the ratio above is this run's against that.
  if (t.requests_added > 0 && t.api_writes > 0) {
    md += fmt::format(
        "Calibration: this run made **{:.1f}** request-queue API writes per request added. At "
        "its rate of API writes ({} a month), the seed's 500 million requests a month would "
        "mean one request added per **{:.1f}** API writes, so a ratio above 1 says that the "
        "simulated crawls add more new requests per write than the seed's figures imply (for "
        "example, fewer of their writes go to requests already stored: duplicate adds, "
        "re-crawls, polling). `population.links_per_page`, `duplicate_link_share`, "
        "`queue_size_*` and `recrawl_share` set it (sim/README.md); the storage figures above "
        "grow with it.\n\n",
        t.api_writes / t.requests_added, Group(PerMonth(t.api_writes, sc)),
        PerMonth(t.api_writes, sc) / kSeedRequestsPerMonth);
  }
  md += "## Files\n\n`timeline.csv` (per minute), `tables.csv` (per physical table per hour), "
        "`summary.json`, `scenario.json` (the scenario as run), `performance.json` (wall time, events/s), charts `writes_per_minute`, "
        "`table_write_units` and `cost_per_policy` (.png and .svg).\n";
  return md;
}

void WriteTotals(rapidjson::PrettyWriter<rapidjson::StringBuffer>& w, const SimResult& r) {
  const SimTotals& t = r.totals;
  auto num = [&](const char* key, double x) {
    w.Key(key);
    w.Double(x);
  };
  w.StartObject();
  w.Key("lock_strategy");
  w.String(r.lock_strategy.c_str());
  w.Key("capacity_policy");
  w.String(r.capacity_policy.c_str());
  num("requests_handled", t.requests_handled);
  num("duplicate_handlings", t.duplicate_handlings);
  num("write_units", t.write_units);
  num("read_units", t.read_units);
  num("throttled_requests", t.throttled_requests);
  num("cost_usd", t.cost_usd);
  num("api_writes", t.api_writes);
  num("api_reads", t.api_reads);
  num("ddb_requests", t.ddb_requests);
  num("write_units_per_handled_request", PerHandled(t.write_units, r));
  num("read_units_per_handled_request", PerHandled(t.read_units, r));
  num("api_writes_per_handled_request", PerHandled(t.api_writes, r));
  num("api_throttled_calls", t.api_throttled_calls);
  num("api_errors", t.api_errors);
  num("api_failed_calls", t.api_failed_calls);
  num("requests_added", t.requests_added);
  num("failed_pages", t.failed_pages);
  num("migrations", t.migrations);
  num("migrations_with_notice", t.migrations_with_notice);
  num("wasted_pages", t.wasted_pages);
  num("wasted_page_seconds", t.wasted_page_seconds);
  num("kv_writes", t.kv_writes);
  num("kv_reads", t.kv_reads);
  num("crawls", t.crawls);
  num("recrawls", t.recrawls);
  num("on_demand_usd", t.on_demand_usd);
  num("provisioned_usd", t.provisioned_usd);
  num("storage_usd", t.storage_usd);
  num("tables_dropped", t.tables_dropped);
  num("capacity_changes", t.capacity_changes);
  num("refused_capacity_changes", t.refused_capacity_changes);
  const LoadFit fit = FitOf(r);
  num("target_api_writes_per_minute_mean", fit.mean_target);
  num("api_writes_per_minute_mean", fit.mean_achieved);
  w.Key("minutes_within_5_percent_after_warmup");
  w.Int(fit.within);
  w.Key("minutes_after_warmup");
  w.Int(fit.minutes);
  double items = 0, bytes = 0;
  for (const TableStorage& s : r.storage) {
    items += s.items;
    bytes += s.bytes;
  }
  num("stored_items", items);
  num("stored_bytes", bytes);
  num("requests_added_per_month", PerMonth(r.totals.requests_added, r.scenario));
  // What the seed's 500 million a month mean at this run's rate of writes.
  num("api_writes_per_request_added",
      r.totals.requests_added > 0 ? r.totals.api_writes / r.totals.requests_added : 0);
  num("seed_api_writes_per_request_stored",
      PerMonth(r.totals.api_writes, r.scenario) / kSeedRequestsPerMonth);
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
    num("write_units", tt.write_units);
    num("read_units", tt.read_units);
    num("throttled_requests", tt.throttled);
    num("cost_usd", tt.cost);
    w.EndObject();
  }
  w.EndArray();
  w.Key("seed");
  w.Uint64(r.scenario.seed);
  w.Key("digest");
  w.String(r.digest_hex().c_str());
  w.Key("events");
  w.Uint64(r.events);
  w.EndObject();
}

std::string SummaryJson(const std::vector<SimResult>& runs, Comparison c,
                        const std::vector<PolicyCost>& policies) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
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
  w.String(c == Comparison::kStrategies ? "strategies" : c == Comparison::kPolicies ? "policies" : "none");
  w.Key("runs");
  w.StartObject();
  for (const SimResult& r : runs) {
    w.Key(RunLabel(r, c == Comparison::kNone ? Comparison::kStrategies : c).c_str());
    WriteTotals(w, r);
  }
  w.EndObject();
  w.Key("policy_costs_replayed");
  w.StartObject();
  for (const PolicyCost& p : policies) {
    w.Key(p.policy.c_str());
    w.Double(p.total);
  }
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::string TimelineCsv(const SimResult& r) {
  std::string csv =
      "minute,time,target_api_writes,api_writes,api_reads,ddb_requests,write_units,read_units,"
      "throttled_requests,api_errors,requests_added,requests_handled,duplicate_handlings,kv_writes,"
      "actors_running,crawls_started\n";
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const MinuteRow& m = r.timeline[i];
    csv += fmt::format("{},{},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{},{}\n",
                       i, FormatUtc(m.start_ms), m.target_api_writes, m.api_writes, m.api_reads,
                       m.ddb_requests, m.write_units, m.read_units, m.throttled_requests,
                       m.api_errors, m.requests_added, m.requests_handled, m.duplicate_handlings,
                       m.kv_writes, m.actors_running, m.crawls_started);
  }
  return csv;
}

std::string TablesCsv(const SimResult& r) {
  std::string csv =
      "hour,table,week,mode,read_capacity_units,write_capacity_units,read_units,write_units,"
      "throttled_requests,cost_usd\n";
  std::vector<TableHourRow> rows = r.tables;
  std::stable_sort(rows.begin(), rows.end(), [](const TableHourRow& a, const TableHourRow& b) {
    return a.hour_start_ms != b.hour_start_ms ? a.hour_start_ms < b.hour_start_ms : a.table < b.table;
  });
  for (const TableHourRow& th : rows) {
    csv += fmt::format("{},{},{},{},{},{},{:.1f},{:.1f},{:.1f},{:.6f}\n", FormatUtc(th.hour_start_ms),
                       th.table, WeekOf(th.table), th.mode, th.read_capacity_units,
                       th.write_capacity_units, th.read_units, th.write_units,
                       th.throttled_requests, th.cost_usd);
  }
  return csv;
}

// Write units per physical table over time: per hour for runs up to two
// days, per day beyond (the seed's "lifecycle of DynamoDB table write units").
std::string TableUnitsMatrix(const SimResult& r, bool* daily) {
  *daily = r.scenario.duration_ms > 2 * kDayMs;
  const int64_t bucket = *daily ? kDayMs : kHourMs;
  std::set<std::string> names;
  std::map<int64_t, std::map<std::string, double>> cells;
  for (const TableHourRow& th : r.tables) {
    if (th.table.rfind("requests", 0) != 0) continue;  // the weekly request tables
    names.insert(th.table);
    const int64_t b = (th.hour_start_ms - r.scenario.start_ms) / bucket;
    cells[b][th.table] += th.write_units;
  }
  std::string out = *daily ? "day" : "hour";
  for (const std::string& n : names) out += " " + n;
  out += "\n";
  for (auto& [b, row] : cells) {
    out += fmt::format("{}", b);
    for (const std::string& n : names) out += fmt::format(" {:.1f}", row.count(n) ? row[n] : 0.0);
    out += "\n";
  }
  return out;
}

// Runs gnuplot on `script` for both terminals. Returns false when gnuplot is
// missing or fails.
bool Plot(const fs::path& dir, const std::string& name, const std::string& body) {
  bool ok = true;
  for (const char* ext : {"png", "svg"}) {
    std::string script = std::string(ext) == "png"
                             ? "set terminal png size 1100,550 font ',11'\n"
                             : "set terminal svg size 1100,550 dynamic font 'sans,11'\n";
    script += fmt::format("set output '{}'\nset termoption noenhanced\n",
                          (dir / (name + "." + ext)).string());
    script += body;
    const fs::path gp = dir / (name + ".gp");
    if (!WriteFile(gp, script).ok()) return false;
    const std::string cmd = fmt::format("gnuplot '{}' >/dev/null 2>&1", gp.string());
    ok = ok && std::system(cmd.c_str()) == 0;
    fs::remove(gp);
  }
  return ok;
}

bool RunCharts(const fs::path& dir, const SimResult& r, const std::vector<PolicyCost>& policies) {
  bool ok = true;
  ok &= Plot(dir, "writes_per_minute",
             "set title 'Request-queue API writes per minute: target vs achieved'\n"
             "set datafile separator ','\nset key top left\nset xlabel 'minute of the run'\n"
             "set ylabel 'API writes per minute'\nset format y '%.0s%c'\nset grid\nset yrange [0:*]\n"
             "plot 'timeline.csv' using 1:3 skip 1 with lines lw 3 title 'target', "
             "'' using 1:4 skip 1 with linespoints lw 1 pt 7 ps 0.5 title 'achieved'\n");
  bool daily = false;
  const std::string matrix = TableUnitsMatrix(r, &daily);
  if (WriteFile(dir / "table_write_units.dat", matrix).ok()) {
    ok &= Plot(dir, "table_write_units",
               fmt::format("set title 'Write units per weekly request table ({})'\n"
                           "set key outside right\nset xlabel '{} of the run'\nset ylabel 'write units'\n"
                           "set format y '%.0f'\nset grid\nset style data linespoints\n"
                           "stats 'table_write_units.dat' skip 1 nooutput\n"
                           "plot for [i=2:STATS_columns] 'table_write_units.dat' using 1:i title columnhead(i)\n",
                           daily ? "per day" : "per hour", daily ? "day" : "hour"));
  }
  if (!policies.empty()) {
    std::string data;
    for (const PolicyCost& p : policies) {
      data += fmt::format("\"{}\" {:.6f}\n", p.policy.substr(0, p.policy.find(':')), p.total);
    }
    if (WriteFile(dir / "cost_per_policy.dat", data).ok()) {
      ok &= Plot(dir, "cost_per_policy",
                 "set title 'Cost of this load per capacity policy (USD)'\nset style fill solid 0.6\n"
                 "set boxwidth 0.6\nset yrange [0:*]\nset grid ytics\nset xtics rotate by -20\n"
                 "plot 'cost_per_policy.dat' using 0:2:xtic(1) with boxes notitle, "
                 "'' using 0:2:(sprintf('$%.2f',$2)) with labels offset 0,1 notitle\n");
    }
  }
  return ok;
}

bool ComparisonCharts(const fs::path& dir, const std::vector<SimResult>& runs, Comparison c) {
  std::string data = "label write_units_per_request read_units_per_request duplicates_per_1000 cost\n";
  for (const SimResult& r : runs) {
    data += fmt::format("\"{}\" {:.4f} {:.4f} {:.4f} {:.6f}\n", RunLabel(r, c),
                        PerHandled(r.totals.write_units, r), PerHandled(r.totals.read_units, r),
                        1000 * PerHandled(r.totals.duplicate_handlings, r), r.totals.cost_usd);
  }
  if (!WriteFile(dir / "comparison.dat", data).ok()) return false;
  bool ok = true;
  if (c == Comparison::kStrategies) {
    ok &= Plot(dir, "strategies",
               "set multiplot layout 1,2 title 'Per handled request, by lock strategy'\n"
               "set style data histograms\nset style histogram clustered gap 1\n"
               "set style fill solid 0.6\nset grid ytics\nset yrange [0:*]\nset key top left\n"
               "set key autotitle columnhead\nset title 'capacity units'\n"
               "plot 'comparison.dat' using 2:xtic(1) title 'write units', '' using 3 title 'read units'\n"
               "set title 'duplicate handlings per 1,000 handled'\n"
               "plot 'comparison.dat' using 4:xtic(1) notitle lc rgb '#cc4444'\n"
               "unset multiplot\n");
  }
  ok &= Plot(dir, "cost_per_policy",
             fmt::format("set title 'Cost of the run (USD), by {}'\nset style fill solid 0.6\n"
                         "set boxwidth 0.6\nset yrange [0:*]\nset grid ytics\nset xtics rotate by -20\n"
                         "plot 'comparison.dat' using 0:5:xtic(1) skip 1 with boxes notitle, "
                         "'' using 0:5:(sprintf('$%.2f',$5)) skip 1 with labels offset 0,1 notitle\n",
                         c == Comparison::kStrategies ? "lock strategy" : "capacity policy"));
  return ok;
}

// Wall-clock figures: kept out of the other files so that they are the same
// byte for byte for one scenario and seed.
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

// `policies`: the run's load replayed under each policy (PolicyCosts).
Status WriteOneRun(const fs::path& dir, const SimResult& r, const std::vector<PolicyCost>& policies,
                   const ReportOptions& options, bool* charts_ok) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Storage(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "summary.md", RunSummaryMarkdown(r, policies)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "summary.json", SummaryJson({r}, Comparison::kNone, policies)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "timeline.csv", TimelineCsv(r)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "tables.csv", TablesCsv(r)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "scenario.json", ScenarioToJson(r.scenario)));
  HEADLOCK_RETURN_IF_ERROR(WriteFile(dir / "performance.json", PerformanceJson(r)));
  if (options.charts) {
    // gnuplot reads the data files relative to the directory.
    const fs::path cwd = fs::current_path();
    fs::current_path(dir);
    *charts_ok = RunCharts(fs::path("."), r, policies);
    fs::current_path(cwd);
  }
  return Status::OK();
}

const SimResult* Find(const std::vector<SimResult>& runs, Comparison c, std::string_view label) {
  for (const SimResult& r : runs) {
    if (RunLabel(r, c).rfind(label, 0) == 0) return &r;
  }
  return nullptr;
}

// What the comparison says, in words: the cheapest run and the seed's claims.
std::string ComparisonFindings(const std::vector<SimResult>& runs, Comparison c) {
  std::string md = "## Findings\n\n";
  if (c == Comparison::kStrategies) {
    // The controller holds API writes to the profile, so a strategy that
    // writes less per page handles more pages: compare per request handled,
    // and once (a strategy that hands requests out twice handles more, and
    // the second handlings are wasted).
    const SimResult* cheapest = nullptr;
    double cheapest_per = 0;
    for (const SimResult& r : runs) {
      const double per = PerDistinctHandled(r.totals.cost_usd, r);
      if (per > 0 && (!cheapest || per < cheapest_per)) {
        cheapest = &r;
        cheapest_per = per;
      }
    }
    if (cheapest) {
      md += fmt::format(
          "- **Cheapest per distinct request handled: `{}`** at {} per million requests handled "
          "(the load controller holds API writes to the profile, so strategies that write less per "
          "page handle more pages in the same run; second handlings of a request are wasted work "
          "and not counted).\n",
          RunLabel(*cheapest, c), Usd(cheapest_per * 1e6));
    }
  } else {
    // A policy that throttles so much that the crawl falls behind is cheap
    // because it refuses work: only policies that served the load compete.
    double most = 0;
    for (const SimResult& r : runs) most = std::max(most, r.totals.requests_handled);
    const SimResult* cheapest = nullptr;
    for (const SimResult& r : runs) {
      if (r.totals.requests_handled < 0.95 * most) continue;
      if (!cheapest || r.totals.cost_usd < cheapest->totals.cost_usd) cheapest = &r;
    }
    if (cheapest) {
      md += fmt::format("- **Cheapest that served the load: `{}`** at {} (policies under which fewer "
                        "than 95% of the most requests any policy handled were handled do not "
                        "compete: they are cheap because they throttle).\n",
                        RunLabel(*cheapest, c), Usd(cheapest->totals.cost_usd));
    }
    for (const SimResult& r : runs) {
      if (r.totals.requests_handled < 0.95 * most) {
        md += fmt::format("- `{}` did not serve the load: {} requests handled against {}, {} DynamoDB "
                          "requests throttled.\n", RunLabel(r, c), Group(r.totals.requests_handled),
                          Group(most), Group(r.totals.throttled_requests));
      }
    }
  }
  if (c == Comparison::kStrategies) {
    const SimResult* order = Find(runs, c, "order-no");
    const SimResult* client = Find(runs, c, "client-side");
    const SimResult* lock_index = Find(runs, c, "lock-index");
    const SimResult* filter = Find(runs, c, "filter");
    if (order && client) {
      md += fmt::format(
          "- **Server-side locking vs the old client-side design.** The seed: Crawlee with "
          "server-side locks made DynamoDB do about **2x the writes and 0.5x the reads**. Here, "
          "per handled request, `order-no` uses **{}x the write units and {}x the read units** of "
          "`client-side` ({:.2f} vs {:.2f} write units, {:.3f} vs {:.3f} read units). What differs "
          "from the seed, and why: `client-side` here handled {} requests a second time (several "
          "crawlers on one queue read the same head), and each duplicate costs the page's writes "
          "again (its update and its links), which the per-request figure includes; every request "
          "write in every strategy also updates the queue's counters item, which dilutes the lock's "
          "share; and the seed compares Apify's whole production load, whose mix of single and "
          "shared queues we only model. The lock writes alone, one client per queue, are measured "
          "in bench/README.md (strategy harness). `order-no` handled each request once ({} "
          "duplicates).\n",
          Ratio(PerHandled(order->totals.write_units, *order), PerHandled(client->totals.write_units, *client)),
          Ratio(PerHandled(order->totals.read_units, *order), PerHandled(client->totals.read_units, *client)),
          PerHandled(order->totals.write_units, *order), PerHandled(client->totals.write_units, *client),
          PerHandled(order->totals.read_units, *order), PerHandled(client->totals.read_units, *client),
          Group(client->totals.duplicate_handlings), Group(order->totals.duplicate_handlings));
    }
    if (order && lock_index) {
      md += fmt::format(
          "- **A second index for locks.** The seed: a new index for locked items \"would increase "
          "the cost for all operations by half\". Here `lock-index` uses **{}x the write units** "
          "of `order-no` per handled request ({:.2f} vs {:.2f}). See bench/README.md for where each "
          "strategy's units go.\n",
          Ratio(PerHandled(lock_index->totals.write_units, *lock_index), PerHandled(order->totals.write_units, *order)),
          PerHandled(lock_index->totals.write_units, *lock_index), PerHandled(order->totals.write_units, *order));
    }
    if (order && filter) {
      md += fmt::format(
          "- **Filtering locked requests out of the head** (`filter`) reads {}x the units of "
          "`order-no`: every head query pays for the locked requests it skips.\n",
          Ratio(PerHandled(filter->totals.read_units, *filter), PerHandled(order->totals.read_units, *order)));
    }
  } else {
    for (const SimResult& r : runs) {
      md += fmt::format("- `{}`: {} ({} on-demand, {} provisioned, {} storage); {} DynamoDB requests "
                        "throttled, {} API calls given up.\n",
                        RunLabel(r, c), Usd(r.totals.cost_usd), Usd(r.totals.on_demand_usd),
                        Usd(r.totals.provisioned_usd), Usd(r.totals.storage_usd),
                        Group(r.totals.throttled_requests), Group(r.totals.api_failed_calls));
    }
    md += "- Provisioned capacity is billed every hour whether used or not and throttles above it "
          "(after a 300 s burst); on-demand bills each request unit (about 7x the price of a fully "
          "used provisioned unit in us-east-1) and throttles only sudden peaks. `peak`-sized "
          "policies were sized from the on-demand run's busiest minute per table (hindsight).\n";
  }
  return md + "\n";
}

}  // namespace

std::string ComparisonTable(const std::vector<SimResult>& runs, Comparison c) {
  std::string md = fmt::format(
      "| {} | requests handled | duplicate handlings | API writes / request | write units / request "
      "| read units / request | throttled requests | cost | vs {} |\n",
      c == Comparison::kPolicies ? "capacity policy" : "lock strategy", RunLabel(runs.front(), c));
  md += "|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
  const SimResult& base = runs.front();
  for (const SimResult& r : runs) {
    md += fmt::format("| `{}` | {} | {} | {:.2f} | {:.2f} | {:.3f} | {} | {} | writes {} / reads {} / cost {} |\n",
                      RunLabel(r, c), Group(r.totals.requests_handled),
                      Group(r.totals.duplicate_handlings), PerHandled(r.totals.api_writes, r),
                      PerHandled(r.totals.write_units, r), PerHandled(r.totals.read_units, r),
                      Group(r.totals.throttled_requests), Usd(r.totals.cost_usd),
                      Ratio(PerHandled(r.totals.write_units, r), PerHandled(base.totals.write_units, base)),
                      Ratio(PerHandled(r.totals.read_units, r), PerHandled(base.totals.read_units, base)),
                      Ratio(r.totals.cost_usd, base.totals.cost_usd));
  }
  return md;
}

std::string BriefSummary(const SimResult& r) {
  const SimTotals& t = r.totals;
  return fmt::format(
      "simulated {} of '{}' at scale {} in {:.1f} s: {} API writes, {} write units, {} read units, "
      "{} requests handled, {} duplicates, {} throttled, cost {} ({} / {})\nseed {} digest {}\n",
      Duration(r.scenario.duration_ms), r.scenario.name, r.scenario.scale, r.wall_seconds,
      Group(t.api_writes), Group(t.write_units), Group(t.read_units), Group(t.requests_handled),
      Group(t.duplicate_handlings), Group(t.throttled_requests), Usd(t.cost_usd), r.lock_strategy,
      r.capacity_policy, r.scenario.seed, r.digest_hex());
}

Status WriteRunDirectory(const std::string& dir, const std::vector<SimResult>& runs,
                         const ReportOptions& options) {
  if (runs.empty()) return Status::InvalidInput("no runs to report");
  bool charts_ok = true;
  if (options.comparison == Comparison::kNone) {
    HEADLOCK_RETURN_IF_ERROR(
        WriteOneRun(dir, runs.front(), PolicyCosts(runs.front()), options, &charts_ok));
  } else {
    // Each run's replays, computed once (the baseline's also go into the
    // comparison's summary).
    std::vector<std::vector<PolicyCost>> replays;
    for (const SimResult& r : runs) {
      replays.push_back(PolicyCosts(r));
      HEADLOCK_RETURN_IF_ERROR(WriteOneRun(fs::path(dir) / DirName(RunLabel(r, options.comparison)),
                                           r, replays.back(), options, &charts_ok));
    }
    const SimResult& base = runs.front();
    std::string md = fmt::format("# Headlock comparison of {}: {}\n\n{}\n\n",
                                 options.comparison == Comparison::kPolicies ? "capacity policies" : "lock strategies",
                                 base.scenario.name, base.scenario.description);
    md += fmt::format("Same scenario and seed ({}) for every run; {} from {} ({}), scale {}. Each "
                      "run's own report is in the subdirectory of its name.\n\n",
                      base.scenario.seed, Duration(base.scenario.duration_ms),
                      FormatUtc(base.scenario.start_ms),
                      options.comparison == Comparison::kPolicies
                          ? "lock strategy `" + base.lock_strategy + "`"
                          : "capacity policy `" + base.capacity_policy + "`",
                      base.scenario.scale);
    md += ComparisonTable(runs, options.comparison);
    md += "\n" + ComparisonFindings(runs, options.comparison);
    if (options.comparison == Comparison::kStrategies) {
      // Which capacity policy suits this load: the baseline's log, replayed.
      const std::vector<PolicyCost>& policies = replays.front();
      if (!policies.empty()) {
        md += fmt::format("## Capacity policies for this load\n\n`{}`'s capacity log replayed under "
                          "each policy (costs only; `--compare policies` runs them live, with "
                          "throttling):\n\n| policy | total | units that would be throttled |\n"
                          "|---|---:|---:|\n", base.lock_strategy);
        const PolicyCost* best = nullptr;
        for (const PolicyCost& p : policies) {
          md += fmt::format("| `{}` | {} | {:.1f}% |\n", p.policy, Usd(p.total),
                            p.consumed_units > 0 ? 100 * p.throttled_units / p.consumed_units : 0.0);
          if (p.serves_load() && (!best || p.total < best->total)) best = &p;
        }
        if (best) {
          md += fmt::format("\nCheapest among the policies that would serve the load (at most 1% "
                            "throttled): `{}`.\n\n", best->policy);
        }
      }
    }
    HEADLOCK_RETURN_IF_ERROR(WriteFile(fs::path(dir) / "summary.md", md));
    HEADLOCK_RETURN_IF_ERROR(
        WriteFile(fs::path(dir) / "summary.json", SummaryJson(runs, options.comparison, {})));
    if (options.charts) {
      const fs::path cwd = fs::current_path();
      fs::current_path(dir);
      charts_ok &= ComparisonCharts(fs::path("."), runs, options.comparison);
      fs::current_path(cwd);
    }
  }
  if (options.charts && !charts_ok) {
    return Status::Storage("charts were not drawn: is gnuplot installed? (apt-get install gnuplot-nox)");
  }
  return Status::OK();
}

}  // namespace headlock::sim
