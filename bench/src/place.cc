#include "dxhub/bench/place.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/bench/figures.h"
#include "dxhub/bench/synth.h"
#include "dxhub/testing/partner_sites.h"

namespace dxhub::bench {
namespace fs = std::filesystem;
using testing::StoreProcess;

namespace {

testing::StoreProcessOptions SimulatedPartnersOptions() {
  testing::StoreProcessOptions options;
  options.connector_orgs = testing::kSimulatedPartners;
  options.log_level = "warn";
  options.ready_timeout = std::chrono::seconds(300);  // a big place opens slowly on a loaded machine
  return options;
}

// dxsim at `scale`, then every partner's connector once; false when one failed.
bool SendThePlace(const StoreProcess& store, double scale) {
  const auto started = std::chrono::steady_clock::now();
  const auto sim = testing::SimulatePartners(store, {"--scale", ScaleText(scale)});
  if (sim.code != 0) {
    std::cerr << "dxsim --scale " << ScaleText(scale) << " exited " << sim.code << ": " << sim.err << "\n";
    return false;
  }
  const auto timeout = std::chrono::seconds(static_cast<int64_t>(180 * std::max(1.0, scale)));
  for (const auto& org : testing::kSimulatedPartners) {
    const auto run = testing::RunPartnerConnector(store, org, "bench-", timeout);
    if (run.code != 0) {
      std::cerr << "dxconnect run --once for " << org << " exited " << run.code << ": " << run.err << "\n";
      return false;
    }
  }
  std::cout << "place at scale " << ScaleText(scale) << ": " << StoreHead(store) << " events sent by 8 connectors in "
            << static_cast<int>(SecondsSince(started)) << " s" << std::endl;
  return true;
}

// Starts `store`; false when it did not become ready (StoreProcess printed why).
bool Started(StoreProcess& store) {
  store.Start();
  return store.running() && !::testing::Test::HasFailure();
}

}  // namespace

std::unique_ptr<StoreProcess> StartEmptyStore() {
  auto store = std::make_unique<StoreProcess>(SimulatedPartnersOptions());
  if (!Started(*store)) return nullptr;
  return store;
}

namespace {

fs::path CachedPlace(const fs::path& cache, double scale) {
  return cache.empty() ? fs::path() : cache / ("place-" + ScaleText(scale));
}

bool IsKept(const fs::path& place) { return !place.empty() && fs::exists(place / "data" / "CURRENT"); }

// Makes `place` (a cache folder) whole or leaves it as it was: `write` fills
// <place>.partial/data, which then replaces it; false when `write` failed.
bool KeepPlace(const fs::path& place, const std::function<bool(const fs::path& data)>& write) {
  const fs::path partial = place.string() + ".partial";
  fs::remove_all(partial);
  fs::create_directories(partial);
  if (!write(partial / "data")) return false;
  fs::remove_all(place);
  fs::rename(partial, place);
  return true;
}

// Writes cache/place-<scale> from cache/place-<from> (simulated first if
// missing), its workforce copied scale/from times; false when a step failed.
bool SynthesiseIntoCache(double scale, double from, const fs::path& cache) {
  const double copies = scale / from;
  if (copies < 1 || std::abs(copies - std::round(copies)) > 1e-9) {
    std::cerr << "scale " << ScaleText(scale) << " is not a whole multiple of --from-scale " << ScaleText(from) << "\n";
    return false;
  }
  if (!IsKept(CachedPlace(cache, from))) {
    BenchOptions simulated;
    simulated.cache = cache;
    auto base = StartPlaceStore(from, simulated);  // simulates it and keeps it in the cache
    if (!base || base->Terminate() != 0) return false;
  }
  return KeepPlace(CachedPlace(cache, scale), [&](const fs::path& data) {
    auto made = SynthesisePlace(CachedPlace(cache, from) / "data", data, static_cast<int>(std::round(copies)));
    if (!made.ok()) {
      std::cerr << "synthesising scale " << ScaleText(scale) << ": " << made.status().ToString() << "\n";
      return false;
    }
    std::cout << "place at scale " << ScaleText(scale) << ": " << made->written << " events synthesised from the "
              << made->read << " of scale " << ScaleText(from) << " (workforce x" << std::round(copies) << ") in "
              << static_cast<int>(made->seconds) << " s" << std::endl;
    return true;
  });
}

}  // namespace

std::unique_ptr<StoreProcess> StartPlaceStore(double scale, const BenchOptions& options) {
  const fs::path& cache = options.cache;
  const fs::path kept = CachedPlace(cache, scale);
  if (!kept.empty() && !IsKept(kept) && options.from_scale > 0 &&
      !SynthesiseIntoCache(scale, options.from_scale, cache)) {
    return nullptr;
  }
  auto store = std::make_unique<StoreProcess>(SimulatedPartnersOptions());
  if (IsKept(kept)) {
    fs::copy(kept / "data", store->dir() / "data", fs::copy_options::recursive);
    if (!Started(*store)) return nullptr;
    std::cout << "place at scale " << ScaleText(scale) << ": " << StoreHead(*store) << " events, from " << kept.string()
              << std::endl;
    return store;
  }
  if (!Started(*store) || !SendThePlace(*store, scale)) return nullptr;
  if (!kept.empty()) {
    if (store->Terminate() != 0) return nullptr;
    KeepPlace(kept, [&](const fs::path& data) {
      fs::copy(store->dir() / "data", data, fs::copy_options::recursive);
      return true;
    });
    if (!Started(*store)) return nullptr;
  }
  return store;
}

std::vector<event::v1::StoredEvent> ReadStoredEvents(const StoreProcess& store) {
  zmq::context_t context(1);
  client::StoreClient client(context, store.ServiceEndpoint());
  return testing::ReadAllEvents(client);
}

uint64_t StoreHead(const StoreProcess& store) {
  return testing::StoreHeadSeq(store, std::chrono::seconds(30)).value_or(0);
}

uint64_t StoreHead(client::StoreClient& admin) {
  return testing::StoreHeadSeq(admin, std::chrono::seconds(30)).value_or(0);
}

}  // namespace dxhub::bench
