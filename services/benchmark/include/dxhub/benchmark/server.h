// dxhub-benchmark as a service: its configuration (the store and the
// aggregator it reads, the frameworks folder, and the shared service
// sections) and its query API, answering `benchmark_report` requests with the
// report's protobuf message and, when asked, its JSON, CSV or HTML rendering.
// Each request reads the cycle's events and cubes afresh, so a provisional
// report follows an open cycle. One thread owns the sockets and the clients.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "dxhub/benchmark/framework.h"
#include "dxhub/client/store_client.h"
#include "dxhub/service/request_server.h"

namespace dxhub::benchmark {

struct BenchmarkConfig {
  client::Endpoint store;       // the store's read API (service key)
  client::Endpoint aggregator;  // the aggregator's query API (service key)
  std::filesystem::path frameworks_dir;
  FrameworkSet frameworks;      // loaded from frameworks_dir
  service::ServiceConfig service;
};

// Loads and checks the whole configuration, frameworks included; every error
// names file:line:col (or the framework file's own position).
Result<BenchmarkConfig> LoadBenchmarkConfig(const std::filesystem::path& path);

struct BenchmarkCounters {
  uint64_t reports = 0;   // reports answered
  uint64_t failures = 0;  // report requests answered with an error
};

class BenchmarkServer {
 public:
  explicit BenchmarkServer(BenchmarkConfig config);
  ~BenchmarkServer();

  Status Start();
  // Answers requests until `stop` becomes true.
  void Run(const std::atomic<bool>& stop);

  const std::string& query_endpoint() const { return requests_->query_endpoint(); }
  const std::string& admin_endpoint() const { return requests_->admin_endpoint(); }
  const std::string& public_key() const { return config_.service.server_public_key; }

 private:
  dxhub::wire::v1::Reply Answer(const dxhub::wire::v1::Request& request);
  dxhub::wire::v1::Reply AnswerReport(const dxhub::benchmark::v1::BenchmarkReportRequest& request);

  BenchmarkConfig config_;
  zmq::context_t context_;
  std::unique_ptr<service::RequestServer> requests_;
  std::unique_ptr<client::StoreClient> store_;
  std::unique_ptr<client::StoreClient> aggregator_;
  BenchmarkCounters counters_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace dxhub::benchmark
