#include "dxhub/store/connector_status.h"

#include "dxhub/kv/rocks_util.h"

namespace dxhub::store {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::ingest::v1::ACK_STATUS_DUPLICATE;
using dxhub::ingest::v1::ACK_STATUS_REJECTED;

namespace {

// Encoded tally (docs/storage.md): accepted, rejected, last successful batch
// in microseconds since the epoch (0: none yet), each 8 bytes big-endian, then
// the org id.
constexpr size_t kFixedBytes = 24;

}  // namespace

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

void ConnectorStatus::Apply(std::map<std::string, Tally>& tallies, Clock::time_point now) const {
  for (const Staged& s : staged_) {
    Tally& t = tallies[s.connector];
    t.org_id = s.org_id;
    t.accepted += s.accepted;
    t.rejected += s.rejected;
    if (s.accepted + s.duplicates > 0) {
      t.succeeded = true;
      t.last_batch = now;
    }
  }
}

std::map<std::string, std::string> ConnectorStatus::Encoded(Clock::time_point now) const {
  std::map<std::string, Tally> touched;
  for (const Staged& s : staged_) {
    auto it = connectors_.find(s.connector);
    touched[s.connector] = it == connectors_.end() ? Tally{} : it->second;
  }
  Apply(touched, now);
  std::map<std::string, std::string> out;
  for (const auto& [connector, t] : touched) out[connector] = Encode(t);
  return out;
}

void ConnectorStatus::Commit(Clock::time_point now) {
  Apply(connectors_, now);
  staged_.clear();
}

Status ConnectorStatus::Restore(const std::map<std::string, std::string>& encoded) {
  std::map<std::string, Tally> restored;
  for (const auto& [connector, bytes] : encoded) {
    if (!Decode(bytes, &restored[connector])) {
      return Status::Corruption("the kept completeness figures of connector '" + connector + "' (" +
                                std::to_string(bytes.size()) + " bytes) do not decode; restore the store from backup");
    }
  }
  connectors_ = std::move(restored);
  return Status::Ok();
}

std::string ConnectorStatus::Encode(const Tally& t) {
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  const int64_t last = t.succeeded ? duration_cast<microseconds>(t.last_batch.time_since_epoch()).count() : 0;
  return kv::EncodeBe64(static_cast<uint64_t>(t.accepted)) + kv::EncodeBe64(static_cast<uint64_t>(t.rejected)) +
         kv::EncodeBe64(static_cast<uint64_t>(last)) + t.org_id;
}

bool ConnectorStatus::Decode(std::string_view bytes, Tally* t) {
  if (bytes.size() < kFixedBytes) return false;
  t->accepted = static_cast<int64_t>(kv::DecodeBe64(bytes.substr(0, 8)));
  t->rejected = static_cast<int64_t>(kv::DecodeBe64(bytes.substr(8, 8)));
  const auto last = static_cast<int64_t>(kv::DecodeBe64(bytes.substr(16, 8)));
  t->succeeded = last > 0;
  t->last_batch = Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(last)));
  t->org_id = std::string(bytes.substr(kFixedBytes));
  return t->accepted >= 0 && t->rejected >= 0 && last >= 0;
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
