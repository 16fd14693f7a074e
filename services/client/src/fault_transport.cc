#include "dxhub/client/fault_transport.h"

#include <algorithm>

namespace dxhub::client {
namespace {

std::vector<zmq::message_t> Copy(const std::vector<zmq::message_t>& frames) {
  std::vector<zmq::message_t> copy;
  copy.reserve(frames.size());
  for (const auto& frame : frames) copy.emplace_back(frame.data(), frame.size());
  return copy;
}

}  // namespace

FaultTransport::FaultTransport(std::unique_ptr<Transport> inner, TransportFaults faults)
    : inner_(std::move(inner)),
      faults_(faults),
      request_random_(faults.seed),
      reply_random_(faults.seed ^ 0x9e3779b97f4a7c15ULL) {}

bool FaultTransport::Chance(double probability, std::mt19937_64& random) {
  // One draw per decision, even at 0 or 1: a seed gives the same decisions for the same traffic.
  return std::uniform_real_distribution<double>(0.0, 1.0)(random) < probability;
}

FaultTransport::Time FaultTransport::DueTime(double probability, std::mt19937_64& random, uint64_t* delayed) const {
  const Time now = std::chrono::steady_clock::now();
  if (!Chance(probability, random)) return now;
  ++*delayed;
  const auto low = faults_.min_delay.count();
  const auto high = std::max(low, faults_.max_delay.count());
  return now + std::chrono::milliseconds(std::uniform_int_distribution<int64_t>(low, high)(random));
}

Status FaultTransport::Open() {
  counts_.lost_on_open += requests_.size() + replies_.size();
  requests_.clear();
  replies_.clear();
  return inner_->Open();
}

Status FaultTransport::SendDue() {
  const Time now = std::chrono::steady_clock::now();
  while (!requests_.empty() && requests_.begin()->first <= now) {
    auto frames = std::move(requests_.begin()->second);
    requests_.erase(requests_.begin());
    DXHUB_RETURN_IF_ERROR(inner_->Send(frames));
  }
  return Status::Ok();
}

Status FaultTransport::Send(std::vector<zmq::message_t>& frames) {
  ++counts_.requests;
  DXHUB_RETURN_IF_ERROR(SendDue());
  if (Chance(faults_.drop_request, request_random_)) {
    ++counts_.requests_dropped;
    return Status::Ok();  // as far as the sender can tell, it went
  }
  if (Chance(faults_.duplicate_request, request_random_)) {
    ++counts_.requests_duplicated;
    requests_.emplace(DueTime(faults_.delay_request, request_random_, &counts_.requests_delayed), Copy(frames));
  }
  requests_.emplace(DueTime(faults_.delay_request, request_random_, &counts_.requests_delayed), std::move(frames));
  return SendDue();
}

Result<std::vector<zmq::message_t>> FaultTransport::Receive(std::chrono::milliseconds timeout) {
  const Time deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    DXHUB_RETURN_IF_ERROR(SendDue());
    const Time now = std::chrono::steady_clock::now();
    if (!replies_.empty() && replies_.begin()->first <= now) {
      auto frames = std::move(replies_.begin()->second);
      replies_.erase(replies_.begin());
      return frames;
    }
    // Wait on the real transport until the deadline or the next held message is due.
    Time wake = deadline;
    if (!replies_.empty()) wake = std::min(wake, replies_.begin()->first);
    if (!requests_.empty()) wake = std::min(wake, requests_.begin()->first);
    const auto wait = std::max(std::chrono::milliseconds(0),
                               std::chrono::ceil<std::chrono::milliseconds>(wake - now));
    auto frames = inner_->Receive(wait);
    if (!frames.ok()) {
      if (frames.status().code() != StatusCode::kNotFound) return frames.status();
      if (std::chrono::steady_clock::now() >= deadline && (replies_.empty() || replies_.begin()->first > deadline)) {
        return frames.status();  // nothing came in time
      }
      continue;
    }
    ++counts_.replies;
    if (Chance(faults_.drop_reply, reply_random_)) {
      ++counts_.replies_dropped;
      continue;
    }
    if (Chance(faults_.duplicate_reply, reply_random_)) {
      ++counts_.replies_duplicated;
      replies_.emplace(DueTime(faults_.delay_reply, reply_random_, &counts_.replies_delayed), Copy(*frames));
    }
    replies_.emplace(DueTime(faults_.delay_reply, reply_random_, &counts_.replies_delayed), std::move(*frames));
  }
}

}  // namespace dxhub::client
