// Writes raw bytes straight into one column family of a closed RocksDB
// database (every family opened as it is on disk), so tests can plant the
// unreadable entries that real disks and old bugs leave behind; and lists the
// keys of one family (opened read-only) to see what a component kept. Owned
// by one test thread; the database must not be open for writing elsewhere.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::testing {

Status PutRawEntry(const std::filesystem::path& db_dir, const std::string& family, const std::string& key,
                   const std::string& value);

// Every key of `family`, in key order (the database opened read-only).
Result<std::vector<std::string>> ReadRawKeys(const std::filesystem::path& db_dir, const std::string& family);

}  // namespace dxhub::testing
