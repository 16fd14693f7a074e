// dxbench-load: one load process of the ingest and follow benchmarks (load.h):
// sends one organisation's envelopes to the store with its connector key and
// writes every batch's acknowledgement latency. Started by dxbench-ingest and
// dxbench-follow, not by hand.
#include <CLI/CLI.hpp>

#include "dxhub/bench/load.h"
#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"

int main(int argc, char** argv) {
  CLI::App app{"dxbench-load: sends one organisation's envelopes to dxhub-store (started by dxbench-ingest/follow)."};
  dxhub::bench::LoadWorkerArgs args;
  app.add_option("--envelopes", args.envelopes, "length-prefixed serialized events")->required();
  app.add_option("--keys", args.keys, "endpoint, server key, public key, secret key: one a line")->required();
  app.add_option("--result", args.result, "where the tally and latencies go")->required();
  app.add_option("--rate", args.events_per_second, "events/s (0: as fast as acknowledged)");
  app.add_option("--batch", args.batch_events, "events per batch");
  app.add_option("--window", args.window, "batches in flight");
  app.add_option("--start-at-ns", args.start_at_ns, "steady-clock time of the first send");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), dxhub::kExitFailure, [&] {
    dxhub::InitCrypto();
    return dxhub::bench::RunLoadWorker(args);
  });
}
