// Issue 19 fault scenario, failure 2 at the outside tester's scale: the real
// dxhub-store under `ulimit -n 1024` (prlimit, soft and hard) with 1,100 idle
// raw TCP connections (no key, no bytes) held open, in two waves. While they
// are held the admin socket answers `health` and the real `dxctl status`, and
// the real dxconnect delivers a partner's extract; once they are closed the
// store's descriptors come back to where they were and its memory stays
// bounded. (The default suite's StoreLimits.F2_* does 400 under 256.)
// Label `fault`: `ctest --test-dir build -L fault`.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>
#include <set>

#include "../connector/connector_site.h"
#include "../connector/esr_extract.h"
#include "../store/helpers.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/process_usage.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

constexpr int kStoreFileLimit = 1024;
constexpr int kIdleConnections = 1100;
constexpr int kWaves = 2;
// People in the first extract; each wave adds a fifth (within the connector's 25% headcount guard).
constexpr size_t kFirstPeople = 200;
constexpr size_t kMorePerWave = 40;
// Descriptors back within this many of the start once the idle connections close.
constexpr int kFdTolerance = 4;
// RSS above the start allowed after the waves.
constexpr long kRssBoundKib = 48 * 1024;

wire::v1::Reply Call(zmq::context_t& ctx, const client::Endpoint& endpoint, wire::v1::Request request,
                     std::chrono::milliseconds timeout = kCallTimeout) {
  client::StoreClient client(ctx, endpoint);
  auto reply = client.Call(std::move(request), timeout);
  EXPECT_TRUE(reply.ok()) << endpoint.address << ": " << reply.status().ToString();
  return reply.ok() ? *reply : wire::v1::Reply();
}

wire::v1::Request Health() {
  wire::v1::Request r;
  r.mutable_health();
  return r;
}

TEST(FdExhaustion, F2_ElevenHundredIdleConnectionsUnderUlimit1024KeepTheStoreServing) {
  // This process holds the idle connections itself: it needs more than 1,100 descriptors.
  rlimit own{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &own), 0);
  if (own.rlim_max != RLIM_INFINITY && own.rlim_max < static_cast<rlim_t>(kIdleConnections + 200)) {
    GTEST_SKIP() << "the hard RLIMIT_NOFILE of this process is " << own.rlim_max << ": holding " << kIdleConnections
                 << " connections needs " << kIdleConnections + 200 << " (raise it with ulimit -Hn)";
  }
  own.rlim_cur = own.rlim_max == RLIM_INFINITY ? 65536 : own.rlim_max;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &own), 0);

  StoreProcessOptions options;
  options.open_file_limit = kStoreFileLimit;
  StoreProcess store(options);
  store.Start();
  ASSERT_TRUE(store.running());
  zmq::context_t ctx(1);
  ConnectorSite site(store);
  site.WriteConfig();
  ASSERT_EQ(Call(ctx, store.AdminEndpoint(), Health()).health().status(), "SERVING");
  const ProcessUsage start = ReadProcessUsage(store.pid());
  ASSERT_TRUE(start.ok);
  std::printf("fd exhaustion: store at the start: %s; connection budget %lld under a limit of %d\n",
              DescribeUsage(start).c_str(),
              static_cast<long long>(CounterOf(StatsOver(ctx, store), "connections_budget")),
              kStoreFileLimit);

  size_t delivered = 0;
  for (int wave = 1; wave <= kWaves; ++wave) {
    ProcessUsage peak;
    {
      IdleConnections idle(store.ingest_endpoint(), kIdleConnections);
      ASSERT_EQ(idle.size(), static_cast<size_t>(kIdleConnections));
      std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the store sees them all
      peak = ReadProcessUsage(store.pid());

      // The admin socket answers while they are held, and so does the real dxctl.
      for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(Call(ctx, store.AdminEndpoint(), Health()).health().status(), "SERVING") << "wave " << wave;
      }
      const auto status = RunCommandFor(BinaryPath("dxctl"), {"status", "--endpoint", store.admin_endpoint()},
                                        store.dir() / ("dxctl-status-" + std::to_string(wave)));
      EXPECT_EQ(status.code, 0) << status.out << status.err;
      ASSERT_TRUE(store.running()) << ReadFile(store.log_path()).substr(0, 4000);

      // The real connector delivers a new extract while they are held.
      std::filesystem::remove_all(site.source_dir());
      std::filesystem::create_directories(site.source_dir());
      WriteEsrExtract(site.source_dir(), wave == 1 ? "2023-03-31" : "2023-06-30",
                      MakePeople(kFirstPeople + kMorePerWave * static_cast<size_t>(wave - 1)));
      const auto run = site.RunOnce();
      EXPECT_EQ(run.code, 0) << run.out << run.err;
      EXPECT_NE(run.out.find("outbox empty"), std::string::npos) << run.out;
      ASSERT_TRUE(store.running()) << ReadFile(store.log_path()).substr(0, 4000);
    }
    // Closed: the store's descriptors come back down.
    const ProcessUsage after =
        WaitForDescriptorsAtMost(store.pid(), start.fds + kFdTolerance, std::chrono::seconds(15));
    const auto stats = StatsOver(ctx, store);
    std::printf("fd exhaustion wave %d: %d idle connections held: store %s; after closing them: %s; shed %lld, "
                "incomplete handshakes dropped %lld, accept failures %lld, open connections %lld\n",
                wave, kIdleConnections, DescribeUsage(peak).c_str(), DescribeUsage(after).c_str(),
                static_cast<long long>(CounterOf(stats, "connections_shed_total")),
                static_cast<long long>(CounterOf(stats, "handshake_failed_total", "incomplete")),
                static_cast<long long>(CounterOf(stats, "accept_failed_total")),
                static_cast<long long>(CounterOf(stats, "connections_open")));
    EXPECT_LE(after.fds, start.fds + kFdTolerance) << "wave " << wave << ": descriptors " << after.fds << ", at the start " << start.fds;
    EXPECT_LT(peak.fds, kStoreFileLimit) << "the store ran out of descriptors";
    EXPECT_LE(after.rss_kib - start.rss_kib, kRssBoundKib) << "wave " << wave << ": " << DescribeUsage(after);
    EXPECT_GT(CounterOf(stats, "connections_shed_total"), 0);
    delivered = kFirstPeople + kMorePerWave * static_cast<size_t>(wave - 1);
  }
  // Every person of the last extract is in the store once, and the store is still served over CURVE.
  const auto stored = ReadStoredEvents(store);
  std::set<std::string> people;
  for (const auto& e : stored) {
    if (e.event().has_staff_record()) people.insert(e.event().staff_record().person_key());
  }
  EXPECT_EQ(people.size(), delivered);
  EXPECT_EQ(Call(ctx, store.ConnectorEndpoint("BMDC"), Health()).health().status(), "SERVING");
  EXPECT_EQ(store.Terminate(), 0);
}

}  // namespace
}  // namespace dxhub::testing
