#include "dxhub/kv/storage.h"

#include <rocksdb/listener.h>

#include <algorithm>

#include "dxhub/common/log.h"
#include "dxhub/kv/rocks_logger.h"
#include "dxhub/kv/rocks_util.h"

namespace dxhub::kv {
namespace {

// Room a read-write open needs at least (a new MANIFEST, OPTIONS file and WAL).
constexpr uint64_t kReopenFloorBytes = 1 << 20;

// Turns off RocksDB's own recovery from a disk-full error (its free-space
// poller would hold the database "busy", refusing Resume(), for seconds):
// Storage::Write resumes it on the writer's thread once space is back.
class NoAutoRecovery : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status error, bool* auto_recovery) override {
    if (error.IsNoSpace()) *auto_recovery = false;
  }
};

}  // namespace

Storage::Storage(std::filesystem::path dir, StorageOptions options)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      fs_(options_.file_system ? options_.file_system : rocksdb::FileSystem::Default()),
      info_log_(MakeRocksLogger(options_.module)) {
  if (options_.file_system) env_ = rocksdb::NewCompositeEnv(fs_);
}

Storage::~Storage() = default;

rocksdb::Options Storage::DbOptions() const {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.info_log = info_log_;  // never a LOG file in the data directory
  options.info_log_level = rocksdb::InfoLogLevel::INFO_LEVEL;
  // Storage::Write resumes after a failed write itself (see NoAutoRecovery).
  options.listeners.push_back(std::make_shared<NoAutoRecovery>());
  if (env_) options.env = env_.get();
  return options;
}

std::optional<uint64_t> Storage::FreeBytes() const {
  uint64_t free = 0;
  if (!fs_->GetFreeSpace(dir_.string(), rocksdb::IOOptions(), &free, nullptr).ok()) return std::nullopt;
  return free;
}

Status Storage::DiskFull(const std::string& what, const std::string& detail) const {
  const auto free = FreeBytes();
  std::string message = "disk full while " + what + ": the data directory " + dir_.string() + " has " +
                        (free ? std::to_string(*free) : std::string("an unknown number of")) + " bytes free";
  if (options_.min_free_bytes > 0) {
    message += " (writes stop below " + std::to_string(options_.min_free_bytes) + " bytes" +
               (options_.min_free_setting.empty() ? "" : ", " + options_.min_free_setting) + ")";
  }
  message += "; free space on that filesystem or grow it: writing resumes by itself, no restart needed";
  if (!detail.empty()) message += " [" + detail + "]";
  return Status::Unavailable(message);
}

Status Storage::CheckSpace(const std::string& what) const {
  if (options_.min_free_bytes == 0) return Status::Ok();
  const auto free = FreeBytes();
  if (!free || *free >= options_.min_free_bytes) return Status::Ok();
  return DiskFull(what, "");
}

Status Storage::Open(const rocksdb::Options& options, const std::vector<rocksdb::ColumnFamilyDescriptor>& families,
                     bool read_only_if_full, std::vector<rocksdb::ColumnFamilyHandle*>* handles,
                     std::unique_ptr<rocksdb::DB>* db) {
  const std::string what = "opening the database in " + dir_.string();
  const Status space = CheckSpace(what);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (space.ok() || !read_only_if_full) s = rocksdb::DB::Open(options, dir_.string(), families, handles, &raw);
  if (raw != nullptr) {
    db->reset(raw);
    read_only_ = false;
    return Status::Ok();
  }
  const auto free = FreeBytes();
  const bool full = !space.ok() || s.IsNoSpace() || (free && *free < kReopenFloorBytes);
  if (!full) return FromRocks(s, what);
  if (!read_only_if_full) return DiskFull(what, s.ToString());
  handles->clear();
  s = rocksdb::DB::OpenForReadOnly(options, dir_.string(), families, handles, &raw);
  if (!s.ok()) return DiskFull(what + " (read-only, too)", s.ToString());
  db->reset(raw);
  read_only_ = true;
  Logger(options_.module)->error("{}; serving reads only and refusing writes until space is freed",
                                 DiskFull(what, "").message());
  return Status::Ok();
}

bool Storage::ReadyToReopen() const {
  if (!read_only_) return false;
  const auto free = FreeBytes();
  return free && *free >= std::max(options_.min_free_bytes, kReopenFloorBytes);
}

Status Storage::Write(rocksdb::DB* db, const rocksdb::WriteOptions& wo, rocksdb::WriteBatch* batch,
                      const std::string& what) {
  if (read_only_) {
    ++refused_writes_;
    return DiskFull(what, "the database was opened read-only on a full disk");
  }
  if (Status space = CheckSpace(what); !space.ok()) {
    ++refused_writes_;
    return space;
  }
  if (write_failed_) {
    // RocksDB stops writing after a failed WAL write or sync; start it again once space is back
    // (a Resume() that fails for lack of space can leave it stopped for good).
    if (const auto free = FreeBytes(); free && *free < kReopenFloorBytes) {
      ++refused_writes_;
      return DiskFull(what, "writing stopped after a failed write");
    }
    auto resumed = db->Resume();
    if (!resumed.ok()) {
      ++refused_writes_;
      return resumed.IsNoSpace() ? DiskFull(what, "resuming: " + resumed.ToString())
                                 : FromRocks(resumed, what + " (resuming after a failed write)");
    }
    write_failed_ = false;
    ++resumes_;
    const auto free = FreeBytes();
    Logger(options_.module)->info("writing to {} again after a failed write ({} bytes free)", dir_.string(),
                                  free ? std::to_string(*free) : "?");
  }
  auto s = db->Write(wo, batch);
  if (s.ok()) return Status::Ok();
  write_failed_ = true;
  ++refused_writes_;
  return s.IsNoSpace() ? DiskFull(what, s.ToString()) : FromRocks(s, what + " in " + dir_.string());
}

}  // namespace dxhub::kv
