// The simulated place the benchmarks measure: a real dxhub-store holding what
// the eight simulated partners' connectors sent at a given dxsim scale
// (tests/support partner sites: dxsim, then `dxconnect run --once` per
// partner). Building one takes about a minute at scale 1, so a place can be
// kept in a cache folder (a copy of the store's data directory per scale) and
// restored into a fresh store by the next program. Owned by one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "dxhub/bench/bench_cli.h"
#include "dxhub/client/store_client.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::bench {

// A started store (connector keys for every simulated partner) holding the
// place at `scale`: restored from options.cache/place-<scale> when there,
// otherwise built (simulated, or with options.from_scale synthesised from the
// place at that scale: synth.h) and, when the cache is set, saved there.
// nullptr when a step failed (the failure is printed).
std::unique_ptr<testing::StoreProcess> StartPlaceStore(double scale, const BenchOptions& options);

// A started, empty store with connector keys for every simulated partner.
std::unique_ptr<testing::StoreProcess> StartEmptyStore();

// Every event the store holds, in sequence order (through its service key).
std::vector<event::v1::StoredEvent> ReadStoredEvents(const testing::StoreProcess& store);

// The store's head sequence number (its stats, over the admin socket); 0 when unreadable.
uint64_t StoreHead(const testing::StoreProcess& store);
// The same through a client of the admin socket kept by the caller (for polling).
uint64_t StoreHead(client::StoreClient& admin);

}  // namespace dxhub::bench
