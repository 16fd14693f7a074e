#include "dxhub/testing/process_usage.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

namespace dxhub::testing {
namespace fs = std::filesystem;

ProcessUsage ReadProcessUsage(pid_t pid) {
  ProcessUsage usage;
  const fs::path proc = fs::path("/proc") / std::to_string(pid);
  std::ifstream status(proc / "status");
  bool have_rss = false;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) {
      usage.rss_kib = std::stol(line.substr(6));
      have_rss = true;
      break;
    }
  }
  if (!have_rss) return usage;
  std::error_code ec;
  for (fs::directory_iterator it(proc / "fd", ec), end; !ec && it != end; it.increment(ec)) {
    ++usage.fds;
    const fs::path target = fs::read_symlink(it->path(), ec);
    if (!ec && target.extension() == ".sst") ++usage.table_fds;
    ec.clear();
  }
  usage.ok = usage.fds > 0;
  return usage;
}

ProcessUsage WaitForDescriptorsAtMost(pid_t pid, int max_fds, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const ProcessUsage usage = ReadProcessUsage(pid);
    if ((usage.ok && usage.fds <= max_fds) || std::chrono::steady_clock::now() >= deadline) return usage;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string DescribeUsage(const ProcessUsage& usage) {
  if (!usage.ok) return "gone";
  char rss[32];
  std::snprintf(rss, sizeof rss, "%.1f", static_cast<double>(usage.rss_kib) / 1024.0);
  std::ostringstream out;
  out << "RSS " << rss << " MiB, " << usage.fds << " fds (" << usage.table_fds << " tables)";
  return out.str();
}

}  // namespace dxhub::testing
