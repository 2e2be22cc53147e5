#include "workload.h"

#include <fmt/core.h>

#include <algorithm>

namespace headlock::sim {
namespace {

constexpr int kCrawlerCounts[4] = {1, 2, 4, 8};

}  // namespace

Workload::Workload(CrawlerEnv* env) : env_(env) { env_->queues = &queues_; }

void Workload::StartCrawlsDuring(int64_t minute_start_ms, double rate) {
  Rng rng = env_->root->Stream(kScheduleStream, static_cast<uint64_t>(minute_start_ms / kMinuteMs));
  int64_t crawls = static_cast<int64_t>(rate);
  if (rng.Chance(rate - static_cast<double>(crawls))) ++crawls;
  for (int64_t i = 0; i < crawls; ++i) {
    env_->Schedule(minute_start_ms + rng.UniformInt(0, kMinuteMs - 1), kWorld, kStartCrawl);
  }
}

void Workload::ReplayCrawlsDuring(int64_t minute_start_ms, const std::vector<int64_t>& schedule) {
  auto it = std::lower_bound(schedule.begin(), schedule.end(), minute_start_ms);
  for (; it != schedule.end() && *it < minute_start_ms + kMinuteMs; ++it) {
    env_->Schedule(*it, kWorld, kStartCrawl);
  }
}

void Workload::Handle(const Event& e) {
  if (e.kind == kStartCrawl) {
    crawl_starts_.push_back(e.time_ms);
    return StartCrawl();
  }
  if (e.kind == kRecrawl) return Recrawl(e.target);  // target: a queue
  crawlers_[e.target].Handle(e);
}

int Workload::DrawCrawlers(Rng& rng) {
  const auto& w = env_->scenario->population.crawlers_weights;
  double sum = 0;
  for (double x : w) sum += x;
  double u = rng.Uniform() * sum;
  for (int i = 0; i < 4; ++i) {
    if (u < w[i]) return kCrawlerCounts[i];
    u -= w[i];
  }
  return 1;
}

void Workload::StartCrawl() {
  const Population& p = env_->scenario->population;
  SimQueue q;
  q.index = static_cast<uint32_t>(queues_.size());
  q.rng = env_->root->Stream(kQueueStream, q.index);
  Rng& rng = q.rng;
  const int crawlers = DrawCrawlers(rng);
  q.created_ms = env_->Now();
  q.bulk = rng.Chance(p.bulk_share);
  double size = rng.Pareto(p.queue_size_min, p.queue_size_alpha, p.queue_size_max);
  if (q.bulk) size = std::max(size, std::min(p.bulk_size_min, p.queue_size_max));
  q.size_target = std::max<int64_t>(1, static_cast<int64_t>(size));
  q.base_size = q.size_target;
  if (rng.Chance(p.named_share)) q.name = fmt::format("crawl-{}", q.index);
  queues_.push_back(std::move(q));
  const SimQueue& queue = queues_.back();
  const uint32_t index = queue.index;
  const int64_t start_urls = std::min<int64_t>(p.start_urls, queue.size_target);
  const int64_t bulk = queue.bulk ? queue.size_target - start_urls : 0;
  env_->metrics->Count(&SimTotals::crawls);
  env_->metrics->CrawlStarted();
  for (int i = 0; i < crawlers; ++i) {
    StartCrawler(index, i == 0, i == 0 ? start_urls : 0, i == 0 ? bulk : 0);
  }
  if (queues_[index].name && p.recrawl_days_mean > 0) {
    env_->Schedule(queues_[index].created_ms + kDayMs, index, kRecrawl);  // target: the queue
  }
}

void Workload::Recrawl(uint32_t index) {
  SimQueue& q = queues_[index];
  const Population& p = env_->scenario->population;
  env_->metrics->Count(&SimTotals::recrawls);
  // The incremental crawl adds a share of the queue's first size as new
  // pages (no compounding); the schedule ends after a geometric number of
  // days, so an old week's table sees a tail that thins out.
  const int64_t fresh = std::max<int64_t>(1, static_cast<int64_t>(q.base_size * p.recrawl_share));
  q.size_target += fresh;
  StartCrawler(index, true, std::min<int64_t>(fresh, p.start_urls), 0);
  const double days = p.recrawl_days_mean;
  if (days > 0 && q.rng.Chance(1.0 - 1.0 / (days + 1))) {
    env_->Schedule(env_->Now() + kDayMs, index, kRecrawl);
  }
}

void Workload::StartCrawler(uint32_t queue, bool creator, int64_t start_urls, int64_t bulk) {
  const uint32_t id = static_cast<uint32_t>(crawlers_.size());
  crawlers_.emplace_back(env_, id, queue, creator, start_urls, bulk);
  crawlers_.back().Start();
}

}  // namespace headlock::sim
