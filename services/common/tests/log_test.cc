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

}  // namespace
}  // namespace dxhub
