#include "dxhub/kv/fault_file_system.h"

namespace dxhub::kv {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// A writable file whose appends and syncs ask the FaultFileSystem first.
class FaultWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::unique_ptr<rocksdb::FSWritableFile> target, FaultFileSystem* fs, std::string name)
      : FSWritableFileOwnerWrapper(std::move(target)), fs_(fs), name_(std::move(name)) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    if (auto s = fs_->Check("append to " + name_, false); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Append(data, options, dbg);
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    if (auto s = fs_->Check("append to " + name_, false); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    if (auto s = fs_->Check("append to " + name_, false); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
    if (auto s = fs_->Check("append to " + name_, false); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, info, dbg);
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    if (auto s = fs_->Check("sync " + name_, true); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Sync(options, dbg);
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    if (auto s = fs_->Check("fsync " + name_, true); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Fsync(options, dbg);
  }
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options, IODebugContext* dbg) override {
    if (auto s = fs_->Check("sync " + name_, true); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::RangeSync(offset, nbytes, options, dbg);
  }

 private:
  FaultFileSystem* fs_;
  std::string name_;
};

}  // namespace

FaultFileSystem::FaultFileSystem(std::shared_ptr<rocksdb::FileSystem> target)
    : rocksdb::FileSystemWrapper(target) {}

void FaultFileSystem::ReportFreeBytes(std::optional<uint64_t> bytes) {
  free_bytes_.store(bytes.value_or(0));
  report_free_.store(bytes.has_value());
}

IOStatus FaultFileSystem::Check(const std::string& operation, bool sync) {
  const Fault fault = fault_.load();
  if (fault == Fault::kNone || (fault == Fault::kSyncFails && !sync)) return IOStatus::OK();
  ++injected_;
  if (fault == Fault::kNoSpace) {
    IOStatus s = IOStatus::NoSpace("injected", operation + ": No space left on device");
    s.SetRetryable(true);
    return s;
  }
  return IOStatus::IOError("injected", operation + ": Input/output error");
}

IOStatus FaultFileSystem::Wrap(const std::string& name, IOStatus opened,
                               std::unique_ptr<rocksdb::FSWritableFile>* result) {
  if (opened.ok()) *result = std::make_unique<FaultWritableFile>(std::move(*result), this, name);
  return opened;
}

IOStatus FaultFileSystem::NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                          std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  if (auto s = Check("create " + name, false); !s.ok()) return s;
  return Wrap(name, target()->NewWritableFile(name, options, result, dbg), result);
}

IOStatus FaultFileSystem::ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                             std::unique_ptr<rocksdb::FSWritableFile>* result,
                                             IODebugContext* dbg) {
  if (auto s = Check("reopen " + name, false); !s.ok()) return s;
  return Wrap(name, target()->ReopenWritableFile(name, options, result, dbg), result);
}

IOStatus FaultFileSystem::ReuseWritableFile(const std::string& name, const std::string& old_name,
                                            const rocksdb::FileOptions& options,
                                            std::unique_ptr<rocksdb::FSWritableFile>* result,
                                            IODebugContext* dbg) {
  if (auto s = Check("create " + name, false); !s.ok()) return s;
  return Wrap(name, target()->ReuseWritableFile(name, old_name, options, result, dbg), result);
}

IOStatus FaultFileSystem::GetFreeSpace(const std::string& path, const IOOptions& options, uint64_t* free,
                                       IODebugContext* dbg) {
  if (report_free_.load()) {
    *free = free_bytes_.load();
    return IOStatus::OK();
  }
  return target()->GetFreeSpace(path, options, free, dbg);
}

}  // namespace dxhub::kv
