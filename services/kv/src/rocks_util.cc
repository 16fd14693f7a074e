#include "dxhub/kv/rocks_util.h"

namespace dxhub::kv {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  if (s.IsIOError()) return Status::IoError(what + ": " + s.ToString());
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) return Status::Unavailable(what + ": " + s.ToString());
  return Status::Internal(what + ": " + s.ToString());
}

Status EnsureFormat(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& expected,
                    const std::string& remedy) {
  std::string found;
  auto s = db->Get(rocksdb::ReadOptions(), cf, "format", &found);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return FromRocks(db->Put(wo, cf, "format", expected), "writing the format marker");
  }
  if (!s.ok()) return FromRocks(s, "reading the format marker");
  if (found != expected) {
    return Status::Corruption("the data directory holds format '" + found + "', this build reads '" + expected +
                              "'; " + remedy);
  }
  return Status::Ok();
}

std::string EncodeBe64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

uint64_t DecodeBe64(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

}  // namespace dxhub::kv
