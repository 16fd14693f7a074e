#include "dxhub/common/connection_guard.h"

#include <arpa/inet.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <utility>

namespace dxhub {
namespace {

constexpr int kEvents = ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_ACCEPT_FAILED | ZMQ_EVENT_DISCONNECTED |
                        ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                        ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
// A failure event's kind, remembered until the DISCONNECTED that follows it.
constexpr uint32_t kNoFailure = 0;
constexpr uint32_t kFailedNoDetail = 1;
constexpr uint32_t kFailedAuth = 2;  // ZAP refused: the ZAP handler counts and logs it

std::atomic<int> g_monitor_serial{0};

// The peer's IP address and port, or nullopt once the descriptor is no socket
// with a peer (closed, or reused for something else).
std::optional<std::pair<std::string, uint16_t>> PeerOf(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    return std::pair{std::string(text), ntohs(in->sin_port)};
  }
  if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    return std::pair{std::string(text), ntohs(in6->sin6_port)};
  }
  return std::nullopt;
}

// What the server side of a CURVE connection sends before READY: the ZMTP 3.0
// greeting (64 bytes), then the WELCOME command (flags and size, 2 bytes;
// "\x07WELCOME", 8; nonce, 16; box, 144).
constexpr uint64_t kZmtpGreetingBytes = 64;
constexpr uint64_t kCurveWelcomeBytes = 2 + 8 + 16 + 144;

size_t FdsInUse() {
  std::error_code ec;
  size_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace

Status ApplyHandshakeInterval(zmq::socket_t& socket, const ConnectionBudget& budget) {
  try {
    socket.set(zmq::sockopt::handshake_ivl, budget.handshake_ms);
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument(std::string("cannot set the handshake interval: ") + e.what());
  }
  return Status::Ok();
}

std::optional<MonitorEvent> DecodeMonitorEvent(const zmq::message_t& first_frame) {
  if (first_frame.size() < 6) return std::nullopt;
  MonitorEvent e;
  std::memcpy(&e.event, first_frame.data(), 2);
  std::memcpy(&e.value, static_cast<const char*>(first_frame.data()) + 2, 4);
  return e;
}

bool StillHandshaking(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return true;
  if (len < offsetof(tcp_info, tcpi_bytes_retrans) + sizeof info.tcpi_bytes_retrans) return true;  // kernel before 4.19
  const uint64_t sent = info.tcpi_bytes_sent - std::min(info.tcpi_bytes_sent, info.tcpi_bytes_retrans);
  return sent <= kZmtpGreetingBytes + kCurveWelcomeBytes;
}

size_t OpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return limit.rlim_cur == RLIM_INFINITY ? SIZE_MAX : static_cast<size_t>(limit.rlim_cur);
}

size_t EffectiveMaxConnections(const ConnectionBudget& budget, size_t open_file_limit, size_t fds_in_use) {
  const size_t kept = budget.reserved_fds + fds_in_use;
  const size_t room = open_file_limit > kept ? open_file_limit - kept : 0;
  return std::min(budget.max_connections, room);
}

ConnectionGuard::ConnectionGuard(zmq::context_t& context, ConnectionBudget budget, std::string log_name)
    : context_(context), budget_(budget), log_name_(std::move(log_name)) {}

ConnectionGuard::~ConnectionGuard() { Stop(); }

Status ConnectionGuard::Watch(zmq::socket_t& socket, const std::string& name) {
  const std::string endpoint = "inproc://dxhub.connection-guard." + std::to_string(g_monitor_serial++);
  if (zmq_socket_monitor(socket.handle(), endpoint.c_str(), kEvents) != 0) {
    return Status::Unavailable("cannot monitor the " + name + " socket: " + zmq_strerror(zmq_errno()));
  }
  try {
    auto monitor = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pair);
    monitor->set(zmq::sockopt::linger, 0);
    // No high-water mark on the event pipe (inproc: 0 on either side makes it
    // unbounded). With the default 1,000, a flood of connections overflowed it,
    // libzmq dropped the DISCONNECTED events it could not queue, and the peer's
    // count stayed at its budget: every later connection from that address,
    // a registered client's included, was shed for good.
    monitor->set(zmq::sockopt::rcvhwm, 0);
    monitor->connect(endpoint);
    watched_.push_back({name, std::move(monitor)});
  } catch (const zmq::error_t& e) {
    return Status::Unavailable("cannot read the " + name + " socket's monitor: " + e.what());
  }
  return ApplyHandshakeInterval(socket, budget_);
}

Status ConnectionGuard::Start() {
  const size_t limit = OpenFileLimit();
  const size_t in_use = FdsInUse();
  max_connections_ = EffectiveMaxConnections(budget_, limit, in_use);
  Logger(log_name_)->info(
      "connection budget: {} TCP connections in all, {} per peer address, handshakes within {} ms "
      "(open-file limit {}, {} in use, {} kept in reserve)",
      max_connections_, budget_.max_per_peer, budget_.handshake_ms, limit, in_use, budget_.reserved_fds);
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ConnectionGuard::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  watched_.clear();
}

