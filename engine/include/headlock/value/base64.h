// Base64 (RFC 4648 §4, the standard alphabet with '=' padding): DynamoDB's
// wire form of B and BS values, and their text in DynamoDB's messages.
//
// Written here rather than taken from OpenSSL because DynamoDB rejects what
// OpenSSL's EVP_DecodeBlock tolerates (surrounding whitespace) and needs to
// know the exact padding, which EVP_DecodeBlock does not report. Decoding is
// strict: the length is a multiple of 4, padding only at the end, and the
// unused bits of the last character are zero (so each byte string has exactly
// one accepted encoding, as RFC 4648 §3.5 allows a decoder to require).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace headlock {

// The padded base64 text of `bytes`.
std::string Base64Encode(std::string_view bytes);

// Decodes `text` into `*out`. On failure returns false, leaves `*out`
// unspecified and, if `error` is non-null, stores a short reason there.
bool Base64Decode(std::string_view text, std::string* out, std::string* error = nullptr);

}  // namespace headlock
