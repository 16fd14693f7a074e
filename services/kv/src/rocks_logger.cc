#include "dxhub/kv/rocks_logger.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string_view>

#include "dxhub/common/log.h"

namespace dxhub::kv {
namespace {

spdlog::level::level_enum LevelOf(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL: return spdlog::level::trace;
    case rocksdb::InfoLogLevel::INFO_LEVEL: return spdlog::level::debug;
    case rocksdb::InfoLogLevel::WARN_LEVEL: return spdlog::level::warn;
    case rocksdb::InfoLogLevel::ERROR_LEVEL: return spdlog::level::err;
    case rocksdb::InfoLogLevel::FATAL_LEVEL: return spdlog::level::critical;
    default: return spdlog::level::debug;  // HEADER_LEVEL
  }
}

class SpdlogRocksLogger : public rocksdb::Logger {
 public:
  explicit SpdlogRocksLogger(std::shared_ptr<spdlog::logger> logger)
      : rocksdb::Logger(rocksdb::InfoLogLevel::DEBUG_LEVEL), logger_(std::move(logger)) {}

  void Logv(const char* format, va_list ap) override { Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap); }

  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    const auto to = LevelOf(level);
    if (!logger_->should_log(to)) return;  // RocksDB's option dumps are long: format only what is shown
    char line[1024];
    va_list copy;
    va_copy(copy, ap);
    const int n = std::vsnprintf(line, sizeof(line), format, copy);
    va_end(copy);
    if (n < 0) return;
    logger_->log(to, "rocksdb: {}", std::string_view(line, std::min<size_t>(static_cast<size_t>(n), sizeof(line) - 1)));
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> MakeRocksLogger(const std::string& module) {
  return std::make_shared<SpdlogRocksLogger>(Logger(module));
}

}  // namespace dxhub::kv
