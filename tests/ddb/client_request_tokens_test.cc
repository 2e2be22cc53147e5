#include "ddb/client_request_tokens.h"

#include <gtest/gtest.h>

namespace headlock::ddb {
namespace {

using Seen = ClientRequestTokens::Seen;
constexpr int64_t kWindow = ClientRequestTokens::kWindowMillis;

TEST(ClientRequestTokensTest, RemembersCommittedTokensForTenMinutes) {
  ClientRequestTokens tokens;
  EXPECT_EQ(tokens.Lookup("t", 7, 1000), Seen::kNew);
  tokens.Remember("t", 7, 1000);
  EXPECT_EQ(tokens.Lookup("t", 7, 1000 + kWindow - 1), Seen::kReplay);
  EXPECT_EQ(tokens.Lookup("t", 8, 1000 + kWindow - 1), Seen::kMismatch);
  EXPECT_EQ(tokens.Lookup("t", 8, 1000 + kWindow), Seen::kNew);  // expired
  EXPECT_EQ(tokens.Lookup("t", 7, 1000 + kWindow), Seen::kNew);
}

TEST(ClientRequestTokensTest, ARememberedAgainTokenKeepsItsNewerTime) {
  ClientRequestTokens tokens;
  tokens.Remember("t", 1, 0);
  EXPECT_EQ(tokens.Lookup("t", 1, kWindow), Seen::kNew);
  tokens.Remember("t", 2, kWindow);
  tokens.Remember("u", 3, kWindow + 5);
  // The first entry's expiry must not drop the second one.
  EXPECT_EQ(tokens.Lookup("t", 2, 2 * kWindow - 1), Seen::kReplay);
  EXPECT_EQ(tokens.Lookup("u", 3, 2 * kWindow + 4), Seen::kReplay);
  EXPECT_EQ(tokens.Lookup("u", 3, 2 * kWindow + 5), Seen::kNew);
}

}  // namespace
}  // namespace headlock::ddb
