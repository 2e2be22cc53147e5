// The simulated world: set-up, the event loop, the load controller, the
// live capacity policy and the measurements. The crawlers are in actor.cc.
#include "world.h"

#include <fmt/core.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "headlock/capacity/consumed_capacity.h"
#include "headlock/capacity/cost_ledger.h"
#include "headlock/capacity/pricing.h"
#include "headlock/ddb/storage_sampling.h"
#include "headlock/iso_week.h"
#include "digest.h"

namespace headlock::sim {
namespace {

constexpr uint32_t kWorld = UINT32_MAX;
constexpr int kCrawlerCounts[4] = {1, 2, 4, 8};
// Runs up to two days keep a per-second capacity record (see DrainCapacityLog).
constexpr int64_t kPerSecondRecordMaxMs = 2 * kDayMs;
// The load controller's outer loop: the aim moves by this share of a minute's
// error in writes relative to the mean target (sim/README.md).
constexpr double kControllerGain = 0.1;

}  // namespace

World::World(const Scenario& scenario, const SimOptions& options)
    : sc_(scenario),
      options_(options),
      rng_(scenario.seed),
      retry_(SdkRetryMode::kJsV3Standard),  // the scenario's, set by Open()
      clock_(scenario.start_ms) {}

void World::Schedule(int64_t at_ms, uint32_t target, uint16_t kind, uint16_t slot) {
  Event e;
  e.time_ms = at_ms;
  e.target = target;
  e.kind = kind;
  e.slot = slot;
  e.generation = target == kWorld || kind == kRecrawl ? 0 : actors_[target].generation;
  events_.Push(e);
}

void World::ScheduleActor(const Actor& a, int64_t at_ms, uint16_t kind, uint16_t slot) {
  Schedule(at_ms, a.id, kind, slot);
}

int64_t World::Latency(double base_ms) {
  double tail = sc_.latency.tail_mean_ms > 0 ? rng_.Exponential(sc_.latency.tail_mean_ms) : 0;
  return std::max<int64_t>(1, static_cast<int64_t>(std::llround(base_ms + tail)));
}

std::string World::UniqueKey(const SimQueue& q, int64_t n) const {
  return fmt::format("https://site{}.example.com/page/{}", q.index, n);
}

std::string World::NewClientKey() {
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string key(17, 'a');  // cryptoRandomObjectId(): 17 alphanumerics
  for (char& c : key) c = kAlphabet[rng_.UniformInt(0, 61)];
  return key;
}

Status World::Open() {
  HEADLOCK_ASSIGN_OR_RETURN(SdkRetryMode mode, ParseSdkRetryMode(sc_.faults.sdk_retry));
  retry_ = RetryPolicy(mode);
  HEADLOCK_ASSIGN_OR_RETURN(policy_, ParseCapacityPolicy(sc_.capacity_policy));
  // Read (and checked) before the run, not after it.
  HEADLOCK_ASSIGN_OR_RETURN(pricing_, LoadPricing(sc_));
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
  HEADLOCK_RETURN_IF_ERROR(KeyValueStoreService::Open(db_.get(), KeyValueStoreOptions{}, &kv_));
  locking_ = sc_.lock_strategy != LockStrategyKind::kClientSide;
  // CRAWLEE_STATE and statistics: a JSON object of the configured size.
  state_value_ = "{\"requestsFinished\":0,\"padding\":\"";
  while (static_cast<int64_t>(state_value_.size()) + 2 < sc_.crawlee.state_bytes) state_value_ += 'x';
  state_value_ += "\"}";
  end_ms_ = sc_.start_ms + sc_.duration_ms;
  per_second_record_ = sc_.duration_ms <= kPerSecondRecordMaxMs;
  minute_.start_ms = sc_.start_ms;
  // The load controller's first guess: crawls per minute = target / the
  // API writes a crawl makes (its mean size x writes per page). Each minute
  // then corrects it by how far the achieved writes were from the target.
  const Population& p = sc_.population;
  const double writes_per_page =
      (locking_ ? 2.0 : 0.0) + 1.0 / 24 + (p.links_per_page > 0 ? 1.0 : 0.0);
  const double a = p.queue_size_alpha, xm = p.queue_size_min, xmax = p.queue_size_max;
  const double mean_size = std::abs(a - 1) < 1e-9
                               ? xm * std::log(xmax / xm)
                               : a * xm / (a - 1) * (1 - std::pow(xm / xmax, a - 1));
  writes_per_crawl_ = std::max(1.0, mean_size * writes_per_page + 5);
  const double first = sc_.load.WritesPerMinuteAt(sc_.start_ms, sc_.start_ms) * sc_.scale;
  crawl_rate_ = std::max(0.05, first / writes_per_crawl_);
  HEADLOCK_RETURN_IF_ERROR(ApplyCapacityPolicy(sc_.start_ms, false));
  Schedule(sc_.start_ms + kMinuteMs, kWorld, kMinuteTick);
  Schedule(sc_.start_ms + kHourMs, kWorld, kHourTick);
  // The first minute: twice the steady rate, so that the run warms up fast.
  StartCrawlsDuring(sc_.start_ms, 2 * crawl_rate_);
  return Status::OK();
}

void World::StartCrawlsDuring(int64_t minute_start_ms, double rate) {
  // Stochastic rounding keeps small scales unbiased.
  int64_t crawls = static_cast<int64_t>(rate);
  if (rng_.Chance(rate - static_cast<double>(crawls))) ++crawls;
  for (int64_t i = 0; i < crawls; ++i) {
    Schedule(minute_start_ms + rng_.UniformInt(0, kMinuteMs - 1), kWorld, kStartCrawl);
  }
}

int World::DrawCrawlers() {
  const auto& w = sc_.population.crawlers_weights;
  double sum = 0;
  for (double x : w) sum += x;
  double u = rng_.Uniform() * sum;
  for (int i = 0; i < 4; ++i) {
    if (u < w[i]) return kCrawlerCounts[i];
    u -= w[i];
  }
  return 1;
}

void World::StartCrawl(int crawlers) {
  const Population& p = sc_.population;
  SimQueue q;
  q.index = static_cast<uint32_t>(queues_.size());
  q.created_ms = Now();
  q.bulk = rng_.Chance(p.bulk_share);
  double size = rng_.Pareto(p.queue_size_min, p.queue_size_alpha, p.queue_size_max);
  if (q.bulk) size = std::max(size, std::min(p.bulk_size_min, p.queue_size_max));
  q.size_target = std::max<int64_t>(1, static_cast<int64_t>(size));
  q.base_size = q.size_target;
  if (rng_.Chance(p.named_share)) {
    q.name = fmt::format("crawl-{}", q.index);
    named_queues_.push_back(q.index);
  }
  queues_.push_back(std::move(q));
  SimQueue& queue = queues_.back();
  const int64_t start_urls = std::min<int64_t>(p.start_urls, queue.size_target);
  const int64_t bulk = queue.bulk ? queue.size_target - start_urls : 0;
  totals_.crawls += 1;
  ++crawls_this_minute_;
  for (int i = 0; i < crawlers; ++i) {
    StartActor(queue.index, i == 0, i == 0 ? start_urls : 0, i == 0 ? bulk : 0);
  }
  if (queue.name && sc_.population.recrawl_days_mean > 0) {
    Schedule(queue.created_ms + kDayMs, queue.index, kRecrawl);  // target: the queue
  }
}

void World::OnRecrawl(uint32_t index) {
  SimQueue& q = queues_[index];
  totals_.recrawls += 1;
  // The incremental crawl adds a share of the queue's first size as new
  // pages (no compounding); the schedule ends after a geometric number of
  // days, so an old week's table sees a tail that thins out.
  const int64_t fresh =
      std::max<int64_t>(1, static_cast<int64_t>(q.base_size * sc_.population.recrawl_share));
  q.size_target += fresh;
  StartActor(index, true, std::min<int64_t>(fresh, sc_.population.start_urls), 0);
  const double days = sc_.population.recrawl_days_mean;
  if (days > 0 && rng_.Chance(1.0 - 1.0 / (days + 1))) Schedule(Now() + kDayMs, index, kRecrawl);
}

void World::StartActor(uint32_t queue, bool creator, int64_t start_urls, int64_t bulk) {
  const Population& p = sc_.population;
  Actor a;
  a.id = static_cast<uint32_t>(actors_.size());
  a.queue = queue;
  a.creator = creator;
  a.client_key = NewClientKey();
  a.concurrency = rng_.UniformInt(p.concurrency_min, p.concurrency_max);
  a.slots.resize(a.concurrency);
  a.start_urls = start_urls;
  a.bulk_remaining = bulk;
  actors_.push_back(std::move(a));
  queues_[queue].active_actors += 1;
  ++running_actors_;
  // Creators open at once; helpers a moment later (they open by name or id).
  ScheduleActor(actors_.back(), Now() + (creator ? 0 : 1'000), kOpenQueue);
}

Status World::DrainCapacityLog(int64_t before_second, MinuteRow* row) {
  std::vector<CapacityLog::Row> rows = db_->mutable_capacity_log()->TakeRowsBefore(before_second);
  // One usage row per (table, index) for the minute, for the cost ledger.
  std::map<std::pair<std::string, std::string>, CapacityLog::Row> minute_rows;
  for (const CapacityLog::Row& r : rows) {
    const double write_units = HalfUnitsToDouble(r.units.write);
    const double read_units = HalfUnitsToDouble(r.units.read);
    row->write_units += write_units;
    row->read_units += read_units;
    row->ddb_requests += r.index_name.empty() ? r.requests : 0;
    row->throttled_requests += r.index_name.empty() ? r.throttled_requests : 0;
    const int64_t hour = r.second * 1000 / kHourMs * kHourMs;
    TableHourRow& th = table_hours_[{hour, r.table_name}];
    th.hour_start_ms = hour;
    th.table = r.table_name;
    th.write_units += write_units;
    th.read_units += read_units;
    th.throttled_requests += r.index_name.empty() ? r.throttled_requests : 0;
    table_days_[{r.second * 1000 / kDayMs * kDayMs, r.table_name}] += write_units;
    auto it = subjects_.find({r.table_name, r.index_name});
    if (it != subjects_.end()) {
      it->second.minute_read_units += read_units;
      it->second.minute_write_units += write_units;
    }
    CapacityLog::Row& m = minute_rows[{r.table_name, r.index_name}];
    if (m.table_name.empty()) {
      m = r;
      m.second = (before_second - 60);
    } else {
      m.units += r.units;
      m.requests += r.requests;
      m.throttled_units += r.throttled_units;
      m.throttled_requests += r.throttled_requests;
      m.read_capacity_units = r.read_capacity_units;
      m.write_capacity_units = r.write_capacity_units;
    }
  }
  for (auto& [key, m] : minute_rows) {
    auto& peak = peaks_[key];
    peak.first = std::max(peak.first, HalfUnitsToDouble(m.units.read) / 60);
    peak.second = std::max(peak.second, HalfUnitsToDouble(m.units.write) / 60);
    if (!per_second_record_) record_.usage.push_back(std::move(m));
  }
  // Short runs keep every second, so that a policy replayed on the record
  // sees the load's real bursts; long ones keep minutes (bounded memory).
  if (per_second_record_) {
    for (CapacityLog::Row& r : rows) record_.usage.push_back(std::move(r));
  }
  return Status::OK();
}

Status World::WarmIfPresentAtStart(const std::string& table, const TableDefinition& def) {
  const WarmThroughput& w = sc_.warm_throughput;
  std::optional<IsoWeek> week = ParseWeekSuffix(table);
  if (week && IsoWeekOf(sc_.start_ms) < *week) return Status::OK();  // no use before the run
  // Only raises: a value at or under the current one is left out.
  auto above = [](int64_t want, int64_t now) { return want > now ? want : int64_t{0}; };
  UpdateTableRequest req;
  req.table_name = table;
  WarmThroughput t{above(w.read_units_per_second, def.warm_throughput.read_units_per_second),
                   above(w.write_units_per_second, def.warm_throughput.write_units_per_second)};
  if (t != WarmThroughput{}) req.warm_throughput = t;
  for (const GlobalSecondaryIndex& g : def.global_secondary_indexes) {
    WarmThroughput gi{above(w.read_units_per_second, g.warm_throughput.read_units_per_second),
                      above(w.write_units_per_second, g.warm_throughput.write_units_per_second)};
    if (gi != WarmThroughput{})
      req.global_secondary_index_updates.push_back({g.index_name, {}, {}, gi});
  }
  if (!req.warm_throughput && req.global_secondary_index_updates.empty()) return Status::OK();
  UpdateTableResponse updated;
  HEADLOCK_RETURN_IF_ERROR(db_->UpdateTable(req, &updated));
  warm_tables_[table] = w;
  return Status::OK();
}

Status World::ApplyCapacityPolicy(int64_t minute_end_ms, bool decide) {
  // Tables the services created since the last minute get their controllers.
  ListTablesRequest list;
  std::vector<std::string> tables;
  for (;;) {
    ListTablesResponse resp;
    HEADLOCK_RETURN_IF_ERROR(db_->ListTables(list, &resp));
    tables.insert(tables.end(), resp.table_names.begin(), resp.table_names.end());
    if (!resp.last_evaluated_table_name) break;
    list.exclusive_start_table_name = resp.last_evaluated_table_name;
  }
  // Drop the subjects of deleted tables.
  for (auto it = subjects_.begin(); it != subjects_.end();) {
    if (!std::binary_search(tables.begin(), tables.end(), it->first.first)) {
      it = subjects_.erase(it);
    } else {
      ++it;
    }
  }
  for (const std::string& table : tables) {
    std::vector<PolicySubject*> members;
    bool fresh = !subjects_.count({table, ""});
    if (!fresh && !decide) continue;
    if (fresh) {
      DescribeTableResponse desc;
      HEADLOCK_RETURN_IF_ERROR(db_->DescribeTable(DescribeTableRequest{table}, &desc));
      HEADLOCK_RETURN_IF_ERROR(WarmIfPresentAtStart(table, desc.table.definition));
      std::vector<std::string> names = {""};
      for (const auto& gsi : desc.table.definition.global_secondary_indexes) {
        names.push_back(gsi.index_name);
      }
      for (const std::string& index : names) {
        CapacitySubject subject;
        subject.table_name = table;
        subject.index_name = index;
        subject.created_ms = desc.table.creation_date_time_ms;
        subject.week = ParseWeekSuffix(table);
        auto peak = options_.peaks.find({table, index});
        if (peak != options_.peaks.end()) {
          subject.peak_read_units_per_second = peak->second.first;
          subject.peak_write_units_per_second = peak->second.second;
        }
        PolicySubject& s = subjects_[{table, index}];
        s.table = table;
        s.index = index;
        s.controller = policy_->Start(subject);
        s.in_force = desc.table.definition.billing_mode == BillingMode::kPayPerRequest
                         ? CapacitySetting::OnDemand()
                         : CapacitySetting::Provisioned(
                               desc.table.definition.provisioned_throughput.read_capacity_units,
                               desc.table.definition.provisioned_throughput.write_capacity_units);
      }
    }
    // What each member wants now.
    std::vector<std::pair<PolicySubject*, CapacitySetting>> wants;
    bool change = false;
    for (auto it = subjects_.lower_bound({table, ""});
         it != subjects_.end() && it->first.first == table; ++it) {
      PolicySubject& s = it->second;
      CapacitySetting want =
          fresh ? s.controller->Initial()
                : s.controller->Decide(
                      MinuteUsage{minute_end_ms, s.minute_read_units, s.minute_write_units},
                      s.in_force);
      s.minute_read_units = s.minute_write_units = 0;
      change |= !(want == s.in_force);
      wants.emplace_back(&s, want);
    }
    if (!change) continue;
    // The table's mode decides its indexes' (DynamoDB bills them together).
    const CapacitySetting& table_want = wants.front().second;
    UpdateTableRequest req;
    req.table_name = table;
    const bool was_on_demand = wants.front().first->in_force.on_demand;
    if (table_want.on_demand) {
      if (was_on_demand) continue;
      req.billing_mode = BillingMode::kPayPerRequest;
    } else {
      if (was_on_demand) req.billing_mode = BillingMode::kProvisioned;
      req.provisioned_throughput =
          ProvisionedThroughput{table_want.read_units, table_want.write_units};
      for (size_t i = 1; i < wants.size(); ++i) {
        CapacitySetting w = wants[i].second;
        if (w.on_demand) w = CapacitySetting::Provisioned(1, 1);
        req.global_secondary_index_updates.push_back(UpdateTableRequest::IndexUpdate{
            wants[i].first->index, ProvisionedThroughput{w.read_units, w.write_units}, {}, {}});
      }
    }
    UpdateTableResponse resp;
    Status st = db_->UpdateTable(req, &resp);
    if (!st.ok()) {
      // Refused by DynamoDB's switch or decrease rules: asked again next minute.
      totals_.refused_capacity_changes += 1;
      continue;
    }
    totals_.capacity_changes += 1;
    for (auto& [s, w] : wants) {
      s->in_force = table_want.on_demand ? CapacitySetting::OnDemand() : w;
      if (!table_want.on_demand && w.on_demand) s->in_force = CapacitySetting::Provisioned(1, 1);
    }
  }
  return Status::OK();
}

void World::OnNewQueue() {
  const IsoWeek week = IsoWeekOf(Now());
  if (policy_week_ && *policy_week_ == week) return;
  policy_week_ = week;
  Status st = ApplyCapacityPolicy(Now(), false);
  if (!st.ok() && fatal_.ok()) fatal_ = st;
}

Status World::OnMinuteTick() {
  const int64_t t = Now();
  HEADLOCK_RETURN_IF_ERROR(DrainCapacityLog(t / 1000, &minute_));
  HEADLOCK_RETURN_IF_ERROR(ApplyCapacityPolicy(t, true));
  // Storage, for the ledger's GB-months: every 10 simulated minutes (each
  // sample holds until the next one of its table).
  if ((t - sc_.start_ms) % (10 * kMinuteMs) == 0) {
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<StorageSample> samples, SampleStorage(db_.get()));
    record_.storage.insert(record_.storage.end(), samples.begin(), samples.end());
  }
  minute_.target_api_writes = sc_.load.WritesPerMinuteAt(sc_.start_ms, minute_.start_ms) * sc_.scale;
  minute_.actors_running = running_actors_;
  minute_.crawls_started = crawls_this_minute_;
  const double achieved = minute_.api_writes;
  timeline_.push_back(minute_);
  minute_ = MinuteRow{};
  minute_.start_ms = t;
  crawls_this_minute_ = 0;
  if (t >= end_ms_) return Status::OK();
  Schedule(t + kMinuteMs, kWorld, kMinuteTick);

  // The load controller: crawls started per minute, corrected each minute
  // by the ratio of its aim to the achieved writes (damped: running crawls
  // keep writing, so the correction needs no more than a nudge). That fast
  // loop settles where the *median* minute meets its aim; one minute's writes
  // are skewed (a bulk crawl writes many minutes' worth), so at small scales
  // the mean would sit far above the target (four weeks at 0.0005: +56%). A
  // slow outer loop moves the aim by the integral of the linear error
  // (target - achieved), which settles where the mean meets the target: a
  // burst above it is paid back by a lower aim later (the integral may go
  // below zero; capped at 3x above, so that throttled writes cannot wind it
  // up). Not during warm-up, whose shortfall is the first crawls gathering
  // speed.
  const double target = timeline_.back().target_api_writes;
  target_sum_ += target;
  if (static_cast<int64_t>(timeline_.size()) > kWarmupMinutes && target_sum_ > 0) {
    // In writes, relative to the mean target so far: relative to each minute's
    // own target, a burst at night would weigh more than the same writes by day.
    const double mean_target = target_sum_ / static_cast<double>(timeline_.size());
    aim_bias_ = std::min(aim_bias_ + kControllerGain * (target - achieved) / mean_target, 3.0);
  }
  const double aim =
      std::max(aim_bias_, 0.02) * sc_.load.WritesPerMinuteAt(sc_.start_ms, t) * sc_.scale;
  if (aim > 0) {
    const double ratio = achieved > 0 ? aim / achieved : 2.0;
    crawl_rate_ *= std::clamp(std::pow(ratio, 0.7), 0.5, 2.0);
    crawl_rate_ = std::clamp(crawl_rate_, 0.02, 10 * aim / writes_per_crawl_ + 1);
  }
  if (achieved < 1.5 * aim) StartCrawlsDuring(t, crawl_rate_);
  return Status::OK();
}

Status World::OnHourTick() {
  const int64_t t = Now();
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<std::string> dropped, rq_->ExpireQueuesAndTables());
  totals_.tables_dropped += static_cast<double>(dropped.size());
  if (t + kHourMs <= end_ms_) Schedule(t + kHourMs, kWorld, kHourTick);
  return Status::OK();
}

void World::Dispatch(const Event& e) {
  if (e.target == kWorld) {
    Status st;
    switch (e.kind) {
      case kMinuteTick: st = OnMinuteTick(); break;
      case kHourTick: st = OnHourTick(); break;
      case kStartCrawl: StartCrawl(DrawCrawlers()); break;
      default: break;
    }
    if (!st.ok() && fatal_.ok()) fatal_ = st;
    return;
  }
  if (e.kind == kRecrawl) {  // target: a queue
    OnRecrawl(e.target);
    return;
  }
  Actor& a = actors_[e.target];
  if (e.generation != a.generation || a.finished) return;  // the old process's
  switch (e.kind) {
    case kOpenQueue: OnOpenQueue(a); break;
    case kHead: OnHead(a); break;
    case kFeed: OnFeed(a); break;
    case kPersist: OnPersist(a); break;
    case kMigrate: OnMigrate(a); break;
    case kMigrateStop: OnMigrateStop(a); break;
    case kRestart: OnRestart(a); break;
    default: OnSlot(a, e.slot, e.kind); break;
  }
}

Result<SimResult> World::Run() {
  HEADLOCK_RETURN_IF_ERROR(Open());
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };
  while (!events_.empty() && fatal_.ok()) {
    if (events_.top().time_ms > end_ms_) break;
    Event e = events_.Pop();
    clock_.Set(e.time_ms);
    Dispatch(e);
    ++events_run_;
    if ((events_run_ & 4095) == 0 && options_.progress) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_report >= std::chrono::seconds(1)) {
        last_report = now;
        options_.progress(SimProgress{Now() - sc_.start_ms, sc_.duration_ms, events_run_, wall()});
      }
    }
  }
  HEADLOCK_RETURN_IF_ERROR(fatal_);
  clock_.Set(end_ms_);
  if (timeline_.empty() || timeline_.back().start_ms + kMinuteMs < end_ms_) {
    // A run that does not end on a whole minute: close the last one.
    HEADLOCK_RETURN_IF_ERROR(DrainCapacityLog(end_ms_ / 1000, &minute_));
    minute_.target_api_writes = sc_.load.WritesPerMinuteAt(sc_.start_ms, minute_.start_ms) * sc_.scale;
    minute_.actors_running = running_actors_;
    timeline_.push_back(minute_);
  }
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<StorageSample> samples, SampleStorage(db_.get()));
  record_.storage.insert(record_.storage.end(), samples.begin(), samples.end());
  record_.changes = db_->capacity_log().CapacityChanges();
  record_.end_ms = end_ms_;
  std::stable_sort(record_.usage.begin(), record_.usage.end(),
                   [](const CapacityLog::Row& a, const CapacityLog::Row& b) { return a.second < b.second; });

  // Price the run.
  HEADLOCK_ASSIGN_OR_RETURN(std::vector<TableHourCost> costs,
                            PriceHours(record_, pricing_, sc_.region, sc_.table_class));

  SimResult result;
  const double k = 1.0 / sc_.scale;
  result.scenario = sc_;
  result.lock_strategy = std::string(LockStrategyName(sc_.lock_strategy));
  result.capacity_policy = policy_->name();
  result.warm_tables = warm_tables_;
  for (const TableHourCost& c : costs) {
    TableHourRow& th = table_hours_[{c.hour * kHourMs, c.table_name}];
    th.hour_start_ms = c.hour * kHourMs;
    th.table = c.table_name;
    th.cost_usd += c.total_usd();
    totals_.on_demand_usd += c.on_demand_read_usd + c.on_demand_write_usd;
    totals_.provisioned_usd += c.provisioned_read_usd + c.provisioned_write_usd;
    totals_.storage_usd += c.storage_usd;
  }
  // Capacity in force at the end of each table-hour, from the change history.
  for (auto& [key, th] : table_hours_) {
    th.mode = "on-demand";
    for (const CapacityLog::CapacityChange& ch : record_.changes) {
      if (ch.time_ms >= th.hour_start_ms + kHourMs) break;
      if (ch.table_name != th.table || !ch.index_name.empty()) continue;
      th.read_capacity_units = ch.read_capacity_units;
      th.write_capacity_units = ch.write_capacity_units;
      th.mode = ch.deleted ? "deleted" : ch.read_capacity_units < 0 ? "on-demand" : "provisioned";
    }
  }
  for (MinuteRow& m : timeline_) {
    for (double* x : {&m.target_api_writes, &m.api_writes, &m.api_reads, &m.ddb_requests,
                      &m.write_units, &m.read_units, &m.throttled_requests, &m.api_errors,
                      &m.requests_handled, &m.duplicate_handlings, &m.requests_added,
                      &m.kv_writes}) {
      *x *= k;
    }
    totals_.api_writes += m.api_writes;
    totals_.api_reads += m.api_reads;
    totals_.ddb_requests += m.ddb_requests;
    totals_.write_units += m.write_units;
    totals_.read_units += m.read_units;
    totals_.throttled_requests += m.throttled_requests;
  }
  for (double* x : {&totals_.api_throttled_calls, &totals_.api_errors, &totals_.api_failed_calls,
                    &totals_.requests_added, &totals_.requests_handled,
                    &totals_.duplicate_handlings, &totals_.failed_pages, &totals_.migrations,
                    &totals_.migrations_with_notice, &totals_.wasted_pages,
                    &totals_.wasted_page_seconds, &totals_.kv_writes, &totals_.kv_reads,
                    &totals_.crawls, &totals_.recrawls, &totals_.on_demand_usd,
                    &totals_.provisioned_usd, &totals_.storage_usd}) {
    *x *= k;
  }
  totals_.cost_usd = totals_.on_demand_usd + totals_.provisioned_usd + totals_.storage_usd;
  for (auto& [key, th] : table_hours_) {
    th.read_units *= k;
    th.write_units *= k;
    th.throttled_requests *= k;
    th.cost_usd *= k;
    result.tables.push_back(th);
  }
  for (auto& [key, units] : table_days_) {
    result.table_days.push_back(TableDayRow{key.first, key.second, units * k});
  }
  // Storage at the end, per table still alive: its items (requests, in a
  // request table) and the bytes billed (the table's and its indexes').
  for (const StorageSample& s : samples) {
    DescribeTableResponse d;
    if (!db_->DescribeTable(DescribeTableRequest{s.table_name}, &d).ok()) continue;
    result.storage.push_back(
        TableStorage{s.table_name, d.table.item_count * k, s.bytes * k});
  }
  result.totals = totals_;
  result.timeline = std::move(timeline_);
  result.peaks = peaks_;
  result.record = std::move(record_);
  result.events = events_run_;
  result.wall_seconds = wall();
  if (options_.progress) {
    options_.progress(SimProgress{sc_.duration_ms, sc_.duration_ms, events_run_, result.wall_seconds});
  }

  result.digest = DigestOf(result);
  return result;
}

std::string SimResult::digest_hex() const { return fmt::format("{:016x}", digest); }

Result<SimResult> RunSimulation(const Scenario& scenario, const SimOptions& options) {
  if (!(scenario.scale > 0 && scenario.scale <= 1)) {
    return Status::InvalidInput("scale must be in (0, 1]");
  }
  if (scenario.duration_ms <= 0) return Status::InvalidInput("duration must be positive");
  World world(scenario, options);
  return world.Run();
}

}  // namespace headlock::sim
