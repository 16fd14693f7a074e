#include "dxhub/connector/publisher.h"

#include <random>

#include "dxhub/common/log.h"

namespace dxhub::connector {

using dxhub::wire::v1::ErrorCode;

Publisher::Publisher(zmq::context_t& context, client::Endpoint hub, PublishOptions options, ConnectorState& state)
    : Publisher(std::make_unique<client::ZmqTransport>(context, std::move(hub)), options, state) {}

Publisher::Publisher(std::unique_ptr<client::Transport> transport, PublishOptions options, ConnectorState& state,
                     Clock& clock)
    : client_(std::move(transport)), options_(options), state_(state), clock_(clock) {}

Result<PublishSummary> Publisher::Drain(const std::atomic<bool>* stop) {
  DXHUB_RETURN_IF_ERROR(client_.setup());
  auto log = Logger("connector");
  PublishSummary summary;
  std::map<uint64_t, std::vector<uint64_t>> in_flight;  // request id -> outbox ids
  uint64_t next_from = 0;
  int backoff_ms = 200;
  std::mt19937_64 jitter(std::random_device{}());
  // Giving up counts from the hub's last answer, not from the start: a hub
  // that answers (even "retry later") is reachable, however long the drain.
  SteadyTime last_heard = clock_.Monotonic();
  uint64_t batch_number = 0;

  auto back_off = [&](int at_least_ms) {
    ++summary.retries;
    client_.Reset();
    in_flight.clear();
    next_from = 0;
    const int wait = std::max(at_least_ms, backoff_ms) +
                     static_cast<int>(jitter() % static_cast<uint64_t>(backoff_ms / 2 + 1));
    clock_.SleepFor(std::chrono::milliseconds(wait));
    backoff_ms = std::min(backoff_ms * 2, options_.max_backoff_ms);
  };

  while (true) {
    if (stop && stop->load()) return summary;
    if (state_.outbox_size() == 0 && in_flight.empty()) {
      summary.drained = true;
      return summary;
    }
    const int give_up_after_s = options_.give_up_after_s.value_or(0);
    if (give_up_after_s > 0 && clock_.Monotonic() - last_heard > std::chrono::seconds(give_up_after_s)) {
      log->warn("hub not reachable for {} s; {} events wait in the outbox and will be sent on the next run",
                give_up_after_s, state_.outbox_size());
      summary.gave_up = true;
      return summary;
    }
    while (in_flight.size() < options_.window) {
      std::vector<OutboxEntry> entries;
      DXHUB_RETURN_IF_ERROR(state_.PeekOutbox(next_from, options_.batch_events, &entries));
      if (entries.empty()) break;
      dxhub::wire::v1::Request request;
      request.mutable_ingest()->set_batch_id("b" + std::to_string(++batch_number));
      std::vector<uint64_t> ids;
      for (auto& entry : entries) {
        ids.push_back(entry.id);
        *request.mutable_ingest()->add_events() = std::move(entry.event);
      }
      if (!client_.Send(request).ok()) break;
      next_from = ids.back() + 1;
      in_flight[request.request_id()] = std::move(ids);
      ++summary.batches_sent;
    }
    auto reply = client_.Receive(std::chrono::milliseconds(options_.timeout_ms));
    if (!reply.ok()) {
      log->warn("no acknowledgement from the hub: {}; {} events wait in the outbox; retrying in {} ms",
                reply.status().message(), state_.outbox_size(), backoff_ms);
      back_off(0);
      continue;
    }
    auto it = in_flight.find(reply->request_id());
    if (it == in_flight.end()) continue;
    last_heard = clock_.Monotonic();
    const std::vector<uint64_t> ids = std::move(it->second);
    in_flight.erase(it);
    if (reply->has_error() && reply->error().code() != ErrorCode::ERROR_CODE_UNSPECIFIED) {
      const auto code = reply->error().code();
      if (code == ErrorCode::ERROR_CODE_RATE_LIMITED || code == ErrorCode::ERROR_CODE_UNAVAILABLE) {
        log->info("hub asks to retry later: {}", reply->error().message());
        back_off(static_cast<int>(reply->error().retry_after_ms()));
        continue;
      }
      return Status::PermissionDenied("the hub refused a batch: " + dxhub::wire::v1::ErrorCode_Name(code) + ": " +
                                      reply->error().message());
    }
    backoff_ms = 200;
    const auto& acks = reply->ingest().acks();
    if (static_cast<size_t>(acks.size()) != ids.size()) {
      return Status::Internal("the hub acknowledged " + std::to_string(acks.size()) + " events of a batch of " +
                              std::to_string(ids.size()));
    }
    std::vector<uint64_t> done;
    std::vector<std::pair<uint64_t, std::string>> rejected;
    for (int i = 0; i < acks.size(); ++i) {
      const auto& ack = acks[i];
      switch (ack.status()) {
        case ingest::v1::ACK_STATUS_ACCEPTED: ++summary.accepted; done.push_back(ids[static_cast<size_t>(i)]); break;
        case ingest::v1::ACK_STATUS_DUPLICATE: ++summary.duplicates; done.push_back(ids[static_cast<size_t>(i)]); break;
        default: {
          ++summary.rejected;
          ++summary.rejected_by_code[ack.reason_code()];
          const std::string reason = ack.reason_code() + ": " + ack.reason();
          if (summary.rejection_examples.size() < 10) summary.rejection_examples.push_back(reason);
          log->error("hub rejected event {}: {}", ack.event_id().substr(0, 12), reason);
          rejected.emplace_back(ids[static_cast<size_t>(i)], reason);
        }
      }
    }
    DXHUB_RETURN_IF_ERROR(state_.Acknowledge(done, rejected));
  }
}

}  // namespace dxhub::connector
