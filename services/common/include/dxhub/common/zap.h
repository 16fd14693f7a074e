// ZAP handler (ZeroMQ RFC 27): admits only CURVE clients whose public key is
// registered, and only on the ZAP domains their role may use; the admitted
// connection's User-Id is the principal's name, so every message carries who
// sent it. Refusals are counted and logged at most one line per 10 s (with
// the number not logged). Owns one thread and one inproc REP socket in the caller's context;
// Start() before binding any CURVE server socket, Stop() before closing the context.
#pragma once

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "dxhub/common/log.h"
#include "dxhub/common/principal.h"

namespace dxhub {

class ZapHandler {
 public:
  // `domains` maps a ZAP domain (set on the server socket with ZMQ_ZAP_DOMAIN)
  // to the roles admitted there; any other domain is refused.
  ZapHandler(zmq::context_t& context, std::shared_ptr<const KeyRegistry> registry,
             std::map<std::string, std::set<Role>> domains);
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  // Binds inproc://zeromq.zap.01 and starts answering; returns once bound.
  Status Start();
  void Stop();

  uint64_t admitted() const { return admitted_.load(); }
  uint64_t refused() const { return refused_.load(); }

 private:
  void Run();

  zmq::context_t& context_;
  std::shared_ptr<const KeyRegistry> registry_;
  std::map<std::string, std::set<Role>> domains_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> admitted_{0};
  std::atomic<uint64_t> refused_{0};
  LogThrottle refusal_log_;  // the Run thread's
};

}  // namespace dxhub
