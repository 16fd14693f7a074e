// Runs a real hub service binary (dxhub-aggregator, dxhub-benchmark) for
// integration tests: its folder with a CURVE server key and one registered
// query key, the config lines every service shares (server key, a
// tcp://127.0.0.1:* query port, an ipc:// admin socket, the registered key,
// log level), start with a ready file, SIGKILL, and calls through the admin
// socket or over CURVE. Subclasses write the rest of the config. Owned by one
// test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::testing {

inline constexpr std::chrono::milliseconds kQueryTimeout{15000};

class ServiceProcess {
 public:
  // `service` names the binary (dxhub-<service>), its config and its log.
  ServiceProcess(std::filesystem::path dir, std::string service);
  virtual ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  void Start(const std::vector<std::string>& extra_args = {});
  void Kill();
  bool running() const { return child_ && child_->running(); }
  // The service's process id while it runs (-1 otherwise).
  pid_t pid() const { return child_ ? child_->pid() : -1; }
  // How long Start() waits for the ready file (20 s unless set; a big state opens slowly on a loaded machine).
  void set_ready_timeout(std::chrono::seconds timeout) { ready_timeout_ = timeout; }

  // One call through the admin ipc socket (or over CURVE tcp with the query key).
  wire::v1::Reply Call(wire::v1::Request request, bool over_tcp = false,
                       std::chrono::milliseconds timeout = kQueryTimeout);
  // The query endpoint over CURVE with the registered key (valid once started).
  client::Endpoint QueryEndpoint() const;
  std::string admin_endpoint() const { return "ipc://" + (dir_ / "admin.sock").string(); }

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_path() const { return dir_ / (service_ + ".yaml"); }
  std::filesystem::path log_path() const { return dir_ / (service_ + ".log"); }

 protected:
  // The shared config lines (server_secret_key_file, endpoints, clients, log).
  std::string ServiceSection() const;
  // Writes `pair` as keys/<stem>.pub and keys/<stem>.secret; returns the two lines
  // `public_key_file: ...` and `secret_key_file: ...` indented by two spaces.
  std::string ClientKeyLines(const std::string& stem, const CurveKeyPair& pair) const;
  // The section `key:` naming a service this one calls over CURVE: its
  // endpoint and server key, and this service's key pair (written as
  // keys/<key>-client.*).
  std::string UpstreamSection(const std::string& key, const client::Endpoint& upstream) const;

 private:
  std::filesystem::path dir_;
  std::string service_;
  CurveKeyPair server_;
  CurveKeyPair query_client_;
  std::string query_endpoint_ = "tcp://127.0.0.1:*";
  std::optional<ChildProcess> child_;  // stdout and stderr appended to log_path()
  std::chrono::seconds ready_timeout_{20};
  zmq::context_t context_{1};
};

}  // namespace dxhub::testing
