// A RocksDB FileSystem that fails on demand, for tests (STYLE point 6): from
// Inject() on, every write through it fails with ENOSPC ("No space left on
// device", RocksDB's NoSpace), EIO, or only its syncs fail; Clear() makes it
// the real file system again. It can also report a chosen number of free
// bytes. Linked by tests only (target dxhub::kv_fault), never by a service.
// Thread-safe: RocksDB's background threads write through it too.
#pragma once

#include <rocksdb/file_system.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace dxhub::kv {

enum class Fault {
  kNone,
  kNoSpace,     // creating, appending to or syncing a file fails with ENOSPC
  kIoError,     // the same with EIO
  kSyncFails,   // only fsync/fdatasync fail (EIO); appends succeed
};

class FaultFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultFileSystem(std::shared_ptr<rocksdb::FileSystem> target = rocksdb::FileSystem::Default());

  static const char* kClassName() { return "DxhubFaultFileSystem"; }
  const char* Name() const override { return kClassName(); }

  void Inject(Fault fault) { fault_.store(fault); }
  void Clear() { fault_.store(Fault::kNone); }
  Fault fault() const { return fault_.load(); }
  // GetFreeSpace reports `bytes` (nullopt: what the real file system says).
  void ReportFreeBytes(std::optional<uint64_t> bytes);
  // Operations failed on purpose so far.
  uint64_t injected() const { return injected_.load(); }

  // The IOStatus an operation gets now: OK, or the injected failure
  // (`sync` says whether the operation is a sync).
  rocksdb::IOStatus Check(const std::string& operation, bool sync);

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus GetFreeSpace(const std::string& path, const rocksdb::IOOptions& options, uint64_t* free,
                                 rocksdb::IODebugContext* dbg) override;

 private:
  rocksdb::IOStatus Wrap(const std::string& name, rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* result);

  std::atomic<Fault> fault_{Fault::kNone};
  std::atomic<uint64_t> injected_{0};
  std::atomic<bool> report_free_{false};
  std::atomic<uint64_t> free_bytes_{0};
};

}  // namespace dxhub::kv
