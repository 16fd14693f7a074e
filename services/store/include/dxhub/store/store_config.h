// The store's configuration file (YAML): data directory, endpoints, the
// server's CURVE secret, registered client keys and hard limits. Loaded once
// at start-up; every error names file:line:col. Plain values.
#pragma once

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
  size_t max_read_events = 5000;               // events in one ReadResponse
  size_t max_group_events = 20000;             // events in one group commit
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
};

Result<StoreConfig> LoadStoreConfig(const std::filesystem::path& path);
// The same from a parsed file (ConfigFile::Parse for text; the fuzz targets).
Result<StoreConfig> ReadStoreConfig(const ConfigFile& file);

}  // namespace dxhub::store
