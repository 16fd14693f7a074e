// The command-line conventions every dxhub binary shares: CLI11 parsing whose
// usage errors all exit 2 (CLI11's message and a "see --help" hint on stderr),
// and a boundary around main's work that turns an escaped exception (cppzmq,
// protobuf, the standard library) into one clear line and a documented exit
// code instead of std::terminate. Call both from main(), on the main thread.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

namespace dxhub {

// Exit codes shared by every binary (each footer documents its own further codes).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the operation failed; the output says why
inline constexpr int kExitUsage = 2;    // a usage or configuration error

// Parses the command line into `app`, whose name becomes argv[0]'s file name
// unless set. Returns nullopt when the program should go on; otherwise the exit
// code to return: kExitOk after printing --help or --version to stdout, or
// kExitUsage after printing "<program> [subcommand]: <what> (see '<program>
// [subcommand] --help')" to stderr, for every kind of parse error.
std::optional<int> ParseCommandLine(CLI::App& app, int argc, const char* const* argv);

// Raises the open-file limit to the hard limit (RaiseOpenFileLimit), runs
// `body` and returns its exit code. An exception escaping it is written
// to stderr as "<program>: stopped by an unexpected ... error: <what>" and gives
// `failure_code` (the binary's documented code for a failed run or start-up).
int RunGuarded(const std::string& program, int failure_code, const std::function<int()>& body);

}  // namespace dxhub
