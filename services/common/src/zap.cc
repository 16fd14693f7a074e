#include "dxhub/common/zap.h"

#include <array>
#include <vector>

#include "dxhub/common/log.h"

namespace dxhub {

ZapHandler::ZapHandler(zmq::context_t& context, std::shared_ptr<const KeyRegistry> registry,
                       std::map<std::string, std::set<Role>> domains)
    : context_(context), registry_(std::move(registry)), domains_(std::move(domains)) {}

ZapHandler::~ZapHandler() { Stop(); }

Status ZapHandler::Start() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::rep);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->bind("inproc://zeromq.zap.01");
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("cannot bind the ZAP handler: ") + e.what());
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ZapHandler::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  socket_.reset();
}

void ZapHandler::Run() {
  auto log = Logger("zap");
  auto security = Logger("security");
  while (!stop_) {
    zmq::pollitem_t items[] = {{socket_->handle(), 0, ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, 1, std::chrono::milliseconds(100));
    } catch (const zmq::error_t&) {
      break;  // context terminated
    }
    if (!(items[0].revents & ZMQ_POLLIN)) continue;

    std::vector<zmq::message_t> frames;
    try {
      auto more = zmq::recv_multipart(*socket_, std::back_inserter(frames));
      if (!more) continue;
    } catch (const zmq::error_t&) {
      break;
    }
    // version, request id, domain, address, identity, mechanism, credentials...
    if (frames.size() < 6) {
      log->error("malformed ZAP request with {} frames", frames.size());
      continue;  // REP cannot skip a reply; libzmq only sends well-formed requests
    }
    const std::string request_id = frames[1].to_string();
    const std::string domain = frames[2].to_string();
    const std::string address = frames[3].to_string();
    const std::string mechanism = frames[5].to_string();

    std::string status_code = "400";
    std::string status_text = "key not registered";
    std::string user_id;
    std::string why;  // the refusal, for the (rate-limited) security log
    if (mechanism == "CURVE" && frames.size() >= 7 && frames[6].size() == 32) {
      std::array<char, 41> z85{};
      zmq_z85_encode(z85.data(), frames[6].data<uint8_t>(), 32);
      auto principal = registry_->FindByKey(z85.data());
      auto domain_it = domains_.find(domain);
      if (!principal) {
        why = fmt::format("refused CURVE client from {} on '{}': public key {} is not registered", address, domain,
                          z85.data());
      } else if (domain_it == domains_.end() || !domain_it->second.count(principal->role)) {
        status_text = "role not admitted on this endpoint";
        why = fmt::format("refused '{}' ({}) from {} on '{}': role not admitted there", principal->name,
                          RoleName(principal->role), address, domain);
      } else {
        status_code = "200";
        status_text = "OK";
        user_id = principal->name;
      }
    } else {
      status_text = "only CURVE clients are admitted";
      why = fmt::format("refused {} client from {} on '{}'", mechanism, address, domain);
    }
    if (status_code == "200") {
      ++admitted_;
      log->debug("admitted '{}' from {} on '{}'", user_id, address, domain);
    } else {
      ++refused_;
      // One line per interval, however fast refusals come (an unauthenticated path to a full disk).
      uint64_t suppressed = 0;
      if (refusal_log_.Allow(LogThrottle::Clock::now(), &suppressed)) security->warn("{}{}", why, SuppressedNote(suppressed));
    }
    try {
      std::array<zmq::const_buffer, 6> reply = {
          zmq::str_buffer("1.0"), zmq::buffer(request_id), zmq::buffer(status_code),
          zmq::buffer(status_text), zmq::buffer(user_id), zmq::const_buffer(nullptr, 0)};
      zmq::send_multipart(*socket_, reply);
    } catch (const zmq::error_t&) {
      break;
    }
  }
}

}  // namespace dxhub
