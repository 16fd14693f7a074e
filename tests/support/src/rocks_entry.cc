#include "dxhub/testing/rocks_entry.h"

#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "dxhub/kv/rocks_util.h"

namespace dxhub::testing {
namespace {

// Opens the database at `db_dir` with every family it has, calls `use` with
// the handle of `family` (NotFound when there is none), and closes it.
template <typename Use>
Status WithFamily(const std::filesystem::path& db_dir, const std::string& family, bool read_only, Use use) {
  std::vector<std::string> names;
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_dir.string(), &names),
                                      "listing column families"));
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(
      read_only ? rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db_dir.string(), families, &handles, &raw)
                : rocksdb::DB::Open(rocksdb::DBOptions(), db_dir.string(), families, &handles, &raw),
      "opening"));
  std::unique_ptr<rocksdb::DB> db(raw);
  Status s = Status::NotFound("no column family '" + family + "' in " + db_dir.string());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) s = use(*db, handles[i]);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  (void)db->Close();
  return s;
}

}  // namespace

Status PutRawEntry(const std::filesystem::path& db_dir, const std::string& family, const std::string& key,
                   const std::string& value) {
  return WithFamily(db_dir, family, /*read_only=*/false, [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* h) {
    return kv::FromRocks(db.Put(rocksdb::WriteOptions(), h, key, value), "writing");
  });
}

Result<std::vector<std::string>> ReadRawKeys(const std::filesystem::path& db_dir, const std::string& family) {
  std::vector<std::string> keys;
  DXHUB_RETURN_IF_ERROR(
      WithFamily(db_dir, family, /*read_only=*/true, [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* h) {
        std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), h));
        for (it->SeekToFirst(); it->Valid(); it->Next()) keys.push_back(it->key().ToString());
        return kv::FromRocks(it->status(), "reading");
      }));
  return keys;
}

}  // namespace dxhub::testing
