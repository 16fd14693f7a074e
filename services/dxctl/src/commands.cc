#include "dxhub/dxctl/commands.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>

#include "dxhub/aggregator/csv.h"
#include "dxhub/common/cli.h"
#include "dxhub/common/keys.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::dxctl {
namespace {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;
constexpr std::chrono::milliseconds kTimeout{10000};

// Every command reports a problem as "dxctl <command>: <what>" with one exit
// code per kind of problem, whichever command meets it: kExitFailure when the
// service did not answer or refused, kExitUsage for a bad argument, endpoint
// or key file.
int Fail(std::ostream& err, std::string_view command, const dxhub::Status& status, int code) {
  err << "dxctl " << command << ": " << status.message() << "\n";
  return code;
}

std::string ToJson(const google::protobuf::Message& m) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  return json;
}

Result<Reply> CallService(client::StoreClient& client, Request request) {
  auto reply = client.Call(std::move(request), kTimeout);
  if (!reply.ok()) return reply.status();
  DXHUB_RETURN_IF_ERROR(client::ReplyStatus(*reply));
  return reply;
}

}  // namespace

Result<client::Endpoint> ResolveEndpoint(const Connection& connection) {
  client::Endpoint endpoint;
  endpoint.address = connection.endpoint;
  if (connection.endpoint.empty()) {
    return Status::InvalidArgument("no store endpoint: pass --endpoint ipc:///path/to/store-admin.sock "
                                   "(or tcp://host:port with --server-key and --key), or set DXHUB_ENDPOINT");
  }
  DXHUB_RETURN_IF_ERROR(CheckConnectEndpoint(connection.endpoint));
  if (connection.endpoint.rfind("tcp://", 0) == 0) {
    if (connection.server_key.empty() || connection.key.empty()) {
      return Status::InvalidArgument("a tcp:// endpoint needs --server-key (the store's .pub file) and --key "
                                     "(this admin's .secret file, registered with role admin)");
    }
    auto server = LoadPublicKey(connection.server_key);
    if (!server.ok()) return server.status();
    auto secret = LoadSecretKey(connection.key);
    if (!secret.ok()) return secret.status();
    endpoint.server_public_key = *server;
    endpoint.secret_key = *secret;
    endpoint.public_key = *PublicKeyOf(*secret);
  }
  return endpoint;
}

int Keygen(const std::filesystem::path& stem, bool overwrite, std::ostream& out, std::ostream& err) {
  auto pair = GenerateCurveKeyPair();
  if (!pair.ok()) return Fail(err, "keygen", pair.status(), kExitFailure);
  if (auto s = WriteCurveKeyPair(stem, *pair, overwrite); !s.ok()) return Fail(err, "keygen", s, kExitFailure);
  out << "public key  " << stem.string() << ".pub     " << pair->public_key << "\n"
      << "secret key  " << stem.string() << ".secret  (mode 0600; never share it, never pass it on a command line)\n";
  return 0;
}

int Status(const Connection& connection, std::ostream& out, std::ostream& err) {
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return Fail(err, "status", endpoint.status(), kExitUsage);
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, *endpoint);
  Request health;
  health.mutable_health();
  auto h = CallService(client, health);
  if (!h.ok()) return Fail(err, "status", h.status(), kExitFailure);
  Request stats;
  stats.mutable_stats();
  auto s = CallService(client, stats);
  if (!s.ok()) return Fail(err, "status", s.status(), kExitFailure);
  out << h->health().service() << "  " << h->health().status() << "  up " << h->health().uptime_seconds() << " s\n";
  std::map<std::string, std::map<std::string, int64_t>> by_org;
  std::map<std::string, int64_t> totals;
  for (const auto& c : s->stats().counters()) {
    if (c.name() == "events_stored") {
      by_org[c.labels().at("org")][c.labels().at("type")] = c.value();
    } else if (c.name() == "rejected_total") {
      totals["rejected_total{" + c.labels().at("code") + "}"] = c.value();
    } else {
      totals[c.name()] = c.value();
    }
  }
  out << "head seq      " << totals["head_seq"] << "\n"
      << "dead letters  " << totals["dead_letters"] << "\n";
  out << "\nevents by organisation and type\n";
  for (const auto& [org, types] : by_org) {
    for (const auto& [type, n] : types) {
      out << "  " << std::left << std::setw(12) << org << std::setw(26) << type << std::right << std::setw(10) << n
          << "\n";
    }
  }
  out << "\ncounters since start\n";
  for (const auto& [name, value] : totals) {
    if (name == "head_seq" || name == "dead_letters") continue;
    out << "  " << std::left << std::setw(40) << name << std::right << std::setw(10) << value << "\n";
  }
  return 0;
}

