// `headlock sim`: runs a scenario through the simulator (sim/) and writes
// its run directory (summary.md, summary.json, timeline.csv, tables.csv,
// charts), then prints the directory's path on stdout.
//
//   headlock sim [--scenario FILE] [--seed N] [--out DIR] [--scale F]
//                [--compare strategies|policies] [--duration D] [--start T]
//                [--strategy S] [--policy P] [--on-disk] [--no-charts] [--quiet]
//
// Without --out the run goes to a fresh directory under ./headlock-runs/.
// --compare runs the same scenario and seed once per lock strategy
// (order-no, lock-index, filter, client-side) or per capacity policy
// (on-demand first; the others sized from its peaks) and prints the
// side-by-side table.
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "command.h"
#include "headlock/capacity/capacity_policy.h"
#include "headlock/sim/report.h"
#include "headlock/sim/scenario.h"
#include "headlock/sim/simulator.h"

namespace headlock::cli {
namespace {

namespace fs = std::filesystem;

struct SimCommandOptions {
  std::optional<std::string> scenario;
  std::optional<uint64_t> seed;
  std::optional<std::string> out;
  std::optional<double> scale;
  std::optional<std::string> compare;
  std::optional<std::string> duration;
  std::optional<std::string> start;
  std::optional<std::string> strategy;
  std::optional<std::string> policy;
  bool on_disk = false;
  bool no_charts = false;
  bool quiet = false;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "headlock sim: %s\n", message.c_str());
  return 2;
}

std::string Clock(double seconds) {
  const int64_t s = static_cast<int64_t>(seconds);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

// A one-line progress bar on stderr: simulated time, events per second, ETA.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::string label)
      : enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0), label_(std::move(label)) {}
  void operator()(const sim::SimProgress& p) {
    if (!enabled_) return;
    // Not a terminal (a log file): one line every 10 s of wall time.
    if (!tty_ && p.simulated_ms < p.duration_ms && p.wall_seconds < next_line_s_) return;
    next_line_s_ = p.wall_seconds + 10;
    const double done = p.duration_ms > 0 ? static_cast<double>(p.simulated_ms) / p.duration_ms : 1;
    const int width = 30;
    const int filled = static_cast<int>(done * width);
    std::string bar(filled, '=');
    if (filled < width) bar += '>' + std::string(width - filled - 1, ' ');
    const double eta = done > 0 ? p.wall_seconds * (1 - done) / done : 0;
    std::fprintf(stderr, "%s%s [%s] %3.0f%% %s of %s simulated | %s events/s | ETA %s   ",
                 tty_ ? "\r" : "",
                 label_.c_str(), bar.c_str(), done * 100, Clock(p.simulated_ms / 1000.0).c_str(),
                 Clock(p.duration_ms / 1000.0).c_str(),
                 fmt::format("{:.0f}", p.wall_seconds > 0 ? p.events / p.wall_seconds : 0).c_str(),
                 Clock(eta).c_str());
    if (done >= 1 || !tty_) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  bool tty_;
  double next_line_s_ = 0;
  std::string label_;
};

std::string FreshRunDirectory(const sim::Scenario& s) {
  for (int k = 1;; ++k) {
    fs::path p = fs::path("headlock-runs") / fmt::format("{}-seed{}-{}", s.name, s.seed, k);
    if (!fs::exists(p)) return p.string();
  }
}

int Run(const SimCommandOptions& o) {
  sim::Scenario scenario = sim::DefaultScenario();
  if (o.scenario) {
    Result<sim::Scenario> loaded = sim::LoadScenarioFile(*o.scenario);
    if (!loaded.ok()) return Fail(loaded.status().message());
    scenario = std::move(loaded).value();
  }
  // Flags override the file: written as a JSON overlay so that they are
  // checked exactly as the file's fields are.
  std::string overlay;
  auto add = [&](const std::string& field) { overlay += (overlay.empty() ? "" : ",") + field; };
  if (o.seed) add(fmt::format("\"seed\":{}", *o.seed));
  if (o.scale) add(fmt::format("\"scale\":{}", *o.scale));
  if (o.duration) add(fmt::format("\"duration\":\"{}\"", *o.duration));
  if (o.start) add(fmt::format("\"start\":\"{}\"", *o.start));
  if (o.strategy) add(fmt::format("\"lock_strategy\":\"{}\"", *o.strategy));
  if (o.policy) add(fmt::format("\"capacity_policy\":\"{}\"", *o.policy));
  if (o.on_disk) add("\"on_disk\":true");
  if (!overlay.empty()) {
    std::string json = sim::ScenarioToJson(scenario);
    json = json.substr(0, json.rfind('}')) + "," + overlay + "}";
    // Later members win: parse the merged document.
    Result<sim::Scenario> merged = sim::ParseScenarioJson(json);
    if (!merged.ok()) return Fail(merged.status().message());
    scenario = std::move(merged).value();
  }
  if (o.policy) {
    Result<std::unique_ptr<CapacityPolicy>> p = ParseCapacityPolicy(*o.policy);
    if (!p.ok()) return Fail(p.status().message());
  }

  sim::Comparison comparison = sim::Comparison::kNone;
  std::vector<sim::Scenario> runs;
  if (o.compare) {
    if (*o.compare == "strategies") {
      comparison = sim::Comparison::kStrategies;
      for (const char* s : {"order-no", "lock-index", "filter", "client-side"}) {
        sim::Scenario x = scenario;
        x.lock_strategy = ParseLockStrategyKind(s).value();
        runs.push_back(x);
      }
    } else if (*o.compare == "policies") {
      comparison = sim::Comparison::kPolicies;
      for (const char* p : {"on-demand", "provisioned", "autoscaled", "weekly-hybrid"}) {
        sim::Scenario x = scenario;
        x.capacity_policy = p;
        runs.push_back(x);
      }
    } else {
      return Fail("--compare must be 'strategies' or 'policies'");
    }
  } else {
    runs.push_back(scenario);
  }

  const std::string dir = o.out ? *o.out : FreshRunDirectory(scenario);
  std::vector<sim::SimResult> results;
  for (size_t i = 0; i < runs.size(); ++i) {
    sim::SimOptions options;
    std::string label =
        comparison == sim::Comparison::kNone
            ? std::string("sim")
            : fmt::format("{}/{} {}", i + 1, runs.size(),
                          comparison == sim::Comparison::kPolicies
                              ? runs[i].capacity_policy
                              : std::string(LockStrategyName(runs[i].lock_strategy)));
    ProgressBar bar(!o.quiet, label);
    options.progress = [&bar](const sim::SimProgress& p) { bar(p); };
    if (runs[i].on_disk) {
      options.db_dir = (fs::path(dir) / fmt::format("db-{}", i)).string();
      fs::create_directories(options.db_dir);
    }
    // Policies sized "peak" learn the peaks from the first (on-demand) run.
    if (comparison == sim::Comparison::kPolicies && i > 0) options.peaks = results.front().peaks;
    Result<sim::SimResult> r = sim::RunSimulation(runs[i], options);
    if (!r.ok()) return Fail(r.status().ToString());
    if (!o.quiet) std::fputs(sim::BriefSummary(r.value()).c_str(), stderr);
    results.push_back(std::move(r).value());
  }
  sim::ReportOptions report;
  report.comparison = comparison;
  report.charts = !o.no_charts;
  Status st = sim::WriteRunDirectory(dir, results, report);
  if (!st.ok() && st.code() != Status::Code::kStorageError) return Fail(st.ToString());
  if (!st.ok()) std::fprintf(stderr, "headlock sim: %s\n", st.message().c_str());
  if (comparison != sim::Comparison::kNone) {
    std::fputs(sim::ComparisonTable(results, comparison).c_str(), stdout);
  }
  std::fprintf(stdout, "%s\n", dir.c_str());
  return 0;
}

}  // namespace

