// The raw baselines the benchmarks measure beside dxhub, in the same run on
// the same bytes: RocksDB WriteBatches with the WAL synced per batch (what a
// store could do at most), and a forward scan of a column family with a
// protobuf parse per value (what a rebuild could do at most). One thread.
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dxhub::bench {

// Writes `values` under 8-byte big-endian keys 1..n into a new database at
// `dir` (removed after), `batch` values per WriteBatch, each written with
// sync = true; events/s, or 0 when a write failed (printed).
double RawSyncedWriteRate(const std::vector<std::string>& values, size_t batch, const std::filesystem::path& dir);

// One column family of a closed database, opened read-only (the raw scan
// reads the store's `events` with it; SynthesisePlace copies a place from it).
class ReadOnlyFamily {
 public:
  // nullptr when the database cannot be opened or has no such family (printed).
  static std::unique_ptr<ReadOnlyFamily> Open(const std::filesystem::path& db_dir, const std::string& family);
  ~ReadOnlyFamily();
  ReadOnlyFamily(const ReadOnlyFamily&) = delete;
  ReadOnlyFamily& operator=(const ReadOnlyFamily&) = delete;

  // An iterator over the family, in key order.
  std::unique_ptr<rocksdb::Iterator> NewIterator() const;

 private:
  ReadOnlyFamily() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* family_ = nullptr;
};

// Opens the closed database at `db_dir` read-only, scans `family` forward and
// parses every value as a dxhub.event.v1.StoredEvent; events/s, with the
// number scanned in `*count`; 0 when it cannot (printed).
double RawScanParseRate(const std::filesystem::path& db_dir, const std::string& family, uint64_t* count);

}  // namespace dxhub::bench
