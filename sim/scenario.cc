// Scenario defaults, the load curve, and the scenario JSON format.
#include "headlock/sim/scenario.h"

#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <fstream>
#include <functional>

#include "headlock/capacity/capacity_policy.h"
#include "headlock/capacity/on_demand_meter.h"  // the table quota
#include "headlock/read_file.h"
#include "headlock/time.h"

namespace headlock::sim {
namespace {

// 2026-11-02T14:00:00Z, a Monday afternoon (UTC) just before the cycle's peak.
int64_t DefaultStartMs() { return DaysFromCivil(2026, 11, 2) * kDayMs + 14 * kHourMs; }

// "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DDTHH:MMZ" or "YYYY-MM-DD" (headlock/time.h's
// rules). No fraction: FormatUtc writes whole seconds, and a scenario file
// must read back to the same start.
std::optional<int64_t> ParseUtc(const std::string& text) {
  if (text.size() == 10) return ParseUtcDate(text);
  if (text.size() == 17 && text.back() == 'Z') return ParseUtcMillis(text.substr(0, 16) + ":00Z");
  if (text.size() != 20) return std::nullopt;
  return ParseUtcMillis(text);
}

}  // namespace

std::string FormatUtc(int64_t ms) { return FormatUtcSeconds(ms); }

namespace {

// Duration "90s", "15m", "1h", "4w", "2d" or "500ms": a unit is required (a
// bare "90" is refused rather than guessed).
std::optional<int64_t> ParseDuration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t pos = 0;
  double value = 0;
  try {
    value = std::stod(text, &pos);
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = text.substr(pos);
  double ms = 0;
  if (unit == "ms")
    ms = value;
  else if (unit == "s")
    ms = value * 1000;
  else if (unit == "m" || unit == "min")
    ms = value * kMinuteMs;
  else if (unit == "h")
    ms = value * 3'600'000;
  else if (unit == "d")
    ms = value * kDayMs;
  else if (unit == "w")
    ms = value * 7 * kDayMs;
  else
    return std::nullopt;
  if (!(ms > 0) || ms > 366.0 * kDayMs) return std::nullopt;
  return static_cast<int64_t>(std::llround(ms));
}

// One field of the JSON format: its path, how to read it, how to write it.
struct Field {
  const char* path;  // "section.name"
  const char* doc;
  std::function<Status(const rapidjson::Value&, Scenario*)> read;
  std::function<void(const Scenario&, rapidjson::Value*, rapidjson::Document::AllocatorType&)>
      write;
};

Status Bad(const std::string& path, const std::string& what) {
  return Status::InvalidInput(fmt::format("scenario field '{}': {}", path, what));
}

using Alloc = rapidjson::Document::AllocatorType;

Field Double(const char* path, std::function<double&(Scenario&)> ref, double lo, double hi) {
  return Field{path, "",
               [=](const rapidjson::Value& v, Scenario* s) -> Status {
                 if (!v.IsNumber()) return Bad(path, "expected a number");
                 double x = v.GetDouble();
                 if (!(x >= lo && x <= hi))
                   return Bad(path, fmt::format("{} is outside [{}, {}]", x, lo, hi));
                 ref(*s) = x;
                 return Status::OK();
               },
               [=](const Scenario& s, rapidjson::Value* out, Alloc&) {
                 out->SetDouble(ref(const_cast<Scenario&>(s)));
               }};
}

Field Int(const char* path, std::function<int64_t&(Scenario&)> ref, int64_t lo, int64_t hi) {
  return Field{path, "",
               [=](const rapidjson::Value& v, Scenario* s) -> Status {
                 if (!v.IsInt64()) return Bad(path, "expected an integer");
                 int64_t x = v.GetInt64();
                 if (x < lo || x > hi)
                   return Bad(path, fmt::format("{} is outside [{}, {}]", x, lo, hi));
                 ref(*s) = x;
                 return Status::OK();
               },
               [=](const Scenario& s, rapidjson::Value* out, Alloc&) {
                 out->SetInt64(ref(const_cast<Scenario&>(s)));
               }};
}

Field String(const char* path, std::function<std::string&(Scenario&)> ref,
             std::function<Status(const std::string&)> check = {}) {
  return Field{path, "",
               [=](const rapidjson::Value& v, Scenario* s) -> Status {
                 if (!v.IsString()) return Bad(path, "expected a string");
                 std::string x(v.GetString(), v.GetStringLength());
                 if (check) {
                   Status st = check(x);
                   if (!st.ok()) return Bad(path, st.message());
                 }
                 ref(*s) = x;
                 return Status::OK();
               },
               [=](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                 out->SetString(ref(const_cast<Scenario&>(s)).c_str(), a);
               }};
}

// Run.
void RunFields(std::vector<Field>& f) {
  f.push_back(String("name", [](Scenario& s) -> std::string& { return s.name; }));
  f.push_back(String("description", [](Scenario& s) -> std::string& { return s.description; }));
  f.push_back(Field{"start", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      if (!v.IsString())
                        return Bad("start", "expected a UTC time like 2026-11-02T14:00:00Z");
                      auto ms = ParseUtc(v.GetString());
                      if (!ms) return Bad("start", "expected a UTC time like 2026-11-02T14:00:00Z");
                      s->start_ms = *ms;
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      out->SetString(FormatUtc(s.start_ms).c_str(), a);
                    }});
  f.push_back(Field{"duration", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      if (!v.IsString())
                        return Bad("duration", "expected a duration like \"1h\", \"90m\", \"4w\"");
                      auto ms = ParseDuration(v.GetString());
                      if (!ms)
                        return Bad(
                            "duration",
                            "expected a duration like \"1h\", \"90m\", \"4w\" (at most a year)");
                      s->duration_ms = *ms;
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      out->SetString(fmt::format("{}s", s.duration_ms / 1000).c_str(), a);
                    }});
  f.push_back(Double(
      "scale", [](Scenario& s) -> double& { return s.scale; }, 1e-6, 1));
  f.push_back(
      Field{"seed", "",
            [](const rapidjson::Value& v, Scenario* s) -> Status {
              if (!v.IsUint64()) return Bad("seed", "expected a non-negative integer");
              s->seed = v.GetUint64();
              return Status::OK();
            },
            [](const Scenario& s, rapidjson::Value* out, Alloc&) { out->SetUint64(s.seed); }});
}