RunFunction SetupSim(CLI::App* app) {
  auto o = std::make_shared<SimCommandOptions>();
  app->add_option("--scenario", o->scenario, "Scenario JSON file (default: the built-in scenario)");
  app->add_option("--seed", o->seed, "Random seed (same scenario + seed = same report)");
  app->add_option("--out", o->out, "Run directory (default: a fresh one under ./headlock-runs/)");
  app->add_option("--scale", o->scale, "Fraction of the population to simulate, in (0, 1]");
  app->add_option("--compare", o->compare, "Run once per lock strategy or capacity policy")
      ->check(CLI::IsMember({"strategies", "policies"}));
  app->add_option("--duration", o->duration, "Simulated time span, e.g. 15m, 1h, 4w");
  app->add_option("--start", o->start, "Simulated start (UTC), e.g. 2026-11-02T14:00:00Z");
  app->add_option("--strategy", o->strategy, "Lock strategy: order-no, lock-index, filter, client-side");
  app->add_option("--policy", o->policy, "Capacity policy spec (see headlock cost --help)");
  app->add_flag("--on-disk", o->on_disk, "Run the engine on disk (in the run directory) instead of in memory");
  app->add_flag("--no-charts", o->no_charts, "Do not draw charts (no gnuplot needed)");
  app->add_flag("--quiet", o->quiet, "No progress on stderr");
  return [o] { return Run(*o); };
}

}  // namespace headlock::cli
