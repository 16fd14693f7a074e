// dxhub-digest's configuration errors name the file, line and column
// (issue 17, "schedules in config").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dxhub/digest/service.h"

namespace dxhub::digest {
namespace {

namespace fs = std::filesystem;

// Loads a config with `schedule_lines` under schedules: and `more` at the end.
Result<DigestConfig> Load(const std::string& schedule_lines, const std::string& more = "") {
  const fs::path dir = fs::temp_directory_path() / ("dxhub-digest-config-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / "digest.yaml";
  std::ofstream(path) << "outbox_dir: outbox\nstate_dir: state\nschedules:\n" << schedule_lines
                      << "mail:\n  from: \"d <digest@dxhub.example>\"\n" << more;
  auto config = LoadDigestConfig(path);
  fs::remove_all(dir);
  return config;
}

std::string ErrorOf(const std::string& schedule_lines, const std::string& more = "") {
  auto config = Load(schedule_lines, more);
  return config.ok() ? "ok" : config.status().message();
}

TEST(DigestConfig, Issue17_ScheduleErrorsNameFileLineAndColumn) {
  const std::string cron = ErrorOf("  - id: monthly\n    cron: \"0 25 * * *\"\n    recipients: [a@b.example]\n");
  EXPECT_NE(cron.find("digest.yaml:5:11: cron \"0 25 * * *\": field 2 (hour)"), std::string::npos) << cron;
  const std::string profile =
      ErrorOf("  - id: monthly\n    cron: \"0 7 1 * *\"\n    profile: weekly\n    recipients: [a@b.example]\n");
  EXPECT_NE(profile.find("digest.yaml:6:14: profile must be 'summary' or 'full', got 'weekly'"), std::string::npos)
      << profile;
  const std::string address = ErrorOf("  - id: monthly\n    cron: \"0 7 1 * *\"\n    recipients: [nobody]\n");
  EXPECT_NE(address.find("digest.yaml:6:18: 'nobody' is not an e-mail address"), std::string::npos) << address;
  const std::string twice = ErrorOf(
      "  - {id: m, cron: \"0 7 1 * *\", recipients: [a@b.example]}\n"
      "  - {id: m, cron: \"0 7 2 * *\", recipients: [a@b.example]}\n");
  EXPECT_NE(twice.find("digest.yaml:5:10: schedule id 'm' is used twice"), std::string::npos) << twice;
}

// Partner display names are configuration (`partners:`), keyed by the org
// ids the store's clients: list registers.
TEST(DigestConfig, Issue17_PartnerDisplayNamesComeFromConfig) {
  const std::string schedule = "  - {id: m, cron: \"0 7 1 * *\", recipients: [a@b.example]}\n";
  // Accepted: loading goes on to the next section (this config has no upstreams;
  // the service test DigestService.A1_* shows the names in a delivered digest).
  const std::string named =
      ErrorOf(schedule, "partners:\n  BTHFT: Bradford Teaching Hospitals NHS Foundation Trust\n  WYP: West Yorkshire Police\n");
  EXPECT_NE(named.find("missing required setting 'store'"), std::string::npos) << named;
  const std::string bad_id = ErrorOf(schedule, "partners:\n  \"not an id\": Somebody\n");
  EXPECT_NE(bad_id.find("digest.yaml:8:3: 'not an id' is not an org id"), std::string::npos) << bad_id;
  const std::string no_name = ErrorOf(schedule, "partners:\n  WYP: \"\"\n");
  EXPECT_NE(no_name.find("digest.yaml:8:8: the display name of WYP must be one line of text"), std::string::npos)
      << no_name;
}

}  // namespace
}  // namespace dxhub::digest
