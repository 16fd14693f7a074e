// Smoke runs of every benchmark (`--smoke`: a tiny simulated place, seconds):
// each program exits 0 and prints its figures as numbers. They check that the
// benchmarks run, never a speed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::bench {
namespace {

using testing::BinaryPath;
using testing::CommandResult;

// Runs dxbench-<program> --smoke (then `more` arguments, where "{dir}" is the
// test's directory); its figures by name.
std::map<std::string, double> RunSmoke(const std::string& program, CommandResult* result,
                                       std::vector<std::string> more = {}) {
  const auto dir = testing::FreshTestDir("bench");
  std::vector<std::string> args = {"--smoke"};
  for (auto& arg : more) args.push_back(arg == "{dir}" ? dir.string() : arg);
  *result = testing::RunCommandFor(BinaryPath("dxbench-" + program), args, dir / program, std::chrono::seconds(240));
  std::map<std::string, double> figures;
  static const std::regex kFigure(R"(figure: (\S+) = ([0-9.]+) \S+ \| baseline )");
  for (std::sregex_iterator it(result->out.begin(), result->out.end(), kFigure), end; it != end; ++it) {
    figures[(*it)[1].str()] = std::stod((*it)[2].str());
  }
  return figures;
}

TEST(BenchSmoke, IngestPrintsRatesAndAckLatenciesAtFullAndHalfLoad) {
  CommandResult run;
  const auto figures = RunSmoke("ingest", &run);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("ingest.s0.02.full.rate"), 0) << run.out;
  EXPECT_GT(figures.at("ingest.s0.02.full.ack_p99"), 0) << run.out;
  EXPECT_GT(figures.at("ingest.s0.02.half.rate"), 0) << run.out;
  EXPECT_GT(figures.at("ingest.s0.02.half.ack_p99"), 0) << run.out;
  EXPECT_NE(run.out.find("baseline "), std::string::npos) << run.out;
}

TEST(BenchSmoke, RebuildPrintsRateBesideTheRawScanAndPeakRss) {
  CommandResult run;
  const auto figures = RunSmoke("rebuild", &run);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("rebuild.s0.02.rate"), 0) << run.out;
  EXPECT_GT(figures.at("rebuild.s0.02.peak_rss"), 0) << run.out;
  EXPECT_NE(run.out.find("RocksDB forward scan"), std::string::npos) << run.out;
}

TEST(BenchSmoke, RebuildOfAPlaceSynthesisedFromASmallerOne) {
  CommandResult run;
  const auto figures = RunSmoke("rebuild", &run, {"--cache", "{dir}", "--scales", "0.06", "--from-scale", "0.02"});
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("rebuild.s0.06.rate"), 0) << run.out;
  EXPECT_NE(run.out.find("synthesised from the "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("of scale 0.02 (workforce x3)"), std::string::npos) << run.out;
}

TEST(BenchSmoke, FollowPrintsLagInEventsAndMilliseconds) {
  CommandResult run;
  const auto figures = RunSmoke("follow", &run);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("follow.s0.02.r2000.ingest_rate"), 0) << run.out;
  EXPECT_TRUE(figures.count("follow.s0.02.r2000.lag_events_p99")) << run.out;
  EXPECT_TRUE(figures.count("follow.s0.02.r2000.lag_ms_p99")) << run.out;
}

TEST(BenchSmoke, ConnectorPrintsRateAndPeakRssBesideTheLinearExtrapolation) {
  CommandResult run;
  const auto figures = RunSmoke("connector", &run);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("connector.WYP.s0.01.rate"), 0) << run.out;
  EXPECT_GT(figures.at("connector.WYP.s0.03.seconds"), 0) << run.out;
  EXPECT_GT(figures.at("connector.WYP.s0.03.peak_rss"), 0) << run.out;
  EXPECT_NE(run.out.find("linear from scale 0.01"), std::string::npos) << run.out;
}

TEST(BenchSmoke, ReportPrintsTheDigestQuerySetSeconds) {
  CommandResult run;
  const auto figures = RunSmoke("report", &run);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_GT(figures.at("report.s0.02.seconds"), 0) << run.out;
}

// Issue 18 (session 13): `bench/run.sh --places DIR` made only the places'
// folder, not the run's results directory, so every program's output went
// nowhere and the table came out empty (exit 1); and without --national the
// table's pipe read the absent national outputs and failed under pipefail, so
// even a run where every benchmark passed exited 1. The one command, with each
// program's smoke run, keeps each output, prints the table with every
// program's figures and exits 0.
TEST(BenchRunSh, I18_WithPlacesKeptElsewhereItStillKeepsEachOutputAndPrintsTheTable) {
  const auto dir = testing::FreshTestDir("bench-run");
  const std::filesystem::path build = std::filesystem::path(DXHUB_BIN_DIR).parent_path();
  const CommandResult run = testing::RunCommandFor(
      "/bin/bash",
      {std::string(DXHUB_SOURCE_DIR) + "/bench/run.sh", "--no-build", "--smoke", "--build-dir", build.string(),
       "--places", (dir / "places").string()},
      dir / "run", std::chrono::seconds(280));
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  for (const char* row : {"| ingest.s0.02.full.rate |", "| rebuild.s0.02.rate |", "| follow.s0.02.r2000.lag_ms_p99 |",
                          "| connector.WYP.s0.03.seconds |", "| report.s0.02.seconds |"}) {
    EXPECT_NE(run.out.find(row), std::string::npos) << "no row " << row << " in:\n" << run.out << run.err;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "places" / "place-0.02")) << "the place is kept in --places";
}

}  // namespace
}  // namespace dxhub::bench
