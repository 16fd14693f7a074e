// dxbench-ingest: store ingest. The simulated place's real envelopes are sent
// by one dxbench-load process per organisation over CurveZMQ/TCP loopback to
// a fresh dxhub-store (durable acknowledgement: synced group commit), first as
// fast as it acknowledges (full load), then paced at half that rate into
// another fresh store (half load); beside RocksDB WriteBatches of the same
// serialized events with the WAL synced per batch.
#include <unistd.h>

#include <iostream>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/load.h"
#include "dxhub/bench/place.h"
#include "dxhub/bench/raw.h"

namespace fs = std::filesystem;
using namespace dxhub::bench;

namespace {

bool MeasureIngest(double scale, const BenchOptions& options, const LoadOptions& load, const fs::path& work) {
  std::vector<dxhub::event::v1::Event> events;
  std::vector<std::string> stored_bytes;
  {
    auto place = StartPlaceStore(scale, options);
    if (!place) return false;
    for (auto& e : ReadStoredEvents(*place)) {
      stored_bytes.push_back(e.SerializeAsString());
      events.push_back(std::move(*e.mutable_event()));
    }
  }
  if (events.empty()) {
    std::cerr << "the place at scale " << ScaleText(scale) << " holds no events\n";
    return false;
  }
  double bytes = 0;
  for (const auto& e : events) bytes += static_cast<double>(e.ByteSizeLong());
  std::cout << "envelopes: " << events.size() << " real events of the simulated place, mean "
            << static_cast<int>(bytes / static_cast<double>(events.size())) << " B; batches of " << load.batch_events
            << ", window " << load.window << std::endl;

  const double raw = RawSyncedWriteRate(stored_bytes, static_cast<size_t>(load.batch_events), work / "raw");
  if (raw <= 0) return false;

  const std::string prefix = "ingest.s" + ScaleText(scale);
  const std::string raw_what = "RocksDB WriteBatch of " + std::to_string(load.batch_events) + ", WAL synced";
  auto full_store = StartEmptyStore();
  if (!full_store) return false;
  const LoadResult full = RunLoad(*full_store, events, load, work / "full");
  full_store.reset();
  if (!full.ok || full.rejected > 0) {
    std::cerr << "full load: " << full.events << " of " << events.size() << " acknowledged, " << full.rejected
              << " rejected\n";
    return false;
  }
  PrintFigure({prefix + ".full.rate", full.rate(), "events/s", raw, raw_what, std::nullopt, "ratio >= 0.60",
               full.rate() / raw >= 0.6});
  PrintFigure({prefix + ".full.ack_p50", Percentile(full.latencies_ms, 0.5), "ms", std::nullopt, "", std::nullopt, "",
               std::nullopt});
  PrintFigure({prefix + ".full.ack_p99", Percentile(full.latencies_ms, 0.99), "ms", std::nullopt, "", std::nullopt,
               "", std::nullopt});

  LoadOptions half_load = load;
  half_load.events_per_second = full.rate() / 2;
  auto half_store = StartEmptyStore();
  if (!half_store) return false;
  const LoadResult half = RunLoad(*half_store, events, half_load, work / "half");
  half_store.reset();
  if (!half.ok || half.rejected > 0) {
    std::cerr << "half load: " << half.events << " of " << events.size() << " acknowledged\n";
    return false;
  }
  PrintFigure({prefix + ".half.rate", half.rate(), "events/s", half_load.events_per_second, "offered: half the full rate",
               std::nullopt, "", std::nullopt});
  PrintFigure({prefix + ".half.ack_p50", Percentile(half.latencies_ms, 0.5), "ms", std::nullopt, "", std::nullopt, "",
               std::nullopt});
  const double p99 = Percentile(half.latencies_ms, 0.99);
  PrintFigure({prefix + ".half.ack_p99", p99, "ms", std::nullopt, "", std::nullopt, "< 10 ms", p99 < 10});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxbench-ingest: dxhub-store ingest (events/s, acknowledgement p50/p99 at full and half load) beside\n"
               "raw synced RocksDB WriteBatches of the same serialized events."};
  BenchOptions options;
  LoadOptions load;
  const std::vector<double> smoke = {0.02};
  AddBenchOptions(app, &options, {1}, smoke);
  app.add_option("--batch", load.batch_events, "events per ingest batch")->capture_default_str();
  app.add_option("--window", load.window, "batches in flight per load process")->capture_default_str();
  return RunBench(app, argc, argv, &options, smoke, [&] {
    const fs::path work = fs::temp_directory_path() / ("dxbench-ingest-" + std::to_string(::getpid()));
    bool ok = true;
    for (double scale : options.scales) ok = ok && MeasureIngest(scale, options, load, work);
    fs::remove_all(work);
    return ok;
  });
}
