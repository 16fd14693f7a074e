// Acceptance 3 of issue 15 (defect 5): rotating the pseudonymisation secret
// on a simulated partner leaves the aggregator's cube digest unchanged. The
// same dxsim partners are sent twice the real way (dxconnect -> dxhub-store ->
// dxhub-aggregator): the first year, then the rest; once plainly, once with
// `dxconnect rotate-secret` between the two. Event files are cut at the same
// date (rows after it appear only in the second sending, seats and programme
// places still open), so facts about the same people arrive under both keys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "connector_site.h"
#include "dxhub/common/keys.h"
#include "dxhub/testing/aggregator_process.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string> kOrgs = {"BTHFT", "BMDC"};
constexpr char kCut[] = "2022-03-31";  // the last census date of the first sending

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Field boundaries of one CSV line (quotes respected; fields kept raw).
std::vector<std::string> Fields(const std::string& line, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == delimiter && !quoted) {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

// `file` as it stood on kCut: rows dated later left out, later ends and
// completions not yet known. Targets are kept whole.
void WriteAsOfCut(const fs::path& from, const fs::path& to) {
  const std::string name = from.filename().string();
  const std::map<std::string, std::string> kDateColumn = {
      {"recruitment.csv", "decision_date"}, {"disciplinary.csv", "date_opened"}, {"training.csv", "date"},
      {"leavers.csv", "leaving_date"},      {"board.csv", "from_date"},          {"programme.csv", "start_date"},
      {"survey.csv", "year"}};
  std::ifstream in(from);
  std::ofstream out(to);
  std::string line;
  std::getline(in, line);
  out << line << "\n";
  const auto header = Fields(line, ',');
  auto column = [&](const std::string& h) { return std::find(header.begin(), header.end(), h) - header.begin(); };
  while (std::getline(in, line)) {
    auto f = Fields(line, ',');
    if (kDateColumn.count(name)) {
      const std::string& date = f[column(kDateColumn.at(name))];
      if (name == "survey.csv" ? date + "-12-31" > kCut : date > kCut) continue;
    }
    if (name == "board.csv" && f[column("to_date")] > kCut) f[column("to_date")].clear();
    if (name == "programme.csv" && f[column("completion_date")] > kCut) {
      f[column("completion_date")].clear();
      f[column("status")] = "Started";
    }
    std::string joined;
    for (size_t i = 0; i < f.size(); ++i) joined += (i ? "," : "") + f[i];
    out << joined << "\n";
  }
}

// One partner site laid out like deploy/demo.sh, with a fixed secret.
class SimulatedSite {
 public:
  SimulatedSite(const StoreProcess& store, const fs::path& sim, const std::string& org)
      : org_(org), root_(store.dir() / "sites"), sim_(sim / org) {
    fs::create_directories(root_ / "keys");
    fs::create_directories(root_ / "connectors");
    fs::create_directories(source());
    fs::copy_file(store.dir() / "keys" / "store.pub", root_ / "keys" / "store.pub", fs::copy_options::overwrite_existing);
    const auto keys = store.ConnectorEndpoint(org);
    EXPECT_TRUE(WriteCurveKeyPair(root_ / "keys" / (org + "-connector"), {keys.public_key, keys.secret_key}, true).ok());
    EXPECT_TRUE(WriteSecretFile(root_ / "keys" / (org + "-pseudonym.secret"), "old-secret-of-" + org + "-0123456789").ok());
    std::string config = ReadText(fs::path(DXHUB_SOURCE_DIR) / "deploy/examples/connectors" / (org + ".yaml"));
    Replace(config, "tcp://127.0.0.1:7401", store.ingest_endpoint());
    Replace(config, "    programme: programme.csv\n", "    programme: programme.csv\n    leavers: leavers.csv\n");
    std::ofstream(config_path()) << config;
  }

  fs::path source() const { return root_ / "partners" / org_; }
  fs::path config_path() const { return root_ / "connectors" / (org_ + ".yaml"); }
  fs::path new_secret_path() const { return root_ / "keys" / (org_ + "-pseudonym-2.secret"); }

  // The extracts up to kCut and the event files as they stood then; or everything.
  void Deliver(bool up_to_cut) {
    for (const auto& entry : fs::directory_iterator(sim_)) {
      const std::string name = entry.path().filename().string();
      const bool staff = name.rfind("staff_", 0) == 0;
      if (staff && up_to_cut && name.substr(6, 10) > kCut) continue;
      if (!staff && up_to_cut) {
        WriteAsOfCut(entry.path(), source() / name);
      } else {
        fs::copy_file(entry.path(), source() / name, fs::copy_options::overwrite_existing);
      }
    }
  }

  CommandResult Dxconnect(const std::vector<std::string>& args) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--config", config_path().string()});
    return RunCommandFor(BinaryPath("dxconnect"), all, root_ / (org_ + "-" + std::to_string(++runs_)),
                         std::chrono::seconds(120));
  }

  // What rotate-secret tells the partner to change.
  void SwitchConfigToNewSecret() {
    std::string config = ReadText(config_path());
    Replace(config, "../keys/" + org_ + "-pseudonym.secret", new_secret_path().string());
    Replace(config, "key_version: 1", "key_version: 2");
    std::ofstream(config_path()) << config;
  }

 private:
  static void Replace(std::string& text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }

  std::string org_;
  fs::path root_;
  fs::path sim_;
  int runs_ = 0;
};

