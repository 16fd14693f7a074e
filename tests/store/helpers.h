// Shared helpers of the store integration tests.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dxhub/client/store_client.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

inline constexpr std::chrono::milliseconds kCallTimeout{5000};

inline wire::v1::Request IngestOf(const std::vector<event::v1::Event>& events, const std::string& batch_id = "b") {
  wire::v1::Request request;
  request.mutable_ingest()->set_batch_id(batch_id);
  for (const auto& e : events) *request.mutable_ingest()->add_events() = e;
  return request;
}

// Store options with `limits_yaml` (lines indented by two spaces) under `limits:`.
inline StoreProcessOptions WithLimits(const std::string& limits_yaml) {
  StoreProcessOptions options;
  options.extra_limits_yaml = limits_yaml;
  return options;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Raw TCP connections to a tcp://127.0.0.1:<port> endpoint that send nothing
// (non-blocking connects, so a listener that stopped accepting cannot hang the test).
class IdleConnections {
 public:
  IdleConnections(const std::string& endpoint, int count) {
    const int port = std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      if (fd < 0) break;
      (void)::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);  // EINPROGRESS is fine
      fds_.push_back(fd);
    }
  }
  ~IdleConnections() {
    for (int fd : fds_) ::close(fd);
  }
  size_t size() const { return fds_.size(); }
  // Writes `bytes` on the first connection once it is up; false until then.
  bool Send(const std::string& bytes) {
    return !fds_.empty() && ::send(fds_[0], bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }

 private:
  std::vector<int> fds_;
};

// The value of counter `name` (with label reason=`reason` when given) in a stats reply; -1 if absent.
inline int64_t CounterOf(const wire::v1::Reply& stats, const std::string& name, const std::string& reason = "") {
  for (const auto& c : stats.stats().counters()) {
    if (c.name() != name) continue;
    if (!reason.empty() && (c.labels().count("reason") == 0 || c.labels().at("reason") != reason)) continue;
    return c.value();
  }
  return -1;
}

// The store's stats through its admin socket (a failed call fails the test and returns an empty reply).
inline wire::v1::Reply StatsOver(zmq::context_t& ctx, const StoreProcess& store) {
  client::StoreClient admin(ctx, store.AdminEndpoint());
  wire::v1::Request r;
  r.mutable_stats();
  auto reply = admin.Call(r, kCallTimeout);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() ? *reply : wire::v1::Reply();
}

}  // namespace dxhub::testing
