// The Storage every dxhub RocksDB opens through, driven by the fault-injecting
// file system, and the FaultFileSystem itself against the real one.
#include "dxhub/kv/storage.h"

#include <gtest/gtest.h>

#include "dxhub/kv/fault_file_system.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::kv {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir() { return testing::FreshTestDir("kv"); }

struct Db {
  explicit Db(const fs::path& dir, uint64_t min_free = 0)
      : faults(std::make_shared<FaultFileSystem>()), storage(dir, Options(min_free, faults)) {}
  static StorageOptions Options(uint64_t min_free, std::shared_ptr<FaultFileSystem> faults) {
    StorageOptions options = StorageOptions::For("kv-test");
    options.min_free_bytes = min_free;
    options.min_free_setting = "test.min_free";
    options.file_system = std::move(faults);
    return options;
  }
  ~Db() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    if (db) (void)db->Close();
  }
  Status Open(bool read_only_if_full = false) {
    return storage.Open(storage.DbOptions(), {{rocksdb::kDefaultColumnFamilyName, {}}}, read_only_if_full, &handles,
                        &db);
  }
  Status Put(const std::string& key, bool sync = true) {
    rocksdb::WriteBatch batch;
    batch.Put(key, "value");
    rocksdb::WriteOptions wo;
    wo.sync = sync;
    return storage.Write(db.get(), wo, &batch, "writing " + key);
  }
  bool Has(const std::string& key) {
    std::string v;
    return db->Get(rocksdb::ReadOptions(), key, &v).ok();
  }

  std::shared_ptr<FaultFileSystem> faults;
  Storage storage;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::unique_ptr<rocksdb::DB> db;
};

TEST(FaultFileSystem, InjectsNoSpaceIoErrorAndFailedSyncThenIsTheRealFileSystemAgain) {
  const fs::path dir = FreshDir();
  fs::create_directories(dir);
  FaultFileSystem faults;
  const std::string path = (dir / "f").string();
  std::unique_ptr<rocksdb::FSWritableFile> file;
  ASSERT_TRUE(faults.NewWritableFile(path, rocksdb::FileOptions(), &file, nullptr).ok());
  const rocksdb::IOOptions io;

  faults.Inject(Fault::kNoSpace);
  auto s = file->Append("abc", io, nullptr);
  EXPECT_TRUE(s.IsNoSpace()) << s.ToString();
  std::unique_ptr<rocksdb::FSWritableFile> other;
  EXPECT_TRUE(faults.NewWritableFile(path + "2", rocksdb::FileOptions(), &other, nullptr).IsNoSpace());

  faults.Inject(Fault::kIoError);
  s = file->Append("abc", io, nullptr);
  EXPECT_TRUE(s.IsIOError() && !s.IsNoSpace()) << s.ToString();

  faults.Inject(Fault::kSyncFails);
  EXPECT_TRUE(file->Append("abc", io, nullptr).ok());
  EXPECT_TRUE(file->Sync(io, nullptr).IsIOError());
  EXPECT_TRUE(file->Fsync(io, nullptr).IsIOError());
  EXPECT_EQ(faults.injected(), 5u);

  faults.Clear();
  EXPECT_TRUE(file->Append("def", io, nullptr).ok());
  EXPECT_TRUE(file->Sync(io, nullptr).ok());
  EXPECT_TRUE(file->Close(io, nullptr).ok());
  EXPECT_EQ(fs::file_size(path), 6u);  // the real file holds exactly what was not refused

  uint64_t real_free = 0;
  ASSERT_TRUE(faults.GetFreeSpace(dir.string(), io, &real_free, nullptr).ok());
  EXPECT_GT(real_free, 0u);
  faults.ReportFreeBytes(1234);
  uint64_t reported = 0;
  ASSERT_TRUE(faults.GetFreeSpace(dir.string(), io, &reported, nullptr).ok());
  EXPECT_EQ(reported, 1234u);
  fs::remove_all(dir);
}

