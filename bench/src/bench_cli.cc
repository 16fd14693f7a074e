#include "dxhub/bench/bench_cli.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"

namespace dxhub::bench {

void AddBenchOptions(CLI::App& app, BenchOptions* options, std::vector<double> default_scales,
                     std::vector<double> smoke_scales) {
  options->scales = std::move(default_scales);
  app.add_flag("--smoke", options->smoke,
               "a CI-sized run (seconds) on a tiny place (scales " +
                   [&] {
                     std::string s;
                     for (double x : smoke_scales) s += (s.empty() ? "" : ",") + ScaleText(x);
                     return s;
                   }() +
                   "): checks that it runs and prints its figures, not a speed");
  app.add_option("--cache", options->cache,
                 "keep each simulated place's store here and reuse it (bench/run.sh shares one between programs)");
  app.add_option("--scales", options->scales, "simulator scales to measure")->delimiter(',')->capture_default_str();
  app.add_option("--from-scale", options->from_scale,
                 "build a scale missing from --cache by copying the workforce of the place at this scale (itself\n"
                 "simulated if missing) scale/B times into a new store, instead of running the simulator and\n"
                 "connectors at that scale (minutes, not hours, for national scale: --scales 75 --from-scale 3)")
      ->check(CLI::PositiveNumber);
  app.footer("Prints one line per figure: 'figure: <name> = <value> <unit> | baseline ... | ratio ... | target ... | "
             "met ...'.\nExit codes: 0 figures printed, 1 a step failed (the output says which), 2 usage error.");
}

int RunBench(CLI::App& app, int argc, char** argv, BenchOptions* options, std::vector<double> smoke_scales,
             const std::function<bool()>& body) {
  if (auto code = ParseCommandLine(app, argc, argv)) return *code;
  if (options->smoke && app.count("--scales") == 0) options->scales = std::move(smoke_scales);
  if (options->from_scale > 0 && options->cache.empty()) {
    std::cerr << app.get_name() << ": --from-scale needs --cache (the place copied from is kept there)\n";
    return kExitUsage;
  }
  return RunGuarded(app.get_name(), kExitFailure, [&] {
    InitCrypto();
    if (::nice(0) < 5) (void)::nice(5);  // the machine is shared: measure, but yield to interactive work
    const bool ok = body();
    if (!ok || ::testing::Test::HasFailure()) {
      std::cerr << app.get_name() << ": a step failed (see the messages above); no figures for it\n";
      return kExitFailure;
    }
    return kExitOk;
  });
}

std::string ScaleText(double scale) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", scale);
  return text;
}

}  // namespace dxhub::bench
