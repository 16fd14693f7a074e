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

double RawScanParseRate(const fs::path& db_dir, const std::string& family, uint64_t* count) {
  std::vector<std::string> names;
  if (auto s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_dir.string(), &names); !s.ok()) {
    std::cerr << "raw scan: " << db_dir.string() << ": " << s.ToString() << "\n";
    return 0;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (auto s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db_dir.string(), descriptors, &handles, &raw);
      !s.ok()) {
    std::cerr << "raw scan: cannot open " << db_dir.string() << ": " << s.ToString() << "\n";
    return 0;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* cf = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) cf = handles[i];
  }
  double rate = 0;
  if (cf == nullptr) {
    std::cerr << "raw scan: " << db_dir.string() << " has no column family '" << family << "'\n";
  } else {
    const auto started = std::chrono::steady_clock::now();
    uint64_t n = 0;
    event::v1::StoredEvent parsed;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!parsed.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        std::cerr << "raw scan: an unparsable value at entry " << n + 1 << "\n";
        break;
      }
      ++n;
    }
    *count = n;
    rate = static_cast<double>(n) / SecondsSince(started);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return rate;
}

}  // namespace dxhub::bench
