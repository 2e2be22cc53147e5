// ClientRequestTokens: the TransactWriteItems idempotency cache.
//
// DynamoDB remembers a committed transaction's ClientRequestToken for 10
// minutes: a repeat with the same token and the same parameters changes
// nothing (it is answered as a replay); the same token with other parameters
// is IdempotentParameterMismatchException (reference/dynamodb.md §3.2).
// Only committed transactions are remembered, so a cancelled one can be
// retried with its token.
//
// Memory stays bounded by the window: tokens expire oldest first, amortised
// O(1) per call.
//
// Thread safety: all methods may be called from many threads.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace headlock::ddb {

class ClientRequestTokens {
 public:
  static constexpr int64_t kWindowMillis = 10 * 60 * 1000;  // DynamoDB's idempotency window

  enum class Seen {
    kNew,       // not used in the window: run the transaction
    kReplay,    // committed in the window with the same parameters
    kMismatch,  // committed in the window with other parameters
  };

  // Expires tokens older than the window at `now_ms`, then looks `token` up.
  // `fingerprint` identifies the request's parameters.
  Seen Lookup(const std::string& token, uint64_t fingerprint, int64_t now_ms);

  // Remembers the token of a transaction that committed at `now_ms`.
  void Remember(const std::string& token, uint64_t fingerprint, int64_t now_ms);

 private:
  std::mutex mu_;
  // token -> (fingerprint of the request, time it was first used)
  std::map<std::string, std::pair<uint64_t, int64_t>, std::less<>> tokens_;
  std::deque<std::pair<int64_t, std::string>> order_;  // (first use, token), oldest first
};

}  // namespace headlock::ddb
