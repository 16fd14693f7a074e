// Acceptance (issue 15, defect 9, the command-line parts): the real dxconnect
// against the real store. `run --once` ends when the hub stays away, keeping
// the outbox for the next run; a hub endpoint without a port is a config error
// at its line, not an abort; `check` never says ok for a source whose file failed.
#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <sstream>

#include "connector_site.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

uint64_t Total(const std::map<std::string, uint64_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), uint64_t{0}, [](uint64_t n, const auto& c) { return n + c.second; });
}

TEST(PartnerFiles, D9_RunOnceGivesUpOnAnAbsentHubAndTheNextRunSends) {
  StoreProcess store;
  store.Start();  // fixes the ports, then the hub goes away
  ConnectorSite site(store);
  SiteConfig config;
  config.publish_yaml = "  timeout_ms: 300\n  max_backoff_ms: 500\n  give_up_after_s: 2\n";
  site.WriteConfig(config);
  store.Kill();
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(40));
  const auto dry = site.Dxconnect("dry-run");
  ASSERT_EQ(dry.code, 0) << dry.out << dry.err;
  const uint64_t planned = Total(EventsToSend(dry.out));
  ASSERT_GE(planned, 40u);

  // publish.give_up_after_s from the config.
  const auto started = std::chrono::steady_clock::now();
  const auto first = site.RunOnce();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(first.code, 1) << first.out << first.err;
  EXPECT_EQ(LinesWith(first.out, "  hub not reachable for 2 s; " + std::to_string(planned) +
                                     " events wait in the outbox and will be sent on the next run")
                .size(),
            1u)
      << first.out;

  // --give-up-after overrides it; the events still wait, none is planned twice.
  const auto second = site.Dxconnect("run", {"--once", "--give-up-after", "1"});
  EXPECT_EQ(second.code, 1) << second.out << second.err;
  EXPECT_NE(second.out.find("events to send: none"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("hub not reachable for 1 s; " + std::to_string(planned) + " events wait"),
            std::string::npos)
      << second.out;

  // The hub is back: the next run (the state lock free again) sends them from the outbox.
  store.Start();
  const auto third = site.RunOnce();
  EXPECT_EQ(third.code, 0) << third.out << third.err;
  EXPECT_NE(third.out.find("outbox empty"), std::string::npos) << third.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), planned);
}

TEST(PartnerFiles, D9_HubEndpointWithoutAPortIsAConfigErrorNotAnAbort) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig config;
  config.endpoint = "tcp://hub.example";
  site.WriteConfig(config);
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(10));
  std::ifstream in(site.config_path());
  std::stringstream text;
  text << in.rdbuf();
  const std::string yaml = text.str();
  const auto line = std::count(yaml.begin(), yaml.begin() + static_cast<long>(yaml.find("  endpoint:")), '\n') + 1;
  const std::string expected = site.config_path().string() + ":" + std::to_string(line) +
                               ":13: hub endpoint 'tcp://hub.example' has no port: write tcp://host:port with a port "
                               "from 1 to 65535, e.g. tcp://hub.example:7401\n";
  for (const auto& args : std::vector<std::vector<std::string>>{{"check"}, {"discover"}, {"dry-run"}, {"run", "--once"}}) {
    SCOPED_TRACE(args.front());
    const auto out = site.Dxconnect(args.front(), {args.begin() + 1, args.end()});
    EXPECT_EQ(out.code, 2) << out.out << out.err;
    EXPECT_EQ(out.err, expected);
  }
}

TEST(PartnerFiles, D9_CheckSummaryFailsWhenASourceFileFails) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(30));
  std::string header = EsrHeader();
  header.replace(header.find("Pay Band"), 8, "Payband (old)");
  std::ofstream bad(site.source_dir() / "staff_2023-06-30.csv");
  bad << header << "\n";
  for (const auto& person : MakePeople(30)) bad << EsrRow(person) << "\n";
  bad.close();

  const auto check = site.Dxconnect("check");
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  const auto source_lines = LinesWith(check.out, "source: ");
  ASSERT_EQ(source_lines.size(), 2u) << check.out;
  EXPECT_EQ(source_lines[0].rfind("FAIL source: ", 0), 0u) << check.out;
  EXPECT_NE(source_lines[0].find("staff_2023-06-30.csv: missing column(s) 'Pay Band'"), std::string::npos) << check.out;
  EXPECT_EQ(source_lines[1].rfind("FAIL source: 2 staff extract(s) and 0 event file(s) in ", 0), 0u) << check.out;
  EXPECT_NE(source_lines[1].find(", 1 of them unusable (see above)"), std::string::npos) << check.out;
  EXPECT_TRUE(LinesWith(check.out, "ok   source").empty()) << check.out;
  EXPECT_EQ(LinesWith(check.out, "ok   hub ").size(), 1u) << check.out;  // the rest of check still ran
}

}  // namespace
}  // namespace dxhub::testing
