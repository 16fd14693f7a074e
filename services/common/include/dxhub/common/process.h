// What every dxhub service binary does around its loop: stop cleanly on
// SIGTERM/SIGINT, and announce where it listens in a ready file (so scripts
// and tests learn the real ports). Call from main() before starting threads.
#pragma once

#include <atomic>
#include <string>
#include <utility>
#include <vector>

namespace dxhub {

// SIGTERM and SIGINT set `*stop` (which must outlive the process's loop).
void StopOnSignals(std::atomic<bool>* stop);

// Writes "key: value" lines to `path` atomically (temp file, then rename),
// plus "pid: <pid>". False on failure.
bool WriteReadyFile(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace dxhub
