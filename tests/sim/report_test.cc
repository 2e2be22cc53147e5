// The run directory's words: what a comparison's findings conclude from the
// runs' totals.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "headlock/sim/report.h"
#include "headlock/sim/simulator.h"

namespace headlock::sim {
namespace {

SimResult Totals(std::string strategy, double handled, double duplicates, double cost_usd) {
  SimResult r;
  r.scenario = DefaultScenario();
  r.lock_strategy = std::move(strategy);
  r.capacity_policy = "on-demand";
  r.totals.requests_handled = handled;
  r.totals.requests_added = handled;
  r.totals.duplicate_handlings = duplicates;
  r.totals.cost_usd = cost_usd;
  r.totals.on_demand_usd = cost_usd;
  r.totals.write_units = 15 * handled;
  r.totals.read_units = 3 * handled;
  r.totals.api_writes = 4 * handled;
  return r;
}

std::string Findings(const std::vector<SimResult>& runs) {
  // One directory per process: CTest runs each test as its own process, in
  // parallel with -j.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("headlock-report-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ReportOptions options;
  options.comparison = Comparison::kStrategies;
  options.charts = false;
  Status s = WriteRunDirectory(dir.string(), runs, options);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::ifstream in(dir / "summary.md");
  std::stringstream md;
  md << in.rdbuf();
  std::filesystem::remove_all(dir);
  const std::string text = md.str();
  const size_t at = text.find("## Findings");
  return at == std::string::npos ? "" : text.substr(at);
}

// requests_handled counts each request once (a second handling is a
// duplicate_handling, not a handled request), so cost per request divides by
// it alone: client-side's 3.9 million requests for $36.78 are $9.43 a
// million, cheaper than order-no's $9.88, its 1.2 million second handlings
// notwithstanding (they are reported, and paid for, but not divided by).
TEST(ReportTest, CheapestStrategyDividesByRequestsHandledOnce) {
  const std::string findings = Findings({Totals("order-no", 2'500'000, 0, 24.71),
                                         Totals("client-side", 3'900'000, 1'200'000, 36.78)});
  EXPECT_NE(findings.find("Cheapest per distinct request handled: `client-side`** at $9.43"),
            std::string::npos)
      << findings;
}

TEST(ReportTest, CheapestStrategyIsTheCheapestPerRequestHandled) {
  const std::string findings = Findings(
      {Totals("order-no", 2'500'000, 0, 20.00), Totals("client-side", 3'900'000, 100'000, 36.00)});
  EXPECT_NE(findings.find("Cheapest per distinct request handled: `order-no`** at $8.00"),
            std::string::npos)
      << findings;
}

}  // namespace
}  // namespace headlock::sim
