// The command line every dxbench-* program shares (--smoke, --cache, --scales)
// and the boundary around its body: a failed step (a gtest expectation in
// tests/support, or a Status) prints what failed and exits 1, so a smoke run
// that produced no figure cannot pass. Call from main() only.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dxhub::bench {

struct BenchOptions {
  bool smoke = false;               // a CI-sized run (seconds): tiny place, short load
  std::filesystem::path cache;      // where simulated places are kept between programs ("" = none)
  std::vector<double> scales;       // simulator scales to measure (each program has its defaults)
  // When > 0, a scale not in the cache is synthesised from the place at this
  // scale (bench/synth.h: its workforce copied scale / from_scale times)
  // instead of simulated; the cache is then required.
  double from_scale = 0;
};

// Adds --smoke, --cache, --scales and --from-scale (default `default_scales`; --smoke uses `smoke_scales`).
void AddBenchOptions(CLI::App& app, BenchOptions* options, std::vector<double> default_scales,
                     std::vector<double> smoke_scales);

// Parses the command line, applies the smoke scales, runs `body` under nice
// and returns the exit code: 2 for usage errors, 1 when `body` returns false,
// a gtest expectation failed in tests/support, or an exception escaped.
int RunBench(CLI::App& app, int argc, char** argv, BenchOptions* options, std::vector<double> smoke_scales,
             const std::function<bool()>& body);

// "1", "0.02", "10": a scale as dxsim takes it and as figure names show it.
std::string ScaleText(double scale);

}  // namespace dxhub::bench