// Sends the simulated partners in two parts, rotating each one's secret in
// between when asked; returns the aggregator's cube digest.
std::string DigestOfTwoSendings(const fs::path& sim, bool rotate) {
  StoreProcessOptions options;
  options.connector_orgs = kOrgs;
  StoreProcess store(options);
  store.Start();
  for (const auto& org : kOrgs) {
    SCOPED_TRACE(org + (rotate ? " (rotated)" : ""));
    SimulatedSite site(store, sim, org);
    site.Deliver(true);
    const auto first = site.Dxconnect({"run", "--once"});
    EXPECT_EQ(first.code, 0) << first.out << first.err;
    if (rotate) {
      EXPECT_TRUE(WriteSecretFile(site.new_secret_path(), "new-secret-of-" + org + "-9876543210").ok());
      const auto rotated = site.Dxconnect({"rotate-secret", "--new-secret", site.new_secret_path().string()});
      EXPECT_EQ(rotated.code, 0) << rotated.out << rotated.err;
      EXPECT_NE(rotated.out.find("    secret_file: " + site.new_secret_path().string() + "\n    key_version: 2\n"),
                std::string::npos)
          << rotated.out;
      // The old config is refused now: it would make everyone a leaver and a joiner.
      const auto stale = site.Dxconnect({"run", "--once"});
      EXPECT_EQ(stale.code, 1) << stale.out << stale.err;
      EXPECT_NE(stale.out.find("key_version: 2"), std::string::npos) << stale.out;
      site.SwitchConfigToNewSecret();
    }
    site.Deliver(false);
    const auto second = site.Dxconnect({"run", "--once"});
    EXPECT_EQ(second.code, 0) << second.out << second.err;
    EXPECT_NE(second.out.find(" 0 rejected"), std::string::npos) << second.out;
  }
  const auto events = ReadStoredEvents(store);
  const auto counts = CountByType(events);
  EXPECT_EQ(counts.count("person_key_rotation") > 0, rotate);
  AggregatorProcess aggregator(store, "digest");
  aggregator.Start();
  EXPECT_TRUE(aggregator.WaitApplied(events.size(), std::chrono::seconds(60)));
  return aggregator.Digest();
}

TEST(SecretRotation, D5_RotatingTheSecretLeavesTheCubeDigestUnchanged) {
  const fs::path sim = fs::temp_directory_path() / ("dxhub-rotation-sim-" + std::to_string(::getpid()));
  fs::remove_all(sim);
  const auto made = RunCommandFor(BinaryPath("dxsim"),
                                  {"--out", sim.string(), "--partners", "BTHFT,BMDC", "--scale", "0.1"}, sim / "dxsim");
  ASSERT_EQ(made.code, 0) << made.err;
  const std::string plain = DigestOfTwoSendings(sim, false);
  const std::string rotated = DigestOfTwoSendings(sim, true);
  EXPECT_EQ(plain.size(), 64u);
  EXPECT_EQ(rotated, plain);
  if (!::testing::Test::HasFailure()) fs::remove_all(sim);
}

TEST(SecretRotation, D5_RotateSecretRefusesWhileTheOutboxHoldsEventsAndChangesNothing) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig config;
  config.endpoint = "tcp://127.0.0.1:9";  // nothing listens: the events stay in the outbox
  config.publish_yaml = "  timeout_ms: 200\n  max_backoff_ms: 200\n  give_up_after_s: 1\n";
  site.WriteConfig(config);
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(20));
  const auto run = site.RunOnce();
  ASSERT_NE(LinesWith(run.out, "outbox not empty").size(), 0u) << run.out << run.err;

  const fs::path new_secret = site.dir() / "keys" / "new.secret";
  ASSERT_TRUE(WriteSecretFile(new_secret, "a-new-secret-0123456789").ok());
  const auto refused = site.Dxconnect("rotate-secret", {"--new-secret", new_secret.string()});
  EXPECT_EQ(refused.code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("refused: 21 events wait in the outbox under the current keys"), std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("Nothing was changed"), std::string::npos) << refused.out;
  // The state still belongs to the configured secret.
  const auto dry = site.Dxconnect("dry-run");
  EXPECT_EQ(dry.code, 0) << dry.out << dry.err;
  EXPECT_TRUE(LinesWith(dry.out, "STOP").empty()) << dry.out;
}

}  // namespace
}  // namespace dxhub::testing
