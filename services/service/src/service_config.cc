#include "dxhub/service/service_config.h"

#include "dxhub/common/keys.h"
#include "dxhub/common/zmq_util.h"

namespace dxhub::service {

Result<ServiceConfig> ReadServiceConfig(const ConfigFile& file, const std::string& default_query,
                                        const ClientListRules& rules) {
  ServiceConfig config;
  const YAML::Node& root = file.root();
  ConfigReader top(file, root, "the configuration");
  const auto secret_path = top.Path("server_secret_key_file");
  ConfigReader endpoints(file, top.Child("endpoints", false), "endpoints");
  endpoints.AllowOnly({"query", "admin"});
  config.query_endpoint = endpoints.String("query", default_query);
  config.admin_endpoint = file.ResolveIpc(endpoints.String("admin", ""));
  if (endpoints.ok() && config.query_endpoint.rfind("tcp://", 0) != 0) {
    endpoints.Fail(root["endpoints"]["query"], "the query endpoint must be tcp:// (CURVE-secured)");
  }
  if (endpoints.ok() && !config.admin_endpoint.empty() && config.admin_endpoint.rfind("ipc://", 0) != 0) {
    endpoints.Fail(root["endpoints"]["admin"], "the admin endpoint must be ipc://<path> (local only)");
  }
  ConfigReader log(file, top.Child("log", false), "log");
  log.AllowOnly({"format", "level"});
  const std::string format = log.String("format", "human");
  const std::string level = log.String("level", "info");
  for (const auto* r : {&top, &endpoints, &log}) DXHUB_RETURN_IF_ERROR(r->status());

  auto log_options = ParseLogOptions(format, level);
  if (!log_options.ok()) return Status::InvalidArgument(file.Where(root["log"]) + ": " + log_options.status().message());
  config.log = *log_options;
  auto secret = LoadSecretKey(secret_path);
  if (!secret.ok()) {
    return Status::InvalidArgument(file.Where(root["server_secret_key_file"]) + ": " + secret.status().message());
  }
  config.server_secret_key = *secret;
  config.server_public_key = *PublicKeyOf(*secret);
  DXHUB_RETURN_IF_ERROR(LoadClientList(file, root["clients"], rules, *config.clients));
  return config;
}

Result<client::Endpoint> ReadUpstream(const ConfigFile& file, const std::string& key,
                                      const std::vector<std::string>& extra) {
  ConfigReader top(file, file.root(), "the configuration");
  const YAML::Node node = top.Child(key, true);
  DXHUB_RETURN_IF_ERROR(top.status());
  ConfigReader r(file, node, key);
  std::vector<std::string> allowed = {"endpoint", "server_public_key", "public_key_file", "secret_key_file"};
  allowed.insert(allowed.end(), extra.begin(), extra.end());
  r.AllowOnly(allowed);
  client::Endpoint endpoint;
  endpoint.address = file.ResolveIpc(r.String("endpoint"));
  if (r.ok()) {
    if (const Status s = CheckConnectEndpoint(endpoint.address); !s.ok()) r.Fail(node["endpoint"], key + " " + s.message());
  }
  endpoint.server_public_key = r.String("server_public_key", "");
  const auto public_path = r.Path("public_key_file", std::filesystem::path());
  const auto secret_path = r.Path("secret_key_file", std::filesystem::path());
  DXHUB_RETURN_IF_ERROR(r.status());
  if (endpoint.address.rfind("tcp://", 0) != 0) return endpoint;  // a local ipc:// socket needs no keys
  if (!IsZ85Key(endpoint.server_public_key)) {
    return Status::InvalidArgument(file.Where(node) + ": " + key + ".server_public_key must be the " + key +
                                   "'s Z85 public key");
  }
  auto pub = LoadPublicKey(public_path);
  auto sec = LoadSecretKey(secret_path);
  if (!pub.ok()) return Status::InvalidArgument(file.Where(node) + ": public_key_file: " + pub.status().message());
  if (!sec.ok()) return Status::InvalidArgument(file.Where(node) + ": secret_key_file: " + sec.status().message());
  endpoint.public_key = *pub;
  endpoint.secret_key = *sec;
  return endpoint;
}

}  // namespace dxhub::service
