#include "dxhub/testing/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace dxhub::testing {
namespace {

int ExitCodeOf(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ChildProcess::ChildProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                           const std::filesystem::path& output_stem, ChildOutput output)
    : out_path_(output == ChildOutput::kAppendToOneLog ? output_stem.string() : output_stem.string() + ".out"),
      err_path_(output == ChildOutput::kAppendToOneLog ? output_stem.string() : output_stem.string() + ".err") {
  std::vector<std::string> argv_text = {binary.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out = out_path_.string();
  const std::string err = err_path_.string();
  const bool one_log = output == ChildOutput::kAppendToOneLog;
  pid_ = ::fork();
  if (pid_ == 0) {
    if (one_log) {
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
    } else {
      const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out_fd >= 0) ::dup2(out_fd, 1);
      if (err_fd >= 0) ::dup2(err_fd, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
}

ChildProcess::~ChildProcess() { Kill(); }

bool ChildProcess::Reap(int* status, int options) {
  struct rusage usage {};
  if (::wait4(pid_, status, options, &usage) != pid_) return false;
  peak_rss_kib_ = usage.ru_maxrss;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  cpu_seconds_ = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  pid_ = -1;
  return true;
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    if (Reap(&status, WNOHANG)) return ExitCodeOf(status);
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  Reap(&status, 0);
  pid_ = -1;
}

int ChildProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const std::optional<int> code = Wait(timeout);
  Kill();
  return code.value_or(-1);
}

std::string ChildProcess::out() const { return ReadFileText(out_path_); }
std::string ChildProcess::err() const { return ReadFileText(err_path_); }

CommandResult RunCommandFor(const std::filesystem::path& binary, const std::vector<std::string>& args,
                            const std::filesystem::path& output_stem, std::chrono::milliseconds timeout) {
  ChildProcess child(binary, args, output_stem);
  CommandResult result;
  result.code = child.Wait(timeout).value_or(-1);
  child.Kill();
  result.out = child.out();
  result.err = child.err();
  result.peak_rss_kib = child.peak_rss_kib();
  result.cpu_seconds = child.cpu_seconds();
  return result;
}

::testing::AssertionResult WaitForReadyFile(ChildProcess& child, const std::filesystem::path& ready_file,
                                            const std::filesystem::path& log_path,
                                            std::chrono::steady_clock::time_point deadline,
                                            std::map<std::string, std::string>* fields) {
  while (!std::filesystem::exists(ready_file)) {
    if (!child.running()) return ::testing::AssertionFailure() << "did not start; log:\n" << ReadFileText(log_path);
    if (const auto code = child.Wait(std::chrono::milliseconds(10))) {
      return ::testing::AssertionFailure() << "exited with code " << *code << " during start-up; log:\n"
                                           << ReadFileText(log_path);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return ::testing::AssertionFailure() << "did not become ready (" << ready_file.string() << ")";
    }
  }
  std::ifstream in(ready_file);
  std::string key, value;
  while (in >> key >> value) {
    if (!key.empty() && key.back() == ':') key.pop_back();
    (*fields)[key] = value;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace dxhub::testing
