// dxhub-benchmark: the peer-review benchmark of one cycle, from the store's
// review events and the aggregator's indicators, as HTML, CSV or JSON.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "dxhub/benchmark/fetch.h"
#include "dxhub/benchmark/render.h"
#include "dxhub/common/crypto.h"

int main(int argc, char** argv) {
  CLI::App app{"dxhub-benchmark: the peer-review benchmark of a cycle (SPEC section 5).\n"
               "Reads the cycle's self-assessments and reviews from dxhub-store and the indicators at the cycle's\n"
               "census date from dxhub-aggregator, and writes one report: shared strengths and gaps first, each\n"
               "organisation against the place's quartiles, self-versus-peer gaps, whom to learn from, and the\n"
               "comparability notes. A closed cycle gives the final report, an open one a provisional view."};
  app.set_version_flag("--version", std::string("dxhub-benchmark ") + DXHUB_VERSION);
  std::string store;
  std::string aggregator;
  std::string framework_path;
  std::string cycle;
  std::string format = "html";
  std::string out_path;
  app.add_option("--store", store, "the store's local admin socket, ipc:///path/admin.sock")->required();
  app.add_option("--aggregator", aggregator, "the aggregator's local admin socket, ipc:///path/admin.sock")->required();
  app.add_option("--framework", framework_path, "the framework file the cycle used (YAML)")->required();
  app.add_option("--cycle", cycle, "the cycle id")->required();
  app.add_option("--format", format, "html, csv or json")->capture_default_str();
  app.add_option("-o,--out", out_path, "write here instead of standard output");
  app.footer("Exit codes: 0 written, 1 a service could not be read or the cycle is unknown, 2 usage or framework error.");
  CLI11_PARSE(app, argc, argv);
  dxhub::InitCrypto();

  auto framework = dxhub::benchmark::LoadFramework(framework_path);
  if (!framework.ok()) {
    std::cerr << framework.status().message() << "\n";
    return 2;
  }
  for (const auto* endpoint : {&store, &aggregator}) {
    if (endpoint->rfind("ipc://", 0) != 0) {
      std::cerr << "dxhub-benchmark: '" << *endpoint << "' must be a local ipc:// admin socket\n";
      return 2;
    }
  }
  zmq::context_t ctx(1);
  dxhub::client::StoreClient store_client(ctx, {store, "", "", ""});
  dxhub::client::StoreClient aggregator_client(ctx, {aggregator, "", "", ""});
  auto report = dxhub::benchmark::Produce(store_client, aggregator_client, *framework, cycle);
  if (!report.ok()) {
    std::cerr << "dxhub-benchmark: " << report.status().message() << "\n";
    return 1;
  }
  auto text = dxhub::benchmark::Render(*report, format);
  if (!text.ok()) {
    std::cerr << "dxhub-benchmark: " << text.status().message() << "\n";
    return 2;
  }
  if (out_path.empty()) {
    std::cout << *text;
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << *text;
  if (!out.flush()) {
    std::cerr << "dxhub-benchmark: cannot write " << out_path << "\n";
    return 1;
  }
  std::cerr << "dxhub-benchmark: wrote " << out_path << "\n";
  return 0;
}
