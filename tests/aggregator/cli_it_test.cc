// dxhub-aggregator's command line: --help, --version, configuration errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

std::string RunAggregator(const std::string& args, int* exit_code) {
  const std::string command = BinaryPath("dxhub-aggregator").string() + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[512];
  while (pipe != nullptr && std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  const int status = pipe == nullptr ? -1 : ::pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(AggregatorCli, HelpAndVersion) {
  int code = -1;
  EXPECT_NE(RunAggregator("--help", &code).find("--rebuild"), std::string::npos);
  EXPECT_EQ(code, 0);
  EXPECT_NE(RunAggregator("--version", &code).find("dxhub-aggregator"), std::string::npos);
  EXPECT_EQ(code, 0);
}

TEST(AggregatorCli, ConfigErrorsNameFileLineAndColumnAndExitTwo) {
  const auto path = std::filesystem::temp_directory_path() / ("dxhub-agg-cli-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "data_dir: d\nstore:\n  endpoint: tcp://127.0.0.1:1\n  publish: tcp://127.0.0.1:2\n"
                      << "indicators:\n  disclosure:\n    min_count_shwn: 10\n";
  int code = -1;
  const std::string out = RunAggregator("--config " + path.string(), &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find(path.string() + ":"), std::string::npos) << out;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dxhub::testing
