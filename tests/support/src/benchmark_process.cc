#include "dxhub/testing/benchmark_process.h"

#include <fstream>

namespace dxhub::testing {

BenchmarkProcess::BenchmarkProcess(const StoreProcess& store, const AggregatorProcess& aggregator,
                                   const std::string& name)
    : ServiceProcess(store.dir() / ("benchmark-" + name), "benchmark") {
  std::ofstream out(config_path());
  out << ServiceSection() << "frameworks_dir: " << DXHUB_SOURCE_DIR << "/deploy/frameworks\n"
      << UpstreamSection("store", store.ServiceEndpoint()) << UpstreamSection("aggregator", aggregator.QueryEndpoint());
}

}  // namespace dxhub::testing
