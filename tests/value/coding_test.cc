#include "value/coding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headlock::value_coding {
namespace {

TEST(CodingTest, Varint32RoundTripsBoundaries) {
  const std::vector<uint32_t> values = {
      0,        1,          127, 128, 255, 16383, 16384, (1u << 21) - 1, 1u << 21, (1u << 28) - 1,
      1u << 28, 0xFFFFFFFFu};
  const std::vector<size_t> lengths = {1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5};
  std::string all;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string one;
    PutVarint32(&one, values[i]);
    EXPECT_EQ(one.size(), lengths[i]) << values[i];
    all += one;
  }
  std::string_view in = all;
  for (uint32_t want : values) {
    uint32_t got = 0;
    ASSERT_TRUE(GetVarint32(&in, &got));
    EXPECT_EQ(got, want);
  }
  EXPECT_TRUE(in.empty());
}

TEST(CodingTest, Varint32RejectsMalformed) {
  const std::vector<std::string> bad = {
      "",                              // empty
      "\x80",                          // truncated
      "\xFF\xFF\xFF\xFF",              // truncated at 4 bytes
      "\xFF\xFF\xFF\xFF\x10",          // more than 32 bits
      "\xFF\xFF\xFF\xFF\xFF\x01",      // six bytes
      std::string("\x80\x00", 2),      // overlong zero
      std::string("\x81\x80\x00", 3),  // overlong one
  };
  for (const std::string& bytes : bad) {
    std::string_view in = bytes;
    uint32_t v = 0;
    EXPECT_FALSE(GetVarint32(&in, &v)) << ::testing::PrintToString(bytes);
  }
  // Twin of the 32-bit limit: 0x0F in the fifth byte is the largest allowed.
  std::string_view max = "\xFF\xFF\xFF\xFF\x0F";
  uint32_t v = 0;
  EXPECT_TRUE(GetVarint32(&max, &v));
  EXPECT_EQ(v, 0xFFFFFFFFu);
}

TEST(CodingTest, LengthPrefixed) {
  std::string buf;
  PutLengthPrefixed(&buf, "");
  PutLengthPrefixed(&buf, std::string(300, 'x'));
  std::string_view in = buf;
  std::string_view out;
  ASSERT_TRUE(GetLengthPrefixed(&in, &out));
  EXPECT_EQ(out, "");
  ASSERT_TRUE(GetLengthPrefixed(&in, &out));
  EXPECT_EQ(out, std::string(300, 'x'));
  EXPECT_TRUE(in.empty());
  std::string_view truncated = std::string_view(buf).substr(1, 100);  // claims 300 bytes
  EXPECT_FALSE(GetLengthPrefixed(&truncated, &out));
}

}  // namespace
}  // namespace headlock::value_coding

namespace headlock::value_coding {
namespace {

TEST(CodingTest, Varint64AndSignedRoundTrip) {
  const std::vector<int64_t> values = {0, 1, -1, 63, -64, 64, 1700000000000, -1700000000000,
                                       INT64_MAX, INT64_MIN};
  std::string all;
  for (int64_t v : values) PutVarsint64(&all, v);
  PutVarint64(&all, UINT64_MAX);
  std::string_view in = all;
  for (int64_t want : values) {
    int64_t got = 0;
    ASSERT_TRUE(GetVarsint64(&in, &got));
    EXPECT_EQ(got, want);
  }
  uint64_t big = 0;
  ASSERT_TRUE(GetVarint64(&in, &big));
  EXPECT_EQ(big, UINT64_MAX);
  EXPECT_TRUE(in.empty());
  uint8_t byte = 0;
  EXPECT_FALSE(GetByte(&in, &byte));
}

TEST(CodingTest, Varint64RefusesTruncatedOverlongAndOversized) {
  std::string_view truncated("\x80\x80", 2);
  uint64_t v = 0;
  EXPECT_FALSE(GetVarint64(&truncated, &v));
  std::string_view overlong("\x80\x00", 2);
  EXPECT_FALSE(GetVarint64(&overlong, &v));
  std::string eleven(10, '\xFF');
  eleven.push_back('\x01');
  std::string_view oversized(eleven);
  EXPECT_FALSE(GetVarint64(&oversized, &v));
}

}  // namespace
}  // namespace headlock::value_coding
