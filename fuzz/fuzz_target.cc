#include "fuzz_target.h"

#include <google/protobuf/stubs/logging.h>

#include <cstdio>
#include <cstdlib>

#include "dxhub/common/log.h"

namespace dxhub::fuzz {

void QuietLogging() {
  static const bool once = [] {
    LogOptions options;
    options.level = spdlog::level::off;
    ConfigureLogging(options);
    // protobuf's own complaints (a string field that is not UTF-8) as well.
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int, const std::string&) {});
    return true;
  }();
  (void)once;
}

void Broken(const char* what) {
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace dxhub::fuzz
