// The workload (private to sim/): the population of crawls the scenario
// draws (queue sizes, crawlers per queue, bulk pre-enqueues, named queues and
// their daily re-crawls) and the crawlers that run them. The load controller
// decides how many crawls start; the workload decides what they are.
#pragma once

#include <cstdint>
#include <vector>

#include "crawler.h"

namespace headlock::sim {

// The world's own event target (events for crawlers target their id).
constexpr uint32_t kWorld = UINT32_MAX;

class Workload {
 public:
  // `env` outlives the workload; its `queues` is pointed at this workload's.
  explicit Workload(CrawlerEnv* env);

  // Schedules about `rate` crawls (stochastic rounding keeps small scales
  // unbiased) at uniform times in the minute starting at `minute_start_ms`.
  void StartCrawlsDuring(int64_t minute_start_ms, double rate);
  // Schedules the crawls of `schedule` (start times, ascending) that fall in
  // the minute starting at `minute_start_ms`: another run's crawls replayed.
  void ReplayCrawlsDuring(int64_t minute_start_ms, const std::vector<int64_t>& schedule);
  // When each crawl started so far (what a replay needs).
  const std::vector<int64_t>& crawl_starts() const { return crawl_starts_; }
  // Runs a due workload event: kStartCrawl, kRecrawl or a crawler's.
  void Handle(const Event& e);

 private:
  int DrawCrawlers(Rng& rng);
  // A new crawl: its queue and crawlers, drawn from the queue's stream.
  void StartCrawl();
  // A named queue's incremental crawl, one day after the last.
  void Recrawl(uint32_t queue);
  void StartCrawler(uint32_t queue, bool creator, int64_t start_urls, int64_t bulk);

  CrawlerEnv* env_;
  std::vector<SimQueue> queues_;
  std::vector<Crawler> crawlers_;
  std::vector<int64_t> crawl_starts_;
};

}  // namespace headlock::sim
