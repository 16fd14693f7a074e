// The aggregator's own RocksDB: the indicator inputs it has applied (as
// State::InputOf keeps them, one entry per applied chunk), the checkpoint (next seq to apply), the
// published cubes and the restatement log. Layout in docs/storage.md.
// Every applied chunk of events is one WriteBatch holding the state changes
// and the new checkpoint, so a kill leaves either all or none of it. Owned
// and used by the service thread only.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dxhub/aggregator/state.h"
#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/common/status.h"
#include "dxhub/kv/storage.h"

namespace dxhub::aggregator {

using CubeKey = std::pair<std::string, int64_t>;  // (scope, census day)
using dxhub::aggregator::v1::Restatement;
using dxhub::aggregator::v1::StoredCube;

class StateStore {
 public:
  // Opens (creating if missing) the state under `dir`.
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& dir);
  // Deletes the state under `dir` (for --rebuild). The directory must not be open.
  static Status Destroy(const std::filesystem::path& dir);
  ~StateStore();

  // The next sequence number to apply (1 when nothing has been applied).
  uint64_t next_seq() const { return next_seq_; }

  // Applies every stored input to `state`, in seq order (as they were applied).
  Status LoadState(State& state) const;
  Status LoadCubes(std::map<CubeKey, StoredCube>* cubes) const;
  Status LoadRestatements(std::vector<Restatement>* out) const;

  // Adds the inputs of one applied chunk, (seq, State::InputOf) in seq order,
  // to `batch`: one entry under the first one's seq (EncodeInputChunk; issue
  // 18: an entry per input cost a memtable insert each, a sixth of catch-up).
  void StageInputs(rocksdb::WriteBatch& batch, const std::vector<std::pair<uint64_t, StateInput>>& inputs);
  void StageCube(rocksdb::WriteBatch& batch, const CubeKey& key, const StoredCube& cube) const;
  void StageRestatement(rocksdb::WriteBatch& batch, const Restatement& r) const;
  // Writes `batch` plus the checkpoint `next_seq` atomically. Done = visible
  // and in the WAL (not fsynced: survives a process kill, not a power cut).
  Status Commit(rocksdb::WriteBatch& batch, uint64_t next_seq);
  // Writes `batch` (cubes, restatements) without moving the checkpoint.
  Status Write(rocksdb::WriteBatch& batch);

 private:
  StateStore() = default;

  std::unique_ptr<kv::Storage> storage_;  // outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* inputs_ = nullptr;
  rocksdb::ColumnFamilyHandle* cubes_ = nullptr;
  rocksdb::ColumnFamilyHandle* restatements_ = nullptr;
  uint64_t next_seq_ = 1;
  std::string chunk_;  // StageInputs' encoding, its capacity reused
};

// A chunk of inputs as the `inputs` family holds it: for each, its seq and its
// StateInput encoding's length (varints), then the encoding. Appended to `*out`.
void EncodeInputChunk(const std::vector<std::pair<uint64_t, StateInput>>& inputs, std::string* out);
// Calls `each(seq, input)` for every input of a chunk, in order; Corruption
// when the bytes do not decode, or seqs do not rise from `first_seq` (the key's).
Status DecodeInputChunk(uint64_t first_seq, std::string_view chunk,
                        const std::function<Status(uint64_t, const StateInput&)>& each);

// Day numbers (possibly negative) shifted to sort as unsigned (big-endian,
// like dxhub::kv::EncodeBe64).
std::string EncodeDay(int64_t day);
int64_t DecodeDay(std::string_view bytes);

}  // namespace dxhub::aggregator
