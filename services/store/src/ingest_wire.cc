#include "dxhub/store/ingest_wire.h"

#include <google/protobuf/io/coded_stream.h>

#include <climits>
#include <cstdint>

#include "wire_tags.h"

namespace dxhub::store {
namespace {

using google::protobuf::io::CodedInputStream;

// Field numbers and wire types of dxhub.wire.v1.Request and dxhub.ingest.v1.IngestRequest.
using wire::kLengthDelimited;
using wire::kVarint;
using wire::Tag;
constexpr uint32_t kRequestId = Tag(1, kVarint);
constexpr uint32_t kIngest = Tag(10, kLengthDelimited);
constexpr uint32_t kBatchId = Tag(1, kLengthDelimited);
constexpr uint32_t kEvents = Tag(2, kLengthDelimited);

// Reads a length and moves past that many bytes; `*at` is where they start.
bool SkipLengthDelimited(CodedInputStream& in, const uint8_t* base, std::string_view* span) {
  uint32_t length = 0;
  if (!in.ReadVarint32(&length)) return false;
  const int start = in.CurrentPosition();
  if (length > static_cast<uint32_t>(INT_MAX) || !in.Skip(static_cast<int>(length))) return false;
  *span = std::string_view(reinterpret_cast<const char*>(base) + start, length);
  return true;
}

bool AtEnd(const CodedInputStream& in, std::string_view bytes) {
  return static_cast<size_t>(in.CurrentPosition()) == bytes.size();
}

// The `ingest` field of a plain ingest request.
std::optional<std::string_view> IngestField(std::string_view request) {
  if (request.size() > static_cast<size_t>(INT_MAX)) return std::nullopt;
  const auto* base = reinterpret_cast<const uint8_t*>(request.data());
  CodedInputStream in(base, static_cast<int>(request.size()));
  std::optional<std::string_view> ingest;
  while (!AtEnd(in, request)) {
    const uint32_t tag = in.ReadTag();
    if (tag == kRequestId) {
      uint64_t ignored = 0;
      if (!in.ReadVarint64(&ignored)) return std::nullopt;
    } else if (tag == kIngest && !ingest) {
      std::string_view span;
      if (!SkipLengthDelimited(in, base, &span)) return std::nullopt;
      ingest = span;
    } else {
      return std::nullopt;
    }
  }
  return ingest;
}

// Scans an IngestRequest's fields; appends each event's span to `events` when given.
std::optional<size_t> ScanEvents(std::string_view ingest, std::vector<std::string_view>* events) {
  const auto* base = reinterpret_cast<const uint8_t*>(ingest.data());
  CodedInputStream in(base, static_cast<int>(ingest.size()));
  size_t count = 0;
  while (!AtEnd(in, ingest)) {
    const uint32_t tag = in.ReadTag();
    std::string_view span;
    if ((tag != kBatchId && tag != kEvents) || !SkipLengthDelimited(in, base, &span)) return std::nullopt;
    if (tag == kEvents) {
      ++count;
      if (events != nullptr) events->push_back(span);
    }
  }
  return count;
}

}  // namespace

std::optional<size_t> PeekIngestEvents(std::string_view request) {
  const auto ingest = IngestField(request);
  if (!ingest) return std::nullopt;
  return ScanEvents(*ingest, nullptr);
}

std::optional<std::vector<std::string_view>> IngestEventEncodings(std::string_view request) {
  const auto ingest = IngestField(request);
  if (!ingest) return std::nullopt;
  std::vector<std::string_view> events;
  if (!ScanEvents(*ingest, &events)) return std::nullopt;
  return events;
}

}  // namespace dxhub::store
