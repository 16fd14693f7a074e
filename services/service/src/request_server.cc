#include "dxhub/service/request_server.h"

#include "dxhub/common/log.h"
#include "dxhub/common/process.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::service {

namespace {
constexpr size_t kMaxRequestsPerTurn = 100;
}  // namespace

RequestServer::RequestServer(RequestServerOptions options) : options_(std::move(options)) {}

RequestServer::~RequestServer() {
  query_.reset();
  admin_.reset();
  guard_.reset();
  if (zap_) zap_->Stop();
}

Result<std::unique_ptr<RequestServer>> RequestServer::Start(zmq::context_t& context, const ServiceConfig& config,
                                                            RequestServerOptions options) {
  std::unique_ptr<RequestServer> server(new RequestServer(std::move(options)));
  const auto& o = server->options_;
  server->zap_ = std::make_unique<ZapHandler>(context, config.clients,
                                              std::map<std::string, std::set<Role>>{{o.zap_domain, o.roles}});
  DXHUB_RETURN_IF_ERROR(server->zap_->Start());
  server->guard_ = std::make_unique<ConnectionGuard>(context, o.connections, o.log_name);
  try {
    server->query_ = std::make_unique<zmq::socket_t>(context, zmq::socket_type::router);
    server->query_->set(zmq::sockopt::linger, 1000);
    server->query_->set(zmq::sockopt::maxmsgsize, o.max_message_bytes);
    DXHUB_RETURN_IF_ERROR(MakeCurveServer(*server->query_, config.server_secret_key, o.zap_domain));
    DXHUB_RETURN_IF_ERROR(server->guard_->Watch(*server->query_, o.zap_domain));
    auto bound = BindAndResolve(*server->query_, config.query_endpoint);
    if (!bound.ok()) return bound.status();
    server->query_endpoint_ = *bound;
    if (!config.admin_endpoint.empty()) {
      server->admin_ = std::make_unique<zmq::socket_t>(context, zmq::socket_type::router);
      server->admin_->set(zmq::sockopt::linger, 1000);
      auto admin_bound = BindOwnerOnlyIpc(*server->admin_, config.admin_endpoint);
      if (!admin_bound.ok()) return admin_bound.status();
      server->admin_endpoint_ = *admin_bound;
    }
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("socket set-up failed: ") + e.what());
  }
  DXHUB_RETURN_IF_ERROR(server->guard_->Start());
  return server;
}

size_t RequestServer::Serve(std::chrono::milliseconds wait, const Handler& handler) {
  zmq::pollitem_t items[] = {{query_->handle(), 0, ZMQ_POLLIN, 0},
                             {admin_ ? admin_->handle() : nullptr, 0, ZMQ_POLLIN, 0}};
  try {
    zmq::poll(items, admin_ ? 2 : 1, wait);
  } catch (const zmq::error_t& e) {
    Logger(options_.log_name)->error("poll failed: {}", e.what());
    return 0;
  }
  size_t handled = 0;
  while (handled < kMaxRequestsPerTurn) {
    bool any = false;
    for (auto [socket, is_admin] : {std::pair{query_.get(), false}, std::pair{admin_.get(), true}}) {
      if (socket == nullptr) continue;
      auto frames = ReceiveMultipart(*socket, std::chrono::milliseconds(0));
      if (!frames.ok() || frames->size() < 2) continue;
      any = true;
      ++handled;
      // The tcp socket admits only registered keys (ZAP); the admin socket is local and owner-only.
      Caller caller{"", is_admin};
      if (!is_admin) {
        auto user = UserIdOf((*frames)[1]);
        if (!user) continue;
        caller.principal = *user;
      }
      dxhub::wire::v1::Request request;
      if (auto error = protocol::DecodeRequest(*frames, 1, &request)) {
        SendReply(*socket, std::move((*frames)[0]), protocol::ErrorReply(0, error->code(), error->message()));
        continue;
      }
      auto reply = handler(request, caller);
      if (!reply) {
        held_.push_back(Held{socket, std::move((*frames)[0]), std::move(request), std::move(caller)});
        continue;
      }
      reply->set_request_id(request.request_id());
      SendReply(*socket, std::move((*frames)[0]), *reply);
    }
    if (!any) break;
  }
  return handled;
}

void RequestServer::AnswerHeld(const HeldHandler& answer) {
  // Taken first: `answer` may serve (and hold) more while it runs.
  std::vector<Held> held = std::move(held_);
  held_.clear();
  for (auto& h : held) {
    auto reply = answer(h.request, h.caller);
    reply.set_request_id(h.request.request_id());
    SendReply(*h.socket, std::move(h.route), reply);
  }
}

void RequestServer::SendReply(zmq::socket_t& socket, zmq::message_t route, const dxhub::wire::v1::Reply& reply) {
  auto out = protocol::EncodeReply(reply);
  out.insert(out.begin(), std::move(route));
  if (auto s = SendMultipart(socket, out); !s.ok()) Logger(options_.log_name)->warn("reply not sent: {}", s.message());
  ++answered_;
}

void FillHealth(dxhub::wire::v1::Reply& reply, const std::string& service, const std::string& status,
                std::chrono::steady_clock::time_point started) {
  auto* health = reply.mutable_health();
  health->set_service(service);
  health->set_status(status);
  health->set_uptime_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count());
}

void FillVersion(dxhub::wire::v1::Reply& reply, const std::string& service) {
  auto* version = reply.mutable_version();
  version->set_service(service);
  version->set_version(DXHUB_VERSION);
  version->set_protocol(std::string(kProtocolSignature));
}

bool WriteServiceReadyFile(const std::string& path, const std::string& query_endpoint,
                           const std::string& admin_endpoint, const std::string& public_key) {
  if (path.empty()) return true;
  return WriteReadyFile(path, {{"query", query_endpoint},
                               {"admin", admin_endpoint},
                               {"server_public_key", "\"" + public_key + "\""}});
}

}  // namespace dxhub::service
