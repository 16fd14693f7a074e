#include "dxhub/testing/benchmark_process.h"

#include <fstream>

namespace dxhub::testing {

BenchmarkProcess::BenchmarkProcess(const StoreProcess& store, const AggregatorProcess& aggregator,
                                   const std::string& name)
    : ServiceProcess(store.dir() / ("benchmark-" + name), "benchmark") {
  const auto store_key = store.ServiceEndpoint();
  const auto query = aggregator.QueryEndpoint();
  std::ofstream out(config_path());
  out << ServiceSection() << "frameworks_dir: " << DXHUB_SOURCE_DIR << "/deploy/frameworks\n"
      << "store:\n  endpoint: " << store.ingest_endpoint() << "\n  server_public_key: \""
      << store.server_keys().public_key << "\"\n"
      << ClientKeyLines("store-client", {store_key.public_key, store_key.secret_key})
      << "aggregator:\n  endpoint: " << query.address << "\n  server_public_key: \"" << query.server_public_key
      << "\"\n"
      << ClientKeyLines("aggregator-client", {query.public_key, query.secret_key});
}

}  // namespace dxhub::testing
