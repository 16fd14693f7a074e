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
  std::string secret_path;
  auto* init = app.add_subcommand("init-secret", "create the pseudonymisation secret file (mode 0600)");
  init->add_option("path", secret_path, "where to write it")->required();
  CLI11_PARSE(app, argc, argv);

  dxhub::InitCrypto();
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  if (*check) return Check(config, std::cout, std::cerr, census_date);
  if (*discover) return Discover(config, std::cout, std::cerr, census_date);
  if (*dry) return DryRun(config, std::cout, std::cerr, census_date);
  if (*init) return InitSecret(secret_path, std::cout, std::cerr);
  return Run(config, !once, g_stop, std::cout, std::cerr, census_date);
}
