#include "dxhub/benchmark/server.h"

#include "dxhub/benchmark/fetch.h"
#include "dxhub/benchmark/render.h"
#include "dxhub/common/log.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::benchmark {
namespace {

using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

ErrorCode CodeOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound: return ErrorCode::ERROR_CODE_INVALID_ARGUMENT;
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout: return ErrorCode::ERROR_CODE_UNAVAILABLE;
    default: return ErrorCode::ERROR_CODE_INTERNAL;
  }
}

}  // namespace

Result<BenchmarkConfig> LoadBenchmarkConfig(const std::filesystem::path& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  BenchmarkConfig config;
  ConfigReader root(*file, file->root(), "the benchmark config");
  std::vector<std::string> keys = service::kServiceKeys;
  keys.insert(keys.end(), {"store", "aggregator", "frameworks_dir"});
  root.AllowOnly(keys);
  config.frameworks_dir = root.Path("frameworks_dir");
  DXHUB_RETURN_IF_ERROR(root.status());
  auto store = service::ReadUpstream(*file, "store");
  if (!store.ok()) return store.status();
  config.store = *store;
  auto aggregator = service::ReadUpstream(*file, "aggregator");
  if (!aggregator.ok()) return aggregator.status();
  config.aggregator = *aggregator;
  auto frameworks = LoadFrameworks(config.frameworks_dir);
  if (!frameworks.ok()) {
    return Status::InvalidArgument(file->Where(file->root()["frameworks_dir"]) + ": " + frameworks.status().message());
  }
  config.frameworks = std::move(*frameworks);
  // Report readers: hub services (the digest) and admins.
  const ClientListRules rules{{Role::kService, Role::kAdmin}, Role::kService, nullptr};
  auto service = service::ReadServiceConfig(*file, "tcp://127.0.0.1:7421", rules);
  if (!service.ok()) return service.status();
  config.service = std::move(*service);
  return config;
}

BenchmarkServer::BenchmarkServer(BenchmarkConfig config) : config_(std::move(config)), context_(1) {}

BenchmarkServer::~BenchmarkServer() {
  store_.reset();
  aggregator_.reset();
  requests_.reset();
}

Status BenchmarkServer::Start() {
  started_ = std::chrono::steady_clock::now();
  auto requests = service::RequestServer::Start(context_, config_.service,
                                                {"benchmark", "query", {Role::kService, Role::kAdmin}});
  if (!requests.ok()) return requests.status();
  requests_ = std::move(*requests);
  store_ = std::make_unique<client::StoreClient>(context_, config_.store);
  aggregator_ = std::make_unique<client::StoreClient>(context_, config_.aggregator);
  std::string versions;
  for (const auto& [version, unused] : config_.frameworks) versions += (versions.empty() ? "" : ", ") + version;
  Logger("benchmark")->info("serving query {} admin {}; frameworks {}", requests_->query_endpoint(),
                            requests_->admin_endpoint().empty() ? "none" : requests_->admin_endpoint(), versions);
  return Status::Ok();
}

void BenchmarkServer::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    requests_->Serve(std::chrono::milliseconds(200),
                     [this](const Request& request, const service::Caller&) { return Answer(request); });
  }
}

Reply BenchmarkServer::AnswerReport(const dxhub::benchmark::v1::BenchmarkReportRequest& request) {
  auto report = Produce(*store_, *aggregator_, config_.frameworks, request.cycle_id());
  if (!report.ok()) {
    ++counters_.failures;
    Logger("benchmark")->warn("report of cycle '{}' failed: {}", request.cycle_id(), report.status().message());
    return protocol::ErrorReply(0, CodeOf(report.status()), report.status().message(),
                                CodeOf(report.status()) == ErrorCode::ERROR_CODE_UNAVAILABLE ? 1000 : 0);
  }
  ++counters_.reports;
  Reply reply;
  auto* out = reply.mutable_benchmark_report();
  *out->mutable_report() = ToProto(*report);
  auto rendering = Render(*report, request.format());
  out->set_rendered(std::move(rendering.text));
  out->set_media_type(std::move(rendering.media_type));
  return reply;
}

Reply BenchmarkServer::Answer(const Request& request) {
  Reply reply;
  if (request.has_benchmark_report()) return AnswerReport(request.benchmark_report());
  if (request.has_health()) {
    service::FillHealth(reply, "dxhub-benchmark", "SERVING", started_);
  } else if (request.has_version()) {
    service::FillVersion(reply, "dxhub-benchmark");
  } else if (request.has_stats()) {
    auto* stats = reply.mutable_stats();
    stats->set_service("dxhub-benchmark");
    for (const auto& [name, value] : {std::pair{"reports_total", counters_.reports},
                                      {"report_failures_total", counters_.failures},
                                      {"frameworks", static_cast<uint64_t>(config_.frameworks.size())}}) {
      auto* c = stats->add_counters();
      c->set_name(name);
      c->set_value(static_cast<int64_t>(value));
    }
  } else {
    return protocol::ErrorReply(0, ErrorCode::ERROR_CODE_UNIMPLEMENTED,
                                "dxhub-benchmark serves benchmark_report, health, version and stats");
  }
  return reply;
}

}  // namespace dxhub::benchmark
