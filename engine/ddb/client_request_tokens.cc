#include "ddb/client_request_tokens.h"

namespace headlock::ddb {

ClientRequestTokens::Seen ClientRequestTokens::Lookup(const std::string& token,
                                                      uint64_t fingerprint, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  while (!order_.empty() && now_ms - order_.front().first >= kWindowMillis) {
    auto old = tokens_.find(order_.front().second);
    // A token remembered again later keeps its newer entry.
    if (old != tokens_.end() && old->second.second == order_.front().first) tokens_.erase(old);
    order_.pop_front();
  }
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return Seen::kNew;
  return it->second.first == fingerprint ? Seen::kReplay : Seen::kMismatch;
}

void ClientRequestTokens::Remember(const std::string& token, uint64_t fingerprint, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_[token] = {fingerprint, now_ms};
  order_.emplace_back(now_ms, token);
}

}  // namespace headlock::ddb
