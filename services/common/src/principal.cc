#include "dxhub/common/principal.h"

namespace dxhub {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kConnector: return "connector";
    case Role::kService: return "service";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

Result<Role> ParseRole(const std::string& text) {
  if (text == "connector") return Role::kConnector;
  if (text == "service") return Role::kService;
  if (text == "admin") return Role::kAdmin;
  return Status::InvalidArgument("role must be connector, service or admin, got '" + text + "'");
}

Status KeyRegistry::Add(Principal principal) {
  if (principal.name.empty()) return Status::InvalidArgument("a registered key needs a name");
  if (principal.role == Role::kConnector && principal.org_id.empty()) {
    return Status::InvalidArgument("connector key '" + principal.name + "' needs an org_id");
  }
  if (key_by_name_.count(principal.name)) {
    return Status::AlreadyExists("a key named '" + principal.name + "' is already registered");
  }
  if (by_key_.count(principal.public_key)) {
    return Status::AlreadyExists("the public key of '" + principal.name + "' is already registered as '" +
                                 by_key_.at(principal.public_key).name + "'");
  }
  key_by_name_[principal.name] = principal.public_key;
  by_key_[principal.public_key] = std::move(principal);
  return Status::Ok();
}

std::optional<Principal> KeyRegistry::FindByKey(const std::string& z85_public_key) const {
  auto it = by_key_.find(z85_public_key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

std::optional<Principal> KeyRegistry::FindByName(const std::string& name) const {
  auto it = key_by_name_.find(name);
  if (it == key_by_name_.end()) return std::nullopt;
  return FindByKey(it->second);
}

}  // namespace dxhub
