#include "dxhub/store/store_config.h"

#include "dxhub/common/client_list.h"
#include "dxhub/common/config.h"
#include "dxhub/common/keys.h"
#include "dxhub/protocol/permissions.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::store {

Result<StoreConfig> LoadStoreConfig(const std::filesystem::path& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  return ReadStoreConfig(*file);
}

Result<StoreConfig> ReadStoreConfig(const ConfigFile& file) {
  StoreConfig config;
  ConfigReader root(file, file.root(), "the store config");
  root.AllowOnly({"data_dir", "endpoints", "server_secret_key_file", "clients", "limits", "log"});
  config.data_dir = root.Path("data_dir");
  const auto secret_path = root.Path("server_secret_key_file");

  ConfigReader endpoints(file, root.Child("endpoints", false), "endpoints");
  endpoints.AllowOnly({"ingest", "publish", "admin"});
  config.ingest_endpoint = endpoints.String("ingest", config.ingest_endpoint);
  config.publish_endpoint = endpoints.String("publish", config.publish_endpoint);
  config.admin_endpoint = endpoints.String("admin", "");
  if (!config.admin_endpoint.empty() && config.admin_endpoint.rfind("ipc://", 0) != 0) {
    endpoints.Fail(root.node()["endpoints"]["admin"],
                   "the admin endpoint must be ipc://<path> (admin without a key is local only)");
  }
  // Like every path in this file, a relative socket path is relative to the file, not the working directory.
  config.admin_endpoint = file.ResolveIpc(config.admin_endpoint);
  for (const auto* key : {"ingest", "publish"}) {
    const std::string ep = key == std::string("ingest") ? config.ingest_endpoint : config.publish_endpoint;
    if (ep.rfind("tcp://", 0) != 0) {
      endpoints.Fail(root.node()["endpoints"][key], std::string("the ") + key + " endpoint must be tcp:// (CURVE-secured)");
    }
  }

  ConfigReader limits(file, root.Child("limits", false), "limits");
  limits.AllowOnly({"max_message_bytes", "max_batch_events", "max_events_per_second", "max_string_bytes",
                    "dead_letter_raw_bytes", "max_read_events", "max_read_bytes", "max_event_bytes", "max_group_events",
                    "max_dead_letters", "max_dead_letter_bytes", "max_malformed_per_second", "max_connections",
                    "max_connections_per_peer", "handshake_timeout_ms", "min_free_bytes"});
  auto& l = config.limits;
  l.max_message_bytes = static_cast<size_t>(limits.Int("max_message_bytes", static_cast<int64_t>(l.max_message_bytes), 1024, 256LL << 20));
  l.max_batch_events = static_cast<size_t>(limits.Int("max_batch_events", static_cast<int64_t>(l.max_batch_events), 1, 100000));
  l.max_events_per_second = limits.Int("max_events_per_second", l.max_events_per_second, 1, 100000000);
  l.max_string_bytes = static_cast<size_t>(limits.Int("max_string_bytes", static_cast<int64_t>(l.max_string_bytes), 0, 65536));
  if (l.max_string_bytes < protocol::kMinStringBytes) {
    limits.Fail(limits.node()["max_string_bytes"],
                "'max_string_bytes' is " + std::to_string(l.max_string_bytes) + ", below " +
                    std::to_string(protocol::kMinStringBytes) +
                    ": it also bounds event_id, person_key and source_key (a key is 'v1:' + 64 hex = 67 bytes), so "
                    "every event would be rejected; use at least " + std::to_string(protocol::kMinStringBytes) +
                    " (default 256)");
  }
  l.dead_letter_raw_bytes = static_cast<size_t>(limits.Int("dead_letter_raw_bytes", static_cast<int64_t>(l.dead_letter_raw_bytes), 0, 16LL << 20));
  l.max_read_events = static_cast<size_t>(limits.Int("max_read_events", static_cast<int64_t>(l.max_read_events), 1, 100000));
  l.max_dead_letters = static_cast<size_t>(limits.Int("max_dead_letters", static_cast<int64_t>(l.max_dead_letters), 1, 100000000));
  l.max_dead_letter_bytes = static_cast<size_t>(limits.Int("max_dead_letter_bytes", static_cast<int64_t>(l.max_dead_letter_bytes), 1024, 1LL << 40));
  l.max_malformed_per_second = limits.Int("max_malformed_per_second", l.max_malformed_per_second, 1, 1000000);
  l.max_connections = static_cast<size_t>(limits.Int("max_connections", static_cast<int64_t>(l.max_connections), 1, 1000000));
  l.max_connections_per_peer = static_cast<size_t>(limits.Int("max_connections_per_peer", static_cast<int64_t>(l.max_connections_per_peer), 1, 1000000));
  l.handshake_timeout_ms = limits.Int("handshake_timeout_ms", l.handshake_timeout_ms, 100, 60000);
  l.max_read_bytes = static_cast<size_t>(limits.Int("max_read_bytes", static_cast<int64_t>(l.max_read_bytes), 1024, 1LL << 30));
  l.max_event_bytes = static_cast<size_t>(limits.Int("max_event_bytes", static_cast<int64_t>(l.max_event_bytes), 1024, 256LL << 20));
  l.max_group_events = static_cast<size_t>(limits.Int("max_group_events", static_cast<int64_t>(l.max_group_events), 1, 1000000));
  l.min_free_bytes = static_cast<uint64_t>(limits.Int("min_free_bytes", static_cast<int64_t>(l.min_free_bytes), 0, 1LL << 40));

  ConfigReader log(file, root.Child("log", false), "log");
  log.AllowOnly({"format", "level"});
  const std::string format = log.String("format", "human");
  const std::string level = log.String("level", "info");

  for (const auto* r : {&root, &endpoints, &limits, &log}) DXHUB_RETURN_IF_ERROR(r->status());
  auto log_options = ParseLogOptions(format, level);
  if (!log_options.ok()) return Status::InvalidArgument(file.Where(file.root()["log"]) + ": " + log_options.status().message());
  config.log = *log_options;

  auto secret = LoadSecretKey(secret_path);
  if (!secret.ok()) {
    return Status::InvalidArgument(file.Where(file.root()["server_secret_key_file"]) + ": " + secret.status().message());
  }
  config.server_secret_key = *secret;
  config.server_public_key = *PublicKeyOf(*secret);
  const ClientListRules rules{{Role::kConnector, Role::kService, Role::kAdmin}, Role::kConnector,
                              &protocol::IsValidOrgId, {std::string(protocol::kHubOrgId)}};
  DXHUB_RETURN_IF_ERROR(LoadClientList(file, file.root()["clients"], rules, *config.clients));
  return config;
}

}  // namespace dxhub::store
