#include "dxhub/digest/clock.h"

#include <thread>

namespace dxhub::digest {

SysTime SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void SystemClock::SleepFor(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

void FakeClock::SleepFor(std::chrono::milliseconds duration) {
  slept_ += duration;
  pending_ += duration;
  const auto whole = std::chrono::floor<std::chrono::seconds>(pending_);
  now_ += whole;
  pending_ -= whole;
  if (on_sleep_) on_sleep_(duration);
}

}  // namespace dxhub::digest
