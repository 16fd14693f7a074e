// Runs a built binary as a child process for integration tests: stdout and
// stderr go to files next to each other (`<stem>.out`, `<stem>.err`), or both
// are appended to one log, so a test can read them while the child runs or
// after it exits; waits are bounded by deadlines; a child still running when
// its owner is destroyed is SIGKILLed and reaped. Owned by one test thread.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dxhub::testing {

// Where a child's output goes.
enum class ChildOutput {
  kSeparateFiles,    // `<stem>.out` and `<stem>.err`, truncated at start
  kAppendToOneLog,  // stdout and stderr both appended to `stem` itself (kept across restarts)
};

class ChildProcess {
 public:
  ChildProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
               const std::filesystem::path& output_stem, ChildOutput output = ChildOutput::kSeparateFiles);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits up to `timeout` for the child to exit; its exit code (128 + signal
  // when killed by one), or nullopt if it is still running.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap (no-op when it has exited).
  void Kill();
  // SIGTERM, then waits up to `timeout` for the exit code as Wait() does; a
  // child still running after that is SIGKILLed and -1 returned. -1 when it
  // has already been reaped.
  int Terminate(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  bool running() const { return pid_ > 0; }
  // The child's process id while it runs (-1 once reaped).
  pid_t pid() const { return pid_; }
  // The child's peak resident set size in KiB (wait4's ru_maxrss), known once
  // it has been reaped; 0 before.
  long peak_rss_kib() const { return peak_rss_kib_; }
  // Its user + system CPU time in seconds (wait4's rusage), known once reaped; 0 before.
  double cpu_seconds() const { return cpu_seconds_; }

  // What the child has written so far.
  std::string out() const;
  std::string err() const;

 private:
  // waitpid with the child's resource usage kept; true when it was reaped.
  bool Reap(int* status, int options);

  pid_t pid_ = -1;
  long peak_rss_kib_ = 0;
  double cpu_seconds_ = 0;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

struct CommandResult {
  int code = -1;  // -1: did not finish in time (then killed)
  std::string out;
  std::string err;
  long peak_rss_kib = 0;  // the child's peak resident set size
  double cpu_seconds = 0;  // the child's user + system CPU time
};

// The whole content of a file ("" when it cannot be read).
std::string ReadFileText(const std::filesystem::path& path);

// Runs `binary args...` to completion (killed after `timeout`).
CommandResult RunCommandFor(const std::filesystem::path& binary, const std::vector<std::string>& args,
                            const std::filesystem::path& output_stem,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Polls (every 10 ms, until `deadline`) for `ready_file`, which a dxhub service
// writes once it serves ("key: value" lines), then reads its fields into
// `*fields` ("ingest" -> "tcp://127.0.0.1:40123"). Fails, with the log at
// `log_path`, if the child exits first or the deadline passes (the child is
// then left running for its owner to kill).
::testing::AssertionResult WaitForReadyFile(ChildProcess& child, const std::filesystem::path& ready_file,
                                            const std::filesystem::path& log_path,
                                            std::chrono::steady_clock::time_point deadline,
                                            std::map<std::string, std::string>* fields);

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
