// A look at an encoded dxhub.wire.v1.Request without parsing it (protobuf's
// wire format): whether it is a plainly encoded ingest batch and how many
// events it holds, so the writer can hand the frame to the BatchValidator to
// parse (issue 18); and where each event's bytes lie in it, so an accepted
// event is stored as the bytes it came in instead of being serialised again.
// Pure functions of the bytes; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace dxhub::store {

// The number of events in `request` when it is a plainly encoded ingest
// request: top-level fields request_id and one `ingest` only, and in that
// only batch_id and events. nullopt for anything else (another call, a field
// repeated or unknown here, bytes that do not scan), which the writer parses
// itself as before. A plain request may still not parse (an event's bytes are
// not looked into): the parse decides.
std::optional<size_t> PeekIngestEvents(std::string_view request);

// The encodings of the events of such a request, in order (views into
// `request`); nullopt when PeekIngestEvents would be.
std::optional<std::vector<std::string_view>> IngestEventEncodings(std::string_view request);

}  // namespace dxhub::store
