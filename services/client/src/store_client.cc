#include "dxhub/client/store_client.h"

#include <algorithm>
#include <thread>

#include "dxhub/protocol/rpc.h"

namespace dxhub::client {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

StoreClient::StoreClient(zmq::context_t& context, Endpoint endpoint)
    : StoreClient(std::make_unique<ZmqTransport>(context, std::move(endpoint))) {}

StoreClient::StoreClient(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {
  setup_ = transport_->Open();
}

void StoreClient::Reset() {
  oldest_live_id_ = next_request_id_;
  setup_ = transport_->Open();
}

Status StoreClient::Send(Request& request) {
  DXHUB_RETURN_IF_ERROR(setup_);
  request.set_request_id(next_request_id_++);
  auto frames = protocol::EncodeRequest(request);
  if (!frames.ok()) return frames.status();
  return transport_->Send(*frames);
}

// docs/protocol.md, "Framing": id 0 answers no request in particular. Taken
// as an answer it would read as an empty one (no events, head 0), so it is an
// error naming what the service said; the socket is replaced.
Status StoreClient::IdZeroReply(const Reply& reply) {
  const std::string said = reply.has_error() ? dxhub::wire::v1::ErrorCode_Name(reply.error().code()) + ": " +
                                                   reply.error().message()
                                             : "no error given";
  Reset();
  return Status::Internal(transport_->address() + " answered with request_id 0, which answers none of this client's "
                          "requests (" + said + "); the service could not read a request or could not build its "
                          "reply: see its log and dead letters");
}

Result<Reply> StoreClient::Receive(std::chrono::milliseconds timeout) {
  Reply reply;
  DXHUB_RETURN_IF_ERROR(ReceiveInto(timeout, &reply));
  return reply;
}

Status StoreClient::ReceiveInto(std::chrono::milliseconds timeout, Reply* out) {
  DXHUB_RETURN_IF_ERROR(setup_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) left = std::chrono::milliseconds(0);
    auto frames = transport_->Receive(left);
    if (!frames.ok()) {
      if (frames.status().code() == StatusCode::kNotFound) {
        return Status::Timeout("no reply from " + transport_->address() + " within " + std::to_string(timeout.count()) +
                               " ms (is the service running, and is this key registered?)");
      }
      return frames.status();
    }
    out->Clear();
    if (auto error = protocol::DecodeReply(*frames, 0, out)) {
      return Status::Internal("unreadable reply from " + transport_->address() + ": " + error->message());
    }
    if (out->request_id() == 0) return IdZeroReply(*out);
    if (out->request_id() < oldest_live_id_) continue;  // stale
    return Status::Ok();
  }
}

Result<Reply> StoreClient::Call(Request request, std::chrono::milliseconds timeout) {
  DXHUB_RETURN_IF_ERROR(Send(request));
  return Await(request.request_id(), timeout);
}

Result<Reply> StoreClient::Await(uint64_t id, std::chrono::milliseconds timeout) {
  Reply reply;
  DXHUB_RETURN_IF_ERROR(AwaitInto(id, timeout, &reply));
  return reply;
}

Status StoreClient::AwaitInto(uint64_t id, std::chrono::milliseconds timeout, Reply* out) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (auto s = ReceiveInto(std::max(left, std::chrono::milliseconds(0)), out); !s.ok()) {
      Reset();
      return s;
    }
    if (out->request_id() == id) return Status::Ok();
  }
}

Status ReplyStatus(const Reply& reply) {
  if (!reply.has_error() || reply.error().code() == dxhub::wire::v1::ERROR_CODE_UNSPECIFIED) return Status::Ok();
  const std::string text = dxhub::wire::v1::ErrorCode_Name(reply.error().code()) + ": " + reply.error().message();
  switch (reply.error().code()) {
    case dxhub::wire::v1::ERROR_CODE_RATE_LIMITED:
    case dxhub::wire::v1::ERROR_CODE_UNAVAILABLE:
      return Status::Unavailable(text);
    case dxhub::wire::v1::ERROR_CODE_FORBIDDEN:
      return Status::PermissionDenied(text);
    case dxhub::wire::v1::ERROR_CODE_INTERNAL:
      return Status::Internal(text);
    default:
      return Status::InvalidArgument(text);
  }
}

Result<Reply> CallChecked(StoreClient& client, dxhub::wire::v1::Request request, std::chrono::milliseconds timeout) {
  auto reply = client.Call(std::move(request), timeout);
  if (!reply.ok()) return reply.status();
  DXHUB_RETURN_IF_ERROR(ReplyStatus(*reply));
  return reply;
}

Result<Reply> CallAskingAgain(StoreClient& client, const dxhub::wire::v1::Request& request,
                              std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto reply = client.Call(request, std::max(left, std::chrono::milliseconds(1)));
    if (!reply.ok()) return reply.status();
    const auto wait = std::chrono::milliseconds(reply->has_error() ? reply->error().retry_after_ms() : 0);
    const bool ask_again = reply->has_error() && reply->error().code() == dxhub::wire::v1::ERROR_CODE_UNAVAILABLE &&
                           wait.count() > 0 && Clock::now() + wait < deadline;
    if (!ask_again) {
      DXHUB_RETURN_IF_ERROR(ReplyStatus(*reply));
      return reply;
    }
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace dxhub::client
