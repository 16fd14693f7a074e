// The YAML configuration loaders, through their parse-from-a-parsed-file
// functions: the first byte of the input picks the loader (by its value mod 3:
// '0' the store's ReadStoreConfig, '1' the connector's ReadConnectorConfig,
// '2' the aggregator's ReadAggregatorConfig, which reads the shared service
// sections with service::ReadServiceConfig and ReadUpstream); the rest is the
// file's text, parsed with ConfigFile::Parse as if it were
// <scratch>/fuzz.yaml. The scratch directory holds the key files the seeds
// name (keys/server.{pub,secret}, keys/client.{pub,secret},
// keys/pseudonym.secret), so a mutated config gets past its key checks.
// A loader must answer every input with a config or an error that names the
// file; it must never crash, hang or throw.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dxhub/aggregator/config.h"
#include "dxhub/common/config.h"
#include "dxhub/common/keys.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/store/store_config.h"
#include "fuzz_target.h"

namespace {

namespace fs = std::filesystem;

fs::path g_scratch;

void RemoveScratch() {
  std::error_code ignored;
  fs::remove_all(g_scratch, ignored);
}

// <tmp>/dxhub-fuzz-config-<pid>/ with the key files, made once per process.
const fs::path& Scratch() {
  static const bool made = [] {
    g_scratch = fs::temp_directory_path() / ("dxhub-fuzz-config-" + std::to_string(::getpid()));
    fs::create_directories(g_scratch / "keys");
    std::atexit(RemoveScratch);
    for (const char* stem : {"server", "client"}) {
      auto pair = dxhub::GenerateCurveKeyPair();
      if (!pair.ok() || !dxhub::WriteCurveKeyPair(g_scratch / "keys" / stem, *pair, true).ok()) {
        dxhub::fuzz::Broken("cannot write the scratch key files");
      }
    }
    if (!dxhub::WriteSecretFile(g_scratch / "keys/pseudonym.secret", "fuzz-pseudonymisation-secret-01").ok()) {
      dxhub::fuzz::Broken("cannot write the scratch pseudonymisation secret");
    }
    return true;
  }();
  (void)made;
  return g_scratch;
}

template <typename T>
void CheckResult(const dxhub::Result<T>& result, const std::string& name) {
  if (!result.ok() && result.status().message().find(name) == std::string::npos &&
      result.status().message().find("keys/") == std::string::npos) {
    // Every error names the config file (or, for a key file, that file).
    dxhub::fuzz::Broken("a config error that names neither the file nor a key file");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  dxhub::fuzz::QuietLogging();
  const std::string name = (Scratch() / "fuzz.yaml").string();
  const std::string text(dxhub::fuzz::AsText(data + 1, size - 1));
  auto file = dxhub::ConfigFile::Parse(text, name);
  CheckResult(file, name);
  if (!file.ok()) return 0;
  switch (data[0] % 3) {
    case 0:
      CheckResult(dxhub::store::ReadStoreConfig(*file), name);
      break;
    case 1:
      CheckResult(dxhub::connector::ReadConnectorConfig(*file), name);
      break;
    default:
      CheckResult(dxhub::aggregator::ReadAggregatorConfig(*file), name);
      break;
  }
  return 0;
}
