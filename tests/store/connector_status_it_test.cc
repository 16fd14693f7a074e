// Issue 17 ("Depends on": each connector's last successful batch, accepted and
// rejected counts and staleness, in `dxctl status` and the digest's data
// completeness): the figures survive a store restart, even a SIGKILL.
#include <gtest/gtest.h>

#include <map>

#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"
#include "helpers.h"

namespace dxhub::testing {
namespace {

// The store's connector_* counters, "name{connector}" -> value.
std::map<std::string, int64_t> ConnectorCounters(const StoreProcess& store) {
  zmq::context_t ctx(1);
  client::StoreClient admin(ctx, store.AdminEndpoint());
  wire::v1::Request stats;
  stats.mutable_stats();
  auto reply = admin.Call(stats, kCallTimeout);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  std::map<std::string, int64_t> out;
  if (!reply.ok()) return out;
  for (const auto& c : reply->stats().counters()) {
    if (c.name().rfind("connector_", 0) == 0 && c.name() != "connector_staleness_seconds") {
      out[c.name() + "{" + c.labels().at("connector") + "}"] = c.value();
    }
  }
  return out;
}

TEST(StoreConnectorStatus, Issue17_CompletenessSurvivesAStoreRestart) {
  StoreProcess store;
  store.Start();
  {
    zmq::context_t ctx(1);
    client::StoreClient bthft(ctx, store.ConnectorEndpoint("BTHFT"));
    auto claimed_for_another_org = protocol::SampleStaffRecord("BMDC", 3);  // rejected: the key is BTHFT's
    auto reply = bthft.Call(IngestOf({protocol::SampleStaffRecord("BTHFT", 1), protocol::SampleStaffRecord("BTHFT", 2),
                                      claimed_for_another_org}),
                            kCallTimeout);
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  }
  const auto before = ConnectorCounters(store);
  ASSERT_EQ(before.size(), 3u) << "accepted, rejected, last batch";
  const auto connector = before.begin()->first.substr(before.begin()->first.find('{'));
  EXPECT_EQ(before.at("connector_accepted_total" + connector), 2);
  EXPECT_EQ(before.at("connector_rejected_total" + connector), 1);
  EXPECT_GT(before.at("connector_last_batch_unix" + connector), 0);

  store.Kill();  // SIGKILL: nothing is written on the way out
  store.Start();
  EXPECT_EQ(ConnectorCounters(store), before);
  const auto status =
      RunCommandFor(BinaryPath("dxctl"), {"status", "--endpoint", store.admin_endpoint()}, store.dir() / "dxctl-status");
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_EQ(status.out.find("no successful batch"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find(connector.substr(1, connector.size() - 2)), std::string::npos) << status.out;
}

}  // namespace
}  // namespace dxhub::testing
