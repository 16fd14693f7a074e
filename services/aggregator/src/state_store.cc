#include "dxhub/aggregator/state_store.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <climits>

#include "dxhub/kv/rocks_util.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::aggregator {
namespace {

constexpr char kCfInputs[] = "inputs";
constexpr char kCfCubes[] = "cubes";
constexpr char kCfRestatements[] = "restatements";
constexpr char kCheckpointKey[] = "checkpoint";
constexpr char kFormatValue[] = "dxhub-aggregator-3";
constexpr uint64_t kDayBias = uint64_t{1} << 63;

// Calls `f(value)` for every entry of `cf` in key order.
template <typename F>
Status ForEach(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const char* what, F&& f) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) DXHUB_RETURN_IF_ERROR(f(it->key(), it->value()));
  return kv::FromRocks(it->status(), std::string("reading ") + what);
}

}  // namespace

std::string EncodeDay(int64_t day) { return kv::EncodeBe64(static_cast<uint64_t>(day) ^ kDayBias); }
int64_t DecodeDay(std::string_view bytes) { return static_cast<int64_t>(kv::DecodeBe64(bytes) ^ kDayBias); }

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir.string() + ": cannot create data directory: " + ec.message());
  std::unique_ptr<StateStore> store(new StateStore());
  store->storage_ = std::make_unique<kv::Storage>(dir, kv::StorageOptions::For("aggregator"));
  rocksdb::Options options = store->storage_->DbOptions();
  options.IncreaseParallelism(2);
  // Memtables of 8 MiB, not RocksDB's 64 MiB per column family: the state is
  // written once per chunk and read back only at start, so large memtables
  // were resident memory growing with the history (issue 18) for nothing.
  rocksdb::ColumnFamilyOptions family_options;
  family_options.write_buffer_size = size_t{8} << 20;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), kCfInputs, kCfCubes, kCfRestatements}) {
    families.emplace_back(name, family_options);
  }
  // A directory of another format has other families; RocksDB opens it only
  // with all of them, and then the format marker says what to do.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(options, dir.string(), &existing).ok()) {
    for (const std::string& name : existing) {
      auto same = [&](const rocksdb::ColumnFamilyDescriptor& f) { return f.name == name; };
      if (std::none_of(families.begin(), families.end(), same)) families.emplace_back(name, family_options);
    }
  }
  DXHUB_RETURN_IF_ERROR(store->storage_->Open(options, families, /*read_only_if_full=*/false, &store->handles_,
                                              &store->db_));
  rocksdb::DB* db = store->db_.get();
  store->meta_ = store->handles_[0];
  store->inputs_ = store->handles_[1];
  store->cubes_ = store->handles_[2];
  store->restatements_ = store->handles_[3];

  DXHUB_RETURN_IF_ERROR(kv::EnsureFormat(db, store->meta_, kFormatValue, "run with --rebuild to recreate it"));
  std::string value;
  auto s = db->Get(rocksdb::ReadOptions(), store->meta_, kCheckpointKey, &value);
  if (s.ok()) store->next_seq_ = kv::DecodeBe64(value);
  else if (!s.IsNotFound()) return kv::FromRocks(s, "reading checkpoint");
  return store;
}

Status StateStore::Destroy(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) return Status::IoError(dir.string() + ": cannot remove: " + ec.message());
  return Status::Ok();
}

StateStore::~StateStore() {
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
}

Status StateStore::LoadState(State& state) const {
  return ForEach(db_.get(), inputs_, "inputs", [&](const rocksdb::Slice& key, const rocksdb::Slice& value) {
    Status s = key.size() != 8 ? Status::Corruption("the key is not a seq")
                               : DecodeInputChunk(kv::DecodeBe64(key.ToStringView()), value.ToStringView(),
                                                  [&](uint64_t seq, const StateInput& input) {
                                                    (void)state.Apply(input, seq);
                                                    return Status::Ok();
                                                  });
    if (!s.ok()) {
      return Status::Corruption("unreadable stored inputs (key " + key.ToString(/*hex=*/true) + "): " + s.message() +
                                "; run with --rebuild");
    }
    return Status::Ok();
  });
}

