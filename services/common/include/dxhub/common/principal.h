// Who is on the other end of a socket: the registered key's name, role and,
// for connectors, the organisation the key is bound to. Immutable values;
// the KeyRegistry is built once and then only read (thread-safe to share).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "dxhub/common/status.h"

namespace dxhub {

enum class Role {
  kConnector,  // may ingest events for its own org_id only
  kService,    // a hub service: may read and subscribe
  kAdmin,      // may do everything, including admin calls
};

std::string_view RoleName(Role role);
Result<Role> ParseRole(const std::string& text);

struct Principal {
  std::string name;    // unique; becomes the ZMQ User-Id
  Role role = Role::kConnector;
  std::string org_id;  // set for connectors
  std::string public_key;
};

class KeyRegistry {
 public:
  // Registers a principal; rejects duplicate names and duplicate keys.
  Status Add(Principal principal);
  std::optional<Principal> FindByKey(const std::string& z85_public_key) const;
  std::optional<Principal> FindByName(const std::string& name) const;
  size_t size() const { return by_key_.size(); }

 private:
  std::map<std::string, Principal> by_key_;
  std::map<std::string, std::string> key_by_name_;
};

}  // namespace dxhub
