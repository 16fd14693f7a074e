// The `clients:` list every service config has: the CURVE public keys it
// admits, each with a name, a role and (for connectors) an org_id, given
// inline (`public_key`) or as a file (`public_key_file`). Errors name
// file:line:col. Called once at start-up.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "dxhub/common/config.h"
#include "dxhub/common/principal.h"

namespace dxhub {

struct ClientListRules {
  std::vector<Role> roles;  // the roles this service admits; any other is an error
  Role default_role = Role::kService;
  // Checks a connector's org_id (connectors only); the caller owns the rule.
  bool (*valid_org_id)(const std::string&) = nullptr;
  // Org ids no connector may have (the store: "HUB", the org of every event
  // from a service or an admin; a connector under it could write as the hub).
  std::vector<std::string> reserved_org_ids = {};
};

// Adds every entry of `list` (undefined = none) to `registry`.
Status LoadClientList(const ConfigFile& file, const YAML::Node& list, const ClientListRules& rules,
                      KeyRegistry& registry);

}  // namespace dxhub
