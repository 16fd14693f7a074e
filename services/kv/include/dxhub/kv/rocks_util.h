// Small helpers every RocksDB user in dxhub shares: converting rocksdb::Status
// at the seam, and fixed-width big-endian keys that sort numerically. Pure
// functions; thread-safe.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/status.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"

namespace dxhub::kv {

// A dxhub Status for a RocksDB one; `what` says what was being done.
Status FromRocks(const rocksdb::Status& status, const std::string& what);

// The format marker under key "format" in `cf`: written (synced) when the
// database is new; a database of any other format is refused with a
// Corruption naming both formats and `remedy` (what the operator should do).
Status EnsureFormat(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& expected,
                    const std::string& remedy);

// 8-byte big-endian encoding: keys sort in numeric order.
std::string EncodeBe64(uint64_t value);
uint64_t DecodeBe64(std::string_view bytes);

}  // namespace dxhub::kv
