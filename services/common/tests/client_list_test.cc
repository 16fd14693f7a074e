#include "dxhub/common/client_list.h"

#include <gtest/gtest.h>

#include "dxhub/common/keys.h"

namespace dxhub {
namespace {

bool UpperOnly(const std::string& s) {
  return !s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
}

Status Load(const std::string& yaml, const ClientListRules& rules, KeyRegistry& registry) {
  auto file = ConfigFile::Parse(yaml, "svc.yaml");
  EXPECT_TRUE(file.ok());
  return LoadClientList(*file, file->root()["clients"], rules, registry);
}

TEST(ClientList, RegistersEachKeyWithItsRoleAndOrg) {
  const std::string a = GenerateCurveKeyPair()->public_key;
  const std::string b = GenerateCurveKeyPair()->public_key;
  KeyRegistry registry;
  const ClientListRules rules{{Role::kConnector, Role::kService}, Role::kConnector, &UpperOnly};
  ASSERT_TRUE(Load("clients:\n  - {name: bthft, org_id: BTHFT, public_key: \"" + a +
                       "\"}\n  - {name: agg, role: service, public_key: \"" + b + "\"}\n",
                   rules, registry)
                  .ok());
  EXPECT_EQ(registry.FindByKey(a)->org_id, "BTHFT");
  EXPECT_EQ(registry.FindByKey(a)->role, Role::kConnector);
  EXPECT_EQ(registry.FindByName("agg")->role, Role::kService);
}

TEST(ClientList, RoleTheServiceDoesNotAdmitIsAnErrorWithPosition) {
  KeyRegistry registry;
  const ClientListRules rules{{Role::kService, Role::kAdmin}, Role::kService, nullptr};
  const std::string key = GenerateCurveKeyPair()->public_key;
  auto s = Load("clients:\n  - name: x\n    role: connector\n    public_key: \"" + key + "\"\n", rules, registry);
  EXPECT_EQ(s.message(), "svc.yaml:3:11: role must be one of 'service', 'admin', got 'connector'");
  s = Load("clients:\n  - {name: y, org_id: BTHFT, public_key: \"" + key + "\"}\n", rules, registry);
  EXPECT_NE(s.message().find("unknown setting 'org_id'"), std::string::npos) << s.message();
}

TEST(ClientList, ConnectorNeedsAValidOrgAndAKey) {
  KeyRegistry registry;
  const ClientListRules rules{{Role::kConnector}, Role::kConnector, &UpperOnly};
  auto s = Load("clients:\n  - {name: c, org_id: bthft, public_key: \"" + GenerateCurveKeyPair()->public_key + "\"}\n",
                rules, registry);
  EXPECT_NE(s.message().find("connector 'c' needs an org_id"), std::string::npos) << s.message();
  s = Load("clients:\n  - {name: d, org_id: BTHFT, public_key: short}\n", rules, registry);
  EXPECT_NE(s.message().find("not a 40-character Z85 CURVE public key"), std::string::npos) << s.message();
  EXPECT_EQ(registry.size(), 0u);
}

}  // namespace
}  // namespace dxhub
