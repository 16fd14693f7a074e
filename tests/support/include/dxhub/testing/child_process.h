// Runs a built binary as a child process for integration tests: stdout and
// stderr go to files next to each other (`<stem>.out`, `<stem>.err`) so a
// test can read them while the child runs or after it exits; waits are
// bounded by deadlines; a child still running when its owner is destroyed is
// SIGKILLed and reaped. Owned by one test thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dxhub::testing {

class ChildProcess {
 public:
  ChildProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
               const std::filesystem::path& output_stem);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits up to `timeout` for the child to exit; its exit code (128 + signal
  // when killed by one), or nullopt if it is still running.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap (no-op when it has exited).
  void Kill();
  bool running() const { return pid_ > 0; }

  // What the child has written so far.
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

struct CommandResult {
  int code = -1;  // -1: did not finish in time (then killed)
  std::string out;
  std::string err;
};

// Runs `binary args...` to completion (killed after `timeout`).
CommandResult RunCommandFor(const std::filesystem::path& binary, const std::vector<std::string>& args,
                            const std::filesystem::path& output_stem,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <typename Condition>
bool WaitUntil(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace dxhub::testing
