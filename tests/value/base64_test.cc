#include "headlock/value/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace headlock {
namespace {

// RFC 4648 §10 test vectors.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    std::string decoded;
    ASSERT_TRUE(Base64Decode(encoded, &decoded)) << encoded;
    EXPECT_EQ(decoded, plain);
  }
}

TEST(Base64Test, EveryByteRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t len = 0; len <= all.size(); len += 37) {
    std::string bytes = all.substr(0, len);
    std::string decoded;
    ASSERT_TRUE(Base64Decode(Base64Encode(bytes), &decoded));
    EXPECT_EQ(decoded, bytes);
  }
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(Base64Test, RejectsMalformedInput) {
  std::string out, error;
  EXPECT_FALSE(Base64Decode("Zg", &out, &error));
  EXPECT_EQ(error, "Base64 encoded length is expected a multiple of 4 bytes but found: 2");
  EXPECT_FALSE(Base64Decode("Zm9v\n", &out));  // whitespace
  EXPECT_FALSE(Base64Decode(" Zm8=", &out));
  EXPECT_FALSE(Base64Decode("Zm9*", &out));      // outside the alphabet
  EXPECT_FALSE(Base64Decode("Zm9-", &out));      // base64url is a different alphabet
  EXPECT_FALSE(Base64Decode("Zg==Zg==", &out));  // padding in the middle
  EXPECT_FALSE(Base64Decode("Z===", &out));      // one character cannot carry a byte
  EXPECT_FALSE(Base64Decode("====", &out));
  EXPECT_FALSE(Base64Decode("Zm=v", &out));  // '=' before a data character
  EXPECT_FALSE(Base64Decode("Zh==", &out));  // non-zero unused bits
  EXPECT_FALSE(Base64Decode("Zm9=", &out));
}

}  // namespace
}  // namespace headlock
