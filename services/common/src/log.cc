#include "dxhub/common/log.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace dxhub {
namespace {

std::mutex g_mutex;
LogOptions g_options;

const char* Pattern(LogFormat format) {
  // JSON: one object per line; the message is escaped by spdlog's %v only for
  // quotes we never emit, so messages are kept free of raw quotes by callers.
  return format == LogFormat::kJson
             ? R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","msg":"%v"})"
             : "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";
}

}  // namespace

Result<LogOptions> ParseLogOptions(const std::string& format, const std::string& level) {
  LogOptions options;
  if (format == "human") {
    options.format = LogFormat::kHuman;
  } else if (format == "json") {
    options.format = LogFormat::kJson;
  } else {
    return Status::InvalidArgument("log format must be 'human' or 'json', got '" + format + "'");
  }
  options.level = spdlog::level::from_str(level);
  if (options.level == spdlog::level::off && level != "off") {
    return Status::InvalidArgument(
        "log level must be trace, debug, info, warn, error, critical or off, got '" + level + "'");
  }
  return options;
}

void ConfigureLogging(const LogOptions& options) {
  std::lock_guard lock(g_mutex);
  g_options = options;
  spdlog::set_pattern(Pattern(options.format));
  spdlog::set_level(options.level);
}

std::shared_ptr<spdlog::logger> Logger(const std::string& module) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(module)) return existing;
  auto logger = std::make_shared<spdlog::logger>(
      module, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern(Pattern(g_options.format));
  logger->set_level(g_options.level);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace dxhub
