// Logging through spdlog: one named logger per module, human or JSON lines on
// stderr. Configure once at start-up (not thread-safe); loggers are then safe
// to use from any thread. Never log secrets or direct identifiers.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "dxhub/common/status.h"

namespace dxhub {

enum class LogFormat { kHuman, kJson };

struct LogOptions {
  LogFormat format = LogFormat::kHuman;
  spdlog::level::level_enum level = spdlog::level::info;
};

// Parses "human"/"json" and "trace".."off" into options.
Result<LogOptions> ParseLogOptions(const std::string& format, const std::string& level);

// Sets the format and level of every logger, present and future.
void ConfigureLogging(const LogOptions& options);

// The formatter for `format`: JSON lines escape the message (quotes,
// backslashes, control characters) so every line is valid JSON.
std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format);

// The module's logger ("store", "zap", "security", ...), created on first use.
std::shared_ptr<spdlog::logger> Logger(const std::string& module);

// One log line per interval for a flood of one kind (refused handshakes,
// malformed messages, shed connections), so an unauthenticated peer cannot
// fill the disk with the log (issue 19, failure 8). Allow() says whether to
// write a line now and how many were held back since the last one; the line
// reports them with SuppressedNote(). Time is passed in (no clock in tests).
// Not thread-safe: one throttle per thread.
class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(Clock::duration interval = std::chrono::seconds(10)) : interval_(interval) {}

  // True when a line may be written at `now` (the first, or the first after
  // `interval` since the last); *suppressed is then the count held back in
  // between. False, and counted, otherwise.
  bool Allow(Clock::time_point now, uint64_t* suppressed);

 private:
  Clock::duration interval_;
  bool logged_ = false;
  Clock::time_point last_;
  uint64_t held_ = 0;
};

// " (N more like this not logged since the last line)", or "" for 0.
std::string SuppressedNote(uint64_t suppressed);

}  // namespace dxhub
