// RocksDB's info log routed to a dxhub spdlog logger, so RocksDB never writes
// a LOG file of its own into the data directory (on a full disk that file was
// what aborted the store). Thread-safe: RocksDB calls it from its own threads.
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace dxhub::kv {

// A rocksdb::Logger over Logger(module). RocksDB's INFO and HEADER lines
// (option dumps, flushes, compactions) become debug lines, its WARN, ERROR
// and FATAL lines warn, error and critical ones.
std::shared_ptr<rocksdb::Logger> MakeRocksLogger(const std::string& module);

}  // namespace dxhub::kv
