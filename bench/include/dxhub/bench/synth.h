// A place bigger than this machine's simulator and connectors build in a
// session (issue 18's national scale: 3.5 M staff over ten years, simulator
// scale ≈ 75, ~25 M events; scale 10 takes ~20 minutes of connector runs):
// the history of a cached place at scale B with its workforce copied N times,
// written straight into a new store, for a place of scale B × N. Each copy is
// the same people under other pseudonymous keys, in the same organisations on
// the same days, so the shape is the simulator's at the bigger scale: N times
// the staff, applicants, cases and training per organisation; the
// organisation's own facts (board seats, surveys, targets, grade mappings,
// reviews) once.
#pragma once

#include <cstdint>
#include <filesystem>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::bench {

// Whether the event is the workforce's (a staff record or leaver, a
// recruitment outcome, a disciplinary case, training, programme
// participation, a key rotation): copied. The others are the organisation's.
bool IsWorkforceEvent(const event::v1::Event& event);

// Copy number `copy` (1, 2, ...) of `event`: every pseudonymous key in it
// ("v<version>:<64 hex>", in the payload and in the source key) replaced by
// SHA-256 of the copy number and the key's hex, so a person's events name
// one new person in every copy, and the event id recomputed.
event::v1::Event CopyOfEvent(const event::v1::Event& event, int copy);

struct SynthesisedPlace {
  uint64_t read = 0;     // events in the place copied from
  uint64_t written = 0;  // events in the new store
  double seconds = 0;
};

// Writes a new store at `out` (a store data directory; must not exist) from
// the closed store at `from` (opened read-only): every event in seq order,
// each workforce event followed by its copies 1 .. copies-1; seqs contiguous
// from 1, each commit time kept. Prints progress every few million events.
Result<SynthesisedPlace> SynthesisePlace(const std::filesystem::path& from, const std::filesystem::path& out,
                                         int copies);

}  // namespace dxhub::bench