ConnectionGuard::Counters ConnectionGuard::counters() const {
  Counters c;
  c.open = open_count_;
  c.accepted = accepted_;
  c.shed = shed_;
  c.accept_failed = accept_failed_;
  c.handshake_incomplete = handshake_incomplete_;
  c.wrong_server_key = wrong_server_key_;
  c.not_curve = not_curve_;
  c.bad_handshake = bad_handshake_;
  return c;
}

void ConnectionGuard::Run() {
  std::vector<zmq::pollitem_t> items;
  for (auto& w : watched_) items.push_back({w.monitor->handle(), 0, ZMQ_POLLIN, 0});
  while (!stop_) {
    try {
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(100));
    } catch (const zmq::error_t&) {
      return;  // context terminated
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (!(items[i].revents & ZMQ_POLLIN)) continue;
      // Each event is two frames: the event (DecodeMonitorEvent), then an endpoint.
      for (int n = 0; n < 1000; ++n) {
        std::vector<zmq::message_t> frames;
        try {
          if (!zmq::recv_multipart(*watched_[i].monitor, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
        } catch (const zmq::error_t&) {
          return;
        }
        if (frames.empty()) continue;
        if (const auto e = DecodeMonitorEvent(frames[0])) OnEvent(watched_[i].name, e->event, e->value);
      }
    }
  }
}

void ConnectionGuard::OnEvent(const std::string& socket, uint16_t event, uint32_t value) {
  switch (event) {
    case ZMQ_EVENT_ACCEPTED:
      Accepted(socket, static_cast<int>(value));
      break;
    case ZMQ_EVENT_ACCEPT_FAILED:
      ++accept_failed_;
      LogLimited(accept_log_, "accepting a connection on '" + socket + "' failed: " + zmq_strerror(static_cast<int>(value)) +
                                  " (raise the open-file limit, or lower limits.max_connections)");
      break;
    // libzmq reports a failed handshake, then (next on the same socket) the DISCONNECTED of its descriptor.
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
      pending_failure_[socket] = kFailedNoDetail;
      break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
      pending_failure_[socket] = kFailedAuth;
      break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
      pending_failure_[socket] = value;  // a ZMQ_PROTOCOL_ERROR_* code, never 0, 1 or 2
      break;
    case ZMQ_EVENT_DISCONNECTED:
      Closed(static_cast<int>(value), std::exchange(pending_failure_[socket], kNoFailure));
      break;
    default:
      break;
  }
}

void ConnectionGuard::Accepted(const std::string& socket, int fd) {
  if (accept_delay_.count() > 0) std::this_thread::sleep_for(accept_delay_);
  ++accepted_;
  Closed(fd, kNoFailure);  // a descriptor is reused only after it was closed: an entry still there is stale
  const auto peer = PeerOf(fd);
  Peer entry{peer ? peer->first : "unknown", peer ? peer->second : uint16_t{0}, socket};
  const size_t from_peer = ++per_address_[entry.address];
  open_[fd] = entry;
  open_count_ = open_.size();
  std::string over;
  if (open_.size() > max_connections_) {
    over = std::to_string(open_.size() - 1) + " connections open, the budget is " + std::to_string(max_connections_);
  } else if (from_peer > budget_.max_per_peer) {
    over = std::to_string(from_peer - 1) + " connections open from that address, the budget is " +
           std::to_string(budget_.max_per_peer) + " per address";
  }
  if (over.empty() || !peer) return;
  // Shut it down only if the descriptor is still this peer's (not closed and
  // reused meanwhile), and only before libzmq has told the peer it is connected.
  const auto now = PeerOf(fd);
  if (now && *now == *peer && !StillHandshaking(fd)) return;  // authenticated: kept, counted in the budget
  if (now && *now == *peer) ::shutdown(fd, SHUT_RDWR);
  ++shed_;
  LogLimited(shed_log_, "refused a connection from " + entry.address + " on '" + socket + "': " + over);
}

void ConnectionGuard::Closed(int fd, uint32_t failure) {
  auto it = open_.find(fd);
  if (it == open_.end()) return;
  const Peer peer = it->second;
  if (--per_address_[peer.address] == 0) per_address_.erase(peer.address);
  open_.erase(it);
  open_count_ = open_.size();
  if (failure == kNoFailure || failure == kFailedAuth) return;
  std::string why;
  if (failure == kFailedNoDetail) {
    ++handshake_incomplete_;  // includes the ones shed above; cheap and not logged
    return;
  }
  if (failure == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC) {
    ++wrong_server_key_;
    why = "its CURVE hello does not open with this server's key: the client has a wrong server public key";
  } else if (failure == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH) {
    ++not_curve_;
    why = "it is not a CURVE client (NULL or PLAIN security); every TCP endpoint needs a registered CURVE key";
  } else {
    ++bad_handshake_;
    char code[16];
    std::snprintf(code, sizeof code, "0x%08X", failure);
    why = std::string("its handshake broke the ZMTP/CURVE protocol (libzmq error ") + code + ")";
  }
  LogLimited(handshake_log_[failure], "refused a connection from " + peer.address + " on '" + peer.socket + "': " + why);
}

void ConnectionGuard::LogLimited(LogThrottle& throttle, const std::string& line) {
  uint64_t suppressed = 0;
  if (throttle.Allow(LogThrottle::Clock::now(), &suppressed)) {
    Logger("security")->warn("{}{}", line, SuppressedNote(suppressed));
  }
}

}  // namespace dxhub
