#include "dxhub/client/event_follower.h"

#include "dxhub/common/zmq_util.h"

namespace dxhub::client {

using dxhub::event::v1::StoredEvent;

namespace {
// With no PUB traffic for this long, ask the read API whether we missed a tail.
constexpr std::chrono::milliseconds kIdleRecheck{500};
constexpr std::chrono::milliseconds kReadTimeout{10000};
constexpr uint32_t kReadChunk = 2000;
}  // namespace

EventFollower::EventFollower(zmq::context_t& context, Endpoint read, std::string publish_address,
                             uint64_t next_seq)
    : reader_(context, read), subscriber_(context, zmq::socket_type::sub), next_seq_(std::max<uint64_t>(next_seq, 1)) {
  setup_ = CheckConnectEndpoint(publish_address);
  if (!setup_.ok()) return;
  try {
    subscriber_.set(zmq::sockopt::linger, 0);
    subscriber_.set(zmq::sockopt::rcvhwm, 200000);
    if (publish_address.rfind("tcp://", 0) == 0) {
      setup_ = MakeCurveClient(subscriber_, read.server_public_key, read.public_key, read.secret_key);
      if (!setup_.ok()) return;
    }
    subscriber_.set(zmq::sockopt::subscribe, "");
    subscriber_.connect(publish_address);
  } catch (const zmq::error_t& e) {
    setup_ = Status::InvalidArgument("cannot subscribe to " + publish_address + ": " + e.what());
  }
}

Status EventFollower::ReadChunk() {
  dxhub::wire::v1::Request request;
  request.mutable_read()->set_from_seq(next_seq_);
  request.mutable_read()->set_max_events(kReadChunk);
  auto reply = reader_.Call(request, kReadTimeout);
  last_read_ = std::chrono::steady_clock::now();
  if (!reply.ok()) return reply.status();
  DXHUB_RETURN_IF_ERROR(ReplyStatus(*reply));
  known_head_ = reply->read().head_seq();
  uint64_t expect = next_seq_ + queue_.size();
  for (const auto& e : reply->read().events()) {
    if (e.seq() != expect) continue;  // already queued, or (never) out of order
    queue_.push_back(e);
    ++expect;
  }
  return Status::Ok();
}

Result<std::optional<StoredEvent>> EventFollower::Next(std::chrono::milliseconds timeout) {
  DXHUB_RETURN_IF_ERROR(setup_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (!queue_.empty()) {
      StoredEvent e = std::move(queue_.front());
      queue_.pop_front();
      next_seq_ = e.seq() + 1;
      ++counters_.from_read_api;
      return std::optional<StoredEvent>(std::move(e));
    }
    const auto now = std::chrono::steady_clock::now();
    // Read when behind the head (catching up at read speed), at the start,
    // and after a quiet spell (a missed tail would otherwise go unnoticed).
    const bool behind = next_seq_ <= known_head_;
    if (behind || last_read_ == std::chrono::steady_clock::time_point{} || now - last_read_ >= kIdleRecheck) {
      DXHUB_RETURN_IF_ERROR(ReadChunk());
      if (!queue_.empty()) continue;
    }
    if (now >= deadline) return std::optional<StoredEvent>();
    auto wait = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now), kIdleRecheck);
    auto frames = ReceiveMultipart(subscriber_, wait);
    if (!frames.ok()) {
      if (frames.status().code() != StatusCode::kNotFound) return frames.status();
      continue;
    }
    if (frames->size() != 2 || (*frames)[0].to_string_view() != kProtocolSignature) continue;
    StoredEvent e;
    if (!e.ParseFromArray((*frames)[1].data(), static_cast<int>((*frames)[1].size()))) continue;
    if (e.seq() < next_seq_) continue;  // already delivered through the read API
    if (e.seq() == next_seq_) {
      last_read_ = std::chrono::steady_clock::now();  // the stream is live: no need to poll reads
      next_seq_ = e.seq() + 1;
      ++counters_.from_publish;
      return std::optional<StoredEvent>(std::move(e));
    }
    ++counters_.gaps;
    DXHUB_RETURN_IF_ERROR(ReadChunk());
  }
}

}  // namespace dxhub::client
