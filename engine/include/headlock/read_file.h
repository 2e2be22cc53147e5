// ReadWholeFile: a file's bytes, for the readers of whole input files (the
// pricing CSV, scenario files, capacity logs); each says its own error.
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace headlock {

// The whole file at `path`, or nullopt when it cannot be opened.
inline std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace headlock
