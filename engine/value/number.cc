#include "headlock/value/number.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace headlock {
namespace {

// DynamoDB's messages (reference/dynamodb.md §2.1).
constexpr std::string_view kNotNumericPrefix =
    "The parameter cannot be converted to a numeric value: ";
constexpr std::string_view kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr std::string_view kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

// Exponents in the input are clamped to this magnitude so that "1e99999999999" cannot overflow an
// int64; anything this large is out of range either way.
constexpr int64_t kExponentClamp = int64_t{1} << 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status NotNumeric(std::string_view text) {
  std::string message(kNotNumericPrefix);
  message.append(text);
  return Status::Validation(std::move(message));
}

// Strips leading and trailing '0' from `digits` (which represent 0.digits x 10^*exponent) and
// adjusts the exponent. Leaves `digits` empty for zero.
void Normalize(std::string* digits, int64_t* exponent) {
  size_t first = digits->find_first_not_of('0');
  if (first == std::string::npos) {
    digits->clear();
    *exponent = 0;
    return;
  }
  size_t last = digits->find_last_not_of('0');
  *exponent -= static_cast<int64_t>(first);
  *digits = digits->substr(first, last - first + 1);
}

// Range and precision checks on a normalised mantissa. `arithmetic` selects DynamoDB's arithmetic
// behaviour, which reports too many digits as overflow.
Result<Number> Finish(bool negative, std::string digits, int64_t exponent, bool arithmetic) {
  if (digits.empty()) return Number();
  if (digits.size() > static_cast<size_t>(kMaxNumberSignificantDigits)) {
    return Status::Validation(std::string(arithmetic ? kOverflow : kTooManyDigits));
  }
  if (exponent > kMaxNumberExponent) return Status::Validation(std::string(kOverflow));
  if (exponent < kMinNumberExponent) return Status::Validation(std::string(kUnderflow));
  return Number::FromNormalized(negative, std::move(digits), static_cast<int>(exponent));
}

// Compares magnitudes of two normalised non-zero numbers.
int CompareMagnitude(const Number& a, const Number& b) {
  if (a.is_zero() || b.is_zero()) return a.is_zero() == b.is_zero() ? 0 : (a.is_zero() ? -1 : 1);
  if (a.exponent() != b.exponent()) return a.exponent() < b.exponent() ? -1 : 1;
  int c = a.digits().compare(b.digits());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Writes the digits of `n` into a fixed-point buffer whose first cell has weight 10^(high - 1),
// i.e. the buffer reads as 0.buf x 10^high. REQUIRES: buffer long enough.
std::string Aligned(const Number& n, int high, size_t width) {
  std::string out(width, '0');
  size_t offset = static_cast<size_t>(high - n.exponent());
  std::copy(n.digits().begin(), n.digits().end(), out.begin() + offset);
  return out;
}

}  // namespace

Number Number::FromNormalized(bool negative, std::string digits, int exponent) {
  Number n;
  n.negative_ = negative && !digits.empty();
  n.exponent_ = digits.empty() ? 0 : exponent;
  n.digits_ = std::move(digits);
  return n;
}

Result<Number> Number::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  std::string digits;
  size_t int_digits = 0;
  while (i < text.size() && IsDigit(text[i])) {
    digits.push_back(text[i++]);
    ++int_digits;
  }
  size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      digits.push_back(text[i++]);
      ++frac_digits;
    }
  }
  // "5." is a number (as in Java's BigDecimal), "." is not.
  if (int_digits + frac_digits == 0) return NotNumeric(text);
  int64_t exp = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size() || !IsDigit(text[i])) return NotNumeric(text);
    while (i < text.size() && IsDigit(text[i])) {
      exp = std::min(exp * 10 + (text[i++] - '0'), kExponentClamp);
    }
    if (exp_negative) exp = -exp;
  }
  if (i != text.size()) return NotNumeric(text);

  int64_t exponent = exp + static_cast<int64_t>(int_digits);
  Normalize(&digits, &exponent);
  return Finish(negative, std::move(digits), exponent, /*arithmetic=*/false);
}

Number Number::FromInt64(int64_t value) {
  if (value == 0) return Number();
  bool negative = value < 0;
  // Through uint64 so that INT64_MIN negates without overflow.
  uint64_t magnitude = negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  int64_t exponent = static_cast<int64_t>(digits.size());
  Normalize(&digits, &exponent);
  return FromNormalized(negative, std::move(digits), static_cast<int>(exponent));
}