Status StateStore::LoadCubes(std::map<CubeKey, StoredCube>* cubes) const {
  return ForEach(db_.get(), cubes_, "cubes", [&](const rocksdb::Slice&, const rocksdb::Slice& value) {
    StoredCube c;
    if (!c.ParseFromArray(value.data(), static_cast<int>(value.size()))) return Status::Corruption("unreadable cube");
    (*cubes)[{c.cube().scope(), protocol::DaysFromCivil(c.cube().census_date())}] = std::move(c);
    return Status::Ok();
  });
}

Status StateStore::LoadRestatements(std::vector<Restatement>* out) const {
  return ForEach(db_.get(), restatements_, "restatements", [&](const rocksdb::Slice&, const rocksdb::Slice& value) {
    Restatement r;
    if (!r.ParseFromArray(value.data(), static_cast<int>(value.size()))) return Status::Corruption("unreadable restatement");
    out->push_back(std::move(r));
    return Status::Ok();
  });
}

void StateStore::StageInputs(rocksdb::WriteBatch& batch, const std::vector<std::pair<uint64_t, StateInput>>& inputs) {
  if (inputs.empty()) return;
  chunk_.clear();
  EncodeInputChunk(inputs, &chunk_);
  batch.Put(inputs_, kv::EncodeBe64(inputs.front().first), chunk_);
}

void EncodeInputChunk(const std::vector<std::pair<uint64_t, StateInput>>& inputs, std::string* out) {
  using google::protobuf::io::CodedOutputStream;
  for (const auto& [seq, input] : inputs) {
    const size_t size = input.ByteSizeLong();
    uint8_t head[20];
    uint8_t* end = CodedOutputStream::WriteVarint64ToArray(seq, head);
    end = CodedOutputStream::WriteVarint64ToArray(size, end);
    out->append(reinterpret_cast<const char*>(head), static_cast<size_t>(end - head));
    const size_t at = out->size();
    out->resize(at + size);
    input.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out->data() + at));
  }
}

Status DecodeInputChunk(uint64_t first_seq, std::string_view chunk,
                        const std::function<Status(uint64_t, const StateInput&)>& each) {
  if (chunk.size() > static_cast<size_t>(INT_MAX)) return Status::Corruption("a chunk of inputs over 2 GiB");
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(chunk.data()),
                                            static_cast<int>(chunk.size()));
  uint64_t previous = 0;
  StateInput input;
  while (static_cast<size_t>(in.CurrentPosition()) < chunk.size()) {
    uint64_t seq = 0;
    uint32_t size = 0;
    if (!in.ReadVarint64(&seq) || !in.ReadVarint32(&size)) return Status::Corruption("an input's seq or length is cut off");
    if (previous == 0 ? seq != first_seq : seq <= previous) {
      return Status::Corruption("input seq " + std::to_string(seq) + " out of order (after " +
                                std::to_string(previous == 0 ? first_seq : previous) + ")");
    }
    const size_t at = static_cast<size_t>(in.CurrentPosition());
    if (size > chunk.size() - at || !input.ParseFromArray(chunk.data() + at, static_cast<int>(size))) {
      return Status::Corruption("input seq " + std::to_string(seq) + " does not parse");
    }
    in.Skip(static_cast<int>(size));
    DXHUB_RETURN_IF_ERROR(each(seq, input));
    previous = seq;
  }
  return Status::Ok();
}

void StateStore::StageCube(rocksdb::WriteBatch& batch, const CubeKey& key, const StoredCube& cube) const {
  batch.Put(cubes_, key.first + '\0' + EncodeDay(key.second), cube.SerializeAsString());
}

void StateStore::StageRestatement(rocksdb::WriteBatch& batch, const Restatement& r) const {
  batch.Put(restatements_, kv::EncodeBe64(r.id()), r.SerializeAsString());
}

Status StateStore::Commit(rocksdb::WriteBatch& batch, uint64_t next_seq) {
  batch.Put(meta_, kCheckpointKey, kv::EncodeBe64(next_seq));
  DXHUB_RETURN_IF_ERROR(Write(batch));
  next_seq_ = next_seq;
  return Status::Ok();
}

Status StateStore::Write(rocksdb::WriteBatch& batch) {
  return storage_->Write(db_.get(), rocksdb::WriteOptions(), &batch, "writing aggregator state");
}

}  // namespace dxhub::aggregator
