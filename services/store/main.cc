// dxhub-store: the single writer of the dxhub event store.
#include <CLI/CLI.hpp>

#include <iostream>

#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/common/process.h"
#include "dxhub/store/server.h"
#include "dxhub/store/store_config.h"

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
  app.footer("Exit codes: 0 clean stop, 2 configuration error, 3 start-up failure.\n"
             "Signals: SIGTERM/SIGINT drain in-flight batches and stop.");
  CLI11_PARSE(app, argc, argv);

  dxhub::InitCrypto();
  auto config = dxhub::store::LoadStoreConfig(config_path);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
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
    return 3;
  }
  const std::vector<std::pair<std::string, std::string>> ready = {
      {"ingest", server.endpoints().ingest},
      {"publish", server.endpoints().publish},
      {"admin", server.endpoints().admin},
      {"server_public_key", "\"" + server.public_key() + "\""}};
  if (!ready_file.empty() && !dxhub::WriteReadyFile(ready_file, ready)) {
    dxhub::Logger("store")->critical("cannot write ready file {}", ready_file);
    return 3;
  }
  auto s = server.Run(stop);
  return s.ok() ? 0 : 3;
}
