#include "dxhub/connector/connector_state.h"

#include <rocksdb/write_batch.h>

#include "dxhub/kv/rocks_util.h"

namespace dxhub::connector {
namespace {

using kv::DecodeBe64;
using kv::EncodeBe64;
using kv::FromRocks;

constexpr char kHeadcount[] = "headcount";
constexpr char kCensus[] = "census";
constexpr char kProcessed[] = "processed/";

}  // namespace

Result<std::unique_ptr<ConnectorState>> ConnectorState::Open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {"default", {}}, {"snapshot", {}}, {"outbox", {}}, {"sent", {}}, {"rejected", {}}};
  std::unique_ptr<ConnectorState> state(new ConnectorState());
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(options, dir.string(), families, &state->handles_, &raw);
  if (!s.ok()) {
    return Status::IoError("cannot open the connector state in " + dir.string() + ": " + s.ToString() +
                           (s.IsIOError() ? " (is another dxconnect running with this state_dir?)" : ""));
  }
  state->db_.reset(raw);
  state->meta_ = state->handles_[0];
  state->snapshot_ = state->handles_[1];
  state->outbox_ = state->handles_[2];
  state->sent_ = state->handles_[3];
  state->rejected_ = state->handles_[4];
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), state->outbox_));
  it->SeekToFirst();
  if (it->Valid()) {
    state->outbox_head_ = DecodeBe64(it->key().ToStringView());
    it->SeekToLast();
    state->outbox_tail_ = DecodeBe64(it->key().ToStringView()) + 1;
  } else {
    std::string tail;
    if (raw->Get(rocksdb::ReadOptions(), state->meta_, "outbox_tail", &tail).ok()) {
      state->outbox_head_ = state->outbox_tail_ = DecodeBe64(tail);
    }
  }
  std::string headcount;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kHeadcount, &headcount).ok()) {
    state->last_headcount_ = DecodeBe64(headcount);
  }
  std::string census;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kCensus, &census).ok()) {
    dxhub::event::v1::Date d;
    if (d.ParseFromString(census)) state->last_census_ = d;
  }
  return state;
}

ConnectorState::~ConnectorState() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
}

Result<std::map<std::string, dxhub::event::v1::StaffRecord>> ConnectorState::LoadSnapshot() const {
  std::map<std::string, dxhub::event::v1::StaffRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), snapshot_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    dxhub::event::v1::StaffRecord r;
    if (!r.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("connector snapshot entry does not parse; delete state_dir to start afresh");
    }
    out.emplace(it->key().ToString(), std::move(r));
  }
  DXHUB_RETURN_IF_ERROR(FromRocks(it->status(), "reading the snapshot"));
  return out;
}

bool ConnectorState::WasProcessed(const std::string& fingerprint) const {
  std::string v;
  return db_->Get(rocksdb::ReadOptions(), meta_, kProcessed + fingerprint, &v).ok();
}

bool ConnectorState::WasEnqueued(const std::string& event_id) const {
  std::string v;
  return db_->Get(rocksdb::ReadOptions(), sent_, event_id, &v).ok();
}

Status ConnectorState::Enqueue(const EnqueueBatch& batch) {
  rocksdb::WriteBatch wb;
  uint64_t tail = outbox_tail_;
  for (const auto& e : batch.events) {
    wb.Put(outbox_, EncodeBe64(tail++), e.SerializeAsString());
    wb.Put(sent_, e.event_id(), "");
  }
  for (const auto& [key, record] : batch.snapshot_puts) wb.Put(snapshot_, key, record.SerializeAsString());
  for (const auto& key : batch.snapshot_deletes) wb.Delete(snapshot_, key);
  for (const auto& f : batch.processed_files) wb.Put(meta_, kProcessed + f, "");
  if (batch.headcount) wb.Put(meta_, kHeadcount, EncodeBe64(*batch.headcount));
  if (batch.census) wb.Put(meta_, kCensus, batch.census->SerializeAsString());
  wb.Put(meta_, "outbox_tail", EncodeBe64(tail));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &wb), "writing the outbox"));
  outbox_tail_ = tail;
  if (batch.headcount) last_headcount_ = batch.headcount;
  if (batch.census) last_census_ = batch.census;
  return Status::Ok();
}

Status ConnectorState::PeekOutbox(uint64_t from_id, size_t max, std::vector<OutboxEntry>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), outbox_));
  for (it->Seek(EncodeBe64(std::max(from_id, outbox_head_))); it->Valid() && out->size() < max; it->Next()) {
    OutboxEntry entry;
    entry.id = DecodeBe64(it->key().ToStringView());
    if (!entry.event.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("outbox entry " + std::to_string(entry.id) + " does not parse");
    }
    out->push_back(std::move(entry));
  }
  return FromRocks(it->status(), "reading the outbox");
}

Status ConnectorState::Acknowledge(const std::vector<uint64_t>& done,
                                   const std::vector<std::pair<uint64_t, std::string>>& rejected) {
  rocksdb::WriteBatch wb;
  for (uint64_t id : done) wb.Delete(outbox_, EncodeBe64(id));
  for (const auto& [id, reason] : rejected) {
    std::string value;
    if (db_->Get(rocksdb::ReadOptions(), outbox_, EncodeBe64(id), &value).ok()) {
      const std::string rec = EncodeBe64(static_cast<uint64_t>(reason.size())) + reason + value;
      wb.Put(rejected_, EncodeBe64(id), rec);
    }
    wb.Delete(outbox_, EncodeBe64(id));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &wb), "acknowledging outbox entries"));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), outbox_));
  it->SeekToFirst();
  outbox_head_ = it->Valid() ? DecodeBe64(it->key().ToStringView()) : outbox_tail_;
  return Status::Ok();
}

Status ConnectorState::Rejected(std::vector<std::pair<std::string, dxhub::event::v1::Event>>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), rejected_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view v = it->value().ToStringView();
    const uint64_t n = DecodeBe64(v.substr(0, 8));
    dxhub::event::v1::Event e;
    e.ParseFromArray(v.data() + 8 + n, static_cast<int>(v.size() - 8 - n));
    out->emplace_back(std::string(v.substr(8, n)), std::move(e));
  }
  return FromRocks(it->status(), "reading rejected events");
}

}  // namespace dxhub::connector
