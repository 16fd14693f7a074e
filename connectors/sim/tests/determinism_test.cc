// Same seed, same bytes: every file of a run is identical when generated
// again, a different seed changes them, and a subset of partners gets exactly
// the files a full run gives those partners.
#include <gtest/gtest.h>

#include <map>

#include "dxhub/sim/file_sink.h"
#include "dxhub/sim/generator.h"
#include "sim_test_support.h"

namespace dxhub::sim {
namespace {

using testing::ReadFile;
using testing::TempDir;

// Relative path -> contents of every file under `dir`.
std::map<std::string, std::string> Snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[std::filesystem::relative(entry.path(), dir).string()] = ReadFile(entry.path());
    }
  }
  return files;
}

std::map<std::string, std::string> GenerateFiles(const GeneratorOptions& options) {
  TempDir dir;
  FileSink sink(dir.path(), options.seed);
  EXPECT_EQ(Generate(options, sink), "");
  EXPECT_TRUE(sink.Close());
  return Snapshot(dir.path());
}

GeneratorOptions Small(uint64_t seed) {
  GeneratorOptions options;
  options.seed = seed;
  options.scale = 0.2;
  return options;
}

TEST(Determinism, SameSeedWritesByteIdenticalFiles) {
  const auto first = GenerateFiles(Small(kDefaultSeed));
  const auto second = GenerateFiles(Small(kDefaultSeed));
  // partners.csv, then per partner 11 extracts and 8 event files.
  EXPECT_EQ(first.size(), 1u + 8u * (11u + 8u));
  EXPECT_TRUE(first == second);
}

TEST(Determinism, DifferentSeedsWriteDifferentFiles) {
  const auto first = GenerateFiles(Small(1));
  const auto second = GenerateFiles(Small(2));
  ASSERT_EQ(first.size(), second.size());
  EXPECT_NE(first.at("BTHFT/staff_2023-09-30.csv"), second.at("BTHFT/staff_2023-09-30.csv"));
  EXPECT_EQ(first.at("partners.csv"), second.at("partners.csv"));
}

TEST(Determinism, PartnerSubsetGetsTheFilesOfAFullRun) {
  const auto full = GenerateFiles(Small(7));
  GeneratorOptions subset = Small(7);
  subset.partners = {"WYP", "BTHFT"};
  const auto part = GenerateFiles(subset);
  EXPECT_EQ(part.size(), 1u + 2u * 19u);
  for (const auto& [path, contents] : part) {
    if (path == "partners.csv") continue;
    ASSERT_TRUE(full.count(path)) << path;
    EXPECT_TRUE(full.at(path) == contents) << path;
  }
}

TEST(Determinism, UnknownPartnerIsRejectedByName) {
  GeneratorOptions options;
  options.partners = {"NOPE"};
  TempDir dir;
  FileSink sink(dir.path(), options.seed);
  const std::string error = Generate(options, sink);
  EXPECT_NE(error.find("unknown partner 'NOPE'"), std::string::npos);
  EXPECT_NE(error.find("BTHFT"), std::string::npos);
}

}  // namespace
}  // namespace dxhub::sim
