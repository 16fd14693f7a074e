// A connection budget for the TCP sockets of a service (issue 19, failure 2).
// libzmq accepts every TCP connection it can: 1,099 idle raw connections once
// took every file descriptor of the store, after which nothing was served and
// the next accept on the admin IPC socket aborted inside libzmq. The guard
// watches each socket it is given through a libzmq socket monitor (its own
// thread and inproc PAIR sockets, in the caller's context), counts the open
// connections in total and per peer address, and shuts down at once
// (shutdown(2) on the accepted descriptor; libzmq then closes it) every
// connection past either budget, so descriptors stay free for the admin
// socket, RocksDB and registered peers. Idle ones within the budget are
// dropped by libzmq after the handshake interval (ApplyHandshakeInterval).
//
// It also gives a trace to handshakes that fail before ZAP is asked (a CURVE
// client with the wrong server key, a NULL or PLAIN client, a malformed or
// unfinished handshake): counted, and logged at most one line per interval.
// A frame over the transport's size limit closes an authenticated connection
// with no reason libzmq 4.3 reports, so it is not among them.
//
// Caveat: the descriptor is shut down from the guard's thread after libzmq
// reports it accepted, which under load can be a second or more later. Two
// checks come first: the peer address again (a descriptor already closed and
// reused for another peer is left alone), and the handshake (StillHandshaking):
// a connection libzmq has already told it is connected (CURVE READY sent) is
// never shed. It has passed ZAP, so it is a registered key, rate-limited by
// principal; and a DEALER's request written on it would be lost with it (a
// registered client behind the flooding address once waited 20 s for a reply
// that could never come).
#pragma once

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dxhub/common/log.h"
#include "dxhub/common/status.h"

namespace dxhub {

struct ConnectionBudget {
  size_t max_connections = 1000;  // open TCP connections over all guarded sockets
  size_t max_per_peer = 64;       // of those, from one IP address
  int handshake_ms = 3000;        // a peer that has not finished its handshake by then is dropped
  size_t reserved_fds = 64;       // descriptors never given to TCP peers (admin socket, RocksDB, ...)
};

// One libzmq socket-monitor event (ZMQ_EVENT_*), as its first frame carries
// it: 6 bytes, a uint16 event then a uint32 value (a descriptor, an errno or
// a protocol error code). nullopt for a frame that is not one.
struct MonitorEvent {
  uint16_t event = 0;
  uint32_t value = 0;
};
std::optional<MonitorEvent> DecodeMonitorEvent(const zmq::message_t& first_frame);

// ZMQ_HANDSHAKE_IVL: a connection that has not completed its ZMTP/CURVE
// handshake within `budget.handshake_ms` is closed by libzmq. Before bind.
Status ApplyHandshakeInterval(zmq::socket_t& socket, const ConnectionBudget& budget);

// True while the server side of TCP connection `fd` has sent no more than a
// ZMTP greeting and a CURVE WELCOME (TCP_INFO bytes sent, less retransmits):
// READY is not out, so the peer has not been told it is connected and has
// written no message on it. Also true if TCP_INFO cannot be read (the old
// behaviour: shed).
bool StillHandshaking(int fd);

// The process's soft RLIMIT_NOFILE (0 if it cannot be read).
size_t OpenFileLimit();

// The total budget actually enforced: `budget.max_connections`, but never
// more than the open-file limit less the reserve (and less what the process
// already had open at the time), so the TCP peers alone can never exhaust it.
size_t EffectiveMaxConnections(const ConnectionBudget& budget, size_t open_file_limit, size_t fds_in_use);

class ConnectionGuard {
 public:
  struct Counters {
    uint64_t open = 0;                  // connections open now
    uint64_t accepted = 0;              // ever accepted
    uint64_t shed = 0;                  // shut down at once, over a budget
    uint64_t accept_failed = 0;         // accept(2) failed in libzmq (e.g. EMFILE)
    uint64_t handshake_incomplete = 0;  // closed before the handshake ended (timeout, peer gone)
    uint64_t wrong_server_key = 0;      // CURVE hello that does not open: the client has another server key
    uint64_t not_curve = 0;             // a NULL or PLAIN client on a CURVE endpoint
    uint64_t bad_handshake = 0;         // any other ZMTP/CURVE protocol error in the handshake
  };

  // `log_name` is the logger of the service ("store", "aggregator", ...).
  ConnectionGuard(zmq::context_t& context, ConnectionBudget budget, std::string log_name);
  ~ConnectionGuard();
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // Watches `socket` (named in logs, e.g. "ingest"). Call before Start() and
  // before the socket binds, from the thread that owns the socket.
  Status Watch(zmq::socket_t& socket, const std::string& name);
  // Fixes the total budget from the open-file limit and starts the thread.
  Status Start();
  void Stop();

  Counters counters() const;
  size_t max_connections() const { return max_connections_; }

  // Fault injection: the guard's thread waits `delay` before it handles each
  // accepted connection, as it may under load. Before Start().
  void SetAcceptDelayForTesting(std::chrono::milliseconds delay) { accept_delay_ = delay; }

 private:
  struct Peer {
    std::string address;  // IP address, for the per-peer budget
    uint16_t port = 0;
    std::string socket;
  };
  struct Watched {
    std::string name;
    std::unique_ptr<zmq::socket_t> monitor;  // PAIR, read by the thread only
  };

  void Run();
  void OnEvent(const std::string& socket, uint16_t event, uint32_t value);
  void Accepted(const std::string& socket, int fd);
  // Forgets `fd`; `failure` is the handshake failure reported just before (0: none).
  void Closed(int fd, uint32_t failure);
  void LogLimited(LogThrottle& throttle, const std::string& line);

  zmq::context_t& context_;
  ConnectionBudget budget_;
  std::string log_name_;
  size_t max_connections_ = 0;
  std::vector<Watched> watched_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::chrono::milliseconds accept_delay_{0};

  // The thread's own state.
  std::map<int, Peer> open_;                   // by descriptor
  std::map<std::string, size_t> per_address_;  // open connections by IP address
  std::map<std::string, uint32_t> pending_failure_;  // by socket: a handshake failure awaiting its DISCONNECTED
  LogThrottle shed_log_;
  std::map<uint32_t, LogThrottle> handshake_log_;  // by libzmq protocol error: one line per kind
  LogThrottle accept_log_;

  std::atomic<uint64_t> open_count_{0}, accepted_{0}, shed_{0}, accept_failed_{0}, handshake_incomplete_{0},
      wrong_server_key_{0}, not_curve_{0}, bad_handshake_{0};
};

}  // namespace dxhub
