// The report of a comparison over several seeds (seeds.h).
#include <fmt/core.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>

#include "headlock/sim/report.h"
#include "report_parts.h"

namespace headlock::sim {
namespace {

using report::fs::path;

// 3 significant digits: "15.2", "0.863", "1,234".
std::string Num(double x) {
  if (!std::isfinite(x)) return "n/a";
  const double a = std::fabs(x);
  if (a >= 1000) return report::Group(x);
  if (a >= 100) return fmt::format("{:.0f}", x);
  if (a >= 10) return fmt::format("{:.1f}", x);
  if (a >= 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3f}", x);
}

std::string Signed(double x) { return (x > 0 ? "+" : "") + Num(x); }

std::string Cell(const Interval& i) {
  if (i.n < 2) return Num(i.mean);
  return fmt::format("{} [{}, {}]", Num(i.mean), Num(i.low), Num(i.high));
}

std::string DiffCell(const Interval& i) {
  if (i.n < 2) return Signed(i.mean);
  const std::string d = fmt::format("{} [{}, {}]", Signed(i.mean), Signed(i.low), Signed(i.high));
  return i.excludes_zero() ? "**" + d + "**" : d;
}

const char* Kind(Comparison c) {
  return c == Comparison::kPolicies ? "capacity policy" : "lock strategy";
}

std::string FiguresTable(const SeedComparison& c) {
  std::string md = fmt::format("| {} |", Kind(c.comparison));
  std::string rule = "|---|";
  for (const SeedFigure& f : SeedFigures()) {
    md += fmt::format(" {} |", f.title);
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  for (const RunOverSeeds& r : c.runs) {
    md += fmt::format("| `{}` |", r.label);
    for (const Interval& i : r.figures) md += " " + Cell(i) + " |";
    md += "\n";
  }
  return md;
}

std::string DifferencesTable(const SeedComparison& c) {
  const std::string& base = c.runs.front().label;
  std::string md = fmt::format("| {} minus `{}`, same seed |", Kind(c.comparison), base);
  std::string rule = "|---|";
  for (const SeedFigure& f : SeedFigures()) {
    md += fmt::format(" {} |", f.title);
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  for (size_t i = 1; i < c.runs.size(); ++i) {
    md += fmt::format("| `{}` |", c.runs[i].label);
    for (const Interval& d : c.runs[i].vs_baseline) md += " " + DiffCell(d) + " |";
    md += "\n";
  }
  return md;
}

// In words: which differences hold at this sample, and which do not.
std::string Differences(const SeedComparison& c) {
  const std::string& base = c.runs.front().label;
  std::string md;
  for (size_t i = 1; i < c.runs.size(); ++i) {
    const RunOverSeeds& r = c.runs[i];
    std::vector<std::string> held, none;
    for (size_t f = 0; f < SeedFigures().size(); ++f) {
      const Interval& d = r.vs_baseline[f];
      if (d.excludes_zero()) {
        held.push_back(fmt::format("{} {} ({} to {})", SeedFigures()[f].title, Signed(d.mean),
                                   Signed(d.low), Signed(d.high)));
      } else {
        none.push_back(SeedFigures()[f].title);
      }
    }
    md += fmt::format("- `{}` against `{}`: ", r.label, base);
    for (size_t k = 0; k < held.size(); ++k) md += (k ? "; " : "") + held[k];
    if (held.empty()) md += "no difference at this sample";
    if (!held.empty() && !none.empty())
      md += fmt::format(
          "; no difference in {}",
          none.size() == 1 ? none[0] : fmt::format("the other {} figures", none.size()));
    md += ".\n";
  }
  return md;
}

std::string SummaryMarkdown(const SeedComparison& c) {
  const Scenario& sc = c.by_seed.front().front().scenario;
  std::string md = fmt::format("# Headlock comparison over {} seeds: {}\n\n{}\n\n", c.seeds.size(),
                               sc.name, sc.description);
  md += fmt::format(
      "Seeds {} to {}; {} from {}, scale {}. Every run of a seed meets the same scenario and "
      "seed; each figure is the mean over the seeds with its 95% interval [low, high] "
      "(Student's t). Each seed's own comparison is in `seed-N/`.\n\n",
      c.seeds.front(), c.seeds.back(), report::Duration(sc.duration_ms), FormatUtc(sc.start_ms),
      sc.scale);
  md += SeedsTable(c);
  if (c.runs.size() > 1) {
    md +=
        "\n## What differs at this sample\n\nA difference is named only when the interval of "
        "the paired differences (each run minus the same seed's baseline) excludes zero "
        "(bold in the table above).\n\n";
    md += Differences(c);
  }
  return md;
}

void WriteInterval(rapidjson::PrettyWriter<rapidjson::StringBuffer>& w, const Interval& i) {
  w.StartObject();
  for (auto [k, v] : {std::pair{"mean", i.mean},
                      {"min", i.min},
                      {"max", i.max},
                      {"low95", i.low},
                      {"high95", i.high}}) {
    w.Key(k);
    w.Double(v);
  }
  w.EndObject();
}

std::string SummaryJson(const SeedComparison& c) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("seeds");
  w.StartArray();
  for (uint64_t s : c.seeds) w.Uint64(s);
  w.EndArray();
  w.Key("runs");
  w.StartObject();
  for (const RunOverSeeds& r : c.runs) {
    w.Key(r.label.c_str());
    w.StartObject();
    for (size_t f = 0; f < SeedFigures().size(); ++f) {
      w.Key(SeedFigures()[f].name);
      WriteInterval(w, r.figures[f]);
    }
    w.Key("minus_baseline");
    w.StartObject();
    for (size_t f = 0; f < SeedFigures().size(); ++f) {
      w.Key(SeedFigures()[f].name);
      WriteInterval(w, r.vs_baseline[f]);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace

std::string SeedsTable(const SeedComparison& c) {
  if (c.runs.empty()) return "";
  std::string md = FiguresTable(c);
  if (c.runs.size() > 1) md += "\n" + DifferencesTable(c);
  return md;
}

Status WriteSeedsDirectory(const std::string& dir, const SeedComparison& c,
                           const ReportOptions& options) {
  if (c.by_seed.empty()) return Status::InvalidInput("no runs to report");
  // Each seed's own comparison, without charts (the tables above are the
  // point; `headlock sim --seed N` draws one seed's).
  ReportOptions per_seed = options;
  per_seed.charts = false;
  for (size_t i = 0; i < c.seeds.size(); ++i) {
    const std::string sub = (path(dir) / fmt::format("seed-{}", c.seeds[i])).string();
    HEADLOCK_RETURN_IF_ERROR(WriteRunDirectory(sub, c.by_seed[i], per_seed));
  }
  HEADLOCK_RETURN_IF_ERROR(report::WriteFile(path(dir) / "summary.md", SummaryMarkdown(c)));
  return report::WriteFile(path(dir) / "summary.json", SummaryJson(c));
}

}  // namespace headlock::sim
