// Acceptance (connector issue; SPEC 3 and 8; issue 15 acceptance 4): no
// direct identifier and no free text leaves the connector. A CURVE-terminating
// tap between dxconnect and the store records every plaintext byte sent and
// received; those bytes, every stored event, every dead letter and every line
// the hub logs (store at debug level, aggregator) are searched for each
// identifier and each free-text value in the source files.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "connector_site.h"
#include "curve_tap.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/wire/v1/wire.pb.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Course titles and leaving reasons as partners write them: free text, some
// naming people. The first title and the first two reasons map to the closed
// lists (config and ESR's standard reasons); the others are sent as OTHER.
const std::vector<std::string> kCourses = {"Quennellwick Leadership Residential",
                                           "Private tutorial with Dr Okonkwo-Hartley on llama husbandry",
                                           "Ishbel's Wednesday Mindfulness Circle"};
const std::vector<std::string> kReasons = {"Voluntary Resignation - Relocation", "Left to nurse Philippa Abernathy-Voss",
                                           "Emigrated to Tasmania after the Blythburgh incident", ""};

TEST(ConnectorPrivacy, D4_NoIdentifierOrFreeTextLeavesTheConnector) {
  StoreProcessOptions options;
  options.log_level = "debug";
  StoreProcess store(options);
  store.Start();
  CurveTap tap(store.ConnectorEndpoint("BTHFT"));
  ConnectorSite site(store);
  ASSERT_TRUE(WriteCurveKeyPair(site.dir() / "keys" / "tap", tap.keys()).ok());
  SiteConfig config;
  config.endpoint = tap.endpoint();
  config.server_public_key = site.dir() / "keys" / "tap.pub";
  config.event_files_yaml =
      "    recruitment: recruitment.csv\n    training: training.csv\n    leavers: leavers.csv\n";
  config.values_yaml = "  course_category:\n    " + kCourses[0] + ": LEADERSHIP\n  leaving_reason:\n    " + kReasons[1] +
                       ": OTHER\n";
  site.WriteConfig(config);

  const auto people = MakePeople(150);  // birth dates rotate through three formats
  const auto leavers = MakePeople(12, 900001);
  const auto refs = ApplicantRefs(40, 5100);
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  WriteRecruitmentFile(site.source_dir(), refs);
  std::ofstream training(site.source_dir() / "training.csv");
  training << "staff_number,course,date\n";
  for (size_t i = 0; i < 30; ++i) {
    training << people[i].staff_number << "," << kCourses[i % 3] << ",2023-01-" << 10 + i % 18 << "\n";
  }
  training.close();
  std::ofstream leaving(site.source_dir() / "leavers.csv");
  leaving << "staff_number,leaving_date,reason\n";
  for (size_t i = 0; i < leavers.size(); ++i) {
    leaving << leavers[i].staff_number << ",2023-02-" << 10 + i << "," << kReasons[i % 4] << "\n";
  }
  leaving.close();

  const auto run = site.RunOnce();
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  // What does not map is reported at the partner, once per label, with the label.
  const auto warnings = LinesWith(run.out, "warning: ");
  EXPECT_EQ(warnings.size(), 3u) << run.out;
  for (const auto& unmapped : {kCourses[1], kCourses[2], kReasons[2]}) {
    EXPECT_EQ(LinesWith(run.out, "value '" + unmapped + "'").size(), 1u) << unmapped << "\n" << run.out;
  }

  // The tap saw the ingest traffic (so this test can fail), and every label
  // on it is from a closed list.
  std::string wire_bytes;
  int ingest_events = 0;
  std::map<std::string, int> categories;
  std::map<int, int> reasons;
  for (const auto& message : tap.Captured()) {
    for (const auto& frame : message.frames) wire_bytes += frame + '\x1f';
    wire::v1::Request request;
    if (message.from_connector && message.frames.size() == 2 && message.frames[0] == kProtocolSignature &&
        request.ParseFromString(message.frames[1]) && request.has_ingest()) {
      ingest_events += request.ingest().events_size();
      for (const auto& e : request.ingest().events()) {
        if (e.has_training_access()) ++categories[e.training_access().course_category()];
        if (e.has_staff_left()) ++reasons[e.staff_left().leaving_reason()];
      }
    }
  }
  EXPECT_EQ(ingest_events, 1 + 150 + 40 + 30 + 12);
  ASSERT_NE(wire_bytes.find(site.PersonKey(people[0].staff_number)), std::string::npos) << "the tap saw no plaintext";
  EXPECT_EQ(categories, (std::map<std::string, int>{{"LEADERSHIP", 10}, {"OTHER", 20}}));
  using namespace event::v1;
  EXPECT_EQ(reasons, (std::map<int, int>{{LEAVING_REASON_RESIGNATION, 3}, {LEAVING_REASON_OTHER, 6},
                                         {LEAVING_REASON_NOT_KNOWN, 3}}));

  std::string store_bytes;
  const auto stored = ReadStoredEvents(store);
  EXPECT_EQ(stored.size(), 1u + 150 + 40 + 30 + 12);
  for (const auto& e : stored) store_bytes += e.SerializeAsString() + '\x1f';
  for (const auto& d : ReadDeadLetters(store)) store_bytes += d.SerializeAsString() + '\x1f';

  // Everything the hub logged, the aggregator's too once it has read every event.
  AggregatorProcess aggregator(store, "privacy");
  aggregator.Start();
  EXPECT_TRUE(aggregator.WaitApplied(stored.size()));
  aggregator.Kill();
  const std::string hub_logs = ReadText(store.log_path()) + ReadText(aggregator.log_path());
  ASSERT_NE(hub_logs.find("[store] serving"), std::string::npos) << "the store's log is not where the test reads it";
  ASSERT_NE(hub_logs.find("debug [zap] admitted 'BTHFT-connector'"), std::string::npos) << "not at debug level";

  std::vector<std::string> secrets = refs;  // identifiers and free text
  for (const auto& p : people) {
    for (const auto& id : {p.staff_number, p.FullName(), p.surname, p.forename, p.BirthIso(), p.BirthSlash(),
                           p.BirthEsr()}) {
      secrets.push_back(id);
    }
  }
  for (const auto& p : leavers) secrets.push_back(p.staff_number);
  for (const auto& text : kCourses) secrets.push_back(text);
  for (const auto& text : kReasons) {
    if (!text.empty()) secrets.push_back(text);
  }
  secrets.insert(secrets.end(), {"Relocation", "llama", "Tasmania", "Mindfulness", "Residential"});
  // In any case: "LLAMA" or "Quennellwick_Leadership" would be free text too.
  const std::string wire = Lower(wire_bytes), in_store = Lower(store_bytes), logs = Lower(hub_logs);
  for (const auto& secret : secrets) {
    EXPECT_EQ(wire.find(Lower(secret)), std::string::npos) << "'" << secret << "' crossed the wire";
    EXPECT_EQ(in_store.find(Lower(secret)), std::string::npos) << "'" << secret << "' is in the store";
    EXPECT_EQ(logs.find(Lower(secret)), std::string::npos) << "'" << secret << "' is in a hub log";
  }
}

}  // namespace
}  // namespace dxhub::testing
