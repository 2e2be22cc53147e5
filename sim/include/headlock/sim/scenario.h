// Scenario: everything a simulation run depends on besides the seed. Read
// from a JSON file (sim/scenarios/*.json, documented in sim/README.md); every
// field is optional and defaults to the value below. Flags of `headlock sim`
// override the common ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "headlock/capacity/pricing.h"
#include "headlock/capacity/warm_throughput.h"
#include "headlock/queue/lock_strategy.h"
#include "headlock/result.h"

namespace headlock::sim {

// Simulated time spans, in milliseconds.
inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;
inline constexpr int64_t kDayMs = 24 * kHourMs;

// The target load: request-queue API calls that write into queues (POST,
// PUT and DELETE on requests, head/lock, batch adds), per minute — the
// seed's "80,000-500,000 API requests are written into request queues every
// minute".
struct LoadProfile {
  // A daily cycle between min and max: a cosine with its peak at
  // peak_hour_utc; Saturdays and Sundays scaled by weekend_factor.
  double min_writes_per_minute = 80'000;
  double max_writes_per_minute = 500'000;
  double peak_hour_utc = 15;
  double weekend_factor = 0.6;
  // Or a per-minute curve (writes per minute, one value per minute from the
  // start; the last value holds after the end). Non-empty overrides the cycle.
  std::vector<double> per_minute;

