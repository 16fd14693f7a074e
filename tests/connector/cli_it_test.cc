// Acceptance (connector issue; SPEC 11): check, discover and dry-run on the
// simulated partners' files with the example configs wired as deploy/demo.sh
// wires them, and config errors named by file, line and column.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "connector_site.h"
#include "dxhub/common/keys.h"
#include "dxhub/csv/csv_reader.h"

namespace dxhub::testing {
namespace fs = std::filesystem;
namespace {

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Identifier cells of every staff extract in `dir` (staff numbers, names, birth dates).
std::set<std::string> IdentifiersIn(const fs::path& dir, char delimiter, const std::vector<std::string>& headers) {
  std::set<std::string> ids;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("staff_", 0) != 0) continue;
    auto table = csv::ReadCsvFile(entry.path(), csv::CsvOptions{delimiter, true});
    EXPECT_TRUE(table.ok());
    for (const auto& header : headers) {
      const auto column = table->Column(header);
      EXPECT_TRUE(column.has_value()) << header;
      for (const auto& row : table->rows) ids.insert(row.cells[*column]);
    }
  }
  return ids;
}

// Demo layout under `root`: partners/ from dxsim, keys/, connectors/<ORG>.yaml from deploy/examples.
void WriteDemoSite(const StoreProcess& store, const fs::path& root, const std::vector<std::string>& orgs) {
  fs::create_directories(root / "keys");
  fs::create_directories(root / "connectors");
  fs::copy_file(store.dir() / "keys" / "store.pub", root / "keys" / "store.pub");
  for (const auto& org : orgs) {
    const auto keys = store.ConnectorEndpoint(org);
    ASSERT_TRUE(WriteCurveKeyPair(root / "keys" / (org + "-connector"), {keys.public_key, keys.secret_key}).ok());
    const auto init = RunCommandFor(BinaryPath("dxconnect"), {"init-secret", (root / "keys" / (org + "-pseudonym.secret")).string()},
                                    root / ("init-" + org));
    ASSERT_EQ(init.code, 0) << init.err;
    std::string config = ReadText(fs::path(DXHUB_SOURCE_DIR) / "deploy" / "examples" / "connectors" / (org + ".yaml"));
    const std::string demo_endpoint = "tcp://127.0.0.1:7401";
    ASSERT_NE(config.find(demo_endpoint), std::string::npos);
    config.replace(config.find(demo_endpoint), demo_endpoint.size(), store.ingest_endpoint());
    std::ofstream(root / "connectors" / (org + ".yaml")) << config;
  }
}

