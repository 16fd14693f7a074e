#include "dxhub/testing/partner_sites.h"

#include <gtest/gtest.h>

#include <fstream>

#include "dxhub/common/keys.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

StoreProcess* StartStoreForSimulatedPartners() {
  StoreProcessOptions options;
  options.connector_orgs = kSimulatedPartners;
  auto* store = new StoreProcess(options);
  store->Start();
  return store;
}

CommandResult SimulatePartners(const StoreProcess& store, const std::vector<std::string>& options) {
  std::vector<std::string> args = {"--out", (store.dir() / "partners").string()};
  args.insert(args.end(), options.begin(), options.end());
  return RunCommandFor(BinaryPath("dxsim"), args, store.dir() / "dxsim", std::chrono::seconds(300));
}

fs::path WritePartnerConnectorSite(const StoreProcess& store, const std::string& org, const std::string& secret_prefix) {
  const fs::path base = store.dir();
  const auto keys = store.ConnectorEndpoint(org);
  EXPECT_TRUE(WriteCurveKeyPair(base / "keys" / (org + "-connector"), {keys.public_key, keys.secret_key}, true).ok());
  const fs::path secret = base / "keys" / (org + "-pseudonym.secret");
  if (!fs::exists(secret)) {
    EXPECT_TRUE(WriteSecretFile(secret, secret_prefix + org + "-0123456789").ok());
  }
  std::string config = ReadFileText(fs::path(DXHUB_SOURCE_DIR) / "deploy/examples/connectors" / (org + ".yaml"));
  const std::string example = "tcp://127.0.0.1:7401";
  const size_t at = config.find(example);
  EXPECT_NE(at, std::string::npos) << "the example config of " << org << " no longer names " << example;
  if (at != std::string::npos) config.replace(at, example.size(), store.ingest_endpoint());
  fs::create_directories(base / "connectors");
  const fs::path config_path = base / "connectors" / (org + ".yaml");
  std::ofstream(config_path, std::ios::trunc) << config;
  return config_path;
}

CommandResult RunPartnerConnector(const StoreProcess& store, const std::string& org, const std::string& secret_prefix,
                                  std::chrono::seconds timeout) {
  const fs::path config_path = WritePartnerConnectorSite(store, org, secret_prefix);
  return RunCommandFor(BinaryPath("dxconnect"), {"run", "--once", "--config", config_path.string()},
                       store.dir() / ("dxconnect-" + org), timeout);
}

std::unique_ptr<ChildProcess> StartPartnerConnector(const fs::path& config, const std::vector<std::string>& extra_args,
                                                    const fs::path& output_stem) {
  std::vector<std::string> args = {"run", "--once", "--config", config.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  return std::make_unique<ChildProcess>(BinaryPath("dxconnect"), args, output_stem);
}

}  // namespace dxhub::testing
