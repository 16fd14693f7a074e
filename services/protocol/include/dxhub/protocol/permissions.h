// Who may send what (docs/protocol.md, "Roles"): for each payload type the
// roles whose keys may send it, for each store request the roles that may make
// it, and the org every event of a principal must carry. One table, enforced
// by the store (Ingestor, StoreServer) and printed into the doc by
// ProtocolContract.F7_RoleTablesInTheDocAreTheStoresOwn. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dxhub/common/principal.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::protocol {

// The org_id of events written by hub services and admins (digest_sent,
// admin_action, review_cycle): they belong to no partner.
inline constexpr std::string_view kHubOrgId = "HUB";

struct Permission {
  std::string_view name;    // a payload type ("staff_record") or a request body ("read")
  std::vector<Role> roles;  // who may send it / make it
  std::string_view note;    // for people: who sends it, or what a role sees

  bool Allows(Role role) const;
};

// Every payload type of dxhub.event.v1.Event, in field order.
const std::vector<Permission>& PayloadPermissions();
// Every request dxhub-store serves (the other Request bodies are other services' calls).
const std::vector<Permission>& StoreRequestPermissions();

// The row of `table` named `name`; nullptr when there is none.
const Permission* FindPermission(const std::vector<Permission>& table, std::string_view name);

// Whether a key of `role` may send an event of `payload_type`; false for a type not in the table.
bool MaySend(Role role, const std::string& payload_type);
// Who may send `payload_type`, for a refusal: "only connector keys (a partner's connector, for its own org)".
std::string WhoMaySend(const std::string& payload_type);
// The name of a request's body ("ingest", "read", ...); "" when none is set.
std::string RequestName(const dxhub::wire::v1::Request& request);
// The roles of a permission as people read them: "connector", "service or admin".
std::string RoleList(const std::vector<Role>& roles);

// The org_id every event from `who` must carry: a connector's own org, kHubOrgId for services and admins.
std::string BoundOrgId(const Principal& who);

}  // namespace dxhub::protocol
