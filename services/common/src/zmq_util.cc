#include "dxhub/common/zmq_util.h"

#include <sys/stat.h>

#include <filesystem>

namespace dxhub {

Status CheckConnectEndpoint(const std::string& endpoint) {
  auto bad = [&](const std::string& what, const std::string& example) {
    return Status::InvalidArgument("endpoint '" + endpoint + "' " + what + ": write " + example);
  };
  const std::string tcp_form = "tcp://host:port with a port from 1 to 65535";
  if (endpoint.rfind("ipc://", 0) == 0) {
    if (endpoint.size() == 6) return bad("has no path", "ipc:///path/to/socket");
    return Status::Ok();
  }
  if (endpoint.rfind("tcp://", 0) != 0) {
    return bad("is neither tcp:// nor ipc://", tcp_form + " (e.g. tcp://hub.example:7401) or ipc:///path/to/socket");
  }
  const std::string rest = endpoint.substr(6);
  const size_t colon = rest.rfind(':');
  const bool bracketed = !rest.empty() && rest.front() == '[';
  const size_t host_end = bracketed ? rest.find(']') + 1 : colon;
  if (colon == std::string::npos || (bracketed && (host_end == 0 || colon < host_end))) {
    return bad("has no port", tcp_form + ", e.g. tcp://" + (rest.empty() ? "hub.example" : rest) + ":7401");
  }
  const std::string host = rest.substr(0, host_end);
  const std::string port = rest.substr(colon + 1);
  const std::string example = "e.g. tcp://" + (host.empty() ? std::string("hub.example") : host) + ":7401";
  const bool host_ok =
      bracketed ? host.size() > 2
                : !host.empty() && host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                          "0123456789-.") == std::string::npos;
  if (!host_ok) return bad("has no valid host name or address", tcp_form + ", " + example);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) < 1 || std::stoi(port) > 65535) {
    return bad("has port '" + port + "'", tcp_form + ", " + example);
  }
  return Status::Ok();
}

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
