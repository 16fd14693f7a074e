// The statistics the benchmarks share, on hand-made samples.
#include <gtest/gtest.h>

#include "dxhub/bench/figures.h"

namespace dxhub::bench {
namespace {

using namespace std::chrono_literals;

TEST(HeadSamples, LagIsFromTheFirstSampleAboveWhatWasApplied) {
  HeadSamples heads;
  const auto t0 = HeadSamples::Clock::time_point{} + 1h;
  heads.Add(t0, 100);
  heads.Add(t0 + 20ms, 100);  // not a rise: kept as first seen at t0
  heads.Add(t0 + 40ms, 250);
  heads.Add(t0 + 60ms, 400);
  EXPECT_EQ(heads.latest(), 400u);
  EXPECT_DOUBLE_EQ(heads.LagMs(50, t0 + 1000ms), 1000);   // seq 51 was in the head at t0
  EXPECT_DOUBLE_EQ(heads.LagMs(100, t0 + 1000ms), 960);   // seq 101 first seen at t0 + 40 ms
  EXPECT_DOUBLE_EQ(heads.LagMs(399, t0 + 1000ms), 940);
  EXPECT_DOUBLE_EQ(heads.LagMs(400, t0 + 1000ms), 0);     // everything applied
}

// The defect this replaced: heads sampled only between the follower's probes,
// so an event committed after the last sample counted 0 ms however long it
// waited. With samples taken while a probe waits, the wait counts.
TEST(HeadSamples, Issue18_AnEventCommittedWhileAProbeWaitsCountsItsWait) {
  HeadSamples heads;
  const auto t0 = HeadSamples::Clock::time_point{} + 1h;
  heads.Add(t0, 1000);               // the probe starts; everything up to 1,000 applied
  heads.Add(t0 + 20ms, 1200);        // the sampler goes on while the follower refreshes
  heads.Add(t0 + 900ms, 9000);
  EXPECT_DOUBLE_EQ(heads.LagMs(1000, t0 + 1000ms), 980);  // answered at t0 + 1 s, applied 1,000
}

TEST(HeadSamples, NoSamplesMeansNoLag) {
  HeadSamples heads;
  EXPECT_EQ(heads.latest(), 0u);
  EXPECT_DOUBLE_EQ(heads.LagMs(0, HeadSamples::Clock::now()), 0);
}

}  // namespace
}  // namespace dxhub::bench
