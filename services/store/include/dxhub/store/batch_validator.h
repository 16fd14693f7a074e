// Validates ingest batches on a thread of its own, so that the store's writer
// thread stages and commits one group while the next batches are validated
// (issue 18: validation was 40% of the writer's time per event). Validation
// (protocol::ValidateEvent) is a pure function of the event and the limits;
// everything that reads the store's state (the org a key is bound to, the
// review cycles, duplicates) stays on the writer, which uses the results in
// the order the batches arrived.
//
// The writer submits a Job, keeps it (and the request it points to) alive and
// unchanged until done() is true, and polls notify_fd(), which is readable
// once a job has finished. A job is validated in chunks of kChunkEvents, and
// the writer, when it has nothing else to do, validates chunks too
// (ValidateAChunkHere): a lone batch is then checked by both threads at once
// instead of one (its acknowledgement waits on it). One writer thread, one
// validator thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/ingest/v1/ingest.pb.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::store {

class BatchValidator {
 public:
  static constexpr int kChunkEvents = 128;

  struct Job {
    const dxhub::ingest::v1::IngestRequest* request = nullptr;
    // One per event of `request`, in order: nullopt for a valid event.
    std::vector<std::optional<protocol::Rejection>> results;
    std::thread::id finished_on;  // the thread that validated the job's last chunk
    bool done() const { return done_.load(std::memory_order_acquire); }

   private:
    friend class BatchValidator;
    int chunks = 0;
    int next_chunk = 0;  // the next chunk to claim (under the validator's mutex)
    std::atomic<int> chunks_done{0};
    std::atomic<bool> done_{false};
  };

  explicit BatchValidator(protocol::ValidationLimits limits);
  ~BatchValidator();  // finishes the queued jobs, then joins
  BatchValidator(const BatchValidator&) = delete;
  BatchValidator& operator=(const BatchValidator&) = delete;

  // Creates the notification descriptor and starts the thread.
  Status Start();
  // Queues `job` (its chunks are claimed after those of every job queued before it).
  void Submit(Job* job);
  // Validates one queued chunk on the calling thread; false when no chunk is waiting.
  bool ValidateAChunkHere();
  // Readable (POLLIN) while a finished job has not been acknowledged by ClearNotification().
  int notify_fd() const { return notify_fd_; }
  void ClearNotification();
  // Blocks until a job finishes or `timeout` passes; clears the notification.
  void WaitForAJob(std::chrono::milliseconds timeout);

 private:
  void Loop();
  // The next chunk to validate (the front job's), or false; with mutex_ held.
  bool ClaimLocked(Job** job, int* chunk);
  void Validate(Job* job, int chunk);
  void Notify();

  const protocol::ValidationLimits limits_;
  int notify_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dxhub::store