// Load.
void LoadFields(std::vector<Field>& f) {
  f.push_back(Double(
      "load.min_writes_per_minute",
      [](Scenario& s) -> double& { return s.load.min_writes_per_minute; }, 0, 1e8));
  f.push_back(Double(
      "load.max_writes_per_minute",
      [](Scenario& s) -> double& { return s.load.max_writes_per_minute; }, 0, 1e8));
  f.push_back(Double(
      "load.peak_hour_utc", [](Scenario& s) -> double& { return s.load.peak_hour_utc; }, 0, 24));
  f.push_back(Double(
      "load.weekend_factor", [](Scenario& s) -> double& { return s.load.weekend_factor; }, 0, 10));
}

// An explicit per-minute load profile (instead of the daily curve).
void LoadPerMinuteFields(std::vector<Field>& f) {
  f.push_back(Field{"load.per_minute", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      if (!v.IsArray())
                        return Bad("load.per_minute", "expected an array of writes per minute");
                      std::vector<double> xs;
                      for (const auto& x : v.GetArray()) {
                        if (!x.IsNumber() || x.GetDouble() < 0)
                          return Bad("load.per_minute", "expected numbers >= 0");
                        xs.push_back(x.GetDouble());
                      }
                      s->load.per_minute = std::move(xs);
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      if (s.load.per_minute.empty()) return;  // the daily cycle
                      out->SetArray();
                      for (double x : s.load.per_minute) out->PushBack(x, a);
                    }});
  f.push_back(
      Field{"load.per_minute_csv", "",
            [](const rapidjson::Value& v, Scenario* s) -> Status {
              const char* path = "load.per_minute_csv";
              if (!v.IsString()) return Bad(path, "expected the path of a CSV file");
              std::ifstream in(v.GetString(), std::ios::binary);
              if (!in) return Bad(path, fmt::format("cannot read '{}'", v.GetString()));
              // One minute per line: "writes" or "minute,writes"; a header line
              // (not a number) is skipped.
              std::vector<double> xs;
              std::string line;
              int line_no = 0;
              while (std::getline(in, line)) {
                ++line_no;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                std::string cell =
                    line.substr(line.rfind(',') == std::string::npos ? 0 : line.rfind(',') + 1);
                char* end = nullptr;
                double x = std::strtod(cell.c_str(), &end);
                if (end == cell.c_str() || *end != '\0') {
                  if (line_no == 1) continue;  // a header
                  return Bad(path, fmt::format("line {}: '{}' is not a number", line_no, cell));
                }
                if (!(x >= 0))
                  return Bad(path, fmt::format("line {}: writes must be >= 0", line_no));
                xs.push_back(x);
              }
              if (xs.empty()) return Bad(path, "the file holds no minutes");
              s->load.per_minute = std::move(xs);
              return Status::OK();
            },
            // Written out as load.per_minute (the curve itself), not as the path.
            [](const Scenario&, rapidjson::Value*, Alloc&) {}});
}

