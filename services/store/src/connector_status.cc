#include "dxhub/store/connector_status.h"

namespace dxhub::store {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::ingest::v1::ACK_STATUS_DUPLICATE;
using dxhub::ingest::v1::ACK_STATUS_REJECTED;

void ConnectorStatus::Stage(const std::string& connector, const std::string& org_id,
                            const dxhub::ingest::v1::IngestResponse& acks) {
  Staged s{connector, org_id};
  for (const auto& ack : acks.acks()) {
    if (ack.status() == ACK_STATUS_ACCEPTED) ++s.accepted;
    if (ack.status() == ACK_STATUS_DUPLICATE) ++s.duplicates;
    if (ack.status() == ACK_STATUS_REJECTED) ++s.rejected;
  }
  staged_.push_back(std::move(s));
}

void ConnectorStatus::Commit(Clock::time_point now) {
  for (const Staged& s : staged_) {
    Tally& t = connectors_[s.connector];
    t.org_id = s.org_id;
    t.accepted += s.accepted;
    t.rejected += s.rejected;
    if (s.accepted + s.duplicates > 0) {
      t.succeeded = true;
      t.last_batch = now;
    }
  }
  staged_.clear();
}

void ConnectorStatus::AddTo(dxhub::mgmt::v1::StatsResponse* stats, Clock::time_point now) const {
  auto add = [stats](const std::string& name, int64_t value, const std::string& connector, const std::string& org) {
    auto* c = stats->add_counters();
    c->set_name(name);
    c->set_value(value);
    (*c->mutable_labels())["connector"] = connector;
    (*c->mutable_labels())["org"] = org;
  };
  for (const auto& [connector, t] : connectors_) {
    add("connector_accepted_total", t.accepted, connector, t.org_id);
    add("connector_rejected_total", t.rejected, connector, t.org_id);
    if (!t.succeeded) continue;
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    add("connector_last_batch_unix", duration_cast<seconds>(t.last_batch.time_since_epoch()).count(), connector,
        t.org_id);
    add("connector_staleness_seconds", duration_cast<seconds>(now - t.last_batch).count(), connector, t.org_id);
  }
}

}  // namespace dxhub::store
