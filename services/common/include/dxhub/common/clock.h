// The clock seam (STYLE point 6): wall-clock time (UTC), elapsed time and
// sleeping behind one small interface, so schedules, retries, back-offs and
// token buckets are tested with a FakeClock that never waits. SystemClock is
// stateless and thread-safe (RealClock() is one shared instance); a FakeClock
// is owned by one test thread.
#pragma once

#include <chrono>
#include <functional>

namespace dxhub {

using SysTime = std::chrono::sys_seconds;
using SteadyTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time, whole seconds of UTC (system_clock).
  virtual SysTime Now() const = 0;
  // A monotonic reading for measuring elapsed time (steady_clock): never
  // jumps when the wall clock is set. Only differences mean anything.
  virtual SteadyTime Monotonic() const = 0;
  // Returns once `duration` has passed on this clock.
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

// The machine's clock; SleepFor really sleeps.
class SystemClock final : public Clock {
 public:
  SysTime Now() const override;
  SteadyTime Monotonic() const override;
  void SleepFor(std::chrono::milliseconds duration) override;
};

// The process's SystemClock: the default of every component taking a Clock.
Clock& RealClock();

// A settable clock: SleepFor advances it at once (no real wait) and then calls
// the on-sleep hook, so a test can change the world "while" the code sleeps
// (e.g. start the SMTP server the code is retrying). Its monotonic reading
// starts at an arbitrary point and moves only by SleepFor and Advance.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(SysTime now = SysTime{}) : now_(now) {}

  SysTime Now() const override { return now_; }
  SteadyTime Monotonic() const override { return SteadyTime{} + std::chrono::hours(1) + elapsed_; }
  void SleepFor(std::chrono::milliseconds duration) override;

  // Sets the wall clock (the monotonic reading does not move, as on a real machine).
  void Set(SysTime now) { now_ = now; }
  // Moves both readings on by `by` without counting it as sleep or calling the hook.
  void Advance(std::chrono::milliseconds by);
  // Called after each SleepFor with the duration slept.
  void OnSleep(std::function<void(std::chrono::milliseconds)> hook) { on_sleep_ = std::move(hook); }
  // Total time slept through SleepFor so far.
  std::chrono::milliseconds slept() const { return slept_; }

 private:
  SysTime now_;
  std::chrono::milliseconds elapsed_{0};  // both SleepFor and Advance
  std::chrono::milliseconds slept_{0};
  std::chrono::milliseconds pending_{0};  // sub-second remainder not yet added to now_
  std::function<void(std::chrono::milliseconds)> on_sleep_;
};

}  // namespace dxhub
