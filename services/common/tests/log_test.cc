#include "dxhub/common/log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace dxhub {
namespace {

std::string LogOnce(LogFormat format, const std::string& message) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  logger.set_formatter(MakeLogFormatter(format));
  logger.warn("{}", message);
  return out.str();
}

TEST(Log, JsonLinesEscapeQuotesBackslashesAndControlCharacters) {
  const std::string line = LogOnce(LogFormat::kJson, "file \"a.csv\"\nrow 2\\3\x01");
  EXPECT_NE(line.find(R"("msg":"file \"a.csv\"\nrow 2\\3\u0001"})"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one physical line per entry";
  EXPECT_NE(line.find(R"("level":"warning")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("logger":"test")"), std::string::npos) << line;
}

TEST(Log, HumanLinesKeepTheMessageAsIs) {
  const std::string line = LogOnce(LogFormat::kHuman, "file \"a.csv\"");
  EXPECT_NE(line.find("[test] file \"a.csv\""), std::string::npos) << line;
}

TEST(Log, OptionsRejectUnknownFormatAndLevel) {
  EXPECT_FALSE(ParseLogOptions("xml", "info").ok());
  EXPECT_FALSE(ParseLogOptions("json", "loud").ok());
  EXPECT_TRUE(ParseLogOptions("json", "off").ok());
}

// Issue 19, failure 8: 3,000 refused handshakes wrote 3,000 warnings (466 KB).
TEST(HostileInput, F8_LogThrottleWritesOneLinePerIntervalAndCountsTheRest) {
  LogThrottle throttle(std::chrono::seconds(10));
  const auto t0 = LogThrottle::Clock::time_point{} + std::chrono::hours(1);
  uint64_t suppressed = 99;
  ASSERT_TRUE(throttle.Allow(t0, &suppressed));
  EXPECT_EQ(suppressed, 0u);
  int lines = 1;
  for (int i = 1; i < 3000; ++i) {
    if (throttle.Allow(t0 + std::chrono::milliseconds(i), &suppressed)) ++lines;
  }
  EXPECT_EQ(lines, 1);
  ASSERT_TRUE(throttle.Allow(t0 + std::chrono::seconds(10), &suppressed));
  EXPECT_EQ(suppressed, 2999u);
  EXPECT_EQ(SuppressedNote(suppressed), " (2999 more like this not logged since the last line)");
  EXPECT_EQ(SuppressedNote(0), "");
  EXPECT_FALSE(throttle.Allow(t0 + std::chrono::seconds(11), &suppressed));
}

}  // namespace
}  // namespace dxhub
