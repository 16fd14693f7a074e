// A CURVE-terminating tap for privacy tests: a ROUTER CURVE server with its
// own key pair that a connector is pointed at; every message is recorded in
// plaintext and forwarded, frame for frame, to the real store over a DEALER
// CURVE client carrying the connector's registered keys (one upstream socket
// per downstream peer), and the store's replies go back the same way. Runs
// one thread that owns every socket; Captured() may be called from any thread.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"

namespace dxhub::testing {

struct TappedMessage {
  bool from_connector = false;
  std::vector<std::string> frames;  // without the ROUTER identity
};

class CurveTap {
 public:
  // Binds tcp://127.0.0.1:* and starts forwarding to `upstream`.
  explicit CurveTap(client::Endpoint upstream);
  ~CurveTap();

  const std::string& endpoint() const { return endpoint_; }
  const CurveKeyPair& keys() const { return keys_; }
  std::vector<TappedMessage> Captured() const;

 private:
  void Loop(zmq::socket_t router);

  client::Endpoint upstream_;
  CurveKeyPair keys_;
  zmq::context_t context_{1};
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<TappedMessage> captured_;
  std::thread thread_;
};

}  // namespace dxhub::testing
