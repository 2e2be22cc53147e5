// `headlock sim`: runs a scenario through the simulator (sim/) and writes
// its run directory (summary.md, summary.json, timeline.csv, tables.csv,
// charts), then prints the directory's path on stdout.
//
//   headlock sim [--scenario FILE] [--seed N] [--out DIR] [--scale F]
//                [--compare strategies|policies] [--seeds N] [--duration D] [--start T]
//                [--strategy S] [--policy P] [--on-disk] [--no-charts] [--quiet]
//
// Without --out the run goes to a fresh directory under ./headlock-runs/.
// --compare runs the same scenario and seed once per lock strategy
// (order-no, lock-index, filter, client-side) or per capacity policy
// (on-demand first; the others sized from its peaks) and prints the
// side-by-side table. --seeds N runs it for N seeds and prints each figure's
// mean with its 95% interval, and each run's paired difference from the
// baseline (seeds.h).
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "headlock/sim/compare.h"
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
  int seeds = 1;
  bool on_disk = false;
  bool no_charts = false;
  bool quiet = false;
  bool force = false;
};

int Fail(const std::string& message, int code = 2) {
  std::fprintf(stderr, "headlock sim: %s\n", message.c_str());
  return code;
}

// The run directory is checked before the simulation, not after it: it must
// be a directory we can write, and empty unless --force.
Status PrepareOutDirectory(const std::string& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return Status::InvalidInput(fmt::format("--out {}: exists and is not a directory", dir));
  }
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !force) {
    return Status::InvalidInput(
        fmt::format("--out {}: not empty (use --force to write into it anyway)", dir));
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::InvalidInput(fmt::format("--out {}: {}", dir, ec.message()));
  const fs::path probe = fs::path(dir) / ".headlock-write-test";
  if (std::FILE* f = std::fopen(probe.c_str(), "w")) {
    std::fclose(f);
    fs::remove(probe, ec);
    return Status::OK();
  }
  return Status::InvalidInput(fmt::format("--out {}: cannot write there", dir));
}

// A flag that a comparison would override is refused rather than ignored.
Status CheckCompareFlags(const SimCommandOptions& o, sim::Comparison comparison) {
  if (comparison == sim::Comparison::kStrategies && o.strategy) {
    return Status::InvalidInput("--strategy cannot be combined with --compare strategies");
  }
  if (comparison == sim::Comparison::kPolicies && o.policy) {
    return Status::InvalidInput("--policy cannot be combined with --compare policies");
  }
  return Status::OK();
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
                 tty_ ? "\r" : "", label_.c_str(), bar.c_str(), done * 100,
                 Clock(p.simulated_ms / 1000.0).c_str(), Clock(p.duration_ms / 1000.0).c_str(),
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

// Flags override the scenario's fields, each through the field's own
// validator (the messages name the field, as for a scenario file).
Status ApplyFlags(const SimCommandOptions& o, sim::Scenario* s) {
  if (o.seed) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "seed", *o.seed));
  if (o.scale) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "scale", *o.scale));
  if (o.duration) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "duration", *o.duration));
  if (o.start) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "start", *o.start));
  if (o.strategy) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "lock_strategy", *o.strategy));
  if (o.policy) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "capacity_policy", *o.policy));
  if (o.on_disk) HEADLOCK_RETURN_IF_ERROR(sim::SetScenarioField(s, "on_disk", true));
  return Status::OK();
}

Result<sim::Scenario> LoadScenario(const SimCommandOptions& o) {
  sim::Scenario scenario = sim::DefaultScenario();
  if (o.scenario) {
    HEADLOCK_ASSIGN_OR_RETURN(scenario, sim::LoadScenarioFile(*o.scenario));
  }
  HEADLOCK_RETURN_IF_ERROR(ApplyFlags(o, &scenario));
  return scenario;
}

// Each run's options: a progress bar labelled with the run (and seed), an
// on-disk run's database directory. `*bar` holds the current run's bar.
sim::CompareOptions ProgressOptions(const SimCommandOptions& o, const sim::Scenario& scenario,
                                    sim::Comparison comparison, const std::string& dir,
                                    std::unique_ptr<ProgressBar>* bar) {
  const size_t count = sim::ComparedScenarios(scenario, comparison).size();
  sim::CompareOptions options;
  options.options_for = [=, &o](size_t i, const sim::Scenario& run) {
    std::string label = comparison == sim::Comparison::kNone
                            ? std::string("sim")
                            : fmt::format("{}/{} {}", i + 1, count, sim::RunLabel(run, comparison));
    if (o.seeds > 1) label += fmt::format(" seed {}", run.seed);
    *bar = std::make_unique<ProgressBar>(!o.quiet, label);
    sim::SimOptions so;
    so.progress = [b = bar->get()](const sim::SimProgress& p) { (*b)(p); };
    if (run.on_disk) {
      const std::string name =
          o.seeds > 1 ? fmt::format("db-seed{}-{}", run.seed, i) : fmt::format("db-{}", i);
      so.db_dir = (fs::path(dir) / name).string();
      fs::create_directories(so.db_dir);
    }
    return so;
  };
  options.finished = [&o](const sim::SimResult& r) {
    if (!o.quiet) std::fputs(sim::BriefSummary(r).c_str(), stderr);
  };
  return options;
}

