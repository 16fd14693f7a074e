// What every dxhub service binary does around its loop: stop cleanly on
// SIGTERM/SIGINT, and announce where it listens in a ready file (so scripts
// and tests learn the real ports). Call from main() before starting threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace dxhub {

// Raises the soft RLIMIT_NOFILE to the hard limit (Debian's default soft limit
// of 1024 is what 1,099 idle connections exhausted, issue 19 failure 2) and
// returns the soft limit now in force. RunGuarded calls it for every binary.
size_t RaiseOpenFileLimit();

// SIGTERM and SIGINT set `*stop` (which must outlive the process's loop).
void StopOnSignals(std::atomic<bool>* stop);

// Writes "key: value" lines to `path` atomically (temp file, then rename),
// plus "pid: <pid>". False on failure.
bool WriteReadyFile(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace dxhub
