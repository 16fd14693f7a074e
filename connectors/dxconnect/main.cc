// dxconnect: the connector a partner IT team installs next to its HR system.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "dxhub/common/crypto.h"
#include "dxhub/dxconnect/commands.h"

namespace {
std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }
}  // namespace

int main(int argc, char** argv) {
  using namespace dxhub::dxconnect;
  CLI::App app{"dxconnect: send pseudonymised workforce data from your HR system to the dxhub hub.\n"
               "Start with 'check', then 'discover' and 'dry-run'; 'run' sends."};
  app.set_version_flag("--version", std::string("dxconnect ") + DXHUB_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 a check failed or the run stopped (the output says why), 2 configuration error.\n"
             "Guide: docs/connector-guide.md");
  std::string config;
  auto add_config = [&](CLI::App* sub) { sub->add_option("-c,--config", config, "connector config (YAML)")->required(); };
  auto* check = app.add_subcommand("check", "check the config, keys, source files and that the hub accepts this key");
  add_config(check);
  auto* discover = app.add_subcommand("discover", "list the source's columns and values, with suggested mappings");
  add_config(discover);
  auto* dry = app.add_subcommand("dry-run", "show what would be sent (counts, row errors, an example); send nothing");
  add_config(dry);
  bool once = false;
  auto* run = app.add_subcommand("run", "read new extracts, send changes, drain the outbox");
  add_config(run);
  run->add_flag("--once", once, "one run, then exit (otherwise repeat on the configured schedule)");
  std::string secret_path;
  auto* init = app.add_subcommand("init-secret", "create the pseudonymisation secret file (mode 0600)");
  init->add_option("path", secret_path, "where to write it")->required();
  RotateSecretOptions rotate_options;
  int new_key_version = 0;
  auto* rotate = app.add_subcommand("rotate-secret",
                                    "re-key the local state to a new pseudonymisation secret and queue the old-to-new "
                                    "key mapping for the hub (docs/connector-guide.md, 'Rotating keys')");
  rotate->add_option("-c,--config", rotate_options.config_path, "connector config (YAML); its secret is the old one")
      ->required();
  rotate->add_option("--new-secret", rotate_options.new_secret_path, "the new secret file ('dxconnect init-secret')")
      ->required();
  rotate->add_option("--new-key-version", new_key_version, "key version of the new secret (default: current + 1)");
  rotate->add_flag("--allow-unmapped", rotate_options.allow_unmapped,
                   "let snapshot people found in no extract keep their old keys");
  CLI11_PARSE(app, argc, argv);

  dxhub::InitCrypto();
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  if (*check) return Check(config, std::cout, std::cerr);
  if (*discover) return Discover(config, std::cout, std::cerr);
  if (*dry) return DryRun(config, std::cout, std::cerr);
  if (*init) return InitSecret(secret_path, std::cout, std::cerr);
  if (*rotate) {
    if (rotate->count("--new-key-version") > 0) rotate_options.new_key_version = new_key_version;
    return RotateSecret(rotate_options, std::cout, std::cerr);
  }
  return Run(config, !once, g_stop, std::cout, std::cerr);
}