// Latency.
void LatencyFields(std::vector<Field>& f) {
  f.push_back(Double(
      "latency.write_ms", [](Scenario& s) -> double& { return s.latency.write_ms; }, 0, 60000));
  f.push_back(Double(
      "latency.batch_ms", [](Scenario& s) -> double& { return s.latency.batch_ms; }, 0, 60000));
  f.push_back(Double(
      "latency.head_lock_ms", [](Scenario& s) -> double& { return s.latency.head_lock_ms; }, 0,
      60000));
  f.push_back(Double(
      "latency.read_ms", [](Scenario& s) -> double& { return s.latency.read_ms; }, 0, 60000));
  f.push_back(Double(
      "latency.kv_ms", [](Scenario& s) -> double& { return s.latency.kv_ms; }, 0, 60000));
  f.push_back(Double(
      "latency.tail_mean_ms", [](Scenario& s) -> double& { return s.latency.tail_mean_ms; }, 0,
      60000));
}

// Population.
void PopulationFields(std::vector<Field>& f) {
  f.push_back(Double(
      "population.queue_size_min",
      [](Scenario& s) -> double& { return s.population.queue_size_min; }, 1, 1e7));
  f.push_back(Double(
      "population.queue_size_alpha",
      [](Scenario& s) -> double& { return s.population.queue_size_alpha; }, 0.1, 10));
  f.push_back(Double(
      "population.queue_size_max",
      [](Scenario& s) -> double& { return s.population.queue_size_max; }, 1, 1e7));
  f.push_back(Double(
      "population.bulk_share", [](Scenario& s) -> double& { return s.population.bulk_share; }, 0,
      1));
  f.push_back(Double(
      "population.bulk_size_min", [](Scenario& s) -> double& { return s.population.bulk_size_min; },
      1, 1e7));
  f.push_back(Int(
      "population.start_urls", [](Scenario& s) -> int64_t& { return s.population.start_urls; }, 1,
      1000));
  f.push_back(Double(
      "population.links_per_page",
      [](Scenario& s) -> double& { return s.population.links_per_page; }, 0, 1000));
  f.push_back(Double(
      "population.duplicate_link_share",
      [](Scenario& s) -> double& { return s.population.duplicate_link_share; }, 0, 1));
}

