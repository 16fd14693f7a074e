#include "dxhub/store/batch_validator.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dxhub/protocol/rpc.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/store/ingest_wire.h"

namespace dxhub::store {

BatchValidator::BatchValidator(protocol::ValidationLimits limits) : limits_(limits) {}

BatchValidator::~BatchValidator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  garbage_.clear();
  if (notify_fd_ >= 0) ::close(notify_fd_);
}

Status BatchValidator::Start() {
  // Validation's lazily made statics (protobuf's default instances, the
  // field walks, the source-key rules, the hash algorithm) are made here,
  // before the thread exists, rather than raced for by the first two chunks.
  (void)protocol::ValidateEvent(protocol::SampleStaffRecord("WARMUP", 1), limits_);
  (void)dxhub::wire::v1::Request::default_instance();
  notify_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (notify_fd_ < 0) {
    return Status::Internal(std::string("cannot create the validator's event descriptor: ") + std::strerror(errno));
  }
  {
    std::lock_guard lock(mutex_);
    started_ = true;
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void BatchValidator::Submit(Job* job) {
  if (job->frames == nullptr) {
    const int events = job->request->events_size();
    job->results.assign(static_cast<size_t>(events), std::nullopt);
    job->chunks = (events + kChunkEvents - 1) / kChunkEvents;
    if (job->chunks == 0) {  // nothing to check
      Finish(job);
      return;
    }
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

bool BatchValidator::ClaimLocked(Job** job, int* chunk) {
  // The first job with work to claim: one being parsed by the other thread
  // has none until it is parsed, and a later job's parse may go first.
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    Job* j = *it;
    if (j->frames != nullptr && !j->parse_claimed) {
      j->parse_claimed = true;
      *job = j;
      *chunk = kParse;
      return true;
    }
    if (j->chunks < 0) continue;  // being parsed
    *job = j;
    *chunk = j->next_chunk++;
    if (j->next_chunk == j->chunks) queue_.erase(it);  // every chunk of it claimed
    return true;
  }
  return false;
}

bool BatchValidator::ValidateAChunkHere() {
  Job* job = nullptr;
  int chunk = 0;
  {
    std::lock_guard lock(mutex_);
    if (!ClaimLocked(&job, &chunk)) return false;
  }
  Work(job, chunk);
  return true;
}

void BatchValidator::ReleaseShared(std::shared_ptr<void> garbage) {
  {
    std::lock_guard lock(mutex_);
    if (started_ && !stopping_) {
      garbage_.push_back(std::move(garbage));
      garbage = nullptr;
    }
  }
  wake_.notify_one();
  // Not started (or stopping): `garbage` is freed here, on return.
}

void BatchValidator::Loop() {
  std::vector<std::shared_ptr<void>> garbage;
  for (;;) {
    Job* job = nullptr;
    int chunk = 0;
    {
      // A queued job being parsed by the writer has nothing to claim yet: wait for its chunks.
      std::unique_lock lock(mutex_);
      for (;;) {
        garbage.swap(garbage_);
        if (!garbage.empty() || ClaimLocked(&job, &chunk)) break;
        if (stopping_) return;  // and every queued piece is claimed
        wake_.wait(lock);
      }
    }
    if (!garbage.empty()) {
      garbage.clear();  // freed outside the lock, before the next piece of work
      continue;
    }
    Work(job, chunk);
  }
}

void BatchValidator::Work(Job* job, int chunk) {
  if (chunk == kParse) {
    Parse(job);
  } else {
    Validate(job, chunk);
  }
}

void BatchValidator::Parse(Job* job) {
  job->decode_error = protocol::DecodeRequest(*job->frames, 1, job->decoded);
  int chunks = 0;
  if (!job->decode_error && job->decoded->body_case() == dxhub::wire::v1::Request::kIngest) {
    job->request = &job->decoded->ingest();
    const int events = job->request->events_size();
    job->results.assign(static_cast<size_t>(events), std::nullopt);
    // The writer handed over only requests PeekIngestEvents could scan, and
    // scanning them again cannot fail; the events' spans are in order.
    auto encodings = IngestEventEncodings((*job->frames)[2].to_string_view());
    if (encodings && encodings->size() == static_cast<size_t>(events)) job->received = std::move(*encodings);
    job->received.resize(static_cast<size_t>(events));
    chunks = (events + kChunkEvents - 1) / kChunkEvents;
  }
  {
    std::lock_guard lock(mutex_);
    job->chunks = chunks;
    if (chunks == 0) queue_.erase(std::find(queue_.begin(), queue_.end(), job));
  }
  if (chunks == 0) {
    Finish(job);
  } else {
    wake_.notify_one();  // the other thread may take chunks of it
  }
}

void BatchValidator::Validate(Job* job, int chunk) {
  const auto& events = job->request->events();
  const int end = std::min(events.size(), (chunk + 1) * kChunkEvents);
  const bool parsed = !job->received.empty();
  for (int i = chunk * kChunkEvents; i < end; ++i) {
    const auto at = static_cast<size_t>(i);
    job->results[at] = protocol::ValidateEvent(events.Get(i), limits_);
    // Bytes as long as the event's encoding are stored as they came: they
    // parsed to this event, and are no longer than serialising it would make them.
    if (parsed && (job->results[at] || job->received[at].size() != events.Get(i).ByteSizeLong())) {
      job->received[at] = std::string_view();
    }
  }
  // The last chunk to finish (whichever thread ran it) completes the job: its
  // results are visible to whoever reads done() as true. Once another
  // thread's chunk may be the last, the job may be done and freed: nothing of
  // it is read after the count unless this chunk is the last.
  const int chunks = job->chunks;
  if (job->chunks_done.fetch_add(1, std::memory_order_acq_rel) + 1 == chunks) Finish(job);
}

void BatchValidator::Finish(Job* job) {
  job->finished_on = std::this_thread::get_id();
  job->done_.store(true, std::memory_order_release);
  Notify();
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
