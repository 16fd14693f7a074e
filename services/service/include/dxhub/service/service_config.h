// The parts of a configuration file every request-serving hub service shares
// (dxhub-aggregator, dxhub-benchmark, and the services after them): its own
// endpoints (`endpoints: {query: tcp://..., admin: ipc://...}`), its CURVE
// server key (`server_secret_key_file`), the keys it admits (`clients:`), its
// log settings (`log:`), and the sections naming another service it calls
// (`store:`, `aggregator:`: endpoint, that service's public key, this
// service's key pair). Errors name file:line:col. Load once at start-up.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/client_list.h"
#include "dxhub/common/config.h"
#include "dxhub/common/log.h"
#include "dxhub/common/principal.h"

namespace dxhub::service {

struct ServiceConfig {
  std::string query_endpoint;  // tcp://host:port (CURVE); port * picks a free one
  std::string admin_endpoint;  // ipc://path (owner-only), or empty for none
  std::string server_secret_key;
  std::string server_public_key;
  std::shared_ptr<KeyRegistry> clients = std::make_shared<KeyRegistry>();
  LogOptions log;
};

// The top-level keys ReadServiceConfig reads; a service adds its own to these
// for ConfigReader::AllowOnly.
inline const std::vector<std::string> kServiceKeys = {"endpoints", "server_secret_key_file", "clients", "log"};

// Reads `endpoints`, `server_secret_key_file`, `clients` (admitting `rules`)
// and `log` from the file's root mapping. `default_query` is the query
// endpoint when `endpoints.query` is absent.
Result<ServiceConfig> ReadServiceConfig(const ConfigFile& file, const std::string& default_query,
                                        const ClientListRules& rules);

// Reads the mapping `key` of the root naming a service this one calls:
//   endpoint: tcp://host:port | ipc:///path
//   server_public_key: "<Z85>"        (tcp only)
//   public_key_file / secret_key_file  this service's key pair (tcp only)
// plus the keys in `extra` (read by the caller from file.root()[key]).
Result<client::Endpoint> ReadUpstream(const ConfigFile& file, const std::string& key,
                                      const std::vector<std::string>& extra = {});

}  // namespace dxhub::service