Result<Number> Number::Add(const Number& a, const Number& b) {
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  // Fixed-point over the union of both digit ranges plus one carry cell. At most
  // 126 + 129 + 38 + 1 cells.
  int high = std::max(a.exponent(), b.exponent()) + 1;
  int low = std::min(a.exponent() - static_cast<int>(a.digits().size()),
                     b.exponent() - static_cast<int>(b.digits().size()));
  size_t width = static_cast<size_t>(high - low);
  std::string x = Aligned(a, high, width);
  std::string y = Aligned(b, high, width);
  bool negative;
  std::string sum(width, '0');
  if (a.negative_ == b.negative_) {
    negative = a.negative_;
    int carry = 0;
    for (size_t k = width; k-- > 0;) {
      int d = (x[k] - '0') + (y[k] - '0') + carry;
      sum[k] = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
  } else {
    // Subtract the smaller magnitude from the larger; the sign is the larger's.
    int c = CompareMagnitude(a, b);
    if (c == 0) return Number();
    if (c < 0) std::swap(x, y);
    negative = c > 0 ? a.negative_ : b.negative_;
    int borrow = 0;
    for (size_t k = width; k-- > 0;) {
      int d = (x[k] - '0') - (y[k] - '0') - borrow;
      borrow = d < 0 ? 1 : 0;
      sum[k] = static_cast<char>('0' + (d + 10) % 10);
    }
  }
  int64_t exponent = high;
  Normalize(&sum, &exponent);
  return Finish(negative, std::move(sum), exponent, /*arithmetic=*/true);
}

Result<Number> Number::Subtract(const Number& a, const Number& b) {
  Number negated = b;
  negated.negative_ = !b.negative_ && !b.is_zero();
  return Add(a, negated);
}

std::string Number::ToString() const {
  if (is_zero()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  int len = static_cast<int>(digits_.size());
  if (exponent_ <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent_), '0');
    out.append(digits_);
  } else if (exponent_ >= len) {
    out.append(digits_);
    out.append(static_cast<size_t>(exponent_ - len), '0');
  } else {
    out.append(digits_, 0, static_cast<size_t>(exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(exponent_));
  }
  return out;
}

bool Number::ToInt64(int64_t* out) const {
  if (!is_integer()) return false;
  if (is_zero()) {
    *out = 0;
    return true;
  }
  if (exponent_ > 19) return false;
  // Accumulate the magnitude in uint64 (19 digits always fit, 20 never occur here).
  uint64_t magnitude = 0;
  for (int k = 0; k < exponent_; ++k) {
    uint64_t d = k < static_cast<int>(digits_.size()) ? static_cast<uint64_t>(digits_[k] - '0') : 0;
    if (magnitude > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    magnitude = magnitude * 10 + d;
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative_) {
    if (magnitude > kMaxPositive + 1) return false;
    *out = magnitude == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                         : -static_cast<int64_t>(magnitude);
  } else {
    if (magnitude > kMaxPositive) return false;
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

double Number::ToDouble() const {
  if (is_zero()) return 0.0;
  std::string text = negative_ ? "-0." : "0.";
  text += digits_;
  text += 'e';
  text += std::to_string(exponent_);
  return std::strtod(text.c_str(), nullptr);
}

size_t Number::SizeBytes() const {
  if (is_zero()) return 1;
  // Measured rule (reference/dynamodb.md §1.2): integer digits count with their trailing zeros
  // only when a fraction follows; leading zeros of a pure fraction do not count.
  size_t len = digits_.size();
  size_t int_sig = 0;
  size_t frac_sig = 0;
  if (exponent_ <= 0) {
    frac_sig = len;
  } else if (static_cast<size_t>(exponent_) >= len) {
    int_sig = len;
  } else {
    int_sig = static_cast<size_t>(exponent_);
    frac_sig = len - int_sig;
  }
  return 1 + (int_sig + 1) / 2 + (frac_sig + 1) / 2 + (negative_ ? 1 : 0);
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.is_zero() ? 0 : (n.negative_ ? -1 : 1); };
  int sa = sign(*this);
  int sb = sign(other);
  if (sa != sb) return sa <=> sb;
  int magnitude = CompareMagnitude(*this, other);
  return (sa < 0 ? -magnitude : magnitude) <=> 0;
}

}  // namespace headlock
