#include "dxhub/common/zmq_util.h"

#include <sys/stat.h>

#include <filesystem>

namespace dxhub {

Status MakeCurveServer(zmq::socket_t& socket, const std::string& secret_key, const std::string& domain) {
  try {
    socket.set(zmq::sockopt::curve_server, 1);
    socket.set(zmq::sockopt::curve_secretkey, secret_key);
    socket.set(zmq::sockopt::zap_domain, domain);
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument(std::string("cannot make a CURVE server socket: ") + e.what());
  }
  return Status::Ok();
}

Status MakeCurveClient(zmq::socket_t& socket, const std::string& server_public_key,
                       const std::string& public_key, const std::string& secret_key) {
  try {
    socket.set(zmq::sockopt::curve_serverkey, server_public_key);
    socket.set(zmq::sockopt::curve_publickey, public_key);
    socket.set(zmq::sockopt::curve_secretkey, secret_key);
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument(std::string("cannot make a CURVE client socket: ") + e.what());
  }
  return Status::Ok();
}

Result<std::string> BindAndResolve(zmq::socket_t& socket, const std::string& endpoint) {
  try {
    socket.bind(endpoint);
    return socket.get(zmq::sockopt::last_endpoint);
  } catch (const zmq::error_t& e) {
    return Status::Unavailable("cannot bind " + endpoint + ": " + e.what());
  }
}

Result<std::string> BindOwnerOnlyIpc(zmq::socket_t& socket, const std::string& ipc_endpoint) {
  if (ipc_endpoint.rfind("ipc://", 0) != 0) {
    return Status::InvalidArgument("an admin endpoint must be ipc://<path>, got '" + ipc_endpoint + "'");
  }
  const std::filesystem::path path = ipc_endpoint.substr(6);
  std::error_code ec;
  if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::remove(path, ec);  // a stale socket file from a killed process
  const mode_t old = ::umask(0077);   // the socket file is owner-only from birth
  auto bound = BindAndResolve(socket, ipc_endpoint);
  ::umask(old);
  if (bound.ok()) ::chmod(path.c_str(), 0600);
  return bound;
}

Result<std::vector<zmq::message_t>> ReceiveMultipart(zmq::socket_t& socket,
                                                     std::chrono::milliseconds timeout) {
  try {
    zmq::pollitem_t items[] = {{socket.handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, 1, timeout);
    if (!(items[0].revents & ZMQ_POLLIN)) return Status::NotFound("no message");
    std::vector<zmq::message_t> frames;
    auto n = zmq::recv_multipart(socket, std::back_inserter(frames), zmq::recv_flags::dontwait);
    if (!n) return Status::NotFound("no message");
    return frames;
  } catch (const zmq::error_t& e) {
    if (e.num() == ETERM) return Status::Unavailable("context terminated");
    return Status::Unavailable(std::string("receive failed: ") + e.what());
  }
}

Status SendMultipart(zmq::socket_t& socket, std::vector<zmq::message_t>& frames) {
  try {
    auto sent = zmq::send_multipart(socket, frames, zmq::send_flags::dontwait);
    if (!sent) return Status::Unavailable("send would block (peer gone or high-water mark reached)");
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("send failed: ") + e.what());
  }
  return Status::Ok();
}

std::optional<std::string> UserIdOf(const zmq::message_t& frame) {
  const char* value = zmq_msg_gets(const_cast<zmq_msg_t*>(frame.handle()), "User-Id");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace dxhub
