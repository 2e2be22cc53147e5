#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "headlock/capacity/on_demand_meter.h"
#include "headlock/sim/report.h"
#include "report_parts.h"

namespace headlock::sim::report {
namespace {

std::string HeaderSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md += fmt::format("# Headlock simulation: {}\n\n{}\n\n", sc.name, sc.description);
  md += "| | |\n|---|---|\n";
  md += fmt::format("| simulated | {} to {} ({}) |\n", FormatUtc(sc.start_ms),
                    FormatUtc(sc.start_ms + sc.duration_ms), Duration(sc.duration_ms));
  md += fmt::format(
      "| scale | {} of the population simulated; every figure below is scaled back to the full "
      "load |\n",
      sc.scale);
  md += fmt::format("| lock strategy | `{}` |\n| capacity policy | `{}` |\n", r.lock_strategy,
                    r.capacity_policy);
  md += fmt::format("| SDK retry on throttling | `{}` |\n", sc.faults.sdk_retry);
  md += fmt::format("| seed / digest | {} / `{}` |\n", sc.seed, r.digest_hex());
  md += fmt::format(
      "| events | {} (wall time and speed: `performance.json`, the one file that "
      "differs between two runs of one seed) |\n\n",
      Group(static_cast<double>(r.events)));
  return md;
}

std::string LoadSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  const LoadFit fit = FitOf(r);
  md += "## Load\n\n";
  md +=
      "Request-queue API writes are the calls that write into queues (batch add, head/lock, "
      "prolong, "
      "update, delete lock): the seed's \"80,000-500,000 API requests are written into request "
      "queues every minute\".\n\n";
  md += "| | per minute (mean) | total |\n|---|---:|---:|\n";
  md += fmt::format("| target API writes | {} | {} |\n", Group(fit.mean_target),
                    Group(fit.mean_target * r.timeline.size()));
  md += fmt::format("| achieved API writes | {} (peak {}) | {} |\n", Group(fit.mean_achieved),
                    Group(fit.peak_achieved), Group(t.api_writes));
  const double minutes = static_cast<double>(std::max<size_t>(1, r.timeline.size()));
  md += fmt::format("| API reads | {} | {} |\n", Group(t.api_reads / minutes), Group(t.api_reads));
  md += fmt::format("| DynamoDB requests | {} | {} |\n", Group(t.ddb_requests / minutes),
                    Group(t.ddb_requests));
  md += fmt::format("| write capacity units | {} | {} |\n", Group(t.write_units / minutes),
                    Group(t.write_units));
  md += fmt::format("| read capacity units | {} | {} |\n", Group(t.read_units / minutes),
                    Group(t.read_units));
  md += fmt::format("| requests added | {} | {} |\n", Group(t.requests_added / minutes),
                    Group(t.requests_added));
  md += fmt::format("| requests handled | {} | {} |\n\n", Group(t.requests_handled / minutes),
                    Group(t.requests_handled));
  if (fit.minutes > 0) {
    md += fmt::format(
        "After a warm-up of {} minutes, {} of {} minutes were within ±5% of the target.",
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
                    PerHandled(t.api_writes, r), PerHandled(t.write_units, r),
                    PerHandled(t.read_units, r));
  return md;
}

std::string TableWeekSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md += "## Capacity units per table-week\n\n";
  md +=
      "| table | week | mode at the end | write units | read units | throttled requests | cost |\n";
  md += "|---|---|---|---:|---:|---:|---:|\n";
  for (const TableTotal& tt : TableTotals(r)) {
    std::string mode = tt.mode == "provisioned"
                           ? fmt::format("provisioned {}/{} (sim. scale)", tt.rcu, tt.wcu)
                           : tt.mode;
    md +=
        fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", tt.table, WeekOf(tt.table), mode,
                    Group(tt.write_units), Group(tt.read_units), Group(tt.throttled), Usd(tt.cost));
  }
  return md;
}

