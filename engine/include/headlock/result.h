// Result<T>: either a value of type T or a non-OK Status.
//
// Usage:
//   Result<Number> n = Number::Parse("1.5");
//   if (!n.ok()) return n.status();
//   Use(*n);
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "headlock/status.h"

namespace headlock {

template <typename T>
class [[nodiscard]] Result {
 public:
  // A successful result.
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  // A failed result. REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace headlock

// Declares `lhs` from a Result expression, or returns its Status on failure.
#define HEADLOCK_CONCAT_INNER(a, b) a##b
#define HEADLOCK_CONCAT(a, b) HEADLOCK_CONCAT_INNER(a, b)
#define HEADLOCK_ASSIGN_OR_RETURN(lhs, expr) \
  HEADLOCK_ASSIGN_OR_RETURN_IMPL(HEADLOCK_CONCAT(_hl_result_, __LINE__), lhs, expr)
#define HEADLOCK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(*tmp)
