// What a benchmark prints: one stable, parseable line per figure, with its
// unit, the baseline measured in the same run (when there is one), their
// ratio and whether the target is met; bench/run.sh turns the lines
// into one table. Plus the small statistics the benchmarks share. Stateless;
// call from any thread (a line is written with one fputs).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dxhub::bench {

struct Figure {
  std::string name;                 // e.g. "ingest.full.rate"; stable across runs
  double ours = 0;
  std::string unit;                 // e.g. "events/s", "ms", "MiB", "s"
  std::optional<double> baseline;   // in the same unit, measured in the same run
  std::string baseline_what;        // what the baseline is, e.g. "raw RocksDB WriteBatch, WAL synced"
  std::optional<double> ratio;      // defaults to ours / baseline when both exist
  std::string target;               // the target in words, e.g. "ratio >= 0.60"
  std::optional<bool> met;          // whether the target is met (nullopt: no target)
};

// "figure: <name> = <ours> <unit> | baseline <b> <unit> (<what>) | ratio <r> | target <t> | met yes|no|-"
// with "-" for what is absent; one line on stdout, flushed.
void PrintFigure(const Figure& figure);

// The q-quantile (0..1, nearest rank) of `values` (sorted here); 0 when empty.
double Percentile(std::vector<double> values, double q);

// Seconds since `start` on the steady clock.
double SecondsSince(std::chrono::steady_clock::time_point start);

// The bytes of the regular files under `dir` (0 when it cannot be read).
uint64_t DirectoryBytes(const std::filesystem::path& dir);

// When the store's head was first seen at each value, sampled often on a
// thread of its own, so a follower's lag is measured from (within one sample
// period of) when an event was committed, however slowly the follower
// answers. Thread-safe.
class HeadSamples {
 public:
  using Clock = std::chrono::steady_clock;
  // Keeps (when, head) if the head rose since the last sample.
  void Add(Clock::time_point when, uint64_t head);
  // Milliseconds from the first sample whose head was above `applied` to
  // `now`: how long the first event not yet applied has been committed. 0
  // when no sample was above `applied`.
  double LagMs(uint64_t applied, Clock::time_point now) const;
  // The latest head seen (0 before any).
  uint64_t latest() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<Clock::time_point, uint64_t>> heads_;
};

// Nanoseconds on the steady clock (CLOCK_MONOTONIC: comparable between processes on one machine).
int64_t SteadyNanos();

}  // namespace dxhub::bench
