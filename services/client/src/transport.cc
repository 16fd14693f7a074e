#include "dxhub/client/transport.h"

#include "dxhub/common/zmq_util.h"

namespace dxhub::client {

ZmqTransport::ZmqTransport(zmq::context_t& context, Endpoint endpoint)
    : context_(context), endpoint_(std::move(endpoint)) {}

Status ZmqTransport::Open() {
  socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  DXHUB_RETURN_IF_ERROR(CheckConnectEndpoint(endpoint_.address));
  try {
    socket_->set(zmq::sockopt::linger, 0);
    socket_->set(zmq::sockopt::sndhwm, 10000);
    socket_->set(zmq::sockopt::rcvhwm, 10000);
    if (endpoint_.address.rfind("tcp://", 0) == 0) {
      DXHUB_RETURN_IF_ERROR(
          MakeCurveClient(*socket_, endpoint_.server_public_key, endpoint_.public_key, endpoint_.secret_key));
    }
    socket_->connect(endpoint_.address);
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument("cannot connect to " + endpoint_.address + ": " + e.what());
  }
  return Status::Ok();
}

Status ZmqTransport::Send(std::vector<zmq::message_t>& frames) {
  try {
    auto sent = zmq::send_multipart(*socket_, frames, zmq::send_flags::dontwait);
    if (!sent) return Status::Unavailable("send queue to " + endpoint_.address + " is full");
  } catch (const zmq::error_t& e) {
    return Status::Unavailable("send to " + endpoint_.address + " failed: " + e.what());
  }
  return Status::Ok();
}

Result<std::vector<zmq::message_t>> ZmqTransport::Receive(std::chrono::milliseconds timeout) {
  return ReceiveMultipart(*socket_, timeout);
}

}  // namespace dxhub::client
