// The request side every hub service but the store shares: a ROUTER on a
// CURVE tcp endpoint that admits only registered keys of the given roles (a
// ZAP handler in the service's context) within a connection budget, and an optional owner-only ipc://
// admin ROUTER for local tools. Serve() answers what is queued through the
// service's handler, decoding and encoding dxhub.wire.v1 frames, so a
// service writes only its Answer. Health and version bodies are filled the
// same way everywhere. One thread owns it (the sockets are not thread-safe).
#pragma once

#include <zmq.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dxhub/common/connection_guard.h"
#include "dxhub/common/principal.h"
#include "dxhub/common/status.h"
#include "dxhub/common/zap.h"
#include "dxhub/service/service_config.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::service {

struct RequestServerOptions {
  std::string log_name;          // the logger its warnings go to, e.g. "aggregator"
  std::string zap_domain;        // e.g. "query"
  std::set<Role> roles;          // roles admitted on the tcp endpoint
  int64_t max_message_bytes = int64_t{1} << 20;
  ConnectionBudget connections{};  // TCP connection budget and handshake interval (issue 19, failure 2)
};

// Who sent a request: the ZAP principal on tcp, or the local admin socket.
struct Caller {
  std::string principal;  // the key's registered name ("" on the admin socket)
  bool admin_socket = false;
};

class RequestServer {
 public:
  // Answers a request at once, or returns nullopt to hold it: a held request
  // is answered later by AnswerHeld, on this thread (the aggregator holds a
  // cube query while its cubes are refreshed rather than refresh inside it).
  using Handler =
      std::function<std::optional<dxhub::wire::v1::Reply>(const dxhub::wire::v1::Request&, const Caller&)>;
  using HeldHandler = std::function<dxhub::wire::v1::Reply(const dxhub::wire::v1::Request&, const Caller&)>;

  // Starts ZAP and binds both sockets in `context` (which must outlive this).
  static Result<std::unique_ptr<RequestServer>> Start(zmq::context_t& context, const ServiceConfig& config,
                                                       RequestServerOptions options);
  ~RequestServer();
  RequestServer(const RequestServer&) = delete;
  RequestServer& operator=(const RequestServer&) = delete;

  // Waits up to `wait` for a request, then answers up to 100 queued ones
  // through `handler` (which sets nothing of the framing; the request id is
  // copied into its reply). Returns how many were answered.
  size_t Serve(std::chrono::milliseconds wait, const Handler& handler);
  // How many requests a handler holds, and answering them all, in the order they came.
  size_t held() const { return held_.size(); }
  void AnswerHeld(const HeldHandler& answer);

  // The endpoints actually bound (the real port for tcp://...:*), "" for none.
  const std::string& query_endpoint() const { return query_endpoint_; }
  const std::string& admin_endpoint() const { return admin_endpoint_; }
  uint64_t answered() const { return answered_; }
  ConnectionGuard::Counters connections() const { return guard_->counters(); }

 private:
  explicit RequestServer(RequestServerOptions options);
  // Sends `reply` to the peer `route` names (a ROUTER's first frame) on `socket`.
  void SendReply(zmq::socket_t& socket, zmq::message_t route, const dxhub::wire::v1::Reply& reply);

  struct Held {
    zmq::socket_t* socket = nullptr;
    zmq::message_t route;
    dxhub::wire::v1::Request request;
    Caller caller;
  };

  RequestServerOptions options_;
  std::unique_ptr<ConnectionGuard> guard_;
  std::unique_ptr<ZapHandler> zap_;
  std::unique_ptr<zmq::socket_t> query_;
  std::unique_ptr<zmq::socket_t> admin_;
  std::string query_endpoint_;
  std::string admin_endpoint_;
  uint64_t answered_ = 0;
  std::vector<Held> held_;
};

// The health body: service name, status word, whole seconds since `started`.
void FillHealth(dxhub::wire::v1::Reply& reply, const std::string& service, const std::string& status,
                std::chrono::steady_clock::time_point started);
// The version body: service name, build version, protocol signature.
void FillVersion(dxhub::wire::v1::Reply& reply, const std::string& service);

// Writes a serving service's ready file (`query`, `admin`, `server_public_key`)
// for the tests and scripts that start it; an empty `path` writes nothing.
// False when the file could not be written.
bool WriteServiceReadyFile(const std::string& path, const std::string& query_endpoint,
                           const std::string& admin_endpoint, const std::string& public_key);

}  // namespace dxhub::service
