// The store's configuration file (YAML): data directory, endpoints, the
// server's CURVE secret, registered client keys and hard limits. Loaded once
// at start-up; every error names file:line:col. Plain values.
#pragma once

#include <rocksdb/file_system.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "dxhub/common/config.h"
#include "dxhub/common/log.h"
#include "dxhub/common/principal.h"
#include "dxhub/common/status.h"

namespace dxhub::store {

struct StoreLimits {
  size_t max_message_bytes = 4 * 1024 * 1024;  // one ingest message, all frames
  size_t max_batch_events = 1000;              // events in one IngestRequest
  int64_t max_events_per_second = 50000;       // per connection (token bucket)
  size_t max_string_bytes = 256;               // any string field
  size_t dead_letter_raw_bytes = 64 * 1024;    // raw bytes kept per dead letter
  size_t max_dead_letters = 100000;            // dead letters kept; the oldest are dropped past it
  size_t max_dead_letter_bytes = 256 << 20;    // raw bytes kept over all dead letters; likewise
  int64_t max_malformed_per_second = 10;       // malformed messages dead-lettered per key (token bucket)
  size_t max_connections = 1000;               // open TCP connections (ingest + publish)
  size_t max_connections_per_peer = 64;        // of those, from one IP address
  int64_t handshake_timeout_ms = 3000;         // unfinished CURVE handshakes are dropped after this
  size_t max_read_events = 5000;               // events in one ReadResponse
  size_t max_read_bytes = 16 * 1024 * 1024;    // bytes of events in one read reply (at least one event)
  size_t max_event_bytes = 1024 * 1024;        // one event's encoding (EVENT_TOO_LARGE beyond)
  size_t max_group_events = 20000;             // events in one group commit
  uint64_t min_free_bytes = 64 << 20;          // ingest refused (UNAVAILABLE, disk full) below this
};

struct StoreConfig {
  std::filesystem::path data_dir;
  std::string ingest_endpoint = "tcp://127.0.0.1:7401";
  std::string publish_endpoint = "tcp://127.0.0.1:7402";
  std::string admin_endpoint;  // ipc://path; empty = none
  std::string server_secret_key;
  std::string server_public_key;
  std::shared_ptr<KeyRegistry> clients = std::make_shared<KeyRegistry>();
  StoreLimits limits;
  LogOptions log;
  // Tests only (never read from the file): the file system RocksDB writes
  // through, e.g. a kv::FaultFileSystem. Null = the real one.
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

Result<StoreConfig> LoadStoreConfig(const std::filesystem::path& path);
// The same from a parsed file (ConfigFile::Parse for text; the fuzz targets).
Result<StoreConfig> ReadStoreConfig(const ConfigFile& file);

}  // namespace dxhub::store
