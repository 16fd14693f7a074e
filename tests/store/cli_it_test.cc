// Acceptance (issue 2, item 5): --help, --version, and config errors as file:line:col.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "dxhub/testing/store_process.h"
#include "helpers.h"

namespace dxhub::testing {
namespace {

struct Output {
  int code;
  std::string text;
};

Output RunCommand(const std::string& command) {
  std::string text;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) text.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), text};
}

TEST(Cli, HelpAndVersion) {
  for (const std::string bin : {"dxhub-store", "dxctl"}) {
    auto help = RunCommand(BinaryPath(bin).string() + " --help");
    EXPECT_EQ(help.code, 0) << bin;
    EXPECT_NE(help.text.find("Usage:"), std::string::npos) << help.text;
    EXPECT_NE(help.text.find("Exit codes"), std::string::npos) << help.text;
    auto version = RunCommand(BinaryPath(bin).string() + " --version");
    EXPECT_EQ(version.code, 0);
    EXPECT_EQ(version.text, bin + " " + DXHUB_VERSION + "\n");
  }
}

TEST(Cli, ConfigErrorPrintsFileLineColumnAndExitsNonZero) {
  StoreProcess store;  // writes a valid config and keys
  const auto path = store.dir() / "broken.yaml";
  std::ofstream(path) << "data_dir: data\n"
                         "server_secret_key_file: keys/store.secret\n"
                         "limits:\n"
                         "  max_batch_events: many\n";
  auto out = RunCommand(BinaryPath("dxhub-store").string() + " --config " + path.string());
  EXPECT_EQ(out.code, 2);
  EXPECT_EQ(out.text, path.string() + ":4:21: 'max_batch_events' must be a whole number, got 'many'\n");

  std::ofstream(path) << "data_dir: data\nendpoints: [oops\n";
  out = RunCommand(BinaryPath("dxhub-store").string() + " --config " + path.string());
  EXPECT_EQ(out.code, 2);
  EXPECT_EQ(out.text.rfind(path.string() + ":", 0), 0u) << out.text;
}

TEST(Cli, DxctlStatusAndExportAgainstARealStore) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  client::StoreClient bthft(ctx, store.ConnectorEndpoint("BTHFT"));
  ASSERT_TRUE(bthft.Call(IngestOf({protocol::SampleStaffRecord("BTHFT", 1), protocol::SampleStaffRecord("BTHFT", 2)}),
                         kCallTimeout)
                  .ok());
  const std::string dxctl = BinaryPath("dxctl").string() + " ";
  auto status = RunCommand(dxctl + "status --endpoint " + store.admin_endpoint());
  EXPECT_EQ(status.code, 0) << status.text;
  EXPECT_NE(status.text.find("SERVING"), std::string::npos) << status.text;
  EXPECT_NE(status.text.find("head seq      2"), std::string::npos) << status.text;
  EXPECT_NE(status.text.find("BTHFT"), std::string::npos) << status.text;

  auto exported = RunCommand(dxctl + "export --from 2 --endpoint " + store.admin_endpoint());
  EXPECT_EQ(exported.code, 0);
  EXPECT_NE(exported.text.find("\"seq\":\"2\""), std::string::npos) << exported.text;
  EXPECT_EQ(exported.text.find("\"seq\":\"1\""), std::string::npos) << exported.text;

  auto no_endpoint = RunCommand("env -u DXHUB_ENDPOINT " + dxctl + "status");
  EXPECT_EQ(no_endpoint.code, 2);  // a usage error, as in every dxctl command
  EXPECT_NE(no_endpoint.text.find("pass --endpoint"), std::string::npos) << no_endpoint.text;
}

}  // namespace
}  // namespace dxhub::testing
