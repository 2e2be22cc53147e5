#include "world.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

#include "headlock/ddb/storage_sampling.h"
#include "result_builder.h"

namespace headlock::sim {
namespace {

// Runs up to two days keep a per-second capacity record (Metrics).
constexpr int64_t kPerSecondRecordMaxMs = 2 * kDayMs;

}  // namespace

World::World(const Scenario& scenario, const SimOptions& options)
    : sc_(scenario),
      options_(options),
      rng_(scenario.seed),
      retry_(SdkRetryMode::kJsV3Standard),  // the scenario's, set by Open()
      clock_(scenario.start_ms) {}

double World::TargetAt(int64_t minute_start_ms) const {
  return sc_.load.WritesPerMinuteAt(sc_.start_ms, minute_start_ms) * sc_.scale;
}

Status World::OpenEngine() {
  Options o;
  o.in_memory = !sc_.on_disk;
  o.clock = &clock_;
  // On-demand's table-wide limits judged on the sample as the whole table's
  // (Options::table_limit_scale; none below scale 0.1).
  o.table_limit_scale = sc_.scale;
  std::string path = sc_.on_disk ? options_.db_dir : std::string("headlock-sim");
  if (sc_.on_disk && path.empty()) return Status::InvalidInput("an on-disk run needs a directory");
  HEADLOCK_RETURN_IF_ERROR(Database::Open(o, path, &db_));
  RequestQueueOptions qo;
  qo.lock_strategy = sc_.lock_strategy;
  qo.billing_mode = BillingMode::kPayPerRequest;
  qo.id_seed = sc_.seed;
  HEADLOCK_RETURN_IF_ERROR(RequestQueueService::Open(db_.get(), qo, &rq_));
  return KeyValueStoreService::Open(db_.get(), KeyValueStoreOptions{}, &kv_);
}

Status World::Open() {
  HEADLOCK_ASSIGN_OR_RETURN(SdkRetryMode mode, ParseSdkRetryMode(sc_.faults.sdk_retry));
  retry_ = RetryPolicy(mode);
  HEADLOCK_ASSIGN_OR_RETURN(std::unique_ptr<CapacityPolicy> policy,
                            ParseCapacityPolicy(sc_.capacity_policy));
  // Read (and checked) before the run, not after it.
  HEADLOCK_ASSIGN_OR_RETURN(pricing_, LoadPricing(sc_));
  HEADLOCK_RETURN_IF_ERROR(OpenEngine());
  end_ms_ = sc_.start_ms + sc_.duration_ms;
  metrics_ = std::make_unique<Metrics>(sc_.start_ms, sc_.duration_ms <= kPerSecondRecordMaxMs);
  capacity_ = std::make_unique<LiveCapacityPolicy>(sc_, db_.get(), metrics_.get(), options_.peaks,
                                                   std::move(policy));
  const bool locking = sc_.lock_strategy != LockStrategyKind::kClientSide;
  controller_ = std::make_unique<LoadController>(sc_, locking);
  env_.scenario = &sc_;
  env_.rq = rq_.get();
  env_.kv = kv_.get();
  env_.clock = &clock_;
  env_.events = &events_;
  env_.root = &rng_;
  env_.retry = &retry_;
  env_.metrics = metrics_.get();
  env_.locking = locking;
  // CRAWLEE_STATE and statistics: a JSON object of the configured size.
  env_.state_value = "{\"requestsFinished\":0,\"padding\":\"";
  const auto state_bytes = static_cast<size_t>(std::max<int64_t>(0, sc_.crawlee.state_bytes));
  while (env_.state_value.size() + 2 < state_bytes) env_.state_value += 'x';
  env_.state_value += "\"}";
  env_.queue_created = [this] {
    Status st = capacity_->QueueCreated(clock_.NowMillis());
    if (!st.ok()) env_.Fail(st);
  };
  workload_ = std::make_unique<Workload>(&env_);
  HEADLOCK_RETURN_IF_ERROR(capacity_->Start(sc_.start_ms));
  env_.Schedule(sc_.start_ms + kMinuteMs, kWorld, kMinuteTick);
  env_.Schedule(sc_.start_ms + kHourMs, kWorld, kHourTick);
  StartCrawls(sc_.start_ms, controller_->FirstMinuteRate());
  return Status::OK();
}

void World::StartCrawls(int64_t minute_start_ms, double rate) {
  if (options_.crawl_starts) {
    workload_->ReplayCrawlsDuring(minute_start_ms, *options_.crawl_starts);
  } else {
    workload_->StartCrawlsDuring(minute_start_ms, rate);
  }
}

void World::DrainCapacityLog(int64_t before_second) {
  std::vector<CapacityLog::Row> rows = db_->TakeCapacityRowsBefore(before_second);
  capacity_->Observe(rows);
  metrics_->AddCapacityRows(std::move(rows), before_second);
}

Status World::SampleStorage() {
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<StorageSample> samples, headlock::SampleStorage(db_.get()));
  metrics_->AddStorageSamples(samples);
  return Status::OK();
}