// Removes `dir` if the failed run left it empty.
int FailRun(const std::string& dir, const Status& st) {
  std::error_code ec;
  if (fs::is_empty(dir, ec)) fs::remove(dir, ec);
  return Fail(st.ToString());
}

int Run(const SimCommandOptions& o) {
  if (o.seeds < 1 || o.seeds > 100) return Fail("--seeds must be between 1 and 100");
  Result<sim::Scenario> scenario = LoadScenario(o);
  if (!scenario.ok()) return Fail(scenario.status().message());
  sim::Comparison comparison = sim::Comparison::kNone;
  if (o.compare) {
    Result<sim::Comparison> c = sim::ParseComparison(*o.compare);
    if (!c.ok()) return Fail(c.status().message());
    comparison = c.value();
  }
  if (Status st = CheckCompareFlags(o, comparison); !st.ok()) return Fail(st.message());
  const std::string dir = o.out ? *o.out : FreshRunDirectory(scenario.value());
  if (Status st = PrepareOutDirectory(dir, o.force); !st.ok()) return Fail(st.message());
  std::unique_ptr<ProgressBar> bar;
  const sim::CompareOptions options = ProgressOptions(o, scenario.value(), comparison, dir, &bar);
  sim::ReportOptions report;
  report.comparison = comparison;
  report.charts = !o.no_charts;
  std::string table;
  Status st;
  bool charts_drawn = true;
  if (o.seeds > 1) {
    Result<sim::SeedComparison> seeds =
        sim::RunSeeds(scenario.value(), comparison, o.seeds, options);
    if (!seeds.ok()) return FailRun(dir, seeds.status());
    st = sim::WriteSeedsDirectory(dir, seeds.value(), report);
    table = sim::SeedsTable(seeds.value());
  } else {
    Result<std::vector<sim::SimResult>> results =
        sim::RunComparison(scenario.value(), comparison, options);
    if (!results.ok()) return FailRun(dir, results.status());
    st = sim::WriteRunDirectory(dir, results.value(), report, &charts_drawn);
    if (comparison != sim::Comparison::kNone)
      table = sim::ComparisonTable(results.value(), comparison);
  }
  if (!st.ok()) return Fail(st.ToString(), 1);
  if (report.charts && !charts_drawn) {
    std::fprintf(stderr,
                 "headlock sim: charts were not drawn: is gnuplot installed? "
                 "(apt-get install gnuplot-nox)\n");
  }
  std::fputs(table.c_str(), stdout);
  std::fprintf(stdout, "%s\n", dir.c_str());
  return 0;
}

}  // namespace

RunFunction SetupSim(CLI::App* app) {
  auto o = std::make_shared<SimCommandOptions>();
  app->add_option("--scenario", o->scenario, "Scenario JSON file (default: the built-in scenario)");
  app->add_option("--seed", o->seed, "Random seed (same scenario + seed = same report)");
  app->add_option("--out", o->out, "Run directory (default: a fresh one under ./headlock-runs/)");
  app->add_option("--seeds", o->seeds,
                  "Run every strategy / policy for N seeds (--seed and the next ones) and report "
                  "means with 95% intervals and paired differences");
  app->add_option("--scale", o->scale, "Fraction of the population to simulate, in (0, 1]");
  app->add_option("--compare", o->compare, "Run once per lock strategy or capacity policy")
      ->check(CLI::IsMember({"strategies", "policies"}));
  app->add_option("--duration", o->duration, "Simulated time span, e.g. 15m, 1h, 4w");
  app->add_option("--start", o->start, "Simulated start (UTC), e.g. 2026-11-02T14:00:00Z");
  app->add_option("--strategy", o->strategy,
                  "Lock strategy: order-no, lock-index, filter, client-side");
  app->add_option("--policy", o->policy, "Capacity policy spec (see headlock cost --help)");
  app->add_flag("--on-disk", o->on_disk,
                "Run the engine on disk (in the run directory) instead of in memory");
  app->add_flag("--no-charts", o->no_charts, "Do not draw charts (no gnuplot needed)");
  app->add_flag("--quiet", o->quiet, "No progress on stderr");
  app->add_flag("--force", o->force, "Write into an --out directory that is not empty");
  return [o] { return Run(*o); };
}

}  // namespace headlock::cli
