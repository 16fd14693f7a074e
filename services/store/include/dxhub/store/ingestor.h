// Decides the fate of ingested events for one group commit: validates each
// event, checks the authenticated org, deduplicates against the log and the
// events staged alongside it, assigns sequence numbers and stages dead
// letters; Commit() then writes everything with one WAL sync. It also keeps
// the latest state of every peer-review cycle (from the review_cycle events
// it stores) to refuse a self-assessment for another organisation, a review
// the sender is not paired for, or either outside an open cycle. Owned and used
// by the store's single writer thread only.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dxhub/common/principal.h"
#include "dxhub/ingest/v1/ingest.pb.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/store/event_log.h"
#include "dxhub/store/store_config.h"

namespace dxhub::store {

// Counters the store reports through the management namespace.
struct IngestCounters {
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  uint64_t security_events = 0;
  uint64_t commits = 0;
  uint64_t commit_failures = 0;
  std::map<std::string, uint64_t> rejected_by_code;
};

// The validation limits the store applies (its limits on strings and events).
protocol::ValidationLimits ValidationLimitsOf(const StoreLimits& limits);

class Ingestor {
 public:
  Ingestor(EventSink* log, const StoreLimits& limits);

  // Stages `request` from `who` and fills `response` with one ack per event.
  // The acks hold only once Commit() succeeds. The events it accepts are
  // moved out of `request` (the others stay as they came).
  void Stage(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
             dxhub::ingest::v1::IngestResponse* response);
  // The same with each event's validation done beforehand (BatchValidator):
  // `validated[i]` is protocol::ValidateEvent of event i under
  // ValidationLimitsOf(limits), one per event. `received`, empty or one per
  // event, holds bytes that parse to event i (BatchValidator::Job::received),
  // or an empty view: an accepted event's StoredEvent is then made of those
  // bytes (StoredEventBytes) instead of serialised; they must outlive Commit().
  void Stage(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
             const std::vector<std::optional<protocol::Rejection>>& validated,
             dxhub::ingest::v1::IngestResponse* response, const std::vector<std::string_view>& received = {});
  // The same for a request the caller keeps: the accepted events are copied.
  void Stage(const Principal& who, const dxhub::ingest::v1::IngestRequest& request,
             dxhub::ingest::v1::IngestResponse* response);

  // Stages a dead letter for input that never became an event.
  void StageDeadLetter(const std::string& org_id, const std::string& code, const std::string& reason,
                       std::string_view raw, bool security = false, const std::string& event_id = "");

  bool empty() const { return batch_.events.empty() && batch_.dead_letters.empty(); }
  size_t staged_events() const { return batch_.events.size(); }

  // The connector tallies (ConnectorStatus::Encoded) to write with the staged work.
  void StageConnectorTallies(std::map<std::string, std::string> tallies) {
    batch_.connector_tallies = std::move(tallies);
  }

  // Writes all staged work durably. On success `committed` receives the new
  // events and, when given, `encoded` their encodings as written (for
  // publishing: each event is serialised once); on failure nothing was stored
  // and the caller must not send the staged acks. Either way the stage is emptied.
  Status Commit(std::vector<StoredEvent>* committed, std::vector<std::string>* encoded = nullptr);

  const IngestCounters& counters() const { return counters_; }

  // Records a committed review_cycle event (the server replays them at start).
  void RememberCycle(const dxhub::event::v1::ReviewCycle& cycle) { cycles_[cycle.cycle_id()] = cycle; }

  // True (once) when the last Stage() could not check an event for
  // duplicates; its reply must then be UNAVAILABLE so the batch is resent
  // (events of it that were staged become duplicates on the resend).
  bool TakeLookupFailure() { return std::exchange(lookup_failed_, false); }

 private:
  // Stage() with `validated` (nullptr: each event is validated here).
  void StageRequest(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
                    const std::vector<std::optional<protocol::Rejection>>* validated,
                    const std::vector<std::string_view>& received, dxhub::ingest::v1::IngestResponse* response);
  // Fills `ack` for `event`; `stored` is the log's answer to the duplicate
  // check of its id (looked up for the whole request at once); `validated`
  // its validation done beforehand, or nullptr; `received` bytes that parse
  // to it, or empty. An accepted event is moved out of `event`.
  void Decide(const Principal& who, dxhub::event::v1::Event* event, const Result<std::optional<uint64_t>>& stored,
              const std::optional<protocol::Rejection>* validated, std::string_view received,
              dxhub::ingest::v1::EventAck* ack);
  // The peer-review rules (SPEC section 5): nullopt when the event may be stored.
  std::optional<protocol::Rejection> CheckReviewRules(const dxhub::event::v1::Event& event) const;
  const dxhub::event::v1::ReviewCycle* FindCycle(const std::string& cycle_id) const;
  void Reject(dxhub::ingest::v1::EventAck* ack, const std::string& org_id, const dxhub::event::v1::Event& event,
              const std::string& code, const std::string& reason, bool security);

  EventSink* log_;
  StoreLimits limits_;
  protocol::ValidationLimits validation_;
  CommitBatch batch_;
  std::unordered_map<std::string, uint64_t> staged_ids_;  // event_id -> seq, this group only
  IngestCounters counters_;
  IngestCounters staged_counters_;
  bool lookup_failed_ = false;
  std::map<std::string, dxhub::event::v1::ReviewCycle> cycles_;         // committed, latest state
  std::map<std::string, dxhub::event::v1::ReviewCycle> staged_cycles_;  // this group only
};

}  // namespace dxhub::store
