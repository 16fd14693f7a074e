#include "dxhub/common/clock.h"

#include <thread>

namespace dxhub {

SysTime SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

SteadyTime SystemClock::Monotonic() const { return std::chrono::steady_clock::now(); }

void SystemClock::SleepFor(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

Clock& RealClock() {
  static SystemClock clock;
  return clock;
}

void FakeClock::Advance(std::chrono::milliseconds by) {
  elapsed_ += by;
  pending_ += by;
  const auto whole = std::chrono::floor<std::chrono::seconds>(pending_);
  now_ += whole;
  pending_ -= whole;
}

void FakeClock::SleepFor(std::chrono::milliseconds duration) {
  slept_ += duration;
  Advance(duration);
  if (on_sleep_) on_sleep_(duration);
}

}  // namespace dxhub
