// Order-preserving, self-delimiting byte encodings of key values (S, N, B).
//
// For two values a and b of the same type,
//   EncodeKeyValue(a) < EncodeKeyValue(b)  (bytewise, as LevelDB compares)
// exactly when DynamoDB sorts a before b: strings and binary bytewise
// (unsigned), numbers numerically. The encodings are self-delimiting, so a
// concatenation of encoded values (a composite key) also sorts component by
// component and can be split again.
//
// Layout (this is a persistent format; change only with a version bump):
//   S, B : each byte b != 0x00 as itself, 0x00 as 0x00 0xFF, end 0x00 0x01.
//   N    : zero      -> 0x80
//          positive  -> 0x81, (exponent + 129) as one byte, digit pairs each
//                       as (pair + 1) in 1..100, end 0x00
//          negative  -> 0x7F, then the positive form of |x| after the first
//                       byte with every byte complemented (0xFF - b).
//   A pair is two decimal digits of the normalised mantissa (a lone last
//   digit is padded with 0: mantissas never end in 0, so this is unambiguous).
#pragma once

#include <string>
#include <string_view>

#include "headlock/result.h"
#include "headlock/value/attribute_value.h"

namespace headlock {

// Appends the encoding of `value` to `dst`. REQUIRES: value is S, N or B.
void EncodeKeyValue(const AttributeValue& value, std::string* dst);

// Appends the encodings of the individual types.
void EncodeKeyString(std::string_view s, std::string* dst);
void EncodeKeyNumber(const Number& n, std::string* dst);

// Consumes one encoded value of `type` from the front of `*in`.
// Returns false if the input is malformed.
bool DecodeKeyValue(std::string_view* in, AttributeType type, AttributeValue* out);

// Typed forms of DecodeKeyValue (also used by the item encoding for N).
// Decoding is strict: only the canonical encoding of a value is accepted.
bool DecodeKeyString(std::string_view* in, std::string* out);
bool DecodeKeyNumber(std::string_view* in, Number* out);

}  // namespace headlock