TEST(ConnectorCli, CheckDiscoverAndDryRunReadWellOnTheSimulatedPartners) {
  StoreProcess store;
  store.Start();
  const fs::path root = store.dir() / "demo";
  const auto sim = RunCommandFor(BinaryPath("dxsim"),
                                 {"--out", (root / "partners").string(), "--partners", "BTHFT,BMDC", "--scale", "0.05"},
                                 store.dir() / "dxsim");
  ASSERT_EQ(sim.code, 0) << sim.err;
  WriteDemoSite(store, root, {"BTHFT", "BMDC"});

  const std::map<std::string, std::set<std::string>> identifiers = {
      {"BTHFT", IdentifiersIn(root / "partners" / "BTHFT", ',', {"Employee Number", "Full Name", "Date of Birth"})},
      {"BMDC", IdentifiersIn(root / "partners" / "BMDC", '~', {"EMP_NO", "SURNAME", "FORENAMES", "DOB"})},
  };
  for (const auto& [org, ids] : identifiers) {
    SCOPED_TRACE(org);
    ASSERT_GT(ids.size(), 100u);
    const std::string config = (root / "connectors" / (org + ".yaml")).string();
    auto dxconnect = [&](const std::string& command) {
      return RunCommandFor(BinaryPath("dxconnect"), {command, "--config", config}, root / (org + "-" + command));
    };
    // Names may be ordinary words; look for them as quoted values, the way both outputs print values.
    auto expect_no_identifier = [&](const std::string& text) {
      for (const auto& id : ids) {
        const bool number = id.find_first_of("0123456789") != std::string::npos;
        if (number) {
          EXPECT_EQ(text.find(id), std::string::npos) << "'" << id << "' printed";
        }
        EXPECT_EQ(text.find("'" + id + "'"), std::string::npos) << "'" << id << "' printed";
        EXPECT_EQ(text.find("\"" + id + "\""), std::string::npos) << "'" << id << "' printed";
      }
    };

    const auto check = dxconnect("check");
    EXPECT_EQ(check.code, 0) << check.out << check.err;
    EXPECT_EQ(LinesWith(check.out, "ok   ").size(), 4u) << check.out;
    EXPECT_TRUE(LinesWith(check.out, "FAIL").empty()) << check.out;
    EXPECT_NE(check.out.find("reachable and accepting this key"), std::string::npos) << check.out;

    const auto discover = dxconnect("discover");
    EXPECT_EQ(discover.code, 0) << discover.err;
    const auto headers = org == "BTHFT" ? std::vector<std::string>{"Employee Number", "Pay Band", "Ethnic Origin", "Full Name"}
                                        : std::vector<std::string>{"EMP_NO", "GRADE", "ETHNIC_ORIGIN", "SURNAME"};
    for (const auto& header : headers) {
      EXPECT_NE(discover.out.find("  " + header + " "), std::string::npos) << header << "\n" << discover.out;
    }
    EXPECT_GE(LinesWith(discover.out, "not shown: identifier or free text; never sent").size(), 3u) << discover.out;
    expect_no_identifier(discover.out + discover.err);

    const auto dry = dxconnect("dry-run");
    EXPECT_EQ(dry.code, 0) << dry.out << dry.err;
    const auto counts = EventsToSend(dry.out);
    EXPECT_GT(counts.count("staff_record") ? counts.at("staff_record") : 0, 200u) << dry.out;
    EXPECT_GT(counts.count("staff_left") ? counts.at("staff_left") : 0, 0u) << dry.out;
    EXPECT_EQ(counts.count("grade_mapping_change") ? counts.at("grade_mapping_change") : 0, 1u) << dry.out;
    EXPECT_NE(dry.out.find("example of what is sent (one staff record):\n  {\"event_id\":"), std::string::npos) << dry.out;
    expect_no_identifier(dry.out + dry.err);
    EXPECT_TRUE(ReadStoredEvents(store).empty()) << "dry-run sent something";
  }
}

TEST(ConnectorCli, ConfigErrorNamesFileLineAndColumn) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig config;
  config.endpoint = "tcp://127.0.0.1:9";
  config.publish_yaml = "  timeout_ms: soon\n";
  site.WriteConfig(config);
  const std::string path = site.config_path().string();
  for (const std::string command : {"check", "dry-run", "run"}) {
    const auto out = site.Dxconnect(command);
    EXPECT_EQ(out.code, 2) << command;
    EXPECT_EQ(LinesWith(out.err, path + ":").size(), 1u) << command << ": " << out.err;
  }
  auto line_of = [&](const std::string& needle) {
    const std::string text = ReadText(site.config_path());
    return std::count(text.begin(), text.begin() + static_cast<long>(text.find(needle)), '\n') + 1;
  };
  const auto out = site.Dxconnect("dry-run");
  EXPECT_EQ(out.err, path + ":" + std::to_string(line_of("timeout_ms: soon")) +
                         ":15: 'timeout_ms' must be a whole number, got 'soon'\n");

  std::ofstream(site.config_path()) << "org_id: BTHFT\nhub: [oops\n";
  const auto syntax = site.RunOnce();
  EXPECT_EQ(syntax.code, 2);
  EXPECT_EQ(syntax.err.rfind(path + ":", 0), 0u) << syntax.err;
  EXPECT_EQ(syntax.out, "");
}

}  // namespace
}  // namespace dxhub::testing
