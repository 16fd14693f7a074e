// A stand-in for a dxhub service on a private ipc:// socket that answers each
// of its first `replies` requests with one fixed Reply, whatever the request
// (e.g. the empty request_id-0 reply an old store sent for a read it could not
// serialise). For testing what clients make of a reply; serves on its own
// thread and stops after `replies` answers or 5 s without a request.
#pragma once

#include <unistd.h>
#include <zmq.hpp>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::testing {

class FakeService {
 public:
  FakeService(zmq::context_t& ctx, wire::v1::Reply reply, int replies)
      : socket_(ctx, zmq::socket_type::router), address_("ipc://" + NextPath()) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind(address_);
    thread_ = std::thread([this, reply, replies] {
      for (int i = 0; i < replies; ++i) {
        auto frames = ReceiveMultipart(socket_, std::chrono::milliseconds(5000));
        if (!frames.ok()) return;
        auto out = protocol::EncodeReply(reply);
        out.insert(out.begin(), zmq::message_t((*frames)[0].data(), (*frames)[0].size()));
        (void)SendMultipart(socket_, out);
      }
    });
  }
  ~FakeService() { thread_.join(); }
  FakeService(const FakeService&) = delete;
  FakeService& operator=(const FakeService&) = delete;

  const std::string& address() const { return address_; }

 private:
  static std::string NextPath() {
    static std::atomic<int> n{0};
    return (std::filesystem::temp_directory_path() /
            ("dxhub-fake-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".sock"))
        .string();
  }

  zmq::socket_t socket_;
  std::string address_;
  std::thread thread_;
};

}  // namespace dxhub::testing
