// dxbench-report: the query set a digest makes (dxhub::digest::Digester::Fetch
// itself: the store's stats, the place's and every partner's indicators, the
// restatements) against a live dxhub-aggregator that has caught up with the
// simulated place, at each scale: seconds per digest's queries (the median of
// three; the first, cold, printed beside it), once its first refresh (every
// cube) is done, and that refresh's length. No raw baseline: the target is
// absolute (under 30 s at national scale).
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/place.h"
#include "dxhub/digest/service.h"
#include "dxhub/testing/aggregator_process.h"

namespace fs = std::filesystem;
using namespace dxhub::bench;

namespace {

bool MeasureReport(double scale, const BenchOptions& options, const fs::path& work) {
  auto store = StartPlaceStore(scale, options);
  if (!store) return false;
  const uint64_t head = StoreHead(*store);
  dxhub::testing::AggregatorProcess aggregator(*store, "report");
  aggregator.Start();
  const auto catch_up = std::chrono::seconds(static_cast<int64_t>(600 * std::max(1.0, scale)));
  // Caught up and refreshed: a digest's queries during the first refresh (every
  // cube; tens of seconds at national scale) would be told to ask again.
  const auto refresh_ms = aggregator.running() ? aggregator.WaitRefreshed(head, catch_up) : std::nullopt;
  if (!refresh_ms || ::testing::Test::HasFailure()) {
    std::cerr << "the aggregator did not apply " << head << " events and refresh its cubes in " << catch_up.count()
              << " s\n";
    return false;
  }
  dxhub::digest::DigestConfig config;
  config.store = store->ServiceEndpoint();
  config.aggregator = aggregator.QueryEndpoint();
  config.outbox_dir = work / "outbox";
  config.state_dir = work / "state";
  zmq::context_t context(1);
  dxhub::SystemClock clock;
  dxhub::digest::Digester digester(config, context, &clock);
  std::vector<double> seconds;
  size_t cubes = 0;
  for (int i = 0; i < 3; ++i) {
    const auto started = std::chrono::steady_clock::now();
    auto sources = digester.Fetch();
    seconds.push_back(SecondsSince(started));
    if (!sources.ok()) {
      std::cerr << "the digest's queries failed: " << sources.status().ToString() << "\n";
      return false;
    }
    cubes = static_cast<size_t>(sources->place.cubes_size());
    for (const auto& [org, reply] : sources->partners) cubes += static_cast<size_t>(reply.cubes_size());
  }
  std::cout << "report at scale " << ScaleText(scale) << ": " << head << " events, the digest's queries returned "
            << cubes << " cubes" << std::endl;
  const std::string prefix = "report.s" + ScaleText(scale);
  const double median = Percentile(seconds, 0.5);
  PrintFigure({prefix + ".seconds", median, "s", std::nullopt, "", std::nullopt, "< 30 s (national)", median < 30});
  PrintFigure({prefix + ".first_seconds", seconds.front(), "s", std::nullopt, "", std::nullopt, "", std::nullopt});
  // The first refresh after the catch-up (every cube), which queries wait for or are asked to retry after.
  PrintFigure({prefix + ".first_refresh", static_cast<double>(*refresh_ms) / 1000, "s", std::nullopt, "", std::nullopt,
               "", std::nullopt});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxbench-report: seconds for the indicator queries a digest makes (Digester::Fetch) against a\n"
               "caught-up dxhub-aggregator, at each scale."};
  BenchOptions options;
  const std::vector<double> smoke = {0.02};
  AddBenchOptions(app, &options, {1, 3}, smoke);
  return RunBench(app, argc, argv, &options, smoke, [&] {
    const fs::path work = fs::temp_directory_path() / ("dxbench-report-" + std::to_string(::getpid()));
    bool ok = true;
    for (double scale : options.scales) ok = ok && MeasureReport(scale, options, work);
    fs::remove_all(work);
    return ok;
  });
}
