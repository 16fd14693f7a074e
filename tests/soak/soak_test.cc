// Issue 19 soak: an hour (DXHUB_SOAK_SECONDS, default 3600) of steady ingest
// into the real dxhub-store, sent by the benchmarks' dxbench-load processes
// (one per organisation, with its connector key, paced at DXHUB_SOAK_RATE
// events/s, default 800) in rounds of a minute, while the real
// dxhub-aggregator follows. Every DXHUB_SOAK_SAMPLE_SECONDS (default 30) the
// resident set size and the open descriptors of both services are read from
// /proc. At the end it prints the figures and asserts that nothing was lost
// or duplicated, that the aggregator applied everything, and that memory and
// descriptors stayed flat after the warm-up (bounds below). Label `soak`:
// `ctest --test-dir build -L soak --output-on-failure` (DXHUB_BENCH=ON).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "../store/helpers.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/load.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/process_usage.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

namespace fs = std::filesystem;
using event::v1::Event;

// After the warm-up (the first fifth of the run, at least one sample), a
// service's RSS may not trend up: the highest RSS of the second half of the
// samples may exceed that of the first half by at most kRssTrendBoundKib (a
// leak grows steadily; RocksDB's memtables fill, flush and refill in place).
constexpr long kRssTrendBoundKib = 32 * 1024;
// And overall, after the warm-up, it may grow by at most the memtables the
// store's two written column families may hold (2 x 2 x 64 MiB, RocksDB's
// default write buffers) plus 32 MiB.
constexpr long kRssGrowthBoundKib = (256 + 32) * 1024;
// The aggregator keeps every person's timeline in memory (AggregatorState's
// `people`: one StaffEntry of 32 bytes per staff record, in vectors that
// double), so its RSS grows with the history by design: both bounds above are
// widened for it by this much per event applied between the two samples
// compared (about 220 bytes an event measured over the hour). A leak per
// request or per batch, or a growth past twice the design's, still shows.
constexpr long kAggregatorBytesPerEvent = 512;
// Descriptors other than RocksDB table files: equal within this many.
constexpr int kOtherFdTolerance = 4;
// How long the aggregator may take to apply the rest once the load stops.
constexpr std::chrono::seconds kDrainBound{600};

double EnvNumber(const char* name, double fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::atof(value) : fallback;
}

// `count` distinct staff records for BTHFT and BMDC from number `first` on:
// 4,000 people per organisation, joins then changes of tier and pay, each its
// own fact (the source text carries the number, so every id differs).
std::vector<Event> SoakEvents(uint64_t first, uint64_t count) {
  const int64_t start = protocol::DaysFromCivil(protocol::MakeDate(2022, 1, 3));
  std::vector<Event> events;
  events.reserve(count);
  for (uint64_t i = first; i < first + count; ++i) {
    const std::string org = i % 3 == 0 ? "BMDC" : "BTHFT";
    const uint64_t person = (i / 3) % 4000;
    const int64_t day = start + static_cast<int64_t>((i * 37) % 700);
    Event e = protocol::SampleStaffRecord(org, person, protocol::DateToString(protocol::CivilFromDays(day)));
    auto* record = e.mutable_staff_record();
    record->set_kind(i < 12000 ? event::v1::RECORD_KIND_JOIN : event::v1::RECORD_KIND_CHANGE);
    record->set_tier(static_cast<event::v1::Tier>(1 + (i / 7 + person) % 4));
    record->set_hourly_pay_pence(1200 + static_cast<int64_t>((i * 13) % 5000));
    record->set_ethnicity_source("soak " + std::to_string(i));
    e.set_source_key(protocol::ExpectedSourceKey(e));
    protocol::AssignEventId(e);
    events.push_back(std::move(e));
  }
  return events;
}

struct Sample {
  double at_s = 0;
  ProcessUsage store;
  ProcessUsage aggregator;
  uint64_t head = 0;
  uint64_t applied = 0;
};

struct Spread {
  long first_rss = 0, last_rss = 0, max_rss = 0, settled_rss = 0, settled_max_rss = 0;
  long first_half_max_rss = 0, second_half_max_rss = 0;
  // Events the aggregator had applied at the samples those RSS figures come from.
  uint64_t settled_applied = 0, settled_max_applied = 0, first_half_max_applied = 0, second_half_max_applied = 0;
  int first_fds = 0, last_fds = 0, max_fds = 0;
  int settled_other_min = 0, settled_other_max = 0, max_table_fds = 0;
};

