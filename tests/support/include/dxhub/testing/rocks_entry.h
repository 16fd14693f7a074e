// Writes raw bytes straight into one column family of a closed RocksDB
// database (every family opened as it is on disk), so tests can plant the
// unreadable entries that real disks and old bugs leave behind. Owned by one
// test thread; the database must not be open elsewhere.
#pragma once

#include <filesystem>
#include <string>

#include "dxhub/common/status.h"

namespace dxhub::testing {

Status PutRawEntry(const std::filesystem::path& db_dir, const std::string& family, const std::string& key,
                   const std::string& value);

}  // namespace dxhub::testing
