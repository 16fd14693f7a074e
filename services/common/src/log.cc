#include "dxhub/common/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace dxhub {
namespace {

std::mutex g_mutex;
LogOptions g_options;

// %j: the message, escaped for a JSON string.
class JsonEscapedMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      const char* escaped = nullptr;
      switch (c) {
        case '"': escaped = "\\\""; break;
        case '\\': escaped = "\\\\"; break;
        case '\n': escaped = "\\n"; break;
        case '\r': escaped = "\\r"; break;
        case '\t': escaped = "\\t"; break;
        default: break;
      }
      if (escaped != nullptr) {
        dest.append(escaped, escaped + std::char_traits<char>::length(escaped));
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        dest.append(buf, buf + 6);
      } else {
        dest.push_back(c);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

}  // namespace

std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == LogFormat::kJson) {
    formatter->add_flag<JsonEscapedMessage>('j').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","msg":"%j"})");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
  }
  return formatter;
}

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
  spdlog::set_formatter(MakeLogFormatter(options.format));
  spdlog::set_level(options.level);
}

std::shared_ptr<spdlog::logger> Logger(const std::string& module) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(module)) return existing;
  auto logger = std::make_shared<spdlog::logger>(
      module, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(MakeLogFormatter(g_options.format));
  logger->set_level(g_options.level);
  spdlog::register_logger(logger);
  return logger;
}

bool LogThrottle::Allow(Clock::time_point now, uint64_t* suppressed) {
  if (logged_ && now - last_ < interval_) {
    ++held_;
    return false;
  }
  *suppressed = held_;
  held_ = 0;
  logged_ = true;
  last_ = now;
  return true;
}

std::string SuppressedNote(uint64_t suppressed) {
  if (suppressed == 0) return "";
  return " (" + std::to_string(suppressed) + " more like this not logged since the last line)";
}

}  // namespace dxhub
