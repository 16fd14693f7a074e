#include "dxhub/common/cli.h"

#include <zmq.hpp>

#include <exception>
#include <filesystem>
#include <iostream>

#include "dxhub/common/process.h"

namespace dxhub {
namespace {

// "dxctl export": the program and the subcommands the parse selected, so the
// hint names the --help that lists the option the user got wrong.
std::string CommandPath(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* sub = &app;;) {
    const auto selected = sub->get_subcommands();
    if (selected.empty()) break;
    sub = selected.front();
    path += " " + sub->get_name();
  }
  return path;
}

}  // namespace

std::optional<int> ParseCommandLine(CLI::App& app, int argc, const char* const* argv) {
  if (app.get_name().empty() && argc > 0) app.name(std::filesystem::path(argv[0]).filename().string());
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e);  // --help or --version: CLI11 prints it to stdout
      return kExitOk;
    }
    const std::string path = CommandPath(app);
    std::cerr << path << ": " << e.what();
    // CLI11 checks required options before unexpected ones: name a typo too.
    const std::vector<std::string> unexpected = app.remaining(true);
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && !unexpected.empty()) {
      std::cerr << "; not expected:";
      for (const auto& arg : unexpected) std::cerr << " " << arg;
    }
    std::cerr << " (see '" << path << " --help')\n";
    return kExitUsage;
  }
}

int RunGuarded(const std::string& program, int failure_code, const std::function<int()>& body) {
  RaiseOpenFileLimit();
  try {
    return body();
  } catch (const zmq::error_t& e) {
    std::cerr << program << ": stopped by an unexpected ZeroMQ error: " << e.what() << " (errno " << e.num()
              << "). Please report it with the command and configuration you used.\n";
  } catch (const std::exception& e) {
    std::cerr << program << ": stopped by an unexpected error: " << e.what()
              << ". Please report it with the command and configuration you used.\n";
  }
  return failure_code;
}

}  // namespace dxhub
