// dxsim as a user runs it: --help and --version, usage errors with exit 2,
// --list, and --calibration's exit status. Skipped when dxsim is not built.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "sim_test_support.h"

namespace dxhub::sim {
namespace {

struct Result {
  int exit_code = -1;
  std::string output;
};

Result RunDxsim(const std::string& arguments) {
  const std::filesystem::path binary = std::filesystem::path(DXHUB_BIN_DIR) / "dxsim";
  Result result;
  if (!std::filesystem::exists(binary)) return result;
  FILE* pipe = ::popen((binary.string() + " " + arguments + " 2>&1").c_str(), "r");
  std::array<char, 4096> buffer;
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class Dxsim : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(std::filesystem::path(DXHUB_BIN_DIR) / "dxsim")) {
      GTEST_SKIP() << "dxsim not built";
    }
  }
};

TEST_F(Dxsim, HelpAndVersion) {
  const Result help = RunDxsim("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--scale"), std::string::npos);
  const Result version = RunDxsim("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("dxsim "), std::string::npos);
}

TEST_F(Dxsim, UsageErrorsExitTwoAndSayWhatToFix) {
  EXPECT_EQ(RunDxsim("").exit_code, 2);
  const Result unknown = RunDxsim("--calibration --partners NOPE");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown partner 'NOPE'"), std::string::npos);
  EXPECT_EQ(RunDxsim("--out /tmp/x --scale 0").exit_code, 2);
}

TEST_F(Dxsim, ListsTheEightPartners) {
  const Result list = RunDxsim("--list");
  EXPECT_EQ(list.exit_code, 0);
  for (const char* org : {"BMDC", "BTHFT", "BDCFT", "ANHSFT", "WYP", "WYFRS", "UOB", "BCVS"}) {
    EXPECT_NE(list.output.find(org), std::string::npos) << org;
  }
}

TEST_F(Dxsim, CalibrationPrintsTheTableAndSucceeds) {
  const Result calibration = RunDxsim("--calibration");
  EXPECT_EQ(calibration.exit_code, 0);
  EXPECT_NE(calibration.output.find("| WYP | Ethnically diverse, constables | 2023-03-31 |"),
            std::string::npos);
}

TEST_F(Dxsim, WritesOnePartnerOnRequest) {
  testing::TempDir dir;
  const Result run = RunDxsim("--out " + dir.path().string() + " --partners BCVS --seed 3");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "BCVS" / "staff_2023-09-30.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "BTHFT"));
}

}  // namespace
}  // namespace dxhub::sim