std::string ThrottlingSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md += "\n## Throttling\n\n| | |\n|---|---:|\n";
  md += fmt::format("| DynamoDB requests throttled | {} |\n", Group(t.throttled_requests));
  md += fmt::format("| API calls that met a throttle (retried by the SDK) | {} |\n",
                    Group(t.api_throttled_calls));
  md += fmt::format("| API 500s (the SDK gave up; apify-client retried) | {} |\n",
                    Group(t.api_errors));
  md +=
      fmt::format("| API calls that failed after every retry | {} |\n", Group(t.api_failed_calls));
  md +=
      fmt::format("| capacity changes by the policy (refused by DynamoDB's rules) | {} ({}) |\n\n",
                  Group(t.capacity_changes), Group(t.refused_capacity_changes));
  if (sc.scale < kMinScaleForTableLimits) {
    md += fmt::format(
        "At scale {} on-demand's table-wide limits (a new table's 4,000 write units a second, "
        "twice "
        "the previous peak, the 40,000-unit quota) are not applied: a sample this small cannot "
        "judge "
        "them (one sampled bulk crawl stands for {:.0f}). Throttling here is per queue (1,000 "
        "write "
        "units a second per partition key) and against provisioned capacity; run at --scale 0.1 or "
        "above to see a table as a whole throttle (sim/README.md, \"Scale\").\n\n",
        sc.scale, 1 / sc.scale);
  } else {
    const OnDemandWindow window = OnDemandWindowForScale(sc.scale);
    md += fmt::format(
        "On-demand's table-wide limits apply to {:.0f} s windows of the sample, each holding "
        "{:.0f} "
        "whole-table second(s); the tables in use before the run started warm ({} read and {} "
        "write "
        "units a second), later weeks' tables cold (sim/README.md, \"Scale\").\n\n",
        window.window_ms / 1000.0, window.limit_scale,
        Group(sc.warm_throughput.read_units_per_second),
        Group(sc.warm_throughput.write_units_per_second));
  }
  return md;
}

std::string DuplicatesSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md += "## Duplicates and wasted work\n\n| | |\n|---|---:|\n";
  md += fmt::format("| requests handled | {} |\n", Group(t.requests_handled));
  md += fmt::format(
      "| duplicate handlings (a page processed to the end a second time) | {} ({:.3f}%) |\n",
      Group(t.duplicate_handlings),
      t.requests_handled > 0 ? 100 * t.duplicate_handlings / t.requests_handled : 0.0);
  md += fmt::format("| handler failures | {} |\n", Group(t.failed_pages));
  md += fmt::format("| container migrations (with notice) | {} ({}) |\n", Group(t.migrations),
                    Group(t.migrations_with_notice));
  md += fmt::format("| pages lost mid-way by migrations (wasted work) | {} ({} page-seconds) |\n",
                    Group(t.wasted_pages), Group(t.wasted_page_seconds));
  md += fmt::format("| crawls started (daily re-crawls of named queues) | {} ({}) |\n\n",
                    Group(t.crawls), Group(t.recrawls));
  return md;
}

std::string CostSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md += "## Cost\n\n| on-demand | provisioned | storage | total | per million handled requests |\n";
  md += "|---:|---:|---:|---:|---:|\n";
  md += fmt::format("| {} | {} | {} | **{}** | {} |\n\n", Usd(t.on_demand_usd),
                    Usd(t.provisioned_usd), Usd(t.storage_usd), Usd(t.cost_usd),
                    Usd(t.requests_handled > 0 ? t.cost_usd / t.requests_handled * 1e6 : 0));
  const std::vector<PolicyCost>& policies = r.policy_costs;
  if (!policies.empty()) {
    md += "### The same load under each capacity policy\n\n";
    md +=
        "Replayed on this run's capacity log (per second for runs up to two days, per minute "
        "beyond), within DynamoDB's switch and decrease rules (`headlock cost`). `peak` units are "
        "sized from the busiest minute of each table at 70% "
        "utilisation (hindsight sizing). Costs only: to see throttling under a policy, run "
        "`headlock sim --compare policies`.\n\n";
    md +=
        "| policy | on-demand | provisioned | storage | total | units that would be throttled |\n"
        "|---|---:|---:|---:|---:|---:|\n";
    const PolicyCost* cheapest = nullptr;
    for (const PolicyCost& p : policies) {
      md += fmt::format("| `{}` | {} | {} | {} | {} | {} ({:.1f}%) |\n", p.policy, Usd(p.on_demand),
                        Usd(p.provisioned), Usd(p.storage), Usd(p.total), Group(p.throttled_units),
                        p.consumed_units > 0 ? 100 * p.throttled_units / p.consumed_units : 0.0);
      if (p.serves_load() && (!cheapest || p.total < cheapest->total)) cheapest = &p;
    }
    if (cheapest) {
      md += fmt::format(
          "\nCheapest for this load among the policies that would serve it (at most 1% "
          "of its units throttled): `{}`. ",
          cheapest->policy);
      md +=
          "Provisioned capacity is billed every hour whether used or not; on-demand bills each "
          "request unit at about 7 times the price of a fully used provisioned unit (us-east-1). A "
          "steady load favours provisioned capacity sized near its peak; a load that is bursty or "
          "mostly idle (old weekly tables) favours on-demand; the weekly hybrid puts each table "
          "where its phase of life is cheapest.\n";
    }
    md += "\n";
  }
  return md;
}

std::string StorageSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md +=
      "## Storage\n\nAt the end of the run: the items of each table (in a weekly request table, "
      "its "
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
  return md;
}

