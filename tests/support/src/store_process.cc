#include "dxhub/testing/store_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "dxhub/common/crypto.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

fs::path BinaryPath(const std::string& name) { return fs::path(DXHUB_BIN_DIR) / name; }

StoreProcess::StoreProcess(StoreProcessOptions options) : options_(std::move(options)) {
  InitCrypto();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = fs::temp_directory_path() / ("dxhub-it-" + std::string(info ? info->name() : "x") + "-" +
                                      std::to_string(::getpid()));
  fs::remove_all(dir_);
  fs::create_directories(dir_ / "keys");
  server_ = *GenerateCurveKeyPair();
  EXPECT_TRUE(WriteCurveKeyPair(dir_ / "keys" / "store", server_).ok());
  for (const auto& org : options_.connector_orgs) connectors_[org] = *GenerateCurveKeyPair();
  service_ = *GenerateCurveKeyPair();
  WriteConfig();
}

StoreProcess::~StoreProcess() {
  if (running()) Kill();
  if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
}

void StoreProcess::WriteConfig() {
  std::ofstream out(config_path());
  out << "data_dir: data\n"
      << "server_secret_key_file: keys/store.secret\n"
      << "endpoints:\n"
      << "  ingest: " << ingest_ << "\n"
      << "  publish: " << publish_ << "\n"
      << "  admin: " << admin_endpoint() << "\n"
      << "log:\n  level: info\n"
      << "limits:\n  max_events_per_second: " << options_.max_events_per_second << "\n"
      << options_.extra_limits_yaml << "clients:\n";
  for (const auto& [org, keys] : connectors_) {
    out << "  - name: " << org << "-connector\n    role: connector\n    org_id: " << org << "\n    public_key: \""
        << keys.public_key << "\"\n";
  }
  out << "  - name: aggregator\n    role: service\n    public_key: \"" << service_.public_key << "\"\n";
}

void StoreProcess::Start() {
  ASSERT_FALSE(running());
  const fs::path ready = dir_ / "ready.yaml";
  fs::remove(ready);
  const std::string bin = BinaryPath("dxhub-store").string();
  const std::string config = config_path().string();
  const std::string ready_arg = ready.string();
  const std::string log = log_path().string();
  pid_ = ::fork();
  ASSERT_GE(pid_, 0);
  if (pid_ == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execl(bin.c_str(), bin.c_str(), "--config", config.c_str(), "--ready-file", ready_arg.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!fs::exists(ready)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream in(log_path());
      std::stringstream text;
      text << in.rdbuf();
      FAIL() << "dxhub-store exited during start-up; log:\n" << text.str();
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "dxhub-store did not become ready";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::ifstream in(ready);
  std::string key, value;
  while (in >> key >> value) {
    if (key == "ingest:") ingest_ = value;
    if (key == "publish:") publish_ = value;
  }
  WriteConfig();  // later restarts bind the same ports
}

void StoreProcess::Kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int StoreProcess::Terminate() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

client::Endpoint StoreProcess::EndpointWithKeys(const CurveKeyPair& keys) const {
  return {ingest_, server_.public_key, keys.public_key, keys.secret_key};
}

client::Endpoint StoreProcess::ConnectorEndpoint(const std::string& org) const {
  return EndpointWithKeys(connectors_.at(org));
}

client::Endpoint StoreProcess::ServiceEndpoint() const { return EndpointWithKeys(service_); }

}  // namespace dxhub::testing
