// What a running process holds, read from /proc/<pid>: its resident set size
// (VmRSS), the CPU time it has used, and its open file descriptors, those that are RocksDB table files
// (`*.sst`) counted apart, since RocksDB keeps one open per live table and
// their number follows the data, not a leak. For the soak and the fault tests
// that assert memory and descriptors come back down. Pure reads; thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace dxhub::testing {

struct ProcessUsage {
  bool ok = false;     // false when /proc/<pid> could not be read (the process is gone)
  long rss_kib = 0;    // VmRSS
  int fds = 0;         // every open descriptor
  int table_fds = 0;   // of which RocksDB table files (*.sst)
  double cpu_seconds = 0;  // user + system CPU time so far, every thread (/proc/<pid>/stat)
  int other_fds() const { return fds - table_fds; }
};

ProcessUsage ReadProcessUsage(pid_t pid);

// Polls `pid` (every 20 ms, up to `timeout`) until it holds at most `max_fds`
// descriptors; the last reading, so the caller checks `fds` and reports it.
ProcessUsage WaitForDescriptorsAtMost(pid_t pid, int max_fds, std::chrono::milliseconds timeout);

// "RSS 41.2 MiB, 37 fds (12 tables)" ("gone" when !ok).
std::string DescribeUsage(const ProcessUsage& usage);

}  // namespace dxhub::testing
