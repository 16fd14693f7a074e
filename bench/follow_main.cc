// dxbench-follow: live following. A live dxhub-aggregator follows a fresh
// store while dxbench-load processes send the simulated place's real
// envelopes at a fixed rate; every 20 ms the store's head (its stats, on a
// thread of its own), and every 100 ms after its last answer the
// aggregator's freshness (IndicatorResponse.applied_seq / store_head_seq, with
// a census date no cube has, so the reply stays small) are sampled. Lag in
// events = store head - applied; lag in ms = the time of the aggregator's
// answer - when the first event not yet applied was first seen committed.
// Sampled from the first commit until the aggregator has applied everything
// (or the drain bound passes).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <optional>
#include <thread>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/load.h"
#include "dxhub/bench/place.h"
#include "dxhub/testing/aggregator_process.h"

namespace fs = std::filesystem;
using namespace dxhub::bench;

namespace {

struct FollowOptions {
  double rate = 10000;
  double seconds = 30;
  double drain_seconds = 120;
};

struct Freshness {
  bool ok = false;
  uint64_t applied = 0;
  uint64_t store_head = 0;
};

Freshness AskFreshness(dxhub::testing::AggregatorProcess& aggregator) {
  dxhub::wire::v1::Request request;
  auto* indicators = request.mutable_indicators();
  indicators->set_scope("PLACE");
  indicators->mutable_census_date()->set_year(1900);
  indicators->mutable_census_date()->set_month(1);
  indicators->mutable_census_date()->set_day(1);
  const auto reply = aggregator.Call(request);
  Freshness f;
  f.ok = reply.has_indicators() && !reply.has_error();
  f.applied = reply.indicators().applied_seq();
  f.store_head = reply.indicators().store_head_seq();
  return f;
}

bool MeasureFollow(double scale, const BenchOptions& options, const FollowOptions& follow, const fs::path& work) {
  std::vector<dxhub::event::v1::Event> events;
  {
    auto place = StartPlaceStore(scale, options);
    if (!place) return false;
    for (auto& e : ReadStoredEvents(*place)) events.push_back(std::move(*e.mutable_event()));
  }
  const auto wanted = static_cast<size_t>(follow.rate * follow.seconds);
  if (events.size() > wanted) events.resize(wanted);
  if (events.empty()) return false;
  std::cout << "follow: " << events.size() << " events at " << follow.rate << " events/s into a fresh store" << std::endl;

  auto store = StartEmptyStore();
  if (!store) return false;
  dxhub::testing::AggregatorProcess aggregator(*store, "follow");
  aggregator.Start();
  if (!aggregator.running() || ::testing::Test::HasFailure()) return false;

  LoadResult load;
  std::atomic<bool> load_done{false};
  std::thread sender([&] {
    LoadOptions paced;
    paced.events_per_second = follow.rate;
    load = RunLoad(*store, events, paced, work / "load");
    load_done = true;
  });
  // The store's head, sampled every 20 ms on its own thread: the probes below
  // wait for the aggregator (a refresh can take a second), and sampling the
  // head between them left every event committed since the last probe
  // looking 0 ms old.
  HeadSamples heads;
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    zmq::context_t context(1);
    dxhub::client::StoreClient admin(context, store->AdminEndpoint());
    while (sampling) {
      const auto when = std::chrono::steady_clock::now();
      heads.Add(when, StoreHead(admin));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::vector<double> lag_events, lag_ms;
  std::optional<std::chrono::steady_clock::time_point> drain_from;
  bool caught_up = false;
  uint64_t last_lag = 0;
  while (true) {
    const Freshness f = AskFreshness(aggregator);
    const auto now = std::chrono::steady_clock::now();  // as of the answer
    if (!f.ok) {
      std::cerr << "the aggregator did not answer an indicator query\n";
      break;
    }
    const uint64_t head = heads.latest();
    const uint64_t known_head = std::max(head, f.store_head);
    if (known_head > 0) {
      const uint64_t lag = known_head > f.applied ? known_head - f.applied : 0;
      last_lag = lag;
      lag_events.push_back(static_cast<double>(lag));
      lag_ms.push_back(lag > 0 ? heads.LagMs(f.applied, now) : 0);
    }
    if (load_done) {
      if (!drain_from) drain_from = now;
      if (head == events.size() && f.applied >= head) {
        caught_up = true;
        break;
      }
      if (SecondsSince(*drain_from) > follow.drain_seconds) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  sampling = false;
  sampler.join();
  sender.join();
  if (!load.ok) {
    std::cerr << "the load did not finish: " << load.events << " of " << events.size() << " acknowledged\n";
    return false;
  }
  const double drain = drain_from ? SecondsSince(*drain_from) : 0;
  std::cout << "follow: sent " << load.events << " in " << load.seconds << " s; the aggregator "
            << (caught_up ? "applied everything " : "had NOT applied everything ") << drain
            << " s after the last acknowledgement (lag then " << last_lag << " events); " << lag_events.size()
            << " samples" << std::endl;
  const std::string prefix = "follow.s" + ScaleText(scale) + ".r" + ScaleText(follow.rate);
  PrintFigure({prefix + ".ingest_rate", load.rate(), "events/s", follow.rate, "offered", std::nullopt, "",
               std::nullopt});
  PrintFigure({prefix + ".lag_events_p50", Percentile(lag_events, 0.5), "events", std::nullopt, "", std::nullopt, "",
               std::nullopt});
  PrintFigure({prefix + ".lag_events_p99", Percentile(lag_events, 0.99), "events", std::nullopt, "", std::nullopt, "",
               std::nullopt});
  PrintFigure({prefix + ".lag_ms_p50", Percentile(lag_ms, 0.5), "ms", std::nullopt, "", std::nullopt, "",
               std::nullopt});
  const double p99 = Percentile(lag_ms, 0.99);
  PrintFigure({prefix + ".lag_ms_p99", p99, "ms", std::nullopt, "", std::nullopt, "< 1000 ms at 10k events/s",
               caught_up && p99 < 1000 && follow.rate >= 10000});
  PrintFigure({prefix + ".drain", drain, "s", std::nullopt, "", std::nullopt, caught_up ? "" : "caught up (was not)",
               caught_up ? std::nullopt : std::optional<bool>(false)});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxbench-follow: a live dxhub-aggregator following a store under a fixed ingest rate; lag p50/p99 in\n"
               "events and ms."};
  BenchOptions options;
  FollowOptions follow;
  const std::vector<double> smoke = {0.02};
  AddBenchOptions(app, &options, {1}, smoke);
  app.add_option("--rate", follow.rate, "events/s sent, all load processes together")->capture_default_str();
  app.add_option("--seconds", follow.seconds, "how long the load lasts (fewer if the place has fewer events)")
      ->capture_default_str();
  app.add_option("--drain-seconds", follow.drain_seconds, "how long to wait after the load for the aggregator")
      ->capture_default_str();
  return RunBench(app, argc, argv, &options, smoke, [&] {
    if (options.smoke && app.count("--rate") == 0) follow.rate = 2000;
    if (options.smoke && app.count("--seconds") == 0) follow.seconds = 3;
    if (options.smoke && app.count("--drain-seconds") == 0) follow.drain_seconds = 10;
    const fs::path work = fs::temp_directory_path() / ("dxbench-follow-" + std::to_string(::getpid()));
    bool ok = true;
    for (double scale : options.scales) ok = ok && MeasureFollow(scale, options, follow, work);
    fs::remove_all(work);
    return ok;
  });
}
