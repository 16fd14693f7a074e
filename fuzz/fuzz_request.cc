// Request and batch decoding, as the store's ingest socket does it without
// the socket (StoreServer::Handle and Dispatch): the input is the message's
// frames joined by kFrameSeparator; protocol::DecodeRequest turns them into a
// Request (or the wire error to answer), RequestIdOf picks the id to echo, and
// an ingest batch within max_batch_events goes through Ingestor::Stage (the
// validation, org, duplicate and peer-review rules) and Commit into an
// in-memory event log. The sender is a connector bound to the first event's
// org, a service or an admin key, chosen by request_id % 3. Checked: one ack
// per event, sequence numbers and dead-letter ids contiguous, every accepted
// event stored once.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <zmq.hpp>

#include "dxhub/common/principal.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/store/ingestor.h"
#include "fuzz_target.h"

namespace {

using dxhub::Principal;
using dxhub::Result;
using dxhub::Role;
using dxhub::Status;
using dxhub::store::CommitBatch;

constexpr std::string_view kFrameSeparator = "|FRAME|";

// The event log's contract, kept in memory; a broken promise of the Ingestor is a crash.
class MemoryLog : public dxhub::store::EventSink {
 public:
  uint64_t head_seq() const override { return head_seq_; }
  uint64_t dead_letter_head() const override { return dead_letter_head_; }
  Result<std::optional<uint64_t>> FindEventId(const std::string& event_id) const override {
    const auto it = ids_.find(event_id);
    if (it == ids_.end()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(it->second);
  }
  Status Commit(const CommitBatch& batch) override {
    for (const auto& stored : batch.events) {
      if (stored.seq() != head_seq_ + 1) dxhub::fuzz::Broken("sequence numbers not gap-free");
      if (!ids_.emplace(stored.event().event_id(), stored.seq()).second) {
        dxhub::fuzz::Broken("an event id stored twice");
      }
      ++head_seq_;
    }
    for (const auto& letter : batch.dead_letters) {
      if (letter.id() != dead_letter_head_ + 1) dxhub::fuzz::Broken("dead-letter ids not contiguous");
      ++dead_letter_head_;
    }
    return Status::Ok();
  }

 private:
  uint64_t head_seq_ = 0;
  uint64_t dead_letter_head_ = 0;
  std::map<std::string, uint64_t> ids_;
};

std::vector<zmq::message_t> SplitFrames(std::string_view input) {
  std::vector<zmq::message_t> frames;
  while (true) {
    const size_t at = input.find(kFrameSeparator);
    frames.emplace_back(input.substr(0, at).data(), input.substr(0, at).size());
    if (at == std::string_view::npos) return frames;
    input.remove_prefix(at + kFrameSeparator.size());
  }
}

Principal SenderFor(const dxhub::wire::v1::Request& request) {
  const auto& events = request.ingest().events();
  switch (request.request_id() % 3) {
    case 0:
      return {"fuzz-connector", Role::kConnector, events.empty() ? "FUZZ" : events[0].org_id(), "k1"};
    case 1:
      return {"fuzz-service", Role::kService, "", "k2"};
    default:
      return {"fuzz-admin", Role::kAdmin, "", "k3"};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dxhub::fuzz::QuietLogging();
  const auto frames = SplitFrames(dxhub::fuzz::AsText(data, size));
  (void)dxhub::protocol::RequestIdOf(frames, 0);
  dxhub::wire::v1::Request request;
  if (auto error = dxhub::protocol::DecodeRequest(frames, 0, &request)) {
    if (error->message().empty()) dxhub::fuzz::Broken("a wire error without a message");
    return 0;
  }
  if (request.body_case() != dxhub::wire::v1::Request::kIngest) return 0;
  const dxhub::store::StoreLimits limits;
  if (static_cast<size_t>(request.ingest().events_size()) > limits.max_batch_events) return 0;

  MemoryLog log;
  dxhub::store::Ingestor ingestor(&log, limits);
  const Principal who = SenderFor(request);
  // Twice: the second time what was stored is a duplicate (MemoryLog checks it is not stored again).
  for (int round = 0; round < 2; ++round) {
    dxhub::ingest::v1::IngestResponse response;
    ingestor.Stage(who, request.ingest(), &response);
    if (response.acks_size() != request.ingest().events_size()) dxhub::fuzz::Broken("not one ack per event");
    std::vector<dxhub::store::StoredEvent> committed;
    if (!ingestor.Commit(&committed).ok()) dxhub::fuzz::Broken("a commit to memory failed");
  }
  return 0;
}
