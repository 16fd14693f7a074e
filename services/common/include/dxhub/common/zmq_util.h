// Small ZeroMQ helpers shared by every service: CURVE socket set-up, receiving
// a multipart message safely, and the protocol signature that opens every
// dxhub message. Sockets are never shared between threads; these helpers keep
// no state. cppzmq exceptions are caught here and returned as Status.
#pragma once

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub {

// The first frame of every dxhub message (after a ROUTER identity): protocol
// name and major version. A peer speaking anything else is answered with
// UNSUPPORTED_PROTOCOL.
inline constexpr std::string_view kProtocolSignature = "DXHUB01";

// One settle time for tests and clients that wait for a connection to form.
inline constexpr std::chrono::milliseconds kSettleTime{100};

// Checks an endpoint a client connects to: tcp://host:port (host a name, an
// IPv4 address or a [bracketed] IPv6 address; port 1-65535) or ipc://path.
// The error says what is wrong and gives a corrected example; ZeroMQ itself
// would only throw EINVAL from connect().
Status CheckConnectEndpoint(const std::string& endpoint);

// Makes `socket` a CURVE server with `secret_key` under ZAP `domain`.
Status MakeCurveServer(zmq::socket_t& socket, const std::string& secret_key, const std::string& domain);

// Makes `socket` a CURVE client of the server `server_public_key`.
Status MakeCurveClient(zmq::socket_t& socket, const std::string& server_public_key,
                       const std::string& public_key, const std::string& secret_key);

// Binds and returns the endpoint actually bound (the real port for tcp://...:*).
Result<std::string> BindAndResolve(zmq::socket_t& socket, const std::string& endpoint);

// Binds `socket` to a local `ipc://path` admin endpoint whose socket file is
// owner-only (mode 0600) from birth: creates the directory, removes a stale
// file left by a killed process, binds under umask 0077. Returns the endpoint.
Result<std::string> BindOwnerOnlyIpc(zmq::socket_t& socket, const std::string& ipc_endpoint);

// Receives one whole multipart message without blocking past `timeout`
// (-1 = wait forever). NotFound when nothing arrived in time.
Result<std::vector<zmq::message_t>> ReceiveMultipart(zmq::socket_t& socket,
                                                     std::chrono::milliseconds timeout);

// Sends frames as one multipart message.
Status SendMultipart(zmq::socket_t& socket, std::vector<zmq::message_t>& frames);

// The ZMQ User-Id metadata of a received frame (the ZAP-assigned principal), if any.
std::optional<std::string> UserIdOf(const zmq::message_t& frame);

}  // namespace dxhub
