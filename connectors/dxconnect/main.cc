// dxconnect: the connector a partner IT team installs next to its HR system.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "dxhub/common/cli.h"
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
  app.footer("Examples:\n"
             "  dxconnect init-secret /etc/dxconnect/keys/BTHFT-pseudonym.secret\n"
             "  dxconnect check --config /etc/dxconnect/bthft.yaml\n"
             "  dxconnect run --once --config /etc/dxconnect/bthft.yaml\n"
             "Exit codes: 0 ok, 1 a check failed or the run stopped (the output says why; with --once also when\n"
             "the hub stayed unreachable: the events wait in the outbox for the next run), 2 usage or\n"
             "configuration error.\n"
             "Guide: docs/connector-guide.md");
  std::string config;
  auto add_config = [&](CLI::App* sub) { sub->add_option("-c,--config", config, "connector config (YAML)")->required(); };
  std::string census_date;
  auto add_census_date = [&](CLI::App* sub) {
    sub->add_option("--census-date", census_date,
                    "YYYY-MM-DD: the census date of a staff extract whose file name has no date (a date in the "
                    "name, or a census_date column, wins)");
  };
  auto* check = app.add_subcommand("check", "check the config, keys, source files and that the hub accepts this key");
  add_config(check);
  add_census_date(check);
  auto* discover = app.add_subcommand("discover", "list the source's columns and values, with suggested mappings");
  add_config(discover);
  add_census_date(discover);
  auto* dry = app.add_subcommand("dry-run", "show what would be sent (counts, row errors, an example); send nothing");
  add_config(dry);
  add_census_date(dry);
  bool once = false;
  auto* run = app.add_subcommand("run", "read new extracts, send changes, drain the outbox");
  add_config(run);
  add_census_date(run);
  run->add_flag("--once", once, "one run, then exit (otherwise repeat on the configured schedule)");
  std::optional<int> give_up_after_s;
  run->add_option("--give-up-after", give_up_after_s,
                  "stop sending after S seconds without the hub (default: publish.give_up_after_s, or " +
                      std::to_string(kRunOnceGiveUpAfterS) + " s with --once)")
      ->check(CLI::Range(0, 604800));
  bool list_quarantine = false;
  auto* state = app.add_subcommand("state", "show what the local state holds; --quarantine lists unreadable entries");
  add_config(state);
  state->add_flag("--quarantine", list_quarantine, "list each quarantined entry: where it was, why, a preview");
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
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;

  dxhub::InitCrypto();
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  return dxhub::RunGuarded(app.get_name(), dxhub::kExitFailure, [&] {
    if (*check) return Check(config, std::cout, std::cerr, census_date);
    if (*discover) return Discover(config, std::cout, std::cerr, census_date);
    if (*dry) return DryRun(config, std::cout, std::cerr, census_date);
    if (*init) return InitSecret(secret_path, std::cout, std::cerr);
    if (*state) return State(config, list_quarantine, std::cout, std::cerr);
    if (*rotate) {
      if (rotate->count("--new-key-version") > 0) rotate_options.new_key_version = new_key_version;
      return RotateSecret(rotate_options, std::cout, std::cerr);
    }
    return Run(config, {.forever = !once, .give_up_after_s = give_up_after_s, .census_date = census_date}, g_stop,
               std::cout, std::cerr);
  });
}
