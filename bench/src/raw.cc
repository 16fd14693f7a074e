#include "dxhub/bench/raw.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "dxhub/bench/figures.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/kv/rocks_util.h"

namespace dxhub::bench {
namespace fs = std::filesystem;

double RawSyncedWriteRate(const std::vector<std::string>& values, size_t batch, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (auto s = rocksdb::DB::Open(options, dir.string(), &raw); !s.ok()) {
    std::cerr << "raw baseline: cannot open " << dir.string() << ": " << s.ToString() << "\n";
    return 0;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  const auto started = std::chrono::steady_clock::now();
  for (size_t at = 0; at < values.size(); at += batch) {
    rocksdb::WriteBatch wb;
    for (size_t i = at; i < std::min(values.size(), at + batch); ++i) wb.Put(kv::EncodeBe64(i + 1), values[i]);
    if (auto s = db->Write(synced, &wb); !s.ok()) {
      std::cerr << "raw baseline: write failed: " << s.ToString() << "\n";
      return 0;
    }
  }
  const double seconds = SecondsSince(started);
  db.reset();
  fs::remove_all(dir);
  return static_cast<double>(values.size()) / seconds;
}

std::unique_ptr<ReadOnlyFamily> ReadOnlyFamily::Open(const fs::path& db_dir, const std::string& family) {
  std::vector<std::string> names;
  if (auto s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_dir.string(), &names); !s.ok()) {
    std::cerr << db_dir.string() << ": " << s.ToString() << "\n";
    return nullptr;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::unique_ptr<ReadOnlyFamily> opened(new ReadOnlyFamily);
  rocksdb::DB* raw = nullptr;
  if (auto s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db_dir.string(), descriptors, &opened->handles_, &raw);
      !s.ok()) {
    std::cerr << "cannot open " << db_dir.string() << " read-only: " << s.ToString() << "\n";
    return nullptr;
  }
  opened->db_.reset(raw);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) opened->family_ = opened->handles_[i];
  }
  if (opened->family_ == nullptr) {
    std::cerr << db_dir.string() << " has no column family '" << family << "'\n";
    return nullptr;
  }
  return opened;
}

ReadOnlyFamily::~ReadOnlyFamily() {
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
}

std::unique_ptr<rocksdb::Iterator> ReadOnlyFamily::NewIterator() const {
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(rocksdb::ReadOptions(), family_));
}

double RawScanParseRate(const fs::path& db_dir, const std::string& family, uint64_t* count) {
  const auto db = ReadOnlyFamily::Open(db_dir, family);
  if (db == nullptr) {
    std::cerr << "raw scan: the database above could not be read\n";
    return 0;
  }
  const auto started = std::chrono::steady_clock::now();
  uint64_t n = 0;
  event::v1::StoredEvent parsed;
  const std::unique_ptr<rocksdb::Iterator> it = db->NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!parsed.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      std::cerr << "raw scan: an unparsable value at entry " << n + 1 << "\n";
      break;
    }
    ++n;
  }
  *count = n;
  return static_cast<double>(n) / SecondsSince(started);
}

}  // namespace dxhub::bench
