#include "dxhub/store/batch_validator.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dxhub::store {

BatchValidator::BatchValidator(protocol::ValidationLimits limits) : limits_(limits) {}

BatchValidator::~BatchValidator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (notify_fd_ >= 0) ::close(notify_fd_);
}

Status BatchValidator::Start() {
  notify_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (notify_fd_ < 0) {
    return Status::Internal(std::string("cannot create the validator's event descriptor: ") + std::strerror(errno));
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void BatchValidator::Submit(Job* job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

void BatchValidator::Loop() {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued job is done
      job = queue_.front();
      queue_.pop_front();
    }
    const auto& events = job->request->events();
    job->results.clear();
    job->results.reserve(static_cast<size_t>(events.size()));
    for (const auto& event : events) job->results.push_back(protocol::ValidateEvent(event, limits_));
    job->validated_on = std::this_thread::get_id();
    job->done_.store(true, std::memory_order_release);
    Notify();
  }
}

void BatchValidator::Notify() {
  const uint64_t one = 1;
  // Cannot fail short of a counter overflow (2^64 - 1 unread notifications).
  [[maybe_unused]] const ssize_t n = ::write(notify_fd_, &one, sizeof(one));
}

void BatchValidator::ClearNotification() {
  uint64_t count = 0;
  [[maybe_unused]] const ssize_t n = ::read(notify_fd_, &count, sizeof(count));  // EAGAIN when none: fine
}

void BatchValidator::WaitForAJob(std::chrono::milliseconds timeout) {
  pollfd item{notify_fd_, POLLIN, 0};
  (void)::poll(&item, 1, static_cast<int>(timeout.count()));
  ClearNotification();
}

}  // namespace dxhub::store