// Figures of one service over the samples; `settled_from` is the first sample after the warm-up.
template <typename Pick>
Spread SpreadOf(const std::vector<Sample>& samples, size_t settled_from, Pick pick) {
  Spread s;
  s.first_rss = pick(samples.front()).rss_kib;
  s.last_rss = pick(samples.back()).rss_kib;
  s.first_fds = pick(samples.front()).fds;
  s.last_fds = pick(samples.back()).fds;
  s.settled_rss = pick(samples[settled_from]).rss_kib;
  s.settled_applied = samples[settled_from].applied;
  s.settled_other_min = s.settled_other_max = pick(samples[settled_from]).other_fds();
  const size_t half = settled_from + (samples.size() - settled_from) / 2;
  for (size_t i = 0; i < samples.size(); ++i) {
    const ProcessUsage& u = pick(samples[i]);
    s.max_rss = std::max(s.max_rss, u.rss_kib);
    s.max_fds = std::max(s.max_fds, u.fds);
    s.max_table_fds = std::max(s.max_table_fds, u.table_fds);
    if (i >= settled_from) {
      if (u.rss_kib > s.settled_max_rss) {
        s.settled_max_rss = u.rss_kib;
        s.settled_max_applied = samples[i].applied;
      }
      s.settled_other_min = std::min(s.settled_other_min, u.other_fds());
      s.settled_other_max = std::max(s.settled_other_max, u.other_fds());
      long& half_max = i < half ? s.first_half_max_rss : s.second_half_max_rss;
      if (u.rss_kib > half_max) {
        half_max = u.rss_kib;
        (i < half ? s.first_half_max_applied : s.second_half_max_applied) = samples[i].applied;
      }
    }
  }
  return s;
}

// RocksDB table files under `dir` now (a descriptor on any other, deleted, table would be a leak).
int TableFiles(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) n += entry.path().extension() == ".sst" ? 1 : 0;
  return n;
}

std::string MiB(long kib) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(kib) / 1024.0);
  return text;
}

void PrintSpread(const std::string& name, const Spread& s) {
  std::cout << "soak: " << name << " RSS first " << MiB(s.first_rss) << ", after warm-up " << MiB(s.settled_rss)
            << ", last " << MiB(s.last_rss) << ", max " << MiB(s.max_rss) << " (max of the settled halves "
            << MiB(s.first_half_max_rss) << " then " << MiB(s.second_half_max_rss) << "); fds first " << s.first_fds
            << ", last " << s.last_fds << ", max " << s.max_fds << " (non-table fds after warm-up "
            << s.settled_other_min << ".." << s.settled_other_max << ", table fds max " << s.max_table_fds << ")"
            << std::endl;
}

// `bytes_per_event`: what the service may hold for each event applied between two samples compared.
void ExpectFlat(const std::string& name, const Spread& s, long bytes_per_event) {
  auto held_kib = [&](uint64_t from, uint64_t to) {
    return to > from ? static_cast<long>((to - from) * static_cast<uint64_t>(bytes_per_event) / 1024) : 0L;
  };
  const long trend_bound = kRssTrendBoundKib + held_kib(s.first_half_max_applied, s.second_half_max_applied);
  EXPECT_LE(s.second_half_max_rss - s.first_half_max_rss, trend_bound)
      << name << ": RSS trends up: the highest of the first settled half " << MiB(s.first_half_max_rss)
      << ", of the second " << MiB(s.second_half_max_rss) << " (bound " << MiB(trend_bound) << ")";
  const long growth_bound = kRssGrowthBoundKib + held_kib(s.settled_applied, s.settled_max_applied);
  EXPECT_LE(s.settled_max_rss - s.settled_rss, growth_bound)
      << name << ": RSS grew from " << MiB(s.settled_rss) << " after the warm-up to " << MiB(s.settled_max_rss)
      << " (bound " << MiB(growth_bound) << ")";
  EXPECT_LE(s.settled_other_max - s.settled_other_min, kOtherFdTolerance)
      << name << ": descriptors other than table files ranged " << s.settled_other_min << ".." << s.settled_other_max;
}