Status World::OnMinuteTick() {
  const int64_t t = clock_.NowMillis();
  DrainCapacityLog(t / 1000);
  HEADLOCK_RETURN_IF_ERROR(capacity_->MinuteEnded(t));
  // Storage, for the ledger's GB-months: every 10 simulated minutes (each
  // sample holds until the next one of its table).
  if ((t - sc_.start_ms) % (10 * kMinuteMs) == 0) HEADLOCK_RETURN_IF_ERROR(SampleStorage());
  const MinuteRow& closed = metrics_->CloseMinute(TargetAt(metrics_->minute().start_ms), t);
  if (t >= end_ms_) return Status::OK();
  env_.Schedule(t + kMinuteMs, kWorld, kMinuteTick);
  if (options_.crawl_starts) {  // a replay: the other run's crawls, not the controller's
    StartCrawls(t, 0);
    return Status::OK();
  }
  const auto minutes = static_cast<int64_t>(metrics_->timeline().size());
  std::optional<double> rate =
      controller_->NextMinuteRate(closed.target_api_writes, closed.api_writes, minutes, t);
  if (rate) StartCrawls(t, *rate);
  return Status::OK();
}

Status World::OnHourTick() {
  const int64_t t = clock_.NowMillis();
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<std::string> dropped, rq_->ExpireQueuesAndTables());
  metrics_->Count(&SimTotals::tables_dropped, static_cast<double>(dropped.size()));
  if (t + kHourMs <= end_ms_) env_.Schedule(t + kHourMs, kWorld, kHourTick);
  return Status::OK();
}

void World::Dispatch(const Event& e) {
  if (e.target == kWorld && (e.kind == kMinuteTick || e.kind == kHourTick)) {
    Status st = e.kind == kMinuteTick ? OnMinuteTick() : OnHourTick();
    if (!st.ok()) env_.Fail(st);
    return;
  }
  workload_->Handle(e);
}

Result<SimResult> World::Run() {
  HEADLOCK_RETURN_IF_ERROR(Open());
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };
  while (!events_.empty() && env_.fatal.ok()) {
    if (events_.top().time_ms > end_ms_) break;
    Event e = events_.Pop();
    clock_.Set(e.time_ms);
    Dispatch(e);
    ++events_run_;
    if ((events_run_ & 4095) != 0 || !options_.progress) continue;
    auto now = std::chrono::steady_clock::now();
    if (now - last_report < std::chrono::seconds(1)) continue;
    last_report = now;
    options_.progress(
        SimProgress{clock_.NowMillis() - sc_.start_ms, sc_.duration_ms, events_run_, wall()});
  }
  HEADLOCK_RETURN_IF_ERROR(env_.fatal);
  HEADLOCK_ASSIGN_OR_RETURN(SimResult result, Finish());
  result.wall_seconds = wall();  // the simulation's, not the replays'
  if (options_.progress) {
    options_.progress(
        SimProgress{sc_.duration_ms, sc_.duration_ms, events_run_, result.wall_seconds});
  }
  HEADLOCK_RETURN_IF_ERROR(ReplayPolicies(pricing_, &result));
  return result;
}

Result<SimResult> World::Finish() {
  clock_.Set(end_ms_);
  const std::vector<MinuteRow>& timeline = metrics_->timeline();
  if (timeline.empty() || timeline.back().start_ms + kMinuteMs < end_ms_) {
    // A run that does not end on a whole minute: close the last one.
    DrainCapacityLog(end_ms_ / 1000);
    metrics_->CloseMinute(TargetAt(metrics_->minute().start_ms), end_ms_);
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<StorageSample> samples, headlock::SampleStorage(db_.get()));
  metrics_->AddStorageSamples(samples);
  Metrics::Finished measured = std::move(*metrics_).Finish();
  measured.record.changes = db_->capacity_log().CapacityChanges();
  measured.record.end_ms = end_ms_;
  std::stable_sort(
      measured.record.usage.begin(), measured.record.usage.end(),
      [](const CapacityLog::Row& a, const CapacityLog::Row& b) { return a.second < b.second; });
  RunFacts facts{&sc_, capacity_->name(), capacity_->warm_tables(), workload_->crawl_starts(),
                 events_run_};
  return BuildResult(std::move(measured), facts, pricing_, samples, db_.get());
}

Result<SimResult> RunSimulation(const Scenario& scenario, const SimOptions& options) {
  if (!(scenario.scale > 0 && scenario.scale <= 1)) {
    return Status::InvalidInput("scale must be in (0, 1]");
  }
  if (scenario.duration_ms <= 0) return Status::InvalidInput("duration must be positive");
  World world(scenario, options);
  return world.Run();
}

std::string SimResult::digest_hex() const { return fmt::format("{:016x}", digest); }

}  // namespace headlock::sim
