// A transparent hash for std::unordered_map<std::string, ...>: with
// std::equal_to<> as the key equality, find() takes a std::string_view and
// allocates nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace headlock {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace headlock
