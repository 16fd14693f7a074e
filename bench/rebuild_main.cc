// dxbench-rebuild: `dxhub-aggregator --rebuild --exit-when-caught-up` from a
// store holding the simulated place at each scale (events/s as it reports
// them, its peak RSS from wait4), beside a raw forward scan of the store's
// `events` column family with a protobuf parse of each value (the store
// stopped, the database opened read-only), on the same data in the same run;
// and the aggregator's state on disk beside the store's data directory.
#include <algorithm>
#include <iostream>
#include <regex>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/place.h"
#include "dxhub/bench/raw.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/process_usage.h"

namespace fs = std::filesystem;
using namespace dxhub::bench;

namespace {

// The rebuild's rate in events/s, or 0 when a step failed.
double MeasureRebuild(double scale, const BenchOptions& options) {
  auto store = StartPlaceStore(scale, options);
  if (!store) return 0;
  dxhub::testing::AggregatorProcess aggregator(*store, "rebuild");
  const double store_cpu_before = dxhub::testing::ReadProcessUsage(store->pid()).cpu_seconds;
  const auto timeout = std::chrono::seconds(static_cast<int64_t>(600 * std::max(1.0, scale)));
  const auto run = dxhub::testing::RunCommandFor(
      dxhub::testing::BinaryPath("dxhub-aggregator"),
      {"--config", aggregator.config_path().string(), "--rebuild", "--exit-when-caught-up"},
      aggregator.dir() / "rebuild", timeout);
  std::smatch m;
  static const std::regex kCaughtUp(R"(caught up: (\d+) events in ([0-9.]+) s \(\d+ events/s\), (\d+) cubes, digest (\w+))");
  if (run.code != 0 || !std::regex_search(run.out, m, kCaughtUp)) {
    std::cerr << "dxhub-aggregator --rebuild exited " << run.code << ":\n" << run.out << run.err
              << dxhub::testing::ReadFileText(aggregator.log_path()) << "\n";
    return 0;
  }
  const double events = std::stod(m[1].str());
  const double seconds = std::stod(m[2].str());
  const double store_cpu = dxhub::testing::ReadProcessUsage(store->pid()).cpu_seconds - store_cpu_before;
  std::cout << "rebuild at scale " << ScaleText(scale) << ": " << m[1].str() << " events in " << m[2].str() << " s, "
            << m[3].str() << " cubes, digest " << m[4].str() << std::endl;
  if (store->Terminate() != 0) {
    std::cerr << "the store did not stop cleanly\n";
    return 0;
  }
  uint64_t scanned = 0;
  const double raw = RawScanParseRate(store->dir() / "data", "events", &scanned);
  if (raw <= 0 || scanned != static_cast<uint64_t>(events)) {
    std::cerr << "raw scan: " << scanned << " events against " << events << " rebuilt\n";
    return 0;
  }
  const std::string prefix = "rebuild.s" + ScaleText(scale);
  const double rate = events / seconds;
  PrintFigure({prefix + ".rate", rate, "events/s", raw, "RocksDB forward scan + protobuf parse, same family",
               std::nullopt, "ratio >= 0.50", rate / raw >= 0.5});
  PrintFigure({prefix + ".seconds", seconds, "s", static_cast<double>(scanned) / raw, "raw scan + parse", std::nullopt,
               "", std::nullopt});
  // The aggregator's own state on disk beside the store's (both stopped).
  const double state_mib = static_cast<double>(DirectoryBytes(aggregator.dir() / "data")) / (1 << 20);
  const double store_mib = static_cast<double>(DirectoryBytes(store->dir() / "data")) / (1 << 20);
  PrintFigure({prefix + ".state_disk", state_mib, "MiB", store_mib, "the store's data directory", std::nullopt, "",
               std::nullopt});
  const double rss_mib = static_cast<double>(run.peak_rss_kib) / 1024;
  PrintFigure({prefix + ".peak_rss", rss_mib, "MiB", std::nullopt, "", std::nullopt, "< 2048 MiB (national)",
               rss_mib < 2048});
  // CPU per event, every thread (what a loaded or stolen-from machine changes least): the
  // aggregator's, and the store's while it served the rebuild's reads, beside the raw scan's
  // (one thread, so its wall time is its CPU time).
  const double raw_us = 1e6 / raw;
  PrintFigure({prefix + ".aggregator_cpu", 1e6 * run.cpu_seconds / events, "us/event", raw_us, "raw scan + parse",
               std::nullopt, "", std::nullopt});
  PrintFigure({prefix + ".store_cpu", 1e6 * store_cpu / events, "us/event", raw_us, "raw scan + parse", std::nullopt,
               "", std::nullopt});
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxbench-rebuild: dxhub-aggregator --rebuild (events/s, peak RSS) beside a raw scan + parse of the\n"
               "store's events column family, at each scale."};
  BenchOptions options;
  const std::vector<double> smoke = {0.02};
  AddBenchOptions(app, &options, {1, 3}, smoke);
  return RunBench(app, argc, argv, &options, smoke, [&] {
    std::vector<double> rates;
    for (double scale : options.scales) {
      const double rate = MeasureRebuild(scale, options);
      if (rate <= 0) return false;
      rates.push_back(rate);
    }
    if (rates.size() > 1) {
      const double spread = *std::min_element(rates.begin(), rates.end()) / *std::max_element(rates.begin(), rates.end());
      std::string scales;
      for (double s : options.scales) scales += (scales.empty() ? "" : ",") + ScaleText(s);
      PrintFigure({"rebuild.rate_min_over_max.s" + scales, spread, "x", std::nullopt, "", std::nullopt,
                   ">= 0.80 (rate within 20% across scales)", spread >= 0.8});
    }
    return true;
  });
}
