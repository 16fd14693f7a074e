#include "dxhub/protocol/permissions.h"

#include <algorithm>

namespace dxhub::protocol {
namespace {

constexpr Role kConnector = Role::kConnector;
constexpr Role kService = Role::kService;
constexpr Role kAdmin = Role::kAdmin;

}  // namespace

bool Permission::Allows(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

const Permission* FindPermission(const std::vector<Permission>& table, std::string_view name) {
  auto it = std::find_if(table.begin(), table.end(), [&](const Permission& p) { return p.name == name; });
  return it == table.end() ? nullptr : &*it;
}

const std::vector<Permission>& PayloadPermissions() {
  static const std::vector<Permission> table = {
      {"staff_record", {kConnector}, "a partner's connector, for its own org"},
      {"staff_left", {kConnector}, "a partner's connector, for its own org"},
      {"recruitment_outcome", {kConnector}, "a partner's connector, for its own org"},
      {"disciplinary_case", {kConnector}, "a partner's connector, for its own org"},
      {"training_access", {kConnector}, "a partner's connector, for its own org"},
      {"board_membership", {kConnector}, "a partner's connector, for its own org"},
      {"survey_result", {kConnector}, "a partner's connector, for its own org"},
      {"organisation_target", {kConnector}, "a partner's connector, for its own org"},
      {"programme_participation", {kConnector}, "a partner's connector, for its own org"},
      {"grade_mapping_change", {kConnector}, "a partner's connector, for its own org"},
      {"self_assessment", {kConnector}, "a partner's connector, for its own org (peer-review rules apply)"},
      {"peer_review", {kConnector}, "a partner's connector, for its own org (peer-review rules apply)"},
      {"digest_sent", {kService}, "dxhub-digest (a service key), org HUB"},
      {"admin_action", {kAdmin}, "an administrator's audit record, org HUB"},
      {"person_key_rotation", {kConnector}, "a partner's connector, for its own org"},
      {"review_cycle", {kAdmin}, "`dxctl review open/close` (admin socket or admin key), org HUB"},
  };
  return table;
}

const std::vector<Permission>& StoreRequestPermissions() {
  static const std::vector<Permission> table = {
      {"ingest", {kConnector, kService, kAdmin}, "each event as the payload table says"},
      {"read", {kService, kAdmin}, "every org's events"},
      {"dead_letters", {kService, kAdmin}, "every org's rejected input"},
      {"health", {kConnector, kService, kAdmin}, "service name, status, uptime"},
      {"version", {kConnector, kService, kAdmin}, "service, version, protocol signature"},
      {"stats", {kConnector, kService, kAdmin},
       "a connector gets only the counters of its own org (labelled `org`); services and admins get all"},
  };
  return table;
}

bool MaySend(Role role, const std::string& payload_type) {
  const Permission* p = FindPermission(PayloadPermissions(), payload_type);
  return p != nullptr && p->Allows(role);
}

std::string WhoMaySend(const std::string& payload_type) {
  const Permission* p = FindPermission(PayloadPermissions(), payload_type);
  if (p == nullptr) return "no key (not a payload type of this contract)";
  return "only " + RoleList(p->roles) + " keys (" + std::string(p->note) + ")";
}

std::string RequestName(const dxhub::wire::v1::Request& request) {
  const auto* field = dxhub::wire::v1::Request::descriptor()->FindFieldByNumber(request.body_case());
  return field == nullptr ? "" : std::string(field->name());
}

std::string RoleList(const std::vector<Role>& roles) {
  std::string out;
  for (size_t i = 0; i < roles.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == roles.size() ? " or " : ", ") + std::string(RoleName(roles[i]));
  }
  return out;
}

std::string BoundOrgId(const Principal& who) {
  return who.role == Role::kConnector ? who.org_id : std::string(kHubOrgId);
}

}  // namespace dxhub::protocol
