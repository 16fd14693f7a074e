// The hub endpoint is checked when the connector config loads, so a typo is a
// config error at its line and column rather than an abort on first connect.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/connector/connector_config.h"

namespace dxhub::connector {
namespace {
namespace fs = std::filesystem;

Result<ConnectorConfig> LoadWithEndpoint(const std::string& endpoint, fs::path* path) {
  const fs::path dir = fs::temp_directory_path() / ("dxhub-hub-endpoint-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  *path = dir / "bthft.yaml";
  std::ofstream(*path) << "org_id: BTHFT\n"
                          "state_dir: state\n"
                          "hub:\n"
                          "  endpoint: " << endpoint << "\n"
                          "  server_public_key_file: keys/store.pub\n"
                          "  secret_key_file: keys/BTHFT-connector.secret\n"
                          "pseudonymisation:\n"
                          "  secret_file: keys/BTHFT-pseudonym.secret\n"
                          "source:\n"
                          "  directory: partners\n"
                          "mapping:\n"
                          "  version: m1\n"
                          "  default_tier: CORE\n";
  auto config = LoadConnectorConfig(*path);
  fs::remove_all(dir);
  return config;
}

TEST(PartnerFiles, D9_HubEndpointWithoutAPortIsAConfigErrorAtItsPosition) {
  fs::path path;
  const auto config = LoadWithEndpoint("tcp://hub.example", &path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            path.string() + ":4:13: hub endpoint 'tcp://hub.example' has no port: write tcp://host:port with a port "
                            "from 1 to 65535, e.g. tcp://hub.example:7401");
}

TEST(PartnerFiles, D9_HubEndpointWithABadPortIsAConfigError) {
  fs::path path;
  const auto config = LoadWithEndpoint("tcp://hub.example:74010", &path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().rfind(path.string() + ":4:13: hub endpoint 'tcp://hub.example:74010' has port "
                                                            "'74010'",
                                            0),
            0u)
      << config.status().message();
}

}  // namespace
}  // namespace dxhub::connector