// The population's crawlers: how many per queue, how they work.
void CrawlerFields(std::vector<Field>& f) {
  f.push_back(Field{"population.crawlers_weights", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      const char* path = "population.crawlers_weights";
                      if (!v.IsArray() || v.Size() != 4)
                        return Bad(path, "expected 4 weights (1, 2, 4, 8 crawlers)");
                      std::vector<double> w;
                      double sum = 0;
                      for (const auto& x : v.GetArray()) {
                        if (!x.IsNumber() || x.GetDouble() < 0)
                          return Bad(path, "expected numbers >= 0");
                        w.push_back(x.GetDouble());
                        sum += x.GetDouble();
                      }
                      if (!(sum > 0)) return Bad(path, "the weights sum to 0");
                      s->population.crawlers_weights = w;
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      out->SetArray();
                      for (double x : s.population.crawlers_weights) out->PushBack(x, a);
                    }});
  f.push_back(Int(
      "population.concurrency_min",
      [](Scenario& s) -> int64_t& { return s.population.concurrency_min; }, 1, 1000));
  f.push_back(Int(
      "population.concurrency_max",
      [](Scenario& s) -> int64_t& { return s.population.concurrency_max; }, 1, 1000));
  f.push_back(Double(
      "population.page_time_median_ms",
      [](Scenario& s) -> double& { return s.population.page_time_median_ms; }, 1, 600000));
  f.push_back(Double(
      "population.page_time_sigma",
      [](Scenario& s) -> double& { return s.population.page_time_sigma; }, 0, 3));
  f.push_back(Double(
      "population.failure_rate", [](Scenario& s) -> double& { return s.population.failure_rate; },
      0, 1));
  f.push_back(Int(
      "population.max_request_retries",
      [](Scenario& s) -> int64_t& { return s.population.max_request_retries; }, 0, 100));
  f.push_back(Double(
      "population.named_share", [](Scenario& s) -> double& { return s.population.named_share; }, 0,
      1));
  f.push_back(Double(
      "population.recrawl_share", [](Scenario& s) -> double& { return s.population.recrawl_share; },
      0, 1));
  f.push_back(Double(
      "population.recrawl_days_mean",
      [](Scenario& s) -> double& { return s.population.recrawl_days_mean; }, 0, 3650));
}

// Crawlee.
void CrawleeFields(std::vector<Field>& f) {
  f.push_back(Int(
      "crawlee.head_limit", [](Scenario& s) -> int64_t& { return s.crawlee.head_limit; }, 1, 25));
  f.push_back(Int(
      "crawlee.handler_timeout_secs",
      [](Scenario& s) -> int64_t& { return s.crawlee.handler_timeout_secs; }, 1, 3600));
  f.push_back(Int(
      "crawlee.idle_poll_ms", [](Scenario& s) -> int64_t& { return s.crawlee.idle_poll_ms; }, 10,
      600000));
  f.push_back(Int(
      "crawlee.persist_state_interval_ms",
      [](Scenario& s) -> int64_t& { return s.crawlee.persist_state_interval_ms; }, 1000, 86400000));
  f.push_back(Int(
      "crawlee.state_bytes", [](Scenario& s) -> int64_t& { return s.crawlee.state_bytes; }, 1,
      9000000));
}

// Faults.
void FaultsFields(std::vector<Field>& f) {
  f.push_back(Double(
      "faults.migrations_per_actor_hour",
      [](Scenario& s) -> double& { return s.faults.migrations_per_actor_hour; }, 0, 60));
  f.push_back(Double(
      "faults.notice_share", [](Scenario& s) -> double& { return s.faults.notice_share; }, 0, 1));
  f.push_back(Int(
      "faults.notice_ms", [](Scenario& s) -> int64_t& { return s.faults.notice_ms; }, 0, 600000));
  f.push_back(Int(
      "faults.restart_delay_ms", [](Scenario& s) -> int64_t& { return s.faults.restart_delay_ms; },
      0, 3600000));
  f.push_back(String(
      "faults.sdk_retry", [](Scenario& s) -> std::string& { return s.faults.sdk_retry; },
      [](const std::string& x) {
        return x == "js-v3-standard" || x == "boto3-legacy"
                   ? Status::OK()
                   : Status::InvalidInput("expected \"js-v3-standard\" or \"boto3-legacy\"");
      }));
}

// Warm throughput of the tables at the start.
void WarmThroughputFields(std::vector<Field>& f) {
  f.push_back(Int(
      "warm_throughput.read_units_per_second",
      [](Scenario& s) -> int64_t& { return s.warm_throughput.read_units_per_second; }, 0,
      kOnDemandTableQuotaUnits));
  f.push_back(Int(
      "warm_throughput.write_units_per_second",
      [](Scenario& s) -> int64_t& { return s.warm_throughput.write_units_per_second; }, 0,
      kOnDemandTableQuotaUnits));
}

