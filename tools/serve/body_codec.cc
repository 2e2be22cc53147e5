#include "serve/body_codec.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace headlock::serve {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status TooLarge(size_t max_bytes) {
  return Status(Status::Code::kRequestTooLarge,
                "The decoded request body is larger than " + std::to_string(max_bytes) + " bytes");
}

// window_bits: 15 + 16 for gzip, 15 for zlib (deflate as HTTP means it),
// -15 for a raw deflate stream (what some clients send as "deflate").
Result<std::string> Inflate(std::string_view body, int window_bits, size_t max_bytes) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit2(&zs, window_bits) != Z_OK) return Status::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Status::InvalidInput("The request body does not decode as its Content-Encoding says");
    }
    out.append(chunk, sizeof(chunk) - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return TooLarge(max_bytes);
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Status::InvalidInput("The request body ends before its compressed stream does");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<std::string> BrotliDecode(std::string_view body, size_t max_bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) return Status::Internal("BrotliDecoderCreateInstance failed");
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(body.data());
  size_t avail_in = body.size();
  std::string out;
  uint8_t chunk[64 * 1024];
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t* next_out = chunk;
    size_t avail_out = sizeof(chunk);
    rc = BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(chunk), sizeof(chunk) - avail_out);
    if (out.size() > max_bytes) {
      BrotliDecoderDestroyInstance(state);
      return TooLarge(max_bytes);
    }
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) {
    return Status::InvalidInput("The request body does not decode as brotli");
  }
  return out;
}

}  // namespace

bool IsKnownContentEncoding(std::string_view encoding) {
  std::string e = Lower(Trim(encoding));
  return e.empty() || e == "identity" || e == "gzip" || e == "x-gzip" || e == "deflate" ||
         e == "br";
}

Result<std::string> DecodeBody(std::string_view encoding, std::string_view body,
                               size_t max_bytes) {
  std::string e = Lower(Trim(encoding));
  if (e.empty() || e == "identity") return std::string(body);
  if (e == "gzip" || e == "x-gzip") return Inflate(body, 15 + 16, max_bytes);
  if (e == "deflate") {
    // RFC 9110's deflate is a zlib stream; accept a raw one too (a zlib
    // stream's first byte has 8 as its low nibble).
    bool zlib = body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
                ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 == 0;
    return Inflate(body, zlib ? 15 : -15, max_bytes);
  }
  if (e == "br") return BrotliDecode(body, max_bytes);
  return Status::InvalidInput("Unsupported Content-Encoding: " + std::string(encoding));
}

std::string GzipEncode(std::string_view body) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(body.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::string header = Lower(accept_encoding);
  std::string_view rest(header);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = Trim(item.substr(semi + 1));
    // q=0, q=0.0, q=0.00...: refused
    if (params.substr(0, 2) == "q=" && params.find_first_not_of("0.", 2) == std::string_view::npos) {
      continue;
    }
    return true;
  }
  return false;
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // crc32 takes uInt lengths: feed very large bodies in pieces.
  while (!bytes.empty()) {
    uInt n = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), n);
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace headlock::serve
