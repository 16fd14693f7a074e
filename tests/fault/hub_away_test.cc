// Issue 19, label `fault`: the hub away. The eight simulated partners' real
// connectors send to the real dxhub-store, a live dxhub-aggregator
// following it; once a tenth of the events have arrived the hub (aggregator
// and store) is stopped for minutes while the connectors keep pulling: each
// `dxconnect run --once` against the stopped hub must keep its events in its
// outbox and end as documented (exit 1, "hub not reachable for N s; M events
// wait in the outbox and will be sent on the next run", after
// --give-up-after), and is run again. When the hub is back, every event an
// uninterrupted run of the same connectors produces must be stored exactly
// once, sequence numbers gap-free, and the aggregator must catch up to a
// cube digest equal to a clean rebuild's.
// Environment: DXHUB_HUB_AWAY_SECONDS (default 120), DXHUB_HUB_AWAY_SCALE (default 0.3).
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>
#include <thread>

#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/fault_place.h"

namespace dxhub::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kDefaultAwaySeconds = 120;
constexpr double kDefaultScale = 0.3;  // ~100 k events
constexpr int kGiveUpAfterS = 20;      // each run against the stopped hub gives up after this

// Events a run that gave up says wait in its outbox; nullopt when it did not give up.
std::optional<uint64_t> WaitingWhenGaveUp(const ConnectorRun& run) {
  static const std::regex kGaveUp(
      R"(hub not reachable for (\d+) s; (\d+) events wait in the outbox and will be sent on the next run)");
  std::smatch m;
  if (run.code != 1 || !std::regex_search(run.out, m, kGaveUp)) return std::nullopt;
  EXPECT_EQ(std::stoi(m[1].str()), kGiveUpAfterS) << run.out;
  return std::stoull(m[2].str());
}

TEST(HubAway, I19_HubAwayForMinutesThenExactlyOnce) {
  const auto started = Clock::now();
  const double away_seconds = EnvNumber("DXHUB_HUB_AWAY_SECONDS", kDefaultAwaySeconds);
  const double scale = EnvNumber("DXHUB_HUB_AWAY_SCALE", kDefaultScale);
  std::printf("hub away: %.0f s, scale %g, runs give up after %d s\n", away_seconds, scale, kGiveUpAfterS);
  std::fflush(stdout);

  StoreProcess store(PlaceStoreOptions());
  store.Start();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const auto configs = LayOutPlace(store, scale, "away-secret-", "  max_backoff_ms: 2000\n");
  ASSERT_FALSE(::testing::Test::HasFailure());
  const auto reference = ReferenceEventIds(store, configs);
  ASSERT_FALSE(::testing::Test::HasFailure());
  ASSERT_GT(reference.size(), 0u);
  AggregatorProcess aggregator(store, "live");
  aggregator.set_ready_timeout(std::chrono::seconds(300));  // restarts open a big state under load
  aggregator.Start();
  ASSERT_FALSE(::testing::Test::HasFailure());

  ConnectorFleet fleet(configs, {"--give-up-after", std::to_string(kGiveUpAfterS)}, store.dir() / "away");
  size_t checked_runs = 0;
  auto check_endings = [&] {
    for (; checked_runs < fleet.finished().size(); ++checked_runs) {
      EXPECT_EQ(UnexpectedEnding(fleet.finished()[checked_runs]), "");
    }
  };
  const auto deadline = started + std::chrono::minutes(30);

  // The hub goes away once a tenth of the events have arrived.
  uint64_t head = 0;
  while (head < reference.size() / 10) {
    ASSERT_LT(Clock::now(), deadline) << "the store head stayed at " << head;
    fleet.Poll();
    check_endings();
    ASSERT_FALSE(fleet.AllDone()) << "the connectors finished before the hub went away";
    if (const auto h = StoreHeadSeq(store)) head = *h;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::set<std::string> pulling;  // partners with work left when the hub went away
  for (const auto& org : fleet.Running()) pulling.insert(org);
  aggregator.Kill();
  EXPECT_EQ(store.Terminate(), 0) << "the store did not stop cleanly";
  const size_t runs_before_away = fleet.finished().size();
  std::printf("hub away: stopped at store head %llu of %zu events; %zu connectors pulling\n",
              static_cast<unsigned long long>(head), reference.size(), pulling.size());
  std::fflush(stdout);

  // Away: each run gives up after kGiveUpAfterS with its events in its outbox, and is run again.
  const auto away_started = Clock::now();
  while (SecondsSince(away_started) < away_seconds) {
    fleet.Poll();
    check_endings();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::map<std::string, uint64_t> give_ups;  // per partner, while the hub was away
  std::map<std::string, uint64_t> waiting_at_last_give_up;
  for (size_t i = runs_before_away; i < fleet.finished().size(); ++i) {
    const auto& run = fleet.finished()[i];
    const auto waiting = WaitingWhenGaveUp(run);
    EXPECT_TRUE(waiting.has_value() || run.code == 0)
        << run.org << " ended otherwise than by giving up while the hub was away:\n" << run.out << run.err;
    if (!waiting) continue;
    ++give_ups[run.org];
    EXPECT_GT(*waiting, 0u) << run.org << " gave up with nothing in its outbox:\n" << run.out;
    waiting_at_last_give_up[run.org] = *waiting;
  }
  for (const auto& org : pulling) {
    EXPECT_GE(give_ups[org], 1u) << org << " had events to send but no run gave up while the hub was away";
  }

  // Back: everything arrives, once.
  store.Start();
  ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "the store did not restart";
  aggregator.Start();
  ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "the aggregator did not restart";
  const auto back = Clock::now();
  while (!fleet.AllDone()) {
    ASSERT_LT(Clock::now(), deadline) << "the connectors did not all finish after the hub came back";
    fleet.Poll();
    check_endings();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const double drain_seconds = SecondsSince(back);
  EXPECT_EQ(RejectedInRuns(fleet.finished()), 0u) << "the store rejected events";

  const Outcome outcome = CheckOutcome(store, aggregator, reference);
  uint64_t all_give_ups = 0, waited = 0;
  for (const auto& [org, n] : give_ups) all_give_ups += n;
  for (const auto& [org, n] : waiting_at_last_give_up) waited += n;
  std::printf(
      "hub away figures: scale %g, away %.0f s from head %llu: %s; %llu runs gave up while away (%zu partners "
      "pulling, %llu events waiting in their outboxes), drained %.0f s after the hub came back; wall %.0f s; %s\n",
      scale, away_seconds, static_cast<unsigned long long>(head), DeliveryFigures(outcome.delivery).c_str(),
      static_cast<unsigned long long>(all_give_ups), pulling.size(), static_cast<unsigned long long>(waited),
      drain_seconds, SecondsSince(started),
      DigestFigures(outcome).c_str());
  std::fflush(stdout);
  ExpectOutcomeExact(outcome);
}

}  // namespace
}  // namespace dxhub::testing