// Strategy, policy, pricing.
void StrategyFields(std::vector<Field>& f) {
  f.push_back(Field{"lock_strategy", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      if (!v.IsString()) return Bad("lock_strategy", "expected a string");
                      auto kind = ParseLockStrategyKind(v.GetString());
                      if (!kind.ok())
                        return Bad("lock_strategy",
                                   "expected order-no, lock-index, filter or client-side");
                      s->lock_strategy = kind.value();
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      out->SetString(std::string(LockStrategyName(s.lock_strategy)).c_str(), a);
                    }});
  f.push_back(String(
      "capacity_policy", [](Scenario& s) -> std::string& { return s.capacity_policy; },
      [](const std::string& spec) { return ParseCapacityPolicy(spec).status(); }));
  f.push_back(String("region", [](Scenario& s) -> std::string& { return s.region; }));
  f.push_back(String("table_class", [](Scenario& s) -> std::string& { return s.table_class; }));
  f.push_back(Field{"pricing_csv", "",
                    [](const rapidjson::Value& v, Scenario* s) -> Status {
                      if (!v.IsString()) return Bad("pricing_csv", "expected a path");
                      s->pricing_csv = v.GetString();
                      return Status::OK();
                    },
                    [](const Scenario& s, rapidjson::Value* out, Alloc& a) {
                      if (s.pricing_csv) out->SetString(s.pricing_csv->c_str(), a);
                    }});
  f.push_back(
      Field{"on_disk", "",
            [](const rapidjson::Value& v, Scenario* s) -> Status {
              if (!v.IsBool()) return Bad("on_disk", "expected true or false");
              s->on_disk = v.GetBool();
              return Status::OK();
            },
            [](const Scenario& s, rapidjson::Value* out, Alloc&) { out->SetBool(s.on_disk); }});
}

const std::vector<Field>& Fields() {
  static const std::vector<Field> fields = [] {
    std::vector<Field> f;
    RunFields(f);
    LoadFields(f);
    LoadPerMinuteFields(f);
    LatencyFields(f);
    PopulationFields(f);
    CrawlerFields(f);
    CrawleeFields(f);
    FaultsFields(f);
    WarmThroughputFields(f);
    StrategyFields(f);
    return f;
  }();
  return fields;
}

Status CheckConsistent(const Scenario& s) {
  if (s.load.min_writes_per_minute > s.load.max_writes_per_minute) {
    return Bad("load.min_writes_per_minute", "is above load.max_writes_per_minute");
  }
  if (s.population.queue_size_min > s.population.queue_size_max) {
    return Bad("population.queue_size_min", "is above population.queue_size_max");
  }
  if (s.population.concurrency_min > s.population.concurrency_max) {
    return Bad("population.concurrency_min", "is above population.concurrency_max");
  }
  return Status::OK();
}

}  // namespace

double LoadProfile::WritesPerMinuteAt(int64_t start_ms, int64_t now_ms) const {
  if (!per_minute.empty()) {
    int64_t i = (now_ms - start_ms) / kMinuteMs;
    if (i < 0) i = 0;
    if (i >= static_cast<int64_t>(per_minute.size())) i = per_minute.size() - 1;
    return per_minute[i];
  }
  const double hour = static_cast<double>(((now_ms % kDayMs) + kDayMs) % kDayMs) / 3'600'000.0;
  const double phase = (hour - peak_hour_utc) / 24.0 * 2 * M_PI;
  double w = min_writes_per_minute +
             (max_writes_per_minute - min_writes_per_minute) * (1 + std::cos(phase)) / 2;
  // 1970-01-01 was a Thursday: day 0 -> Thursday; Saturday = 2, Sunday = 3.
  const int64_t days = now_ms >= 0 ? now_ms / kDayMs : (now_ms - kDayMs + 1) / kDayMs;
  const int64_t weekday = ((days % 7) + 7) % 7;
  if (weekday == 2 || weekday == 3) w *= weekend_factor;
  return w;
}

Scenario DefaultScenario() {
  Scenario s;
  s.start_ms = DefaultStartMs();
  s.duration_ms = 20 * kMinuteMs;
  return s;
}

