// dxhub-digest: sends the scheduled digests to the Wellbeing Executive
// (issue 17, SPEC section 6), exactly once per schedule slot.
#include <CLI/CLI.hpp>

#include <atomic>
#include <iostream>

#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/common/process.h"
#include "dxhub/digest/service.h"

int main(int argc, char** argv) {
  CLI::App app{"dxhub-digest: scheduled digests to the Wellbeing Executive (SPEC section 6).\n"
               "At each slot of each schedule (cron, Europe/London) builds the digest from dxhub-aggregator,\n"
               "dxhub-benchmark and dxhub-store (never recomputing a figure), archives it in the outbox, mails it\n"
               "(SMTP with STARTTLS or TLS, retries) and records a digest_sent event in the store: once per slot,\n"
               "across restarts and crashes. A slot missed while down is sent late within its grace period."};
  app.set_version_flag("--version", std::string("dxhub-digest ") + DXHUB_VERSION);
  std::string config_path;
  std::string ready_file;
  bool check_only = false;
  app.add_option("-c,--config", config_path, "digest configuration file (YAML)")->required();
  app.add_option("--ready-file", ready_file, "write the bound endpoints here once serving");
  app.add_flag("--check-config", check_only, "validate the configuration and exit");
  app.footer("Examples:\n"
             "  dxhub-digest --config /etc/dxhub/digest.yaml --check-config\n"
             "  dxhub-digest --config /etc/dxhub/digest.yaml\n"
             "  dxctl digest preview --endpoint ipc:///run/dxhub/digest-admin.sock --profile full --out /tmp/preview\n"
             "Exit codes: 0 clean stop, 2 usage or configuration error, 3 start-up failure.\n"
             "Signals: SIGTERM/SIGINT finish the current digest and stop.");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), 3, [&] {
    dxhub::InitCrypto();
    auto config = dxhub::digest::LoadDigestConfig(config_path);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return 2;
    }
    if (check_only) {
      std::cout << config_path << ": OK (" << config->schedules.size() << " schedule(s), delivery "
                << (config->smtp ? "smtp" : "outbox") << ")\n";
      return 0;
    }
    dxhub::ConfigureLogging(config->service.log);
    static std::atomic<bool> stop{false};
    dxhub::StopOnSignals(&stop);
    dxhub::digest::DigestServer server(std::move(*config));
    if (auto s = server.Start(); !s.ok()) {
      dxhub::Logger("digest")->critical("cannot start: {}", s.ToString());
      return 3;
    }
    if (!dxhub::service::WriteServiceReadyFile(ready_file, server.query_endpoint(), server.admin_endpoint(),
                                               server.public_key())) {
      dxhub::Logger("digest")->critical("cannot write ready file {}", ready_file);
      return 3;
    }
    server.Run(stop);
    return 0;
  });
}