int Export(const Connection& connection, const ExportOptions& options, std::ostream& out, std::ostream& err) {
  const std::string_view command = options.follow ? "tail" : "export";
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return Fail(err, command, endpoint.status(), kExitUsage);
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, *endpoint);
  uint64_t next = options.from_seq;
  uint64_t written = 0;
  const auto started = std::chrono::steady_clock::now();
  while (!options.limit || written < *options.limit) {
    Request request;
    auto* read = request.mutable_read();
    read->set_from_seq(next);
    read->set_max_events(1000);
    for (const auto& o : options.org_ids) read->add_org_ids(o);
    for (const auto& t : options.event_types) read->add_event_types(t);
    auto reply = CallService(client, request);
    if (!reply.ok()) return Fail(err, command, reply.status(), kExitFailure);
    for (const auto& e : reply->read().events()) {
      if (options.limit && written >= *options.limit) break;
      out << ToJson(e) << "\n";
      ++written;
    }
    out.flush();
    next = reply->read().next_seq();
    const bool at_head = next > reply->read().head_seq();
    if (at_head) {
      if (!options.follow) break;
      if (options.follow_seconds &&
          std::chrono::steady_clock::now() - started >= std::chrono::seconds(*options.follow_seconds)) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  err << "dxctl: " << written << " events, next seq " << next << "\n";
  return 0;
}

int Indicators(const Connection& connection, const IndicatorOptions& options, std::ostream& out, std::ostream& err) {
  Request request;
  auto* q = request.mutable_indicators();
  q->set_scope(options.scope);
  if (!options.census_date.empty()) {
    auto date = protocol::ParseDate(options.census_date);
    if (!date) {
      return Fail(err, "indicators",
                  Status::InvalidArgument("--date must be YYYY-MM-DD, got '" + options.census_date + "'"), kExitUsage);
    }
    *q->mutable_census_date() = *date;
  }
  if (!options.family.empty()) {
    std::string name = "INDICATOR_FAMILY_";
    for (char c : options.family) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    dxhub::aggregator::v1::IndicatorFamily family;
    if (!dxhub::aggregator::v1::IndicatorFamily_Parse(name, &family)) {
      return Fail(err, "indicators",
                  Status::InvalidArgument("--family must be representation, declaration, wres, progression, pay or "
                                          "targets, got '" + options.family + "'"),
                  kExitUsage);
    }
    q->set_family(family);
  }
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return Fail(err, "indicators", endpoint.status(), kExitUsage);
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, *endpoint);
  auto reply = CallService(client, request);
  if (!reply.ok()) return Fail(err, "indicators", reply.status(), kExitFailure);
  if (options.csv) {
    out << dxhub::aggregator::RenderCsv(reply->indicators());
    return 0;
  }
  for (const auto& cube : reply->indicators().cubes()) {
    out << cube.scope() << "  " << protocol::DateToString(cube.census_date()) << "  mapping " << cube.mapping_version()
        << "\n";
    for (const auto& c : cube.cells()) {
      out << "  " << std::left << std::setw(34) << c.indicator() << std::setw(34) << c.breakdown() << std::right;
      if (c.suppressed()) {
        out << std::setw(10) << "*" << "\n";
        continue;
      }
      const bool share = c.kind() == dxhub::aggregator::v1::VALUE_KIND_PROPORTION;
      out << std::setw(10) << std::fixed << std::setprecision(share ? 1 : 2) << (share ? c.value() * 100 : c.value())
          << (share ? "%" : " ");
      if (c.denominator() > 0) out << "  " << c.numerator() << "/" << c.denominator();
      if (c.kind() != dxhub::aggregator::v1::VALUE_KIND_COUNT) {
        out << "  CI " << std::setprecision(share ? 1 : 2) << (share ? c.ci_low() * 100 : c.ci_low()) << "-"
            << (share ? c.ci_high() * 100 : c.ci_high()) << (c.significant() ? "  significant" : "");
      }
      out << "\n";
    }
  }
  err << "dxctl: digest " << reply->indicators().digest() << ", applied seq " << reply->indicators().applied_seq()
      << "\n";
  return 0;
}

int DeadLetters(const Connection& connection, uint64_t from_id, std::ostream& out, std::ostream& err) {
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return Fail(err, "dead-letters", endpoint.status(), kExitUsage);
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, *endpoint);
  uint64_t next = from_id;
  uint64_t written = 0;
  while (true) {
    Request request;
    request.mutable_dead_letters()->set_from_id(next);
    request.mutable_dead_letters()->set_max_items(500);
    auto reply = CallService(client, request);
    if (!reply.ok()) return Fail(err, "dead-letters", reply.status(), kExitFailure);
    if (reply->dead_letters().items_size() == 0) break;
    for (const auto& d : reply->dead_letters().items()) {
      out << ToJson(d) << "\n";
      ++written;
    }
    next = reply->dead_letters().next_id();
  }
  err << "dxctl: " << written << " dead letters\n";
  return 0;
}

}  // namespace dxhub::dxctl
