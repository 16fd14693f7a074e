#include "dxhub/common/client_list.h"

#include <algorithm>

#include "dxhub/common/keys.h"

namespace dxhub {

Status LoadClientList(const ConfigFile& file, const YAML::Node& list, const ClientListRules& rules,
                      KeyRegistry& registry) {
  if (!list.IsDefined()) return Status::Ok();
  if (!list.IsSequence()) {
    return Status::InvalidArgument(file.Where(list) + ": 'clients' must be a list of registered keys");
  }
  const bool connectors = std::find(rules.roles.begin(), rules.roles.end(), Role::kConnector) != rules.roles.end();
  std::string role_names;
  for (Role r : rules.roles) role_names += std::string(role_names.empty() ? "'" : ", '") + std::string(RoleName(r)) + "'";
  for (const auto& item : list) {
    ConfigReader c(file, item, "a clients entry");
    if (connectors) {
      c.AllowOnly({"name", "role", "org_id", "public_key", "public_key_file"});
    } else {
      c.AllowOnly({"name", "role", "public_key", "public_key_file"});
    }
    Principal p;
    p.name = c.String("name");
    const std::string role = c.String("role", std::string(RoleName(rules.default_role)));
    p.org_id = c.String("org_id", "");
    DXHUB_RETURN_IF_ERROR(c.status());
    auto parsed = ParseRole(role);
    if (!parsed.ok() || std::find(rules.roles.begin(), rules.roles.end(), *parsed) == rules.roles.end()) {
      return Status::InvalidArgument(file.Where(item["role"]) + ": role must be one of " + role_names + ", got '" +
                                     role + "'");
    }
    p.role = *parsed;
    if (p.role == Role::kConnector && (rules.valid_org_id == nullptr || !rules.valid_org_id(p.org_id))) {
      return Status::InvalidArgument(file.Where(item) + ": connector '" + p.name +
                                     "' needs an org_id of 2 to 16 characters of A-Z, 0-9, '_' or '-'");
    }
    if (p.role == Role::kConnector &&
        std::find(rules.reserved_org_ids.begin(), rules.reserved_org_ids.end(), p.org_id) != rules.reserved_org_ids.end()) {
      return Status::InvalidArgument(file.Where(item["org_id"]) + ": connector '" + p.name + "' may not have org_id '" +
                                     p.org_id + "': it is the hub's own, the org of every event from a service or an "
                                     "admin; give the partner its own code (e.g. BTHFT)");
    }
    if (c.Has("public_key")) {
      p.public_key = c.String("public_key");
      if (!IsZ85Key(p.public_key)) {
        return Status::InvalidArgument(file.Where(item["public_key"]) + ": not a 40-character Z85 CURVE public key");
      }
    } else {
      auto path = c.Path("public_key_file");
      DXHUB_RETURN_IF_ERROR(c.status());
      auto key = LoadPublicKey(path);
      if (!key.ok()) return Status::InvalidArgument(file.Where(item["public_key_file"]) + ": " + key.status().message());
      p.public_key = *key;
    }
    if (auto added = registry.Add(p); !added.ok()) {
      return Status::InvalidArgument(file.Where(item) + ": " + added.message());
    }
  }
  return Status::Ok();
}

}  // namespace dxhub
