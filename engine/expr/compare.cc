#include "expr/compare.h"

#include <string>

namespace headlock::expr {

bool AreOrderable(const AttributeValue& a, const AttributeValue& b) {
  return a.type() == b.type() && (a.is_n() || a.is_s() || a.is_b());
}

int CompareOrderable(const AttributeValue& a, const AttributeValue& b) {
  if (a.is_n()) {
    auto c = a.n() <=> b.n();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  const std::string& x = a.is_s() ? a.s() : a.b();
  const std::string& y = a.is_s() ? b.s() : b.b();
  // std::char_traits<char>::compare orders as unsigned char, like memcmp.
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace headlock::expr
