// Acceptance (issue 2, item 3): a client streams 200,000 events in batches
// while the store is SIGKILLed at least three times and restarted; the client
// resends what was not acknowledged; afterwards the store holds exactly the
// events sent, each once, with gap-free sequence numbers.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <map>
#include <set>
#include <thread>

#include "dxhub/testing/store_process.h"
#include "helpers.h"

namespace dxhub::testing {
namespace {

constexpr uint64_t kEvents = 200000;
constexpr uint64_t kBatch = 1000;

TEST(StoreCrash, NothingAcknowledgedIsLostNothingIsStoredTwice) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  std::atomic<uint64_t> acked{0};
  std::atomic<int> kills{0};

  std::thread killer([&] {
    for (uint64_t at : {40000ULL, 90000ULL, 140000ULL, 175000ULL}) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (acked.load() < at && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      store.Kill();  // mid-stream: batches are in flight
      ++kills;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the hub is away for a moment
      store.Start();
    }
  });

  // Like a connector: a window of batches in flight; whatever is not
  // acknowledged within the timeout is resent on a fresh socket.
  constexpr size_t kWindow = 4;
  client::StoreClient client(ctx, store.ConnectorEndpoint("BTHFT"));
  std::vector<wire::v1::Request> batches;
  std::set<std::string> sent_ids;
  for (uint64_t first = 0; first < kEvents; first += kBatch) {
    std::vector<event::v1::Event> events;
    for (uint64_t n = first; n < first + kBatch; ++n) {
      events.push_back(protocol::SampleStaffRecord("BTHFT", n));
      sent_ids.insert(events.back().event_id());
    }
    batches.push_back(IngestOf(events, "batch-" + std::to_string(first)));
  }
  std::deque<size_t> to_send;
  for (size_t i = 0; i < batches.size(); ++i) to_send.push_back(i);
  std::map<uint64_t, size_t> in_flight;  // request id -> batch index
  size_t done = 0;
  uint64_t resent = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(400);
  while (done < batches.size()) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the stream never completed";
    while (in_flight.size() < kWindow && !to_send.empty()) {
      auto request = batches[to_send.front()];
      if (!client.Send(request).ok()) break;
      in_flight[request.request_id()] = to_send.front();
      to_send.pop_front();
    }
    auto reply = client.Receive(std::chrono::milliseconds(1500));
    if (!reply.ok()) {  // the store went away: resend everything unacknowledged
      client.Reset();
      for (auto& [id, index] : in_flight) to_send.push_front(index);
      resent += in_flight.size();
      in_flight.clear();
      continue;
    }
    auto it = in_flight.find(reply->request_id());
    if (it == in_flight.end()) continue;
    const size_t index = it->second;
    in_flight.erase(it);
    if (reply->has_error()) {
      to_send.push_back(index);
      ++resent;
      continue;
    }
    ASSERT_EQ(reply->ingest().acks_size(), static_cast<int>(kBatch));
    for (const auto& ack : reply->ingest().acks()) {
      ASSERT_NE(ack.status(), ingest::v1::ACK_STATUS_REJECTED) << ack.reason();
    }
    ++done;
    acked += kBatch;
  }
  killer.join();
  EXPECT_GE(kills.load(), 3);
  EXPECT_GT(resent, 0u) << "the kills never interrupted a batch";

  client::StoreClient reader(ctx, store.ServiceEndpoint());
  auto all = ReadAllEvents(reader);
  ASSERT_EQ(all.size(), kEvents);
  std::set<std::string> stored_ids;
  for (uint64_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].seq(), i + 1) << "sequence numbers are not gap-free";
    stored_ids.insert(all[i].event().event_id());
  }
  EXPECT_EQ(stored_ids.size(), kEvents) << "an event was stored twice";
  EXPECT_EQ(stored_ids, sent_ids) << "the store does not hold exactly the events sent";
  std::printf("crash test: %llu events, %d kills, %llu resent batches\n", static_cast<unsigned long long>(kEvents),
              kills.load(), static_cast<unsigned long long>(resent));
}

}  // namespace
}  // namespace dxhub::testing