TEST(StorageDiskFull, F1_AFailedWriteIsDiskFullNamingTheDirectoryAndItsFreeBytes) {
  const fs::path dir = FreshDir();
  Db db(dir);
  ASSERT_TRUE(db.Open().ok());
  db.faults->Inject(Fault::kNoSpace);
  db.faults->ReportFreeBytes(4096);
  Status s = db.Put("a");
  ASSERT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("disk full"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(dir.string()), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("4096 bytes free"), std::string::npos) << s.message();
  EXPECT_FALSE(db.Has("a"));
  fs::remove_all(dir);
}

TEST(StorageDiskFull, F1_WritingResumesWhenSpaceReturnsWithoutReopening) {
  const fs::path dir = FreshDir();
  Db db(dir);
  ASSERT_TRUE(db.Open().ok());
  ASSERT_TRUE(db.Put("before").ok());
  db.faults->Inject(Fault::kNoSpace);
  db.faults->ReportFreeBytes(0);  // as a full disk does
  EXPECT_FALSE(db.Put("during").ok());
  EXPECT_FALSE(db.Put("during2").ok());
  db.faults->Clear();
  db.faults->ReportFreeBytes(std::nullopt);
  Status s = db.Put("after");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(db.storage.resumes(), 1u);
  EXPECT_TRUE(db.Has("before"));
  EXPECT_TRUE(db.Has("after"));
  EXPECT_FALSE(db.Has("during2"));
  fs::remove_all(dir);
}

// RocksDB treats a WAL after EIO or a failed fsync as unrecoverable: Resume()
// cannot restart it, so the write is refused (nothing of it visible) and stays
// refused until the process reopens the database.
TEST(StorageDiskFull, F1_AnIoErrorOrFailedSyncIsRefusedAndNothingOfTheWriteIsVisible) {
  for (Fault fault : {Fault::kIoError, Fault::kSyncFails}) {
    SCOPED_TRACE(static_cast<int>(fault));
    const fs::path dir = FreshDir();
    Db db(dir);
    ASSERT_TRUE(db.Open().ok());
    db.faults->Inject(fault);
    Status s = db.Put("during");
    EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
    EXPECT_NE(s.message().find(dir.string()), std::string::npos) << s.message();
    EXPECT_FALSE(db.Has("during"));
    fs::remove_all(dir);
  }
}

TEST(StorageDiskFull, F1_WritesAreRefusedBelowTheMinimumFreeSpaceBeforeRocksDbFails) {
  const fs::path dir = FreshDir();
  Db db(dir, /*min_free=*/1 << 20);
  ASSERT_TRUE(db.Open().ok());
  db.faults->ReportFreeBytes(1000);
  Status s = db.Put("a");
  ASSERT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("1000 bytes free"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("test.min_free"), std::string::npos) << s.message();
  EXPECT_EQ(db.faults->injected(), 0u);  // RocksDB was never asked
  db.faults->ReportFreeBytes(std::nullopt);
  EXPECT_TRUE(db.Put("a").ok());
  fs::remove_all(dir);
}

TEST(StorageDiskFull, F1_ADatabaseOnAFullDiskOpensReadOnlyAndRefusesWrites) {
  const fs::path dir = FreshDir();
  {
    Db first(dir);
    ASSERT_TRUE(first.Open().ok());
    ASSERT_TRUE(first.Put("kept").ok());
  }
  Db db(dir);
  db.faults->Inject(Fault::kNoSpace);
  db.faults->ReportFreeBytes(0);
  Status s = db.Open(/*read_only_if_full=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(db.storage.read_only());
  EXPECT_TRUE(db.Has("kept"));
  s = db.Put("new");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("disk full"), std::string::npos) << s.message();
  EXPECT_FALSE(db.storage.ReadyToReopen());
  db.faults->Clear();
  db.faults->ReportFreeBytes(std::nullopt);
  EXPECT_TRUE(db.storage.ReadyToReopen());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dxhub::kv
