#include <fmt/core.h>

#include "command.h"

#ifndef HEADLOCK_VERSION
#define HEADLOCK_VERSION "unknown"
#endif

namespace headlock::cli {

RunFunction SetupVersion(CLI::App* app) {
  return [] {
    fmt::print("headlock {}\n", HEADLOCK_VERSION);
    return 0;
  };
}

}  // namespace headlock::cli
