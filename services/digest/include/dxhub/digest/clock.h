// The digest service's clock seam: wall-clock time (UTC) and sleeping behind
// one small interface, so schedules and SMTP retries are tested with a fake
// clock that never waits. SystemClock is stateless and thread-safe; a
// FakeClock is owned by one test thread.
// (services/common has no clock interface yet; move this there when a second
// service needs one.)
#pragma once

#include <chrono>
#include <functional>

namespace dxhub::digest {

using SysTime = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time, whole seconds of UTC (system_clock).
  virtual SysTime Now() const = 0;
  // Returns once `duration` has passed on this clock.
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

// The machine's clock; SleepFor really sleeps.
class SystemClock final : public Clock {
 public:
  SysTime Now() const override;
  void SleepFor(std::chrono::milliseconds duration) override;
};

// A settable clock: SleepFor advances it at once (no real wait) and then calls
// the on-sleep hook, so a test can change the world "while" the code sleeps
// (e.g. start the SMTP server the code is retrying).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(SysTime now) : now_(now) {}

  SysTime Now() const override { return now_; }
  void SleepFor(std::chrono::milliseconds duration) override;

  void Set(SysTime now) { now_ = now; }
  void Advance(std::chrono::seconds by) { now_ += by; }
  // Called after each SleepFor with the duration slept.
  void OnSleep(std::function<void(std::chrono::milliseconds)> hook) { on_sleep_ = std::move(hook); }
  // Total time slept through SleepFor so far.
  std::chrono::milliseconds slept() const { return slept_; }

 private:
  SysTime now_;
  std::chrono::milliseconds slept_{0};
  std::chrono::milliseconds pending_{0};  // sub-second remainder not yet added to now_
  std::function<void(std::chrono::milliseconds)> on_sleep_;
};

}  // namespace dxhub::digest
