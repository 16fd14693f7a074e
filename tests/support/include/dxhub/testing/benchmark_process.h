// Runs the real dxhub-benchmark service for integration tests (a
// ServiceProcess) reading a StoreProcess with a service key and a started
// AggregatorProcess with its registered query key, and the repository's
// frameworks folder. Owned by one test thread.
#pragma once

#include <filesystem>
#include <string>

#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/service_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

class BenchmarkProcess : public ServiceProcess {
 public:
  // `aggregator` must be started (its query port is written into the config).
  BenchmarkProcess(const StoreProcess& store, const AggregatorProcess& aggregator, const std::string& name);
};

}  // namespace dxhub::testing
