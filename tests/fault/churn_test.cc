// Issue 19 fault scenario, failure 3 at scale: connection churn against the
// real dxhub-store. Thousands of short CURVE connections with one registered
// connector key (each connects, sends one small batch, reads the answer and
// hangs up), past the 10,000 connections at which the old per-connection
// rate buckets were cleared under a live reference. Afterwards the store is
// up and serving, its rate budget held across all those reconnects (accepted
// events within what the key's budget allows for the time taken), and its
// descriptors and memory came back down. Label `fault`.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "../store/helpers.h"
#include "dxhub/testing/process_usage.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

constexpr int kConnections = 10'200;
constexpr int kThreads = 4;
constexpr int kEventsPerBatch = 10;
constexpr int64_t kEventsPerSecond = 200;  // the key's budget (also the bucket's size)
constexpr int kFdTolerance = 4;
constexpr long kRssBoundKib = 48 * 1024;

struct Tally {
  std::atomic<int> accepted_batches{0}, rate_limited{0}, other_errors{0}, no_answer{0};
};

TEST(ConnectionChurn, F3_TenThousandShortConnectionsWithOneKeyKeepTheBudgetAndTheStore) {
  StoreProcessOptions options;
  options.max_events_per_second = kEventsPerSecond;
  StoreProcess store(options);
  store.Start();
  ASSERT_TRUE(store.running());
  zmq::context_t ctx(1);
  (void)StatsOver(ctx, store);
  const ProcessUsage start = ReadProcessUsage(store.pid());
  ASSERT_TRUE(start.ok);

  Tally tally;
  std::atomic<uint64_t> next_event{0};
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      zmq::context_t own(1);
      for (int i = t; i < kConnections; i += kThreads) {
        std::vector<event::v1::Event> events;
        for (int k = 0; k < kEventsPerBatch; ++k) events.push_back(protocol::SampleStaffRecord("BTHFT", next_event++));
        client::StoreClient bthft(own, store.ConnectorEndpoint("BTHFT"));  // a fresh connection each time
        auto reply = bthft.Call(IngestOf(events, "churn-" + std::to_string(i)), kCallTimeout);
        if (!reply.ok()) {
          ++tally.no_answer;
        } else if (reply->error().code() == wire::v1::ERROR_CODE_RATE_LIMITED) {
          ++tally.rate_limited;
        } else if (reply->has_error()) {
          ++tally.other_errors;
        } else {
          ++tally.accepted_batches;
        }
      }
    });
  }
  ProcessUsage peak = start;
  while (tally.accepted_batches + tally.rate_limited + tally.other_errors + tally.no_answer < kConnections) {
    const ProcessUsage now = ReadProcessUsage(store.pid());
    if (now.fds > peak.fds) peak.fds = now.fds;
    if (now.rss_kib > peak.rss_kib) peak.rss_kib = now.rss_kib;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& th : threads) th.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  const ProcessUsage after =
      WaitForDescriptorsAtMost(store.pid(), start.fds + kFdTolerance, std::chrono::seconds(15));
  const auto end = StatsOver(ctx, store);
  const int64_t accepted = CounterOf(end, "accepted_total");
  // One bucket for the key: its size, plus its refill over the run, plus one batch a bucket may overdraw.
  const double budget = static_cast<double>(kEventsPerSecond) * (1.0 + seconds) + kEventsPerBatch;
  std::printf("churn: %d connections with one key in %.1f s (%.0f/s): %d batches accepted, %d rate-limited, %d other "
              "errors, %d unanswered; %lld events accepted (budget %.0f); store at the start %s, peak %d fds and "
              "RSS %.1f MiB, after %s; open connections %lld\n",
              kConnections, seconds, kConnections / seconds, tally.accepted_batches.load(), tally.rate_limited.load(),
              tally.other_errors.load(), tally.no_answer.load(), static_cast<long long>(accepted), budget,
              DescribeUsage(start).c_str(), peak.fds, static_cast<double>(peak.rss_kib) / 1024.0,
              DescribeUsage(after).c_str(), static_cast<long long>(CounterOf(end, "connections_open")));

  ASSERT_TRUE(store.running()) << ReadFile(store.log_path()).substr(0, 4000);
  EXPECT_EQ(tally.no_answer, 0);
  EXPECT_EQ(tally.other_errors, 0);
  EXPECT_GT(tally.rate_limited, 0) << "no reconnect was refused: each bought a fresh budget";
  EXPECT_LE(static_cast<double>(accepted), budget) << "reconnects bought more than the key's budget";
  EXPECT_EQ(accepted, static_cast<int64_t>(tally.accepted_batches) * kEventsPerBatch);
  EXPECT_LE(after.fds, start.fds + kFdTolerance) << "descriptors " << after.fds << ", at the start " << start.fds;
  EXPECT_LE(after.rss_kib - start.rss_kib, kRssBoundKib) << DescribeUsage(after);

  // Still serving: the admin socket, a registered key, and an ingest once the budget has refilled.
  EXPECT_EQ(CounterOf(StatsOver(ctx, store), "head_seq"), accepted);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  client::StoreClient bmdc(ctx, store.ConnectorEndpoint("BMDC"));
  auto reply = bmdc.Call(IngestOf({protocol::SampleStaffRecord("BMDC", 1)}, "after-churn"), kCallTimeout);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_FALSE(reply->has_error()) << reply->error().message();
  EXPECT_EQ(store.Terminate(), 0);
}

}  // namespace
}  // namespace dxhub::testing
