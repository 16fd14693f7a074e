#include "curve_tap.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "dxhub/common/zmq_util.h"

namespace dxhub::testing {
namespace {

std::vector<std::string> Texts(const std::vector<zmq::message_t>& frames, size_t from) {
  std::vector<std::string> out;
  for (size_t i = from; i < frames.size(); ++i) out.push_back(frames[i].to_string());
  return out;
}

}  // namespace

CurveTap::CurveTap(client::Endpoint upstream) : upstream_(std::move(upstream)), keys_(*GenerateCurveKeyPair()) {
  // The router is made and bound here so endpoint() is known on return, then
  // handed to the thread, which is its only user from then on.
  zmq::socket_t router(context_, zmq::socket_type::router);
  EXPECT_TRUE(MakeCurveServer(router, keys_.secret_key, "tap").ok());
  auto bound = BindAndResolve(router, "tcp://127.0.0.1:*");
  EXPECT_TRUE(bound.ok());
  endpoint_ = bound.ok() ? *bound : "";
  thread_ = std::thread([this, r = std::move(router)]() mutable { Loop(std::move(r)); });
}

CurveTap::~CurveTap() {
  stop_ = true;
  thread_.join();
}

std::vector<TappedMessage> CurveTap::Captured() const {
  std::lock_guard<std::mutex> lock(mu_);
  return captured_;
}

void CurveTap::Loop(zmq::socket_t router) {
  router.set(zmq::sockopt::linger, 0);
  std::map<std::string, std::unique_ptr<zmq::socket_t>> upstream;  // peer identity -> socket to the store
  while (!stop_) {
    std::vector<zmq::pollitem_t> items = {{router.handle(), 0, ZMQ_POLLIN, 0}};
    std::vector<std::string> identities;
    for (auto& [identity, socket] : upstream) {
      items.push_back({socket->handle(), 0, ZMQ_POLLIN, 0});
      identities.push_back(identity);
    }
    zmq::poll(items, std::chrono::milliseconds(20));
    if (items[0].revents & ZMQ_POLLIN) {
      auto frames = ReceiveMultipart(router, std::chrono::milliseconds(0));
      if (frames.ok() && frames->size() >= 2) {
        const std::string identity = (*frames)[0].to_string();
        {
          std::lock_guard<std::mutex> lock(mu_);
          captured_.push_back({true, Texts(*frames, 1)});
        }
        auto& socket = upstream[identity];
        if (!socket) {
          socket = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
          socket->set(zmq::sockopt::linger, 0);
          EXPECT_TRUE(MakeCurveClient(*socket, upstream_.server_public_key, upstream_.public_key,
                                      upstream_.secret_key).ok());
          socket->connect(upstream_.address);
        }
        std::vector<zmq::message_t> body(std::make_move_iterator(frames->begin() + 1),
                                         std::make_move_iterator(frames->end()));
        (void)SendMultipart(*socket, body);
      }
    }
    for (size_t i = 1; i < items.size(); ++i) {
      if (!(items[i].revents & ZMQ_POLLIN)) continue;
      auto frames = ReceiveMultipart(*upstream[identities[i - 1]], std::chrono::milliseconds(0));
      if (!frames.ok()) continue;
      {
        std::lock_guard<std::mutex> lock(mu_);
        captured_.push_back({false, Texts(*frames, 0)});
      }
      std::vector<zmq::message_t> reply;
      reply.emplace_back(identities[i - 1].data(), identities[i - 1].size());
      for (auto& f : *frames) reply.push_back(std::move(f));
      (void)SendMultipart(router, reply);
    }
  }
}

}  // namespace dxhub::testing
