// dxhub-aggregator: catch-up subscriber of the store; indicator cubes and their query API.
#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <iostream>

#include "dxhub/aggregator/cube_set.h"
#include "dxhub/aggregator/server.h"
#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/common/process.h"

int main(int argc, char** argv) {
  CLI::App app{"dxhub-aggregator: computes comparable equality indicators from the dxhub event store.\n"
               "Follows the store from its checkpoint (read API, then the PUB stream), keeps person timelines\n"
               "and indicator cubes in its own RocksDB, and answers indicator queries with disclosure control."};
  app.set_version_flag("--version", std::string("dxhub-aggregator ") + DXHUB_VERSION);
  std::string config_path;
  std::string ready_file;
  bool check_only = false;
  bool rebuild = false;
  bool exit_when_caught_up = false;
  app.add_option("-c,--config", config_path, "aggregator configuration file (YAML)")->required();
  app.add_option("--ready-file", ready_file, "write the bound endpoints here once serving");
  app.add_flag("--check-config", check_only, "validate the configuration and exit");
  app.add_flag("--rebuild", rebuild,
               "drop the aggregator's state and replay the store from seq 1, printing progress and events/s");
  app.add_flag("--exit-when-caught-up", exit_when_caught_up,
               "stop once the store's head is applied and the cubes are current; print the cube digest");
  app.footer("Examples:\n"
             "  dxhub-aggregator --config /etc/dxhub/aggregator.yaml --check-config\n"
             "  dxhub-aggregator --config /etc/dxhub/aggregator.yaml --rebuild --exit-when-caught-up\n"
             "Exit codes: 0 clean stop, 2 usage or configuration error, 3 start-up or state failure.\n"
             "Signals: SIGTERM/SIGINT finish the current chunk and stop; state is always consistent.");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), 3, [&] {
    dxhub::InitCrypto();
    auto config = dxhub::aggregator::LoadAggregatorConfig(config_path);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return 2;
    }
    if (check_only) {
      std::cout << config_path << ": OK (" << config->service.clients->size() << " registered query keys)\n";
      return 0;
    }
    dxhub::ConfigureLogging(config->service.log);
    static std::atomic<bool> stop{false};
    dxhub::StopOnSignals(&stop);

    if (rebuild) {
      if (auto s = dxhub::aggregator::StateStore::Destroy(config->data_dir); !s.ok()) {
        std::cerr << "cannot drop state: " << s.ToString() << "\n";
        return 3;
      }
      std::cout << "rebuild: state dropped; replaying from seq 1" << std::endl;
    }
    const auto started = std::chrono::steady_clock::now();
    dxhub::aggregator::AggregatorServer server(std::move(*config));
    if (rebuild || exit_when_caught_up) {
      server.OnProgress([](uint64_t applied, uint64_t head, double rate) {
        std::printf("progress: %llu/%llu events, %.0f events/s\n", static_cast<unsigned long long>(applied),
                    static_cast<unsigned long long>(head), rate);
        std::fflush(stdout);
      });
    }
    if (auto s = server.Start(); !s.ok()) {
      dxhub::Logger("aggregator")->critical("cannot start: {}", s.ToString());
      return 3;
    }
    if (!dxhub::service::WriteServiceReadyFile(ready_file, server.endpoints().query, server.endpoints().admin,
                                               server.public_key())) {
      dxhub::Logger("aggregator")->critical("cannot write ready file {}", ready_file);
      return 3;
    }
    const uint64_t first = server.engine().applied_seq();
    auto s = server.Run(stop, exit_when_caught_up);
    if (!s.ok()) {
      dxhub::Logger("aggregator")->critical("stopped: {}", s.ToString());
      return 3;
    }
    if (rebuild || exit_when_caught_up) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const uint64_t applied = server.engine().applied_seq() - first;
      std::printf("caught up: %llu events in %.2f s (%.0f events/s), %zu cubes, digest %s\n",
                  static_cast<unsigned long long>(applied), seconds, static_cast<double>(applied) / seconds,
                  server.engine().cubes().cubes().size(),
                  dxhub::aggregator::AllCubesDigest(server.engine().cubes()).c_str());
    }
    return 0;
  });
}
