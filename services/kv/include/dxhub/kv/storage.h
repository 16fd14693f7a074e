// What the store, the aggregator and the connector share around their RocksDB
// (issue 19 failure 1): RocksDB's info log sent to spdlog instead of a LOG file
// in the data directory, the file system it writes through (the real one, or a
// FaultFileSystem in tests), and the disk-space guard around every write: a
// write is refused below a minimum of free space, a failed one is reported as
// "disk full" naming the directory and its free bytes, and once space is back
// DB::Resume() clears RocksDB's stopped state so the process recovers without
// a restart. One Storage per database, declared before (so destroyed after)
// the rocksdb::DB it opened; used by the database's writer thread only.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/file_system.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::kv {

struct StorageOptions {
  std::string module = "rocksdb";  // spdlog logger RocksDB's own messages go to
  uint64_t min_free_bytes = 0;     // writes are refused while less is free
  std::string min_free_setting;    // the config setting for it, named in refusals ("limits.min_free_bytes")
  std::shared_ptr<rocksdb::FileSystem> file_system;  // null = the real one; tests pass a FaultFileSystem

  // Options for `module`'s database: no minimum, the real file system.
  static StorageOptions For(std::string module_name) {
    StorageOptions options;
    options.module = std::move(module_name);
    return options;
  }
};

class Storage {
 public:
  Storage(std::filesystem::path dir, StorageOptions options);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // Options with create_if_missing, create_missing_column_families, the
  // info log and the file system set; callers add their tuning.
  rocksdb::Options DbOptions() const;

  // Opens `dir` read-write. With `read_only_if_full`, a disk too full to open
  // read-write (or below the minimum) opens it read-only instead: reads work,
  // every Write() is refused as disk full, and read_only() is true until the
  // owner reopens read-write (see ReadyToReopen()). Handles are in the order
  // of `families`.
  Status Open(const rocksdb::Options& options, const std::vector<rocksdb::ColumnFamilyDescriptor>& families,
              bool read_only_if_full, std::vector<rocksdb::ColumnFamilyHandle*>* handles,
              std::unique_ptr<rocksdb::DB>* db);
  bool read_only() const { return read_only_; }
  // True when the database is read-only for lack of space and space is back.
  bool ReadyToReopen() const;

  // Writes `batch` with `wo`: refused (Unavailable, "disk full") below the
  // minimum or while read-only; resumes a database RocksDB stopped after a
  // failed write once space is back; converts a failure. OK = written (and
  // synced when wo.sync).
  Status Write(rocksdb::DB* db, const rocksdb::WriteOptions& wo, rocksdb::WriteBatch* batch, const std::string& what);

  // Bytes free to this process on the data directory's filesystem, as the
  // file system reports them; nullopt when it cannot tell.
  std::optional<uint64_t> FreeBytes() const;
  const std::filesystem::path& dir() const { return dir_; }
  uint64_t min_free_bytes() const { return options_.min_free_bytes; }
  // Writes refused or failed since start, and recoveries after them.
  uint64_t refused_writes() const { return refused_writes_; }
  uint64_t resumes() const { return resumes_; }

 private:
  Status CheckSpace(const std::string& what) const;
  Status DiskFull(const std::string& what, const std::string& detail) const;

  std::filesystem::path dir_;
  StorageOptions options_;
  std::shared_ptr<rocksdb::FileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;  // a composite Env over fs_ when it is not the default
  std::shared_ptr<rocksdb::Logger> info_log_;
  bool read_only_ = false;
  bool write_failed_ = false;  // RocksDB may be stopped: Resume() before the next write
  uint64_t refused_writes_ = 0;
  uint64_t resumes_ = 0;
};

}  // namespace dxhub::kv
