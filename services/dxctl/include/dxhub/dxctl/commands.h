// dxctl's commands as functions over an output stream, so tests can call them
// without a shell. Each returns a process exit code, the same for the same
// problem in every command: 0 ok; 1 the service did not answer or refused;
// 2 a bad argument, a missing or malformed endpoint, an unreadable key file.
// Errors are written as "dxctl <command>: <what to fix>".
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"

namespace dxhub::dxctl {

struct Connection {
  std::string endpoint;              // ipc:///path (local admin) or tcp://host:port
  std::filesystem::path server_key;  // store public key file, for tcp://
  std::filesystem::path key;         // this admin's secret key file, for tcp://
};

// Resolves a Connection into a client endpoint, loading keys; errors say which file.
Result<client::Endpoint> ResolveEndpoint(const Connection& connection);

// Writes <stem>.pub and <stem>.secret (0600).
int Keygen(const std::filesystem::path& stem, bool overwrite, std::ostream& out, std::ostream& err);

// Health, head sequence, counts by org and type, dead letters.
int Status(const Connection& connection, std::ostream& out, std::ostream& err);

struct ExportOptions {
  uint64_t from_seq = 1;
  std::optional<uint64_t> limit;   // stop after this many events
  std::vector<std::string> org_ids;
  std::vector<std::string> event_types;
  bool follow = false;             // keep waiting for new events (tail -f)
  std::optional<int> follow_seconds;  // stop following after this long
};

// Events as NDJSON (one JSON object per line, seq and event) from a sequence number.
int Export(const Connection& connection, const ExportOptions& options, std::ostream& out, std::ostream& err);

struct IndicatorOptions {
  std::string scope;       // org id, or "place"; empty = every scope
  std::string census_date;  // YYYY-MM-DD; empty = every census date
  std::string family;      // representation, declaration, wres, progression, pay, targets; empty = all
  bool csv = false;        // CSV instead of a table
};

// Indicator cells from dxhub-aggregator (disclosure control already applied).
int Indicators(const Connection& connection, const IndicatorOptions& options, std::ostream& out, std::ostream& err);

// Dead letters as NDJSON from an id.
int DeadLetters(const Connection& connection, uint64_t from_id, std::ostream& out, std::ostream& err);

struct ReviewOpenOptions {
  std::string cycle_id;
  std::string name;
  std::filesystem::path framework;   // the framework file; its version and SHA-256 are recorded
  std::string census_date;           // YYYY-MM-DD
  std::vector<std::string> participants;
  std::vector<std::string> pairings;  // "REVIEWER:REVIEWED"
  std::string today;                  // YYYY-MM-DD of the event; empty = today (UTC)
};

// Opens a peer-review cycle: stores a review_cycle event (state OPEN).
int ReviewOpen(const Connection& connection, const ReviewOpenOptions& options, std::ostream& out, std::ostream& err);
// Closes an open cycle: stores its review_cycle event with state CLOSED.
int ReviewClose(const Connection& connection, const std::string& cycle_id, const std::string& today, std::ostream& out,
                std::ostream& err);
// The cycle's state, pairings and which self-assessments and reviews have arrived.
int ReviewStatus(const Connection& connection, const std::string& cycle_id, std::ostream& out, std::ostream& err);

struct BenchmarkOptions {
  std::string cycle_id;
  std::string format = "html";         // html, csv, json, or pb (the protobuf message)
  std::filesystem::path out;           // empty = standard output
};

// The benchmark report of a cycle (final when closed, provisional while
// open), asked of dxhub-benchmark at `connection`.
int BenchmarkReport(const Connection& connection, const BenchmarkOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxctl
