#include "dxhub/testing/process_usage.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
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
  // utime and stime, fields 14 and 15, counted after the command's closing parenthesis.
  std::ifstream stat(proc / "stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (const auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stoull(field);
      if (i == 15) stime = std::stoull(field);
    }
    usage.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
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
