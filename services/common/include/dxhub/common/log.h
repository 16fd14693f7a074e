// Logging through spdlog: one named logger per module, human or JSON lines on
// stderr. Configure once at start-up (not thread-safe); loggers are then safe
// to use from any thread. Never log secrets or direct identifiers.
#pragma once

#include <spdlog/spdlog.h>

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

}  // namespace dxhub
