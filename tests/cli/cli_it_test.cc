// Acceptance (issue 15, defect 10): every binary's exit codes are the ones its
// --help footer promises. Usage errors (no arguments, an unknown option, a bad
// option value) exit 2 with a message and a --help hint on stderr, whatever
// CLI11 would have returned; dxctl gives one exit code per kind of problem in
// every subcommand.
#include <gtest/gtest.h>

#include <cstdlib>

#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;

struct UsageCase {
  std::string binary;
  std::vector<std::string> bad_value;  // arguments with one bad option value
  std::string bad_value_names;         // what the message must name
};

TEST(PartnerFiles, D10_EveryBinaryExitsTwoOnUsageErrors) {
  StoreProcess scratch;  // a temporary directory with a valid store config; never started
  const std::string config = scratch.config_path().string();
  const std::vector<UsageCase> cases = {
      {"dxconnect", {"run", "--config", config, "--give-up-after", "soon"}, "--give-up-after"},
      {"dxctl", {"export", "--from", "first"}, "--from"},
      {"dxhub-store", {"--config"}, "--config"},
      {"dxhub-aggregator", {"--config", config, "--check-config=perhaps"}, "--check-config"},
      {"dxsim", {"--scale", "lots"}, "--scale"},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.binary);
    auto run = [&](const std::vector<std::string>& args) {
      return RunCommandFor(BinaryPath(c.binary), args, scratch.dir() / (c.binary + "-" + std::to_string(++n)));
    };
    const std::string hint = " --help')";
    const auto none = run({});
    EXPECT_EQ(none.code, 2) << none.err;
    EXPECT_EQ(none.err.rfind(c.binary, 0), 0u) << none.err;
    EXPECT_NE(none.err.find(c.binary == "dxsim" ? "nothing to do" : "required"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find(hint), std::string::npos) << none.err;
    EXPECT_EQ(none.out, "");

    const auto unknown = run({"--no-such-option"});
    EXPECT_EQ(unknown.code, 2) << unknown.err;
    EXPECT_EQ(unknown.err.rfind(c.binary, 0), 0u) << unknown.err;
    EXPECT_NE(unknown.err.find("--no-such-option"), std::string::npos) << unknown.err;
    EXPECT_NE(unknown.err.find(hint), std::string::npos) << unknown.err;

    const auto bad = run(c.bad_value);
    EXPECT_EQ(bad.code, 2) << bad.err;
    EXPECT_EQ(bad.err.rfind(c.binary, 0), 0u) << bad.err;
    EXPECT_NE(bad.err.find(c.bad_value_names), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find(hint), std::string::npos) << bad.err;

    const auto help = run({"--help"});
    EXPECT_EQ(help.code, 0) << help.err;
    EXPECT_EQ(help.err, "");
    EXPECT_NE(help.out.find("Examples:\n  " + c.binary + " "), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("Exit codes"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find(" 2 usage"), std::string::npos) << help.out;  // what the exits above promise
  }
  // A subcommand's usage error points at that subcommand's --help.
  const auto sub = RunCommandFor(BinaryPath("dxconnect"), {"check"}, scratch.dir() / "dxconnect-check");
  EXPECT_EQ(sub.code, 2);
  EXPECT_EQ(sub.err, "dxconnect check: --config is required (see 'dxconnect check --help')\n");
}

TEST(PartnerFiles, D10_DxctlSubcommandsGiveOneExitCodePerProblem) {
  ::unsetenv("DXHUB_ENDPOINT");
  StoreProcess store;  // never started: its admin socket is an endpoint nobody answers
  const std::vector<std::string> commands = {"status", "export", "tail", "dead-letters", "indicators"};
  auto dxctl = [&](const std::string& command, const std::vector<std::string>& extra, const std::string& stem) {
    std::vector<std::string> args = {command};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCommandFor(BinaryPath("dxctl"), args, store.dir() / (command + "-" + stem));
  };
  // The service does not answer: 1, from every command (in parallel: each waits for its timeout).
  std::vector<std::unique_ptr<ChildProcess>> unanswered;
  for (const auto& command : commands) {
    unanswered.push_back(std::make_unique<ChildProcess>(
        BinaryPath("dxctl"), std::vector<std::string>{command, "--endpoint", store.admin_endpoint()},
        store.dir() / (command + "-unanswered")));
  }
  for (const auto& command : commands) {
    SCOPED_TRACE(command);
    const auto missing = dxctl(command, {}, "missing");
    EXPECT_EQ(missing.code, 2) << missing.err;
    EXPECT_EQ(missing.err.rfind("dxctl " + command + ": no store endpoint: pass --endpoint", 0), 0u) << missing.err;

    const auto no_port = dxctl(command, {"--endpoint", "tcp://hub.example"}, "no-port");
    EXPECT_EQ(no_port.code, 2) << no_port.err;
    EXPECT_EQ(no_port.err.rfind("dxctl " + command + ": endpoint 'tcp://hub.example' has no port", 0), 0u)
        << no_port.err;

    const auto no_keys = dxctl(command, {"--endpoint", "tcp://127.0.0.1:9"}, "no-keys");
    EXPECT_EQ(no_keys.code, 2) << no_keys.err;
    EXPECT_NE(no_keys.err.find("needs --server-key"), std::string::npos) << no_keys.err;

    const auto bad_value = dxctl(command, {"--endpoint"}, "bad-value");
    EXPECT_EQ(bad_value.code, 2) << bad_value.err;
    EXPECT_NE(bad_value.err.find("(see 'dxctl " + command + " --help')"), std::string::npos) << bad_value.err;
  }
  const auto bad_date = dxctl("indicators", {"--endpoint", store.admin_endpoint(), "--date", "2023-13-45"}, "date");
  EXPECT_EQ(bad_date.code, 2) << bad_date.err;
  EXPECT_EQ(bad_date.err, "dxctl indicators: --date must be YYYY-MM-DD, got '2023-13-45'\n");
  for (size_t i = 0; i < commands.size(); ++i) {
    SCOPED_TRACE(commands[i]);
    const auto code = unanswered[i]->Wait(std::chrono::seconds(30));
    EXPECT_EQ(code, 1) << unanswered[i]->err();
    EXPECT_EQ(unanswered[i]->err().rfind("dxctl " + commands[i] + ": no reply from", 0), 0u) << unanswered[i]->err();
  }
}

}  // namespace
}  // namespace dxhub::testing
