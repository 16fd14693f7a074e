// Issue 19, "Fault injection seams": the connector's publisher sending through
// the fault-injecting transport (client::FaultTransport: requests and replies
// dropped, duplicated and delayed, seeded) to the real dxhub-store binary on
// loopback over CurveZMQ. Whatever the network does, every event is stored
// exactly once with gap-free sequence numbers and the outbox empties.
// Back-off sleeps are on a FakeClock; reply timeouts are real.
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "dxhub/client/fault_transport.h"
#include "dxhub/connector/publisher.h"
#include "dxhub/protocol/sample_events.h"
#include "../store/helpers.h"
#include "dxhub/testing/store_process.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::testing {
namespace {

using std::chrono::milliseconds;

struct Delivery {
  connector::PublishSummary summary;
  client::TransportFaultCounts faults;
  size_t outbox_left = 0;
};

// Publishes `events` for BTHFT from a fresh connector state through a FaultTransport with `faults`.
Delivery Publish(const StoreProcess& store, const std::vector<event::v1::Event>& events, client::TransportFaults faults) {
  const auto dir = FreshTestDir("publisher-faults");
  auto state = connector::ConnectorState::Open(dir);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  if (!state.ok()) return {};
  connector::EnqueueBatch batch;
  batch.events = events;
  EXPECT_TRUE((*state)->Enqueue(batch).ok());

  zmq::context_t ctx(1);
  auto transport = std::make_unique<client::FaultTransport>(
      std::make_unique<client::ZmqTransport>(ctx, store.ConnectorEndpoint("BTHFT")), faults);
  const client::FaultTransport& lossy = *transport;
  connector::PublishOptions options;
  options.batch_events = 50;
  options.window = 4;
  options.timeout_ms = 400;  // real: how long silence lasts before the socket is replaced
  options.give_up_after_s = 0;
  FakeClock clock;           // back-off sleeps take no time
  Delivery delivery;
  {
    connector::Publisher publisher(std::move(transport), options, **state, clock);
    auto summary = publisher.Drain();
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    if (summary.ok()) delivery.summary = *summary;
    delivery.faults = lossy.counts();
  }
  delivery.outbox_left = (*state)->outbox_size();
  state->reset();
  std::filesystem::remove_all(dir);
  return delivery;
}

// The store holds each of `events` once, and nothing else, at seq 1..n.
void ExpectStoredExactlyOnce(const StoreProcess& store, const std::vector<event::v1::Event>& events) {
  zmq::context_t ctx(1);
  client::StoreClient admin(ctx, store.AdminEndpoint());
  const auto stored = ReadAllEvents(admin);
  ASSERT_EQ(stored.size(), events.size()) << "events lost or stored twice; the store's log:\n"
                                           << ReadFile(store.log_path());
  std::set<std::string> ids;
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].seq(), i + 1) << "sequence numbers are not gap-free";
    EXPECT_TRUE(ids.insert(stored[i].event().event_id()).second) << "stored twice: " << stored[i].event().event_id();
  }
  for (const auto& event : events) EXPECT_EQ(ids.count(event.event_id()), 1u) << "lost: " << event.event_id();
}

std::vector<event::v1::Event> StaffRecords(uint64_t from, uint64_t count) {
  std::vector<event::v1::Event> events;
  for (uint64_t n = from; n < from + count; ++n) events.push_back(protocol::SampleStaffRecord("BTHFT", n));
  return events;
}

TEST(PublisherTransportFaults, I19_EachEventStoredOnceThroughALossyTransport) {
  StoreProcess store;
  store.Start();
  client::TransportFaults faults;
  faults.seed = 19;
  faults.drop_request = 0.2;
  faults.drop_reply = 0.2;
  faults.duplicate_request = 0.2;
  faults.duplicate_reply = 0.2;
  faults.delay_request = 0.3;
  faults.delay_reply = 0.3;
  faults.min_delay = milliseconds(1);
  faults.max_delay = milliseconds(150);
  const auto events = StaffRecords(1, 3000);
  const Delivery delivery = Publish(store, events, faults);

  EXPECT_TRUE(delivery.summary.drained);
  EXPECT_EQ(delivery.outbox_left, 0u);
  EXPECT_EQ(delivery.summary.accepted + delivery.summary.duplicates, events.size())
      << "each outbox entry is acknowledged once";
  EXPECT_EQ(delivery.summary.rejected, 0u);
  ExpectStoredExactlyOnce(store, events);
  // The faults really happened, and resending what the store already held was answered DUPLICATE.
  EXPECT_GT(delivery.faults.requests_dropped, 0u);
  EXPECT_GT(delivery.faults.replies_dropped, 0u);
  EXPECT_GT(delivery.faults.requests_duplicated, 0u);
  EXPECT_GT(delivery.faults.replies_duplicated, 0u);
  EXPECT_GT(delivery.faults.requests_delayed, 0u);
  EXPECT_GT(delivery.faults.replies_delayed, 0u);
  EXPECT_GT(delivery.summary.retries, 0u);
  EXPECT_GT(delivery.summary.duplicates, 0u) << "no batch was ever resent after its reply was lost";
  std::cout << "3000 events through the lossy transport: " << delivery.summary.batches_sent << " batches sent, "
            << delivery.summary.retries << " retries, " << delivery.summary.duplicates << " answered duplicate; "
            << delivery.faults.requests_dropped << "/" << delivery.faults.requests << " requests and "
            << delivery.faults.replies_dropped << "/" << delivery.faults.replies << " replies dropped\n";
  EXPECT_EQ(store.Terminate(), 0);
}

TEST(PublisherTransportFaults, I19_WithoutFaultsTheTwinIsTheRealTransport) {
  StoreProcess store;
  store.Start();
  const auto events = StaffRecords(1, 500);
  const Delivery delivery = Publish(store, events, {});
  EXPECT_TRUE(delivery.summary.drained);
  EXPECT_EQ(delivery.summary.accepted, events.size());
  EXPECT_EQ(delivery.summary.retries, 0u);
  EXPECT_EQ(delivery.summary.duplicates, 0u);
  ExpectStoredExactlyOnce(store, events);
}

}  // namespace
}  // namespace dxhub::testing