  double WritesPerMinuteAt(int64_t start_ms, int64_t now_ms) const;
};

// Service latencies (the time a call takes as the client sees it), in ms:
// a fixed part plus an exponential tail with the given mean. From a model,
// never measured, so runs are reproducible.
struct LatencyModel {
  double write_ms = 12;      // add, update, prolong, delete lock
  double batch_ms = 25;      // batch add (≤ 25 requests)
  double head_lock_ms = 30;  // list-and-lock head (≤ 25)
  double read_ms = 8;        // get request, get head
  double kv_ms = 20;         // key-value record get/set
  double tail_mean_ms = 5;   // mean of the exponential tail added to each
};

// Who produces the load.
struct Population {
  // Queue sizes (requests a crawl ends up with): Pareto, heavy-tailed.
  double queue_size_min = 20;
  double queue_size_alpha = 1.1;
  double queue_size_max = 500'000;
  // Share of queues whose requests are all pre-enqueued with batch adds
  // (Crawlee's addRequestsBatched: 1,000 per second in calls of 25) before
  // or while crawling; the rest grow from start URLs by the links found.
  double bulk_share = 0.01;
  double bulk_size_min = 20'000;  // a bulk queue holds at least this many
  int64_t start_urls = 5;
  // Links found per page (Poisson), of which this share is already known
  // to the queue (sent anyway and answered wasAlreadyPresent).
  double links_per_page = 20;
  double duplicate_link_share = 0.1;
  // Crawlers per queue: weights for 1, 2, 4 and 8 crawlers.
  std::vector<double> crawlers_weights = {0.85, 0.08, 0.05, 0.02};
  // Concurrency (task slots) per crawler: uniform in [min, max].
  int64_t concurrency_min = 1;
  int64_t concurrency_max = 10;
  // Page time (fetch + handler), log-normal.
  double page_time_median_ms = 3'000;
  double page_time_sigma = 0.8;
  // A handler fails with this probability; failed requests are retried up
  // to max_request_retries times (Crawlee's maxRequestRetries = 3).
  double failure_rate = 0.03;
  int64_t max_request_retries = 3;
  // Named queues (kept forever) and their daily incremental re-crawl: each
  // day at its creation time a crawler re-opens the queue and adds
  // recrawl_share of its first size as new requests, for a geometric number
  // of days with mean recrawl_days_mean (0: never re-crawled).
  double named_share = 0.15;
  double recrawl_share = 0.05;
  double recrawl_days_mean = 14;
};

// How Crawlee drives the queue (reference §9).
struct CrawleeModel {
  int64_t head_limit = 25;            // LIST_AND_LOCK_HEAD_LIMIT
  int64_t handler_timeout_secs = 60;  // lockSecs = max(timeout + 5, 60)
  int64_t idle_poll_ms = 500;         // AutoscaledPool's maybeRunIntervalSecs
  int64_t persist_state_interval_ms = 60'000;
  int64_t state_bytes = 2'000;  // CRAWLEE_STATE + statistics per persist
  int64_t lock_secs() const {
    return handler_timeout_secs + 5 > 60 ? handler_timeout_secs + 5 : 60;
  }
};

struct Faults {
  // Container migrations per actor-hour (Poisson per actor).
  double migrations_per_actor_hour = 0.1;
  // Share of migrations with notice: the actor persists its state and
  // releases its buffered locks; without notice its locks just expire.
  double notice_share = 0.8;
  int64_t notice_ms = 20'000;         // SAFE_MIGRATION_WAIT_MILLIS
  int64_t restart_delay_ms = 30'000;  // until the actor runs again elsewhere
  // The retry policy of the AWS SDK in the API server on throttling:
  // "js-v3-standard" or "boto3-legacy" (reference/dynamodb.md §10).
  std::string sdk_retry = "js-v3-standard";
};

struct Scenario {
  std::string name = "default";
  std::string description =
      "Twenty minutes of a weekday afternoon near the daily peak of the seed's load (a daily "
      "cycle between 80,000 and 500,000 request-queue writes per minute), Crawlee crawlers with "
      "container migrations, at 1% of the population.";
  int64_t start_ms = 0;     // default: 2026-11-02T14:00:00Z (a Monday, near the peak)
  int64_t duration_ms = 0;  // default: 20 minutes
  // Only this fraction of the population is simulated and the figures are
  // scaled back up (1 = everything).
  double scale = 0.01;
  uint64_t seed = 1;
  LoadProfile load;
  LatencyModel latency;
  Population population;
  CrawleeModel crawlee;
  Faults faults;
  // The warm throughput (reference/dynamodb.md §5) of the tables that exist
  // when the run starts and whose week has begun: the current week's request
  // table and its index, the queue and key-value store tables. It stands for
  // their use before the run (a table that has served a load can serve it
  // again at once; DynamoDB does not charge for that). Whole-table units per
  // second; values under on-demand's 12,000 reads and 4,000 writes for a new
  // table change nothing (0 = the tables start cold). Tables the run creates
  // (next week's) start at DynamoDB's defaults. Default: the per-table quota.
  WarmThroughput warm_throughput{40000, 40000};
  LockStrategyKind lock_strategy = LockStrategyKind::kOrderNo;
  // A capacity policy spec (capacity_policy.h) applied live to every table
  // with UpdateTable, minute by minute.
  std::string capacity_policy = "on-demand";
  std::string region = "us-east-1";
  std::string table_class = "STANDARD";
  std::optional<std::string> pricing_csv;  // path; default: the built-in table
  bool on_disk = false;                    // engine on disk (a temp dir) instead of memory
};

// The built-in default scenario.
Scenario DefaultScenario();

// Parses a scenario JSON document over the defaults. Errors:
// kInvalidInput naming the field and what is wrong with it.
Result<Scenario> ParseScenarioJson(std::string_view json);
Result<Scenario> LoadScenarioFile(const std::string& path);

// A value for one field of the format, typed as a command-line flag gives it.
using ScenarioValue = std::variant<double, int64_t, uint64_t, bool, std::string>;
// Sets the field at `path` ("seed", "scale", "duration", "lock_strategy",
// "faults.notice_share", ...) through the validator the file's field has,
// then checks the scenario's consistency. Errors: kInvalidInput naming the
// field and what is wrong with it (as ParseScenarioJson's); `*scenario` is
// unchanged on error.
Status SetScenarioField(Scenario* scenario, std::string_view path, const ScenarioValue& value);

// The scenario's pricing table: its pricing_csv file, or the built-in one.
// Errors: kInvalidInput for an unreadable file, ValidationException for a
// malformed one.
Result<PricingTable> LoadPricing(const Scenario& scenario);

// "2026-11-02T14:00:00Z".
std::string FormatUtc(int64_t ms);

// The scenario as JSON (every field), for the run directory.
std::string ScenarioToJson(const Scenario& scenario);

}  // namespace headlock::sim
