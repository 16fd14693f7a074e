// Acceptance (connector issue; SPEC 9): the outbox survives a SIGKILLed
// connector and a hub that is away for a while; every planned event ends up
// in the store exactly once.
#include <gtest/gtest.h>

#include <set>

#include "connector_site.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

constexpr const char* kNoAck = "no acknowledgement from the hub";

// Short timeouts so retries happen within the test's deadlines.
SiteConfig QuickRetries() {
  SiteConfig config;
  config.publish_yaml = "  batch_events: 50\n  timeout_ms: 300\n  max_backoff_ms: 1000\n";
  config.event_files_yaml = "    recruitment: recruitment.csv\n";
  return config;
}

// Writes the site's files and returns what a dry run plans to send.
std::map<std::string, uint64_t> PrepareSource(ConnectorSite& site) {
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(180));
  WriteRecruitmentFile(site.source_dir(), ApplicantRefs(25, 6100));
  const auto dry = site.Dxconnect("dry-run");
  EXPECT_EQ(dry.code, 0) << dry.out << dry.err;
  return EventsToSend(dry.out);
}

void ExpectEachPlannedEventOnce(const StoreProcess& store, const std::map<std::string, uint64_t>& planned) {
  const auto stored = ReadStoredEvents(store);
  EXPECT_EQ(CountByType(stored), planned);
  std::set<std::string> ids;
  for (const auto& e : stored) ids.insert(e.event().event_id());
  EXPECT_EQ(ids.size(), stored.size());
}

TEST(ConnectorResume, ConnectorKilledMidRunFinishesLaterExactlyOnce) {
  StoreProcess store;
  store.Start();  // fixes the ports, then the hub goes away
  ConnectorSite site(store);
  site.WriteConfig(QuickRetries());
  store.Kill();
  const auto planned = PrepareSource(site);
  ASSERT_EQ(planned.at("staff_record"), 180u);

  // The connector enqueues, fails to reach the hub, and is killed while retrying.
  auto connector = site.StartRunOnce();
  ASSERT_TRUE(WaitUntil([&] { return connector->err().find(kNoAck) != std::string::npos; }, std::chrono::seconds(20)))
      << connector->out() << connector->err();
  connector->Kill();

  store.Start();
  const auto rerun = site.RunOnce();
  EXPECT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  EXPECT_NE(rerun.out.find("events to send: none"), std::string::npos) << rerun.out;  // all came from the outbox
  EXPECT_NE(rerun.out.find("outbox empty"), std::string::npos) << rerun.out;
  ExpectEachPlannedEventOnce(store, planned);
}

TEST(ConnectorResume, HubAwayForAWhileThenDrains) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig(QuickRetries());
  store.Kill();
  const auto planned = PrepareSource(site);

  auto connector = site.StartRunOnce();
  // Let it time out and back off at least twice with the hub away...
  ASSERT_TRUE(WaitUntil([&] { return LinesWith(connector->err(), kNoAck).size() >= 2; }, std::chrono::seconds(20)))
      << connector->out() << connector->err();
  ASSERT_FALSE(connector->Wait(std::chrono::milliseconds(0)).has_value()) << "gave up while the hub was away";
  // ...then the hub comes back while it is still retrying.
  store.Start();
  const auto code = connector->Wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value()) << "the connector did not finish after the hub came back\n" << connector->err();
  EXPECT_EQ(*code, 0) << connector->out() << connector->err();
  EXPECT_NE(connector->out().find("outbox empty"), std::string::npos) << connector->out();
  ExpectEachPlannedEventOnce(store, planned);
}

}  // namespace
}  // namespace dxhub::testing