TEST(Soak, SteadyIngestKeepsMemoryAndDescriptorsFlat) {
  const double seconds = EnvNumber("DXHUB_SOAK_SECONDS", 3600);
  const double rate = EnvNumber("DXHUB_SOAK_RATE", 800);
  const double sample_every = EnvNumber("DXHUB_SOAK_SAMPLE_SECONDS", 30);
  std::cout << "soak: " << seconds << " s at " << rate << " events/s, sampled every " << sample_every << " s"
            << std::endl;

  StoreProcess store;  // connector keys for BTHFT and BMDC
  store.Start();
  AggregatorProcess aggregator(store, "soak");
  aggregator.Start();
  ASSERT_TRUE(store.running() && aggregator.running());
  zmq::context_t ctx(1);
  client::StoreClient admin(ctx, store.AdminEndpoint());
  auto store_stats = [&] {
    wire::v1::Request request;
    request.mutable_stats();
    auto reply = admin.Call(request, kCallTimeout);
    return reply.ok() ? *reply : wire::v1::Reply();
  };

  const auto started = std::chrono::steady_clock::now();
  std::atomic<uint64_t> sent{0}, generated{0}, rejected{0};
  std::atomic<bool> load_done{false}, load_ok{true};
  std::thread load([&] {
    const fs::path work = store.dir() / "soak-load";
    // Rounds of a minute (each starts its workers 2 s ahead); the last one fills what is left.
    for (int round = 0;; ++round) {
      const double round_seconds = std::min(60.0, seconds - bench::SecondsSince(started) - 3);
      if (round_seconds < 5) break;
      const auto events = SoakEvents(generated, static_cast<uint64_t>(rate * round_seconds));
      generated += events.size();
      bench::LoadOptions paced;
      paced.events_per_second = rate;
      paced.batch_events = 200;
      paced.window = 4;
      const auto result = bench::RunLoad(store, events, paced, work / ("round-" + std::to_string(round)));
      sent += result.events;
      rejected += result.rejected;
      fs::remove_all(work / ("round-" + std::to_string(round)));
      if (!result.ok) {
        load_ok = false;
        break;
      }
    }
    load_done = true;
  });

  std::vector<Sample> samples;
  auto take_sample = [&] {
    Sample s;
    s.at_s = bench::SecondsSince(started);
    s.store = ReadProcessUsage(store.pid());
    s.aggregator = ReadProcessUsage(aggregator.pid());
    s.head = static_cast<uint64_t>(std::max<int64_t>(0, CounterOf(store_stats(), "head_seq")));
    s.applied = aggregator.AppliedSeq();
    samples.push_back(s);
    std::cout << "soak: t=" << static_cast<int>(s.at_s) << " s head " << s.head << " applied " << s.applied
              << " | store " << DescribeUsage(s.store) << " | aggregator " << DescribeUsage(s.aggregator)
              << std::endl;
  };
  auto next_sample = started;
  while (!load_done) {
    if (std::chrono::steady_clock::now() >= next_sample) {
      take_sample();
      next_sample += std::chrono::milliseconds(static_cast<int64_t>(sample_every * 1000));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  load.join();
  const double load_seconds = bench::SecondsSince(started);
  const auto stats = store_stats();
  const auto head = static_cast<uint64_t>(CounterOf(stats, "head_seq"));
  const bool caught_up = aggregator.WaitApplied(head, kDrainBound);
  take_sample();

  ASSERT_GE(samples.size(), 3u) << "the run is too short to sample (DXHUB_SOAK_SECONDS)";
  const size_t settled_from = std::max<size_t>(1, samples.size() / 5);
  const Spread store_spread = SpreadOf(samples, settled_from, [](const Sample& s) -> const ProcessUsage& { return s.store; });
  const Spread agg_spread =
      SpreadOf(samples, settled_from, [](const Sample& s) -> const ProcessUsage& { return s.aggregator; });
  std::cout << "soak: sent " << sent << " events (" << generated << " generated, " << rejected << " rejected) in "
            << static_cast<int>(load_seconds) << " s (" << static_cast<int>(static_cast<double>(sent) / load_seconds)
            << " events/s); stored " << head << " (accepted " << CounterOf(stats, "accepted_total") << ", duplicates "
            << CounterOf(stats, "duplicates_total") << ", dead letters " << CounterOf(stats, "dead_letters")
            << "); aggregator applied " << samples.back().applied << (caught_up ? "" : " (NOT caught up)") << "; "
            << samples.size() << " samples, warm-up until t=" << static_cast<int>(samples[settled_from].at_s) << " s"
            << std::endl;
  PrintSpread("store", store_spread);
  PrintSpread("aggregator", agg_spread);

  EXPECT_TRUE(load_ok) << "a load round failed (see the dxbench-load errors above)";
  EXPECT_EQ(sent.load(), generated.load()) << "events generated but not acknowledged";
  EXPECT_EQ(rejected.load(), 0u);
  EXPECT_EQ(head, sent.load()) << "events stored differ from events acknowledged";
  EXPECT_EQ(CounterOf(stats, "accepted_total"), static_cast<int64_t>(sent.load()));
  EXPECT_EQ(CounterOf(stats, "duplicates_total"), 0);
  EXPECT_EQ(CounterOf(stats, "dead_letters"), 0);
  EXPECT_TRUE(caught_up) << "the aggregator applied " << samples.back().applied << " of " << head;
  EXPECT_GE(static_cast<double>(sent.load()), 0.8 * rate * seconds) << "the load fell well short of the rate";
  for (const auto& s : samples) ASSERT_TRUE(s.store.ok && s.aggregator.ok) << "a service died at t=" << s.at_s;
  EXPECT_LE(samples.back().store.table_fds, TableFiles(store.dir() / "data"));
  EXPECT_LE(samples.back().aggregator.table_fds, TableFiles(aggregator.dir()));
  ExpectFlat("store", store_spread, 0);
  ExpectFlat("aggregator", agg_spread, kAggregatorBytesPerEvent);
  EXPECT_EQ(store.Terminate(), 0);
}

}  // namespace
}  // namespace dxhub::testing
