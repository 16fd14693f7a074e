// The transport seam (issue 19, "Fault injection seams"): the fault twin
// drops, duplicates and delays messages as configured, the same way for the
// same seed, and loses what it holds when the connection is replaced. Over
// the real ZeroMQ transport to an echo service on ipc:// (the real transport
// against the real store: tests/fault/publisher_transport_faults_test.cc and
// every integration test).
#include "dxhub/client/fault_transport.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "dxhub/common/zmq_util.h"

namespace dxhub::client {
namespace {

using std::chrono::milliseconds;

// A ROUTER on a private ipc:// path sending every message straight back, until destroyed.
class EchoService {
 public:
  explicit EchoService(zmq::context_t& ctx)
      : socket_(ctx, zmq::socket_type::router),
        address_("ipc://" + (std::filesystem::temp_directory_path() /
                             ("dxhub-echo-" + std::to_string(::getpid()) + "-" + std::to_string(++count_) + ".sock"))
                                .string()) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind(address_);
    thread_ = std::thread([this] {
      while (!stop_) {
        auto frames = ReceiveMultipart(socket_, milliseconds(20));
        if (frames.ok()) (void)SendMultipart(socket_, *frames);
      }
    });
  }
  ~EchoService() {
    stop_ = true;
    thread_.join();
  }
  const std::string& address() const { return address_; }

 private:
  static inline std::atomic<int> count_{0};
  zmq::socket_t socket_;
  std::string address_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::unique_ptr<FaultTransport> Over(zmq::context_t& ctx, const EchoService& echo, TransportFaults faults) {
  auto transport = std::make_unique<FaultTransport>(std::make_unique<ZmqTransport>(ctx, Endpoint{echo.address(), "", "", ""}),
                                                    faults);
  EXPECT_TRUE(transport->Open().ok());
  return transport;
}

TransportFaults EveryRequestDelayed(milliseconds by) {
  TransportFaults faults;
  faults.delay_request = 1.0;
  faults.min_delay = by;
  faults.max_delay = by;
  return faults;
}

Status SendText(Transport& transport, const std::string& text) {
  std::vector<zmq::message_t> frames;
  frames.emplace_back(text.data(), text.size());
  return transport.Send(frames);
}

// Every message that comes back within `quiet` of the one before.
std::vector<std::string> ReceiveAll(Transport& transport, milliseconds quiet = milliseconds(300)) {
  std::vector<std::string> got;
  while (true) {
    auto frames = transport.Receive(quiet);
    if (!frames.ok()) {
      EXPECT_EQ(frames.status().code(), StatusCode::kNotFound) << frames.status().ToString();
      return got;
    }
    got.push_back(frames->at(0).to_string());
  }
}

TEST(FaultTransport, I19_WithoutFaultsItIsTheRealTransport) {
  zmq::context_t ctx(1);
  EchoService echo(ctx);
  auto transport = Over(ctx, echo, {});
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(SendText(*transport, "m" + std::to_string(i)).ok());
  const auto got = ReceiveAll(*transport);
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got[static_cast<size_t>(i)], "m" + std::to_string(i));
  EXPECT_EQ(transport->counts().requests, 50u);
  EXPECT_EQ(transport->counts().replies, 50u);
}

TEST(FaultTransport, I19_DropsAndDuplicatesAtTheConfiguredRatesTheSameWayForTheSameSeed) {
  zmq::context_t ctx(1);
  EchoService echo(ctx);
  TransportFaults faults;
  faults.seed = 19;
  faults.drop_request = 0.2;
  faults.drop_reply = 0.2;
  faults.duplicate_request = 0.2;
  faults.duplicate_reply = 0.2;
  auto run = [&](uint64_t seed, TransportFaultCounts* counts) {
    faults.seed = seed;
    auto transport = Over(ctx, echo, faults);
    for (int i = 0; i < 400; ++i) EXPECT_TRUE(SendText(*transport, "m" + std::to_string(i)).ok());
    auto got = ReceiveAll(*transport);
    *counts = transport->counts();
    return std::multiset<std::string>(got.begin(), got.end());
  };
  TransportFaultCounts first, again, other;
  const auto got = run(19, &first);
  EXPECT_EQ(run(19, &again), got) << "the same seed dropped or duplicated other messages";
  EXPECT_NE(run(20, &other), got) << "another seed made the same decisions";
  // 400 requests: about 80 dropped, 64 of the rest duplicated; about a fifth of the echoes dropped.
  EXPECT_EQ(first.requests, 400u);
  EXPECT_GT(first.requests_dropped, 50u);
  EXPECT_LT(first.requests_dropped, 110u);
  EXPECT_GT(first.requests_duplicated, 35u);
  EXPECT_GT(first.replies_dropped, 50u);
  EXPECT_GT(first.replies_duplicated, 35u);
  EXPECT_EQ(first.replies, first.requests - first.requests_dropped + first.requests_duplicated)
      << "every request passed on reached the echo and came back";
  EXPECT_EQ(got.size(), first.replies - first.replies_dropped + first.replies_duplicated);
  size_t twice = 0;
  for (int i = 0; i < 400; ++i) twice += got.count("m" + std::to_string(i)) >= 2 ? 1 : 0;
  EXPECT_GT(twice, 30u) << "duplicates arrive as the same message twice";
}

TEST(FaultTransport, I19_DelayedMessagesArriveNoSoonerThanTheirDelayAndOutOfOrder) {
  zmq::context_t ctx(1);
  EchoService echo(ctx);
  auto transport = Over(ctx, echo, EveryRequestDelayed(milliseconds(150)));
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_TRUE(SendText(*transport, "late").ok());
  auto frames = transport->Receive(milliseconds(2000));
  ASSERT_TRUE(frames.ok()) << frames.status().ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - sent, milliseconds(150));
  EXPECT_EQ(transport->counts().requests_delayed, 1u);

  // Replies delayed by random amounts overtake each other.
  TransportFaults faults;
  faults.seed = 7;
  faults.delay_reply = 1.0;
  faults.min_delay = milliseconds(0);
  faults.max_delay = milliseconds(200);
  transport = Over(ctx, echo, faults);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(SendText(*transport, std::to_string(100 + i)).ok());
  const auto got = ReceiveAll(*transport);
  ASSERT_EQ(got.size(), 20u);
  EXPECT_FALSE(std::is_sorted(got.begin(), got.end())) << "random delays should reorder 20 replies";
}

TEST(FaultTransport, I19_ReopeningLosesWhatIsHeldAsClosingASocketDoes) {
  zmq::context_t ctx(1);
  EchoService echo(ctx);
  auto transport = Over(ctx, echo, EveryRequestDelayed(milliseconds(100)));
  ASSERT_TRUE(SendText(*transport, "lost").ok());
  ASSERT_TRUE(transport->Open().ok());
  EXPECT_EQ(transport->counts().lost_on_open, 1u);
  EXPECT_TRUE(ReceiveAll(*transport).empty());
}

}  // namespace
}  // namespace dxhub::client
