// The files RocksDB writes for its own info log (LOG, LOG.old.<time>) when no
// Logger is given, found in a data directory: a dxhub database must have none
// (issue 19 failure 1: on a full disk that file aborted the store).
// Header-only; plain function.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dxhub::testing {

inline std::vector<std::string> InfoLogFilesIn(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("LOG", 0) == 0) found.push_back(name);
  }
  return found;
}

}  // namespace dxhub::testing
