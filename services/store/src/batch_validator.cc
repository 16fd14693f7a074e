#include "dxhub/store/batch_validator.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dxhub/protocol/sample_events.h"

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
  // Validation's lazily made statics (protobuf's default instances, the
  // field walks, the source-key rules, the hash algorithm) are made here,
  // before the thread exists, rather than raced for by the first two chunks.
  (void)protocol::ValidateEvent(protocol::SampleStaffRecord("WARMUP", 1), limits_);
  notify_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (notify_fd_ < 0) {
    return Status::Internal(std::string("cannot create the validator's event descriptor: ") + std::strerror(errno));
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void BatchValidator::Submit(Job* job) {
  const int events = job->request->events_size();
  job->results.assign(static_cast<size_t>(events), std::nullopt);
  job->chunks = (events + kChunkEvents - 1) / kChunkEvents;
  if (job->chunks == 0) {  // nothing to check
    job->finished_on = std::this_thread::get_id();
    job->done_.store(true, std::memory_order_release);
    Notify();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

bool BatchValidator::ClaimLocked(Job** job, int* chunk) {
  if (queue_.empty()) return false;
  *job = queue_.front();
  *chunk = (*job)->next_chunk++;
  if ((*job)->next_chunk == (*job)->chunks) queue_.pop_front();  // every chunk of it claimed
  return true;
}

bool BatchValidator::ValidateAChunkHere() {
  Job* job = nullptr;
  int chunk = 0;
  {
    std::lock_guard lock(mutex_);
    if (!ClaimLocked(&job, &chunk)) return false;
  }
  Validate(job, chunk);
  return true;
}

void BatchValidator::Loop() {
  for (;;) {
    Job* job = nullptr;
    int chunk = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (!ClaimLocked(&job, &chunk)) return;  // stopping, and every queued chunk is claimed
    }
    Validate(job, chunk);
  }
}

void BatchValidator::Validate(Job* job, int chunk) {
  const auto& events = job->request->events();
  const int end = std::min(events.size(), (chunk + 1) * kChunkEvents);
  for (int i = chunk * kChunkEvents; i < end; ++i) {
    job->results[static_cast<size_t>(i)] = protocol::ValidateEvent(events.Get(i), limits_);
  }
  // The last chunk to finish (whichever thread ran it) completes the job: its
  // results are visible to whoever reads done() as true. Once another
  // thread's chunk may be the last, the job may be done and freed: nothing of
  // it is read after the count unless this chunk is the last.
  const int chunks = job->chunks;
  if (job->chunks_done.fetch_add(1, std::memory_order_acq_rel) + 1 == chunks) {
    job->finished_on = std::this_thread::get_id();
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