std::string FilesSection(const SimResult& r) {
  [[maybe_unused]] const Scenario& sc = r.scenario;
  [[maybe_unused]] const SimTotals& t = r.totals;
  std::string md;
  md +=
      "## Files\n\n`timeline.csv` (per minute), `tables.csv` (per physical table per hour), "
      "`summary.json`, `scenario.json` (the scenario as run), `performance.json` (wall time, "
      "events/s), charts `writes_per_minute`, "
      "`table_write_units` and `cost_per_policy` (.png and .svg).\n";
  return md;
}

}  // namespace

std::string RunSummaryMarkdown(const SimResult& r) {
  std::string md;
  md += HeaderSection(r);
  md += LoadSection(r);
  md += TableWeekSection(r);
  md += ThrottlingSection(r);
  md += DuplicatesSection(r);
  md += CostSection(r);
  md += StorageSection(r);
  md += FilesSection(r);
  return md;
}

namespace {

const SimResult* Find(const std::vector<SimResult>& runs, Comparison c, std::string_view label) {
  for (const SimResult& r : runs) {
    if (RunLabel(r, c).rfind(label, 0) == 0) return &r;
  }
  return nullptr;
}

// The cheapest strategy per distinct request handled.
std::string CheapestStrategy(const std::vector<SimResult>& runs, Comparison c) {
  std::string md;
  // Compared per request handled (each request once): a strategy that
  // falls behind handles fewer in the window, and one that hands requests
  // out twice pays for the second handlings without counting them.
  const SimResult* cheapest = nullptr;
  double cheapest_per = 0;
  for (const SimResult& r : runs) {
    const double per = PerHandled(r.totals.cost_usd, r);
    if (per > 0 && (!cheapest || per < cheapest_per)) {
      cheapest = &r;
      cheapest_per = per;
    }
  }
  if (cheapest) {
    md += fmt::format(
        "- **Cheapest per distinct request handled: `{}`** at {} per million requests handled "
        "(every run met the same crawls; second handlings of a request are wasted work, paid "
        "for and not counted as requests handled). One seed: `--seeds N` says whether the "
        "difference holds.\n",
        RunLabel(*cheapest, c), Usd(cheapest_per * 1e6));
  }
  return md;
}

// The cheapest policy among those that served the load, and those that did not.
std::string CheapestPolicy(const std::vector<SimResult>& runs, Comparison c) {
  std::string md;
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
    md += fmt::format(
        "- **Cheapest that served the load: `{}`** at {} (policies under which fewer "
        "than 95% of the most requests any policy handled were handled do not "
        "compete: they are cheap because they throttle).\n",
        RunLabel(*cheapest, c), Usd(cheapest->totals.cost_usd));
  }
  for (const SimResult& r : runs) {
    if (r.totals.requests_handled < 0.95 * most) {
      md += fmt::format(
          "- `{}` did not serve the load: {} requests handled against {}, {} DynamoDB "
          "requests throttled.\n",
          RunLabel(r, c), Group(r.totals.requests_handled), Group(most),
          Group(r.totals.throttled_requests));
    }
  }
  return md;
}

// How the seed's claims about server-side locking and a lock index hold.
std::string SeedClaims(const std::vector<SimResult>& runs, Comparison c) {
  std::string md;
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
        Ratio(PerHandled(order->totals.write_units, *order),
              PerHandled(client->totals.write_units, *client)),
        Ratio(PerHandled(order->totals.read_units, *order),
              PerHandled(client->totals.read_units, *client)),
        PerHandled(order->totals.write_units, *order),
        PerHandled(client->totals.write_units, *client),
        PerHandled(order->totals.read_units, *order),
        PerHandled(client->totals.read_units, *client), Group(client->totals.duplicate_handlings),
        Group(order->totals.duplicate_handlings));
  }
  if (order && lock_index) {
    md += fmt::format(
        "- **A second index for locks.** The seed: a new index for locked items \"would increase "
        "the cost for all operations by half\". Here `lock-index` uses **{}x the write units** "
        "of `order-no` per handled request ({:.2f} vs {:.2f}). See bench/README.md for where each "
        "strategy's units go.\n",
        Ratio(PerHandled(lock_index->totals.write_units, *lock_index),
              PerHandled(order->totals.write_units, *order)),
        PerHandled(lock_index->totals.write_units, *lock_index),
        PerHandled(order->totals.write_units, *order));
  }
  if (order && filter) {
    md += fmt::format(
        "- **Filtering locked requests out of the head** (`filter`) reads {}x the units of "
        "`order-no`: every head query pays for the locked requests it skips.\n",
        Ratio(PerHandled(filter->totals.read_units, *filter),
              PerHandled(order->totals.read_units, *order)));
  }
  return md;
}