Result<Scenario> ParseScenarioJson(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    return Status::InvalidInput(fmt::format("scenario is not valid JSON at offset {}: {}",
                                            doc.GetErrorOffset(),
                                            rapidjson::GetParseError_En(doc.GetParseError())));
  }
  if (!doc.IsObject()) return Status::InvalidInput("scenario: expected a JSON object");
  Scenario s = DefaultScenario();
  // Walk the document: every member must be a known field (typos are errors).
  std::function<Status(const rapidjson::Value&, const std::string&)> walk =
      [&](const rapidjson::Value& obj, const std::string& prefix) -> Status {
    for (const auto& m : obj.GetObject()) {
      std::string path = prefix + m.name.GetString();
      const Field* field = nullptr;
      for (const Field& f : Fields()) {
        if (path == f.path) field = &f;
      }
      if (field) {
        HEADLOCK_RETURN_IF_ERROR(field->read(m.value, &s));
        continue;
      }
      bool is_section = false;
      for (const Field& f : Fields()) {
        if (std::string_view(f.path).starts_with(path + ".")) is_section = true;
      }
      if (is_section && m.value.IsObject()) {
        HEADLOCK_RETURN_IF_ERROR(walk(m.value, path + "."));
        continue;
      }
      if (is_section) return Bad(path, "expected an object");
      if (path.starts_with("_") || path.find("._") != std::string::npos) continue;  // comments
      return Bad(path, "unknown field");
    }
    return Status::OK();
  };
  HEADLOCK_RETURN_IF_ERROR(walk(doc, ""));
  HEADLOCK_RETURN_IF_ERROR(CheckConsistent(s));
  return s;
}

Status SetScenarioField(Scenario* scenario, std::string_view path, const ScenarioValue& value) {
  const Field* field = nullptr;
  for (const Field& f : Fields()) {
    if (path == f.path) field = &f;
  }
  if (!field) return Bad(std::string(path), "unknown field");
  rapidjson::Document doc;
  rapidjson::Value v;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          v.SetString(x.c_str(), static_cast<rapidjson::SizeType>(x.size()), doc.GetAllocator());
        } else if constexpr (std::is_same_v<T, bool>) {
          v.SetBool(x);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          v.SetInt64(x);
        } else if constexpr (std::is_same_v<T, uint64_t>) {
          v.SetUint64(x);
        } else {
          v.SetDouble(x);
        }
      },
      value);
  Scenario s = *scenario;
  HEADLOCK_RETURN_IF_ERROR(field->read(v, &s));
  HEADLOCK_RETURN_IF_ERROR(CheckConsistent(s));
  *scenario = std::move(s);
  return Status::OK();
}

Result<PricingTable> LoadPricing(const Scenario& scenario) {
  if (!scenario.pricing_csv) return PricingTable::Default();
  return PricingTable::FromCsvFile(*scenario.pricing_csv);
}

Result<Scenario> LoadScenarioFile(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return Status::InvalidInput(fmt::format("cannot read scenario file '{}'", path));
  Result<Scenario> s = ParseScenarioJson(*text);
  if (!s.ok()) return Status::InvalidInput(fmt::format("{}: {}", path, s.status().message()));
  return s;
}

std::string ScenarioToJson(const Scenario& scenario) {
  rapidjson::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  for (const Field& f : Fields()) {
    rapidjson::Value value;
    f.write(scenario, &value, a);
    if (value.IsNull()) continue;
    std::string_view path = f.path;
    rapidjson::Value* parent = &doc;
    size_t dot = path.find('.');
    std::string leaf(path);
    if (dot != std::string_view::npos) {
      std::string section(path.substr(0, dot));
      leaf = std::string(path.substr(dot + 1));
      if (!doc.HasMember(section.c_str())) {
        doc.AddMember(rapidjson::Value(section.c_str(), a),
                      rapidjson::Value(rapidjson::kObjectType), a);
      }
      parent = &doc[section.c_str()];
    }
    parent->AddMember(rapidjson::Value(leaf.c_str(), a), value, a);
  }
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace headlock::sim
