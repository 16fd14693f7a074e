// Per-connector completeness counters (issue 17, "Depends on"): what `stats`
// says about each connector's last successful batch, accepted and rejected
// events, and staleness.
#include <gtest/gtest.h>

#include "dxhub/store/connector_status.h"
#include "dxhub/store/event_log.h"
#include "test_dir.h"

namespace dxhub::store {
namespace {

using dxhub::ingest::v1::IngestResponse;
using Clock = ConnectorStatus::Clock;

IngestResponse Acks(std::initializer_list<dxhub::ingest::v1::AckStatus> statuses) {
  IngestResponse r;
  for (auto s : statuses) r.add_acks()->set_status(s);
  return r;
}

std::map<std::string, int64_t> Counters(const ConnectorStatus& status, Clock::time_point now) {
  dxhub::mgmt::v1::StatsResponse stats;
  status.AddTo(&stats, now);
  std::map<std::string, int64_t> out;
  for (const auto& c : stats.counters()) out[c.name() + "{" + c.labels().at("connector") + "," + c.labels().at("org") + "}"] = c.value();
  return out;
}

TEST(ConnectorStatus, Issue17_CountsCommittedBatchesAndStalenessPerConnector) {
  using namespace dxhub::ingest::v1;
  ConnectorStatus status;
  const Clock::time_point t0 = Clock::time_point{} + std::chrono::seconds(1'700'000'000);
  status.Stage("bthft-connector", "BTHFT", Acks({ACK_STATUS_ACCEPTED, ACK_STATUS_ACCEPTED, ACK_STATUS_REJECTED}));
  status.Stage("cnw-connector", "CNW", Acks({ACK_STATUS_REJECTED}));  // nothing stored: not a successful batch
  status.Commit(t0);
  auto c = Counters(status, t0 + std::chrono::seconds(90));
  EXPECT_EQ(c["connector_accepted_total{bthft-connector,BTHFT}"], 2);
  EXPECT_EQ(c["connector_rejected_total{bthft-connector,BTHFT}"], 1);
  EXPECT_EQ(c["connector_last_batch_unix{bthft-connector,BTHFT}"], 1'700'000'000);
  EXPECT_EQ(c["connector_staleness_seconds{bthft-connector,BTHFT}"], 90);
  EXPECT_EQ(c["connector_rejected_total{cnw-connector,CNW}"], 1);
  EXPECT_EQ(c.count("connector_last_batch_unix{cnw-connector,CNW}"), 0u);
}

TEST(ConnectorStatus, Issue17_ABatchWhoseCommitFailedCountsNothing) {
  using namespace dxhub::ingest::v1;
  ConnectorStatus status;
  status.Stage("bthft-connector", "BTHFT", Acks({ACK_STATUS_ACCEPTED}));
  status.Discard();
  status.Commit(Clock::now());
  EXPECT_TRUE(Counters(status, Clock::now()).empty());
  // A resend that finds its events already stored is still a successful pull.
  status.Stage("bthft-connector", "BTHFT", Acks({ACK_STATUS_DUPLICATE}));
  status.Commit(Clock::now());
  EXPECT_EQ(Counters(status, Clock::now()).count("connector_last_batch_unix{bthft-connector,BTHFT}"), 1u);
}

// The tallies a commit changes go into the same RocksDB write as its events
// and come back when the event log is opened again (a store restart).
TEST(ConnectorStatus, Issue17_SurvivesAStoreRestart) {
  using namespace dxhub::ingest::v1;
  const auto dir = FreshTestDir();
  const Clock::time_point t0 = Clock::time_point{} + std::chrono::seconds(1'700'000'000);
  const Clock::time_point t1 = t0 + std::chrono::hours(1);
  std::map<std::string, int64_t> before;
  {
    auto log = EventLog::Open(dir);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    ConnectorStatus status;
    status.Stage("bthft-connector", "BTHFT", Acks({ACK_STATUS_ACCEPTED, ACK_STATUS_ACCEPTED, ACK_STATUS_REJECTED}));
    status.Stage("cnw-connector", "CNW", Acks({ACK_STATUS_REJECTED}));
    CommitBatch first;
    first.connector_tallies = status.Encoded(t0);
    ASSERT_TRUE((*log)->Commit(first).ok());
    status.Commit(t0);
    status.Stage("bthft-connector", "BTHFT", Acks({ACK_STATUS_DUPLICATE}));  // a resend: still a successful pull
    CommitBatch second;
    second.connector_tallies = status.Encoded(t1);
    EXPECT_EQ(second.connector_tallies.size(), 1u) << "only the connectors a commit touches are written";
    ASSERT_TRUE((*log)->Commit(second).ok());
    status.Commit(t1);
    before = Counters(status, t1 + std::chrono::seconds(90));
  }
  auto reopened = EventLog::Open(dir);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  ConnectorStatus restored;
  ASSERT_TRUE(restored.Restore((*reopened)->connector_tallies()).ok());
  const auto after = Counters(restored, t1 + std::chrono::seconds(90));
  EXPECT_EQ(after, before);
  EXPECT_EQ(after.at("connector_accepted_total{bthft-connector,BTHFT}"), 2);
  EXPECT_EQ(after.at("connector_rejected_total{cnw-connector,CNW}"), 1);
  EXPECT_EQ(after.at("connector_last_batch_unix{bthft-connector,BTHFT}"), 1'700'003'600);
  EXPECT_EQ(after.count("connector_last_batch_unix{cnw-connector,CNW}"), 0u);
  // A tally that does not decode is named, not guessed at.
  const Status bad = ConnectorStatus().Restore({{"x-connector", "short"}});
  EXPECT_EQ(bad.code(), StatusCode::kCorruption);
  EXPECT_NE(bad.message().find("connector 'x-connector'"), std::string::npos) << bad.message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dxhub::store
