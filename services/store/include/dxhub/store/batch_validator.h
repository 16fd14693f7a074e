// Parses and validates ingest batches on a thread of its own, so that the
// store's writer thread stages and commits one group while the next batches
// are parsed and validated (issue 18: validation was 40% of the writer's time
// per event, parsing the request 8%). Parsing (protocol::DecodeRequest) and
// validation (protocol::ValidateEvent) are pure functions of the bytes and
// the limits; everything that reads the store's state (the org a key is bound
// to, the review cycles, duplicates) stays on the writer, which uses the
// results in the order the batches arrived.
//
// The writer submits a Job, keeps it (and the frames or request it points
// to) alive and unchanged until done() is true, and polls notify_fd(), which
// is readable once a job has finished. A job is parsed whole, then validated
// in chunks of kChunkEvents, and the writer, when it has nothing else to do,
// parses and validates too (ValidateAChunkHere): a lone batch is then checked
// by both threads at once instead of one (its acknowledgement waits on it).
// The writer also hands the thread what it is done with (Release), so that
// freeing thousands of events is not the writer's time either. One writer
// thread, one validator thread.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/ingest/v1/ingest.pb.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::store {

class BatchValidator {
 public:
  static constexpr int kChunkEvents = 128;

  struct Job {
    // Either `frames` and `decoded` (a ROUTER message's frames, identity
    // first, holding an ingest Request still encoded, which the job parses
    // into `decoded`) or `request` (a batch parsed already); the submitter
    // sets one.
    const std::vector<zmq::message_t>* frames = nullptr;
    dxhub::wire::v1::Request* decoded = nullptr;
    const dxhub::ingest::v1::IngestRequest* request = nullptr;  // set by the job when it parses `frames`
    // Why `frames` did not parse (protocol::DecodeRequest's answer); nothing is validated then.
    std::optional<dxhub::wire::v1::Error> decode_error;
    // One per event of `request`, in order: nullopt for a valid event.
    std::vector<std::optional<protocol::Rejection>> results;
    // For a parsed job, one per event: the bytes the valid event came in,
    // where they are as long as its encoding (they then parse to it: stored as
    // they came); empty otherwise (the event is serialised).
    std::vector<std::string_view> received;
    std::thread::id finished_on;  // the thread that validated the job's last chunk
    bool done() const { return done_.load(std::memory_order_acquire); }

   private:
    friend class BatchValidator;
    bool parse_claimed = false;
    int chunks = -1;     // known once parsed
    int next_chunk = 0;  // the next chunk to claim (under the validator's mutex)
    std::atomic<int> chunks_done{0};
    std::atomic<bool> done_{false};
  };

  explicit BatchValidator(protocol::ValidationLimits limits);
  ~BatchValidator();  // finishes the queued jobs, frees what was released, then joins
  BatchValidator(const BatchValidator&) = delete;
  BatchValidator& operator=(const BatchValidator&) = delete;

  // Creates the notification descriptor and starts the thread.
  Status Start();
  // Queues `job` (its work is claimed after that of every job queued before it).
  void Submit(Job* job);
  // Parses a queued job or validates one queued chunk on the calling thread;
  // false when no work is waiting.
  bool ValidateAChunkHere();
  // Readable (POLLIN) while a finished job has not been acknowledged by ClearNotification().
  int notify_fd() const { return notify_fd_; }
  void ClearNotification();
  // Blocks until a job finishes or `timeout` passes; clears the notification.
  void WaitForAJob(std::chrono::milliseconds timeout);

  // Frees `garbage` on the validator's thread, before it takes its next piece
  // of work (at once when the thread is not started).
  template <class T>
  void Release(T garbage) {
    ReleaseShared(std::make_shared<T>(std::move(garbage)));
  }

 private:
  static constexpr int kParse = -1;  // the piece of work that parses a job's frames

  void ReleaseShared(std::shared_ptr<void> garbage);
  void Loop();
  // The next piece of work (a job to parse, or a chunk of a parsed one), or false; with mutex_ held.
  bool ClaimLocked(Job** job, int* chunk);
  void Work(Job* job, int chunk);
  void Parse(Job* job);
  void Validate(Job* job, int chunk);
  void Finish(Job* job);
  void Notify();

  const protocol::ValidationLimits limits_;
  int notify_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  std::vector<std::shared_ptr<void>> garbage_;
  bool started_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dxhub::store
