// Request and response bodies on the wire: Content-Encoding gzip, deflate
// (zlib) and br (brotli) decoded, gzip encoded, and DynamoDB's x-amz-crc32.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "headlock/result.h"

namespace headlock::serve {

// Decodes a body sent with `Content-Encoding: encoding` ("", "identity",
// "gzip", "x-gzip", "deflate" or "br", case-insensitive). Errors:
// kInvalidInput for an unknown encoding or bytes that do not decode;
// kRequestTooLarge when the decoded body would pass `max_bytes` (a small
// compressed body must not expand without bound).
Result<std::string> DecodeBody(std::string_view encoding, std::string_view body,
                               size_t max_bytes);

// Whether an encoding is one DecodeBody knows.
bool IsKnownContentEncoding(std::string_view encoding);

// The gzip stream of `body` (zlib, default level).
std::string GzipEncode(std::string_view body);

// Whether an Accept-Encoding header value accepts gzip (a "gzip" token not
// followed by q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// zlib's crc32 of the bytes: DynamoDB's x-amz-crc32 header, in decimal.
uint32_t Crc32(std::string_view bytes);

}  // namespace headlock::serve
