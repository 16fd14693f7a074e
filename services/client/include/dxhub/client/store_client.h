// A client of a dxhub service's request socket (the store's ingest/read
// ROUTER, over CURVE; or a local ipc:// admin socket), through a Transport
// (transport.h: the real ZeroMQ one by default, or a fault-injecting twin).
// Request ids are assigned here; replies to abandoned requests are dropped.
// After a timeout the connection is replaced (Lazy Pirate) so a late reply
// cannot be mistaken for a new one. A bad endpoint or CURVE key is never
// thrown nor swallowed: it is kept as setup() and returned by every Send and
// Receive. One client per thread; it owns its transport.
#pragma once

#include <zmq.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "dxhub/client/transport.h"
#include "dxhub/common/status.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::client {

class StoreClient {
 public:
  // Over the real ZeroMQ transport.
  StoreClient(zmq::context_t& context, Endpoint endpoint);
  explicit StoreClient(std::unique_ptr<Transport> transport);

  // Sends `request` (assigning its request_id) without waiting.
  Status Send(dxhub::wire::v1::Request& request);
  // Waits up to `timeout` for the reply to any request sent since the last
  // Reset(). Timeout when none came; an error (and a Reset) for a reply with
  // request_id 0, which answers none of them.
  Result<dxhub::wire::v1::Reply> Receive(std::chrono::milliseconds timeout);
  // Waits up to `timeout` for the reply to request `request_id` (sent since
  // the last Reset), dropping replies to others; a timeout resets the socket.
  Result<dxhub::wire::v1::Reply> Await(uint64_t request_id, std::chrono::milliseconds timeout);
  // Receive and Await, parsing into `*out`, which may live on an arena (a
  // chunk of 5,000 events then costs no allocation or destruction per field).
  Status ReceiveInto(std::chrono::milliseconds timeout, dxhub::wire::v1::Reply* out);
  Status AwaitInto(uint64_t request_id, std::chrono::milliseconds timeout, dxhub::wire::v1::Reply* out);
  // Send, then Await that request's reply.
  Result<dxhub::wire::v1::Reply> Call(dxhub::wire::v1::Request request, std::chrono::milliseconds timeout);
  // Closes and reopens the connection, forgetting every request in flight.
  void Reset();

  // Ok, or why the socket could not be set up (bad endpoint, bad CURVE key).
  const Status& setup() const { return setup_; }

 private:
  Status IdZeroReply(const dxhub::wire::v1::Reply& reply);

  std::unique_ptr<Transport> transport_;
  Status setup_;
  uint64_t next_request_id_ = 1;
  uint64_t oldest_live_id_ = 1;
};

// Turns a reply's error (if any) into a Status naming the service's message.
Status ReplyStatus(const dxhub::wire::v1::Reply& reply);

// client.Call, then the reply's error as a Status (ReplyStatus): a reply is
// returned only when it answers without an error.
Result<dxhub::wire::v1::Reply> CallChecked(StoreClient& client, dxhub::wire::v1::Request request,
                                           std::chrono::milliseconds timeout);

// CallChecked, but a reply UNAVAILABLE with a retry hint (a service busy for
// a while, e.g. the aggregator refreshing its cubes) is asked again after the
// hint, as long as `timeout` (for the whole call) allows.
Result<dxhub::wire::v1::Reply> CallAskingAgain(StoreClient& client, const dxhub::wire::v1::Request& request,
                                               std::chrono::milliseconds timeout);

}  // namespace dxhub::client
