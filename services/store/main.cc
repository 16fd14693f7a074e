// dxhub-store: the single writer of the dxhub event store.
#include <CLI/CLI.hpp>

#include <iostream>

#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/common/process.h"
#include "dxhub/store/server.h"
#include "dxhub/store/store_config.h"

namespace {

constexpr int kExitConfig = 2;
constexpr int kExitStartOrRun = 3;

int Serve(const std::string& config_path, const std::string& ready_file, bool check_only) {
  dxhub::InitCrypto();
  auto config = dxhub::store::LoadStoreConfig(config_path);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return kExitConfig;
  }
  if (check_only) {
    std::cout << config_path << ": OK (" << config->clients->size() << " registered keys)\n";
    return 0;
  }
  dxhub::ConfigureLogging(config->log);

  static std::atomic<bool> stop{false};
  dxhub::StopOnSignals(&stop);

  dxhub::store::StoreServer server(std::move(*config));
  if (auto s = server.Start(); !s.ok()) {
    dxhub::Logger("store")->critical("cannot start: {}", s.ToString());
    return kExitStartOrRun;
  }
  const std::vector<std::pair<std::string, std::string>> ready = {
      {"ingest", server.endpoints().ingest},
      {"publish", server.endpoints().publish},
      {"admin", server.endpoints().admin},
      {"server_public_key", "\"" + server.public_key() + "\""}};
  if (!ready_file.empty() && !dxhub::WriteReadyFile(ready_file, ready)) {
    dxhub::Logger("store")->critical("cannot write ready file {}", ready_file);
    return kExitStartOrRun;
  }
  auto s = server.Run(stop);
  return s.ok() ? 0 : kExitStartOrRun;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dxhub-store: the single writer of the dxhub event store.\n"
               "Receives event batches from connectors over CurveZMQ, stores each event once with a\n"
               "gap-free sequence number, acknowledges only what is durable, and publishes it."};
  app.set_version_flag("--version", std::string("dxhub-store ") + DXHUB_VERSION);
  std::string config_path;
  std::string ready_file;
  bool check_only = false;
  app.add_option("-c,--config", config_path, "store configuration file (YAML)")->required();
  app.add_option("--ready-file", ready_file, "write the bound endpoints here once serving");
  app.add_flag("--check-config", check_only, "validate the configuration and exit");
  app.footer("Examples:\n"
             "  dxhub-store --config /etc/dxhub/store.yaml --check-config\n"
             "  dxhub-store --config /etc/dxhub/store.yaml --ready-file /run/dxhub/store.ready\n"
             "Exit codes: 0 clean stop, 2 usage or configuration error, 3 start-up or run failure.\n"
             "Signals: SIGTERM/SIGINT drain in-flight batches and stop.");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), kExitStartOrRun, [&] { return Serve(config_path, ready_file, check_only); });
}
