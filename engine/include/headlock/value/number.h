// Number: DynamoDB's exact decimal number type (the "N" attribute type).
//
// A Number holds up to 38 significant decimal digits and a magnitude of
// 1E-130 to 9.9999999999999999999999999999999999999E+125 (or zero), exactly
// as DynamoDB stores it. Values are always normalised: no leading or trailing
// zeros, no negative zero. ToString() prints what DynamoDB returns (plain
// decimal notation, never an exponent: "1E125" prints as 1 and 125 zeros).
//
// Arithmetic is exact. A result that does not fit (more than 38 significant
// digits, or out of range) is an error with DynamoDB's wording.
//
// Thread safety: a Number is an immutable value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "headlock/result.h"

namespace headlock {

// DynamoDB number limits (reference/dynamodb.md §2.1).
inline constexpr int kMaxNumberSignificantDigits = 38;
// Largest decimal exponent e such that the value 0.d1d2... x 10^e fits:
// 9.99...E+125 = 0.999... x 10^126.
inline constexpr int kMaxNumberExponent = 126;
// Smallest: 1E-130 = 0.1 x 10^-129.
inline constexpr int kMinNumberExponent = -129;

class Number {
 public:
  // Zero.
  Number() = default;

  // Parses DynamoDB's number syntax: optional sign, digits with an optional
  // '.', optional exponent ("3", "-7.1234", "+3", ".123", "0001.23", "1e+5",
  // "-17.4E37", "0e1000"). Errors (ValidationException):
  //   "The parameter cannot be converted to a numeric value: <text>"
  //   "Attempting to store more than 38 significant digits in a Number"
  //   "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //   "Number underflow. Attempting to store a number with magnitude smaller than supported range"
  static Result<Number> Parse(std::string_view text);

  static Number FromInt64(int64_t value);

  // Exact sum and difference. Fails with the overflow message when the
  // result needs more than 38 significant digits or is out of range
  // (DynamoDB reports both as overflow), and with the underflow message
  // when it is smaller than 1E-130 in magnitude (but not zero).
  static Result<Number> Add(const Number& a, const Number& b);
  static Result<Number> Subtract(const Number& a, const Number& b);

  // DynamoDB's normalised text: "42", "-0.5", "150", "1000...0".
  std::string ToString() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  bool is_integer() const { return is_zero() || exponent_ >= static_cast<int>(digits_.size()); }

  // The value as int64 if it is an integer that fits; otherwise false.
  bool ToInt64(int64_t* out) const;
  // The nearest double (for reports and statistics only, never for storage).
  double ToDouble() const;

  // Bytes DynamoDB counts for this number in item size: the measured rule
  // 1 + ceil(intSig/2) + ceil(fracSig/2) + (negative ? 1 : 0), zero = 1
  // (reference/dynamodb.md §1.2).
  size_t SizeBytes() const;

  // Numeric comparison.
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  // Normalised representation: value = (negative ? -1 : 1) x 0.D x 10^exponent
  // where D = digits() ("1".."9" first and last; empty for zero).
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

  // Builds a Number from a normalised representation without validation.
  // REQUIRES: digits has no leading or trailing '0'; the exponent is in range;
  // at most 38 digits; negative is false when digits is empty.
  static Number FromNormalized(bool negative, std::string digits, int exponent);

 private:
  bool negative_ = false;
  std::string digits_;  // ASCII '0'..'9', no leading or trailing '0'.
  int exponent_ = 0;    // 0 when zero.
};

}  // namespace headlock
