// `headlock cost`: prices a capacity log (the CSV `headlock exec
// --capacity-log` writes) under one or more capacity policies and prints the
// bills side by side: per table and ISO week, each table's total, the grand
// total, and what each policy would have throttled. `--out` writes the same
// as CSV (BillsToCsv).
#include <fmt/core.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "headlock/capacity/bill.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/pricing.h"
#include "headlock/read_file.h"

namespace headlock::cli {
namespace {

struct CostOptions {
  std::string log;
  std::vector<std::string> policies;
  std::string pricing;
  std::string region = "us-east-1";
  std::string table_class = "STANDARD";
  std::string rules = "2025-08-12";
  int retention_weeks = -1;
  std::string out;
};

// The comparison a user wants without thinking about it: what happened,
// and the four policies with plans sized from the log itself.
std::vector<std::string> DefaultPolicies() {
  std::vector<std::string> out = {std::string(kAsLoggedPolicy)};
  for (std::string_view p : kStandardPolicies) out.emplace_back(p);
  return out;
}

std::string Usd(double usd) { return fmt::format("{:.4f}", usd); }

// One aligned table: the first column left-aligned, the others right.
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += i < 2 ? fmt::format("{:<{}}", row[i], width[i]) : fmt::format("{:>{}}", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  }
}

void PrintBills(const std::vector<PolicyBill>& bills) {
  // Bill per table per week (and totals), one column per policy.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"table", "week"};
  for (size_t i = 0; i < bills.size(); ++i) header.push_back(fmt::format("[{}] USD", i + 1));
  rows.push_back(header);
  // Every (table, week) any policy billed, in the first bill's order, then
  // any others.
  std::vector<std::pair<std::string, std::string>> keys;
  std::map<std::pair<std::string, std::string>, std::vector<double>> cells;
  for (size_t i = 0; i < bills.size(); ++i) {
    for (const BillLine& l : bills[i].lines) {
      auto key = std::make_pair(l.table_name, l.week);
      auto [it, fresh] = cells.emplace(key, std::vector<double>(bills.size(), 0.0));
      if (fresh) keys.push_back(key);
      it->second[i] = l.total_usd();
    }
  }
  for (const auto& key : keys) {
    std::vector<std::string> row = {key.first, key.second};
    for (double usd : cells[key]) row.push_back(Usd(usd));
    rows.push_back(row);
  }
  PrintTable(rows);

  fmt::print("\n");
  std::vector<std::vector<std::string>> totals = {
      {"policy", "", "total USD", "on-demand W", "on-demand R", "provisioned W", "provisioned R",
       "storage", "throttled W units", "throttled R units"}};
  for (size_t i = 0; i < bills.size(); ++i) {
    const BillLine& t = bills[i].total();
    totals.push_back({fmt::format("[{}] {}", i + 1, bills[i].policy), "", Usd(t.total_usd()),
                      Usd(t.on_demand_write_usd), Usd(t.on_demand_read_usd),
                      Usd(t.provisioned_write_usd), Usd(t.provisioned_read_usd),
                      Usd(t.storage_usd), HalfUnitsToText(t.throttled.write),
                      HalfUnitsToText(t.throttled.read)});
  }
  PrintTable(totals);
}

int RunCost(const CostOptions& o) {
  auto fail = [](const Status& s) {
    fmt::print(stderr, "headlock cost: {}\n", s.ToString());
    return 1;
  };
  std::optional<std::string> text = ReadWholeFile(o.log);
  if (!text) return fail(Status::Validation(fmt::format("cannot read {}", o.log)));
  Result<CapacityRecord> record = CapacityRecordFromCsv(*text);
  if (!record.ok()) return fail(record.status());

  PricingTable pricing = PricingTable::Default();
  if (!o.pricing.empty()) {
    Result<PricingTable> loaded = PricingTable::FromCsvFile(o.pricing);
    if (!loaded.ok()) return fail(loaded.status());
    pricing = std::move(*loaded);
  }
  BillOptions options;
  options.region = o.region;
  options.table_class = o.table_class;
  options.replay.retention_weeks = o.retention_weeks;
  options.replay.rules =
      o.rules == "2018-11-28" ? CapacityRuleSet::k2018_11_28 : CapacityRuleSet::k2025_08_12;
  const std::vector<std::string> specs = o.policies.empty() ? DefaultPolicies() : o.policies;
  Result<std::vector<PolicyBill>> bills = CompareBills(*record, specs, pricing, options);
  if (!bills.ok()) return fail(bills.status());

  PrintBills(*bills);
  if (!o.out.empty()) {
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    out << BillsToCsv(*bills);
    if (!out.flush()) return fail(Status::Validation(fmt::format("cannot write {}", o.out)));
    fmt::print("\nwrote {}\n", o.out);
  }
  return 0;
}

}  // namespace

RunFunction SetupCost(CLI::App* app) {
  auto o = std::make_shared<CostOptions>();
  app->add_option("--log", o->log, "Capacity log CSV (headlock exec --capacity-log)")->required();
  app->add_option("--policy", o->policies,
                  "Policy to price (repeatable): as-logged, on-demand, provisioned[:rcu=R,wcu=W], "
                  "autoscaled[:target=70,min=5,max=40000,initial=I], weekly-hybrid[:k=2,rcu=R,wcu=W]"
                  ". Units default to 'peak' (the busiest minute at 70%). Default: all five");
  app->add_option("--pricing", o->pricing, "Pricing CSV (default: us-east-1 from the reference)");
  app->add_option("--region", o->region, "Region to price in")->capture_default_str();
  app->add_option("--table-class", o->table_class, "STANDARD or STANDARD_INFREQUENT_ACCESS")
      ->capture_default_str();
  app->add_option("--rules", o->rules, "DynamoDB's capacity-change rules by date")
      ->check(CLI::IsMember({"2018-11-28", "2025-08-12"}))
      ->capture_default_str();
  app->add_option("--retention-weeks", o->retention_weeks,
                  "Drop a weekly table this many weeks after its week ended, unless still used "
                  "(-1: never)")
      ->check(CLI::Range(-1, 520))
      ->capture_default_str();
  app->add_option("--out", o->out, "Also write the bills as CSV to this file");
  return [o] { return RunCost(*o); };
}

}  // namespace headlock::cli
