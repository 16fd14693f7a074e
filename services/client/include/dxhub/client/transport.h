// The transport under a StoreClient (STYLE point 6): one connection to a
// service's request socket that sends and receives whole multipart messages.
// ZmqTransport is the real one (a DEALER; CURVE over tcp); FaultTransport
// (fault_transport.h, for tests) wraps it and drops, delays and duplicates
// messages. A transport is owned by one client on one thread.
#pragma once

#include <zmq.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::client {

struct Endpoint {
  std::string address;            // tcp://host:port or ipc:///path
  std::string server_public_key;  // Z85; required for tcp://
  std::string public_key;         // this client's key pair; required for tcp://
  std::string secret_key;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Opens a fresh connection, dropping the old one and whatever was still on
  // its way through it. Ok, or why it cannot be set up (bad endpoint or key).
  virtual Status Open() = 0;
  // Sends one message without waiting (the frames are consumed).
  virtual Status Send(std::vector<zmq::message_t>& frames) = 0;
  // Waits up to `timeout` for one message; NotFound when none came.
  virtual Result<std::vector<zmq::message_t>> Receive(std::chrono::milliseconds timeout) = 0;
  // Where it connects, for messages.
  virtual const std::string& address() const = 0;
};

// The real transport: a ZeroMQ DEALER connected to `endpoint` (CURVE for tcp://).
class ZmqTransport final : public Transport {
 public:
  ZmqTransport(zmq::context_t& context, Endpoint endpoint);

  Status Open() override;
  Status Send(std::vector<zmq::message_t>& frames) override;
  Result<std::vector<zmq::message_t>> Receive(std::chrono::milliseconds timeout) override;
  const std::string& address() const override { return endpoint_.address; }

 private:
  zmq::context_t& context_;
  Endpoint endpoint_;
  std::unique_ptr<zmq::socket_t> socket_;
};

}  // namespace dxhub::client
