// dxbench-connector: `dxconnect run --once` over the largest simulated partner
// (WYP) into a fresh store at each scale: events/s and peak RSS. The baseline
// is the linear extrapolation of the smallest scale measured (its time x the
// scale ratio): a connector linear in its input takes that long.
#include <algorithm>
#include <iostream>
#include <optional>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/place.h"
#include "dxhub/testing/partner_sites.h"

namespace fs = std::filesystem;
using namespace dxhub::bench;

namespace {

constexpr char kLargestPartner[] = "WYP";

struct Run {
  double scale = 0;
  double seconds = 0;
  uint64_t events = 0;
};

bool MeasureConnector(double scale, std::optional<Run>* first) {
  auto store = StartEmptyStore();
  if (!store) return false;
  const auto sim = dxhub::testing::SimulatePartners(*store, {"--scale", ScaleText(scale), "--partners", kLargestPartner});
  if (sim.code != 0) {
    std::cerr << "dxsim exited " << sim.code << ": " << sim.err << "\n";
    return false;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto run = dxhub::testing::RunPartnerConnector(
      *store, kLargestPartner, "bench-", std::chrono::seconds(static_cast<int64_t>(300 * std::max(1.0, scale))));
  const double seconds = SecondsSince(started);
  const uint64_t events = StoreHead(*store);
  if (run.code != 0 || events == 0) {
    std::cerr << "dxconnect run --once exited " << run.code << " (" << events << " events stored): " << run.err << "\n";
    return false;
  }
  std::cout << "connector " << kLargestPartner << " at scale " << ScaleText(scale) << ": " << events << " events in "
            << seconds << " s" << std::endl;
  const std::string prefix = "connector." + std::string(kLargestPartner) + ".s" + ScaleText(scale);
  const double rate = static_cast<double>(events) / seconds;
  if (!*first) {
    *first = Run{scale, seconds, events};
    PrintFigure({prefix + ".rate", rate, "events/s", std::nullopt, "", std::nullopt, "", std::nullopt});
    PrintFigure({prefix + ".seconds", seconds, "s", std::nullopt, "", std::nullopt, "", std::nullopt});
  } else {
    // Linear in the input: the first run's time per event times this run's events.
    const Run& base = **first;
    const double linear = base.seconds * static_cast<double>(events) / static_cast<double>(base.events);
    PrintFigure({prefix + ".rate", rate, "events/s", static_cast<double>(base.events) / base.seconds,
                 "rate at scale " + ScaleText(base.scale), std::nullopt, "", std::nullopt});
    PrintFigure({prefix + ".seconds", seconds, "s", linear, "linear from scale " + ScaleText(base.scale),
                 std::nullopt, "ratio <= 1.2", seconds / linear <= 1.2});
  }
  PrintFigure({prefix + ".peak_rss", static_cast<double>(run.peak_rss_kib) / 1024, "MiB", std::nullopt, "",
               std::nullopt, "", std::nullopt});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxbench-connector: dxconnect run --once over the largest simulated partner (WYP) at each scale;\n"
               "events/s and peak RSS beside the linear extrapolation of the first scale."};
  BenchOptions options;
  const std::vector<double> smoke = {0.01, 0.03};
  AddBenchOptions(app, &options, {1, 3, 10}, smoke);
  return RunBench(app, argc, argv, &options, smoke, [&] {
    std::optional<Run> first;
    for (double scale : options.scales) {
      if (!MeasureConnector(scale, &first)) return false;
    }
    return true;
  });
}
