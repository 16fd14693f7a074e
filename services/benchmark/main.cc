// dxhub-benchmark: the peer-review benchmark service. Answers the report of a
// cycle over its query API (protobuf, with JSON, CSV or HTML on request).
#include <CLI/CLI.hpp>

#include <atomic>
#include <iostream>

#include "dxhub/benchmark/server.h"
#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/common/process.h"

int main(int argc, char** argv) {
  CLI::App app{"dxhub-benchmark: the peer-review benchmark of the place (SPEC section 5).\n"
               "Serves the report of a cycle: the cycle's self-assessments and reviews from dxhub-store beside the\n"
               "indicators at the cycle's census date from dxhub-aggregator (never recomputed). Shared strengths and\n"
               "gaps first, each organisation against the place's quartiles, self-versus-peer gaps, whom to learn\n"
               "from, and the comparability notes. A closed cycle gives the final report, an open one a provisional view."};
  app.set_version_flag("--version", std::string("dxhub-benchmark ") + DXHUB_VERSION);
  std::string config_path;
  std::string ready_file;
  bool check_only = false;
  app.add_option("-c,--config", config_path, "benchmark configuration file (YAML)")->required();
  app.add_option("--ready-file", ready_file, "write the bound endpoints here once serving");
  app.add_flag("--check-config", check_only, "validate the configuration and the frameworks, and exit");
  app.footer("Examples:\n"
             "  dxhub-benchmark --config /etc/dxhub/benchmark.yaml --check-config\n"
             "  dxhub-benchmark --config /etc/dxhub/benchmark.yaml\n"
             "  dxctl benchmark report --endpoint ipc:///run/dxhub/benchmark.sock --cycle 2024-pilot --format html -o r.html\n"
             "Exit codes: 0 clean stop, 2 usage or configuration error, 3 start-up failure.\n"
             "Signals: SIGTERM/SIGINT finish the current request and stop.");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), 3, [&] {
    dxhub::InitCrypto();
    auto config = dxhub::benchmark::LoadBenchmarkConfig(config_path);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return 2;
    }
    if (check_only) {
      std::cout << config_path << ": OK (" << config->frameworks.size() << " framework(s), "
                << config->service.clients->size() << " registered query keys)\n";
      return 0;
    }
    dxhub::ConfigureLogging(config->service.log);
    static std::atomic<bool> stop{false};
    dxhub::StopOnSignals(&stop);
    dxhub::benchmark::BenchmarkServer server(std::move(*config));
    if (auto s = server.Start(); !s.ok()) {
      dxhub::Logger("benchmark")->critical("cannot start: {}", s.ToString());
      return 3;
    }
    if (!dxhub::service::WriteServiceReadyFile(ready_file, server.query_endpoint(), server.admin_endpoint(),
                                               server.public_key())) {
      dxhub::Logger("benchmark")->critical("cannot write ready file {}", ready_file);
      return 3;
    }
    server.Run(stop);
    return 0;
  });
}
