// Drop-folder mode (source.drop_folder): a run that is sent moves its files
// to processed/; a run that is refused moves only the file that was itself
// refused to failed/ and leaves every other file where the next run reads it
// again, so a refusal never loses a good extract.
#include <gtest/gtest.h>

#include <filesystem>

#include "connector_site.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;

// The defect: a run refused by a guard rail (here a headcount swing in one
// extract) moved the run's good files to processed/ too, so their data was
// never sent.
TEST(DropFolder, ARefusedRunLeavesItsGoodFilesForTheNextRun) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  SiteConfig config;
  config.drop_folder = true;
  config.event_files_yaml = "    recruitment: recruitment.csv\n";
  site.WriteConfig(config);
  const fs::path source = site.source_dir();

  // A run that is sent moves its file to processed/.
  auto people = MakePeople(100);
  WriteEsrExtract(source, "2023-03-31", people);
  const auto first = site.RunOnce();
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_TRUE(fs::exists(source / "processed" / "staff_2023-03-31.csv"));
  EXPECT_FALSE(fs::exists(source / "staff_2023-03-31.csv"));
  EXPECT_NE(first.out.find("drop folder: " + site.SourceName("staff_2023-03-31.csv") + " moved to processed/"),
            std::string::npos)
      << first.out;
  const size_t head = ReadStoredEvents(store).size();
  ASSERT_EQ(head, 101u);  // 100 joins and the mapping announcement

  // Next: a good quarter (two grade changes), a good recruitment file, and a
  // later extract with a quarter of the staff, which the headcount guard refuses.
  people[0].grade = people[0].grade == "Band 7" ? "Band 8a" : "Band 7";
  people[1].grade = people[1].grade == "Band 7" ? "Band 8a" : "Band 7";
  WriteEsrExtract(source, "2023-06-30", people);
  WriteRecruitmentFile(source, ApplicantRefs(30, 8000));
  WriteEsrExtract(source, "2023-09-30", MakePeople(25));
  const auto refused = site.RunOnce();
  EXPECT_EQ(refused.code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("STOP: " + site.SourceName("staff_2023-09-30.csv") + ": headcount 25"), std::string::npos)
      << refused.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), head);
  // The refused file is in failed/; the good ones wait for the next run, and the output says so.
  EXPECT_TRUE(fs::exists(source / "failed" / "staff_2023-09-30.csv"));
  EXPECT_TRUE(fs::exists(source / "staff_2023-06-30.csv"));
  EXPECT_TRUE(fs::exists(source / "recruitment.csv"));
  EXPECT_FALSE(fs::exists(source / "processed" / "staff_2023-06-30.csv"));
  EXPECT_FALSE(fs::exists(source / "processed" / "recruitment.csv"));
  EXPECT_NE(refused.out.find("drop folder: " + site.SourceName("staff_2023-09-30.csv") +
                             " moved to failed/ (refused: see STOP above)"),
            std::string::npos)
      << refused.out;
  for (const char* good : {"staff_2023-06-30.csv", "recruitment.csv"}) {
    EXPECT_NE(refused.out.find("drop folder: " + site.SourceName(good) +
                               " left in place: not sent, as the run was refused; the next run reads it again"),
              std::string::npos)
        << refused.out;
  }

  // The next run sends exactly what the refused run held back, then files it.
  const auto next = site.RunOnce();
  ASSERT_EQ(next.code, 0) << next.out << next.err;
  EXPECT_EQ(EventsToSend(next.out),
            (std::map<std::string, uint64_t>{{"recruitment_outcome", 30}, {"staff_record", 2}}))
      << next.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), head + 32);
  EXPECT_TRUE(fs::exists(source / "processed" / "staff_2023-06-30.csv"));
  EXPECT_TRUE(fs::exists(source / "processed" / "recruitment.csv"));
  EXPECT_FALSE(fs::exists(source / "staff_2023-06-30.csv"));
  EXPECT_FALSE(fs::exists(source / "recruitment.csv"));
  EXPECT_TRUE(fs::exists(source / "failed" / "staff_2023-09-30.csv"));
}

}  // namespace
}  // namespace dxhub::testing
