#include "dxhub/testing/rocks_entry.h"

#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "dxhub/kv/rocks_util.h"

namespace dxhub::testing {

Status PutRawEntry(const std::filesystem::path& db_dir, const std::string& family, const std::string& key,
                   const std::string& value) {
  std::vector<std::string> names;
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_dir.string(), &names),
                                      "listing column families"));
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  DXHUB_RETURN_IF_ERROR(
      kv::FromRocks(rocksdb::DB::Open(rocksdb::DBOptions(), db_dir.string(), families, &handles, &raw), "opening"));
  std::unique_ptr<rocksdb::DB> db(raw);
  Status s = Status::NotFound("no column family '" + family + "' in " + db_dir.string());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) s = kv::FromRocks(db->Put(rocksdb::WriteOptions(), handles[i], key, value), "writing");
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  (void)db->Close();
  return s;
}

}  // namespace dxhub::testing