std::string PolicyLines(const std::vector<SimResult>& runs, Comparison c) {
  std::string md;
  for (const SimResult& r : runs) {
    md += fmt::format(
        "- `{}`: {} ({} on-demand, {} provisioned, {} storage); {} DynamoDB requests "
        "throttled, {} API calls given up.\n",
        RunLabel(r, c), Usd(r.totals.cost_usd), Usd(r.totals.on_demand_usd),
        Usd(r.totals.provisioned_usd), Usd(r.totals.storage_usd),
        Group(r.totals.throttled_requests), Group(r.totals.api_failed_calls));
  }
  md +=
      "- Provisioned capacity is billed every hour whether used or not and throttles above it "
      "(after a 300 s burst); on-demand bills each request unit (about 7x the price of a fully "
      "used provisioned unit in us-east-1) and throttles only sudden peaks. `peak`-sized "
      "policies were sized from the on-demand run's busiest minute per table (hindsight).\n";
  return md;
}

// What the comparison says, in words: the cheapest run and the seed's claims.
std::string ComparisonFindings(const std::vector<SimResult>& runs, Comparison c) {
  const bool strategies = c == Comparison::kStrategies;
  std::string md = "## Findings\n\n";
  md += strategies ? CheapestStrategy(runs, c) : CheapestPolicy(runs, c);
  md += strategies ? SeedClaims(runs, c) : PolicyLines(runs, c);
  return md + "\n";
}

// Which capacity policy suits the baseline's load: its log, replayed.
std::string ReplayedPolicies(const SimResult& base) {
  const std::vector<PolicyCost>& policies = base.policy_costs;
  if (policies.empty()) return "";
  std::string md = fmt::format(
      "## Capacity policies for this load\n\n`{}`'s capacity log replayed under "
      "each policy (costs only; `--compare policies` runs them live, with "
      "throttling):\n\n| policy | total | units that would be throttled |\n"
      "|---|---:|---:|\n",
      base.lock_strategy);
  const PolicyCost* best = nullptr;
  for (const PolicyCost& p : policies) {
    md += fmt::format("| `{}` | {} | {:.1f}% |\n", p.policy, Usd(p.total),
                      p.consumed_units > 0 ? 100 * p.throttled_units / p.consumed_units : 0.0);
    if (p.serves_load() && (!best || p.total < best->total)) best = &p;
  }
  if (best) {
    md += fmt::format(
        "\nCheapest among the policies that would serve the load (at most 1% "
        "throttled): `{}`.\n\n",
        best->policy);
  }
  return md;
}

}  // namespace

std::string ComparisonSummaryMarkdown(const std::vector<SimResult>& runs, Comparison c) {
  const SimResult& base = runs.front();
  std::string md = fmt::format("# Headlock comparison of {}: {}\n\n{}\n\n",
                               c == Comparison::kPolicies ? "capacity policies" : "lock strategies",
                               base.scenario.name, base.scenario.description);
  md += fmt::format(
      "Same scenario and seed ({}) for every run, paired: every run replays the first run's "
      "crawl starts and meets the same crawls, pages and crawlers; {} from {} ({}), scale {}. "
      "Each run's own report is in the subdirectory of its name.\n\n",
      base.scenario.seed, Duration(base.scenario.duration_ms), FormatUtc(base.scenario.start_ms),
      c == Comparison::kPolicies ? "lock strategy `" + base.lock_strategy + "`"
                                 : "capacity policy `" + base.capacity_policy + "`",
      base.scenario.scale);
  md += ComparisonTable(runs, c);
  md += "\n" + ComparisonFindings(runs, c);
  if (c == Comparison::kStrategies) md += ReplayedPolicies(base);
  return md;
}

}  // namespace headlock::sim::report

namespace headlock::sim {

using report::Duration;
using report::Group;
using report::PerHandled;
using report::Ratio;
using report::Usd;

std::string ComparisonTable(const std::vector<SimResult>& runs, Comparison c) {
  std::string md = fmt::format(
      "| {} | requests handled | duplicate handlings | API writes / request | write units / "
      "request "
      "| read units / request | throttled requests | cost | vs {} |\n",
      c == Comparison::kPolicies ? "capacity policy" : "lock strategy", RunLabel(runs.front(), c));
  md += "|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
  const SimResult& base = runs.front();
  for (const SimResult& r : runs) {
    md += fmt::format(
        "| `{}` | {} | {} | {:.2f} | {:.2f} | {:.3f} | {} | {} | writes {} / reads {} / cost {} "
        "|\n",
        RunLabel(r, c), Group(r.totals.requests_handled), Group(r.totals.duplicate_handlings),
        PerHandled(r.totals.api_writes, r), PerHandled(r.totals.write_units, r),
        PerHandled(r.totals.read_units, r), Group(r.totals.throttled_requests),
        Usd(r.totals.cost_usd),
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

}  // namespace headlock::sim
