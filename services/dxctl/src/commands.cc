#include "dxhub/dxctl/commands.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>

#include "dxhub/aggregator/csv.h"
#include "dxhub/aggregator/query.h"
#include "dxhub/common/cli.h"
#include "dxhub/benchmark/fetch.h"
#include "dxhub/benchmark/render.h"
#include "dxhub/common/keys.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::dxctl {
namespace {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;
constexpr std::chrono::milliseconds kTimeout{10000};
constexpr std::chrono::milliseconds kReportTimeout{60000};

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
  return client::CallChecked(client, std::move(request), kTimeout);
}

Result<dxhub::event::v1::Date> DateOrToday(const std::string& text) {
  if (text.empty()) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    dxhub::event::v1::Date d;
    d.set_year(utc.tm_year + 1900);
    d.set_month(utc.tm_mon + 1);
    d.set_day(utc.tm_mday);
    return d;
  }
  auto d = protocol::ParseDate(text);
  if (!d) return dxhub::Status::InvalidArgument("'" + text + "' is not a date YYYY-MM-DD");
  return *d;
}

// Stores one hub event through the admin connection; its ack must be accepted or duplicate.
dxhub::Status StoreEvent(const Connection& connection, const dxhub::event::v1::Event& event) {
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return endpoint.status();
  zmq::context_t ctx(1);
  client::StoreClient store(ctx, *endpoint);
  Request request;
  request.mutable_ingest()->set_batch_id("dxctl-" + event.event_id().substr(0, 16));
  *request.mutable_ingest()->add_events() = event;
  auto reply = CallService(store, request);
  if (!reply.ok()) return reply.status();
  const auto& ack = reply->ingest().acks(0);
  if (ack.status() == dxhub::ingest::v1::ACK_STATUS_REJECTED) {
    return dxhub::Status::InvalidArgument("the store refused it: " + ack.reason_code() + ": " + ack.reason());
  }
  return dxhub::Status::Ok();
}

Result<std::vector<dxhub::event::v1::StoredEvent>> ReviewEvents(const Connection& connection) {
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return endpoint.status();
  zmq::context_t ctx(1);
  client::StoreClient store(ctx, *endpoint);
  std::vector<dxhub::event::v1::StoredEvent> events;
  uint64_t head = 0;
  DXHUB_RETURN_IF_ERROR(benchmark::ReadReviewEvents(store, &events, &head));
  return events;
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
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> connectors;  // (connector, org)
  for (const auto& c : s->stats().counters()) {
    if (c.name().rfind("connector_", 0) == 0 && c.labels().count("connector") > 0) {
      connectors[{c.labels().at("connector"), c.labels().at("org")}][c.name()] = c.value();
    } else if (c.name() == "events_stored") {
      by_org[c.labels().at("org")][c.labels().at("type")] = c.value();
    } else if (c.name() == "rejected_total") {
      totals["rejected_total{" + c.labels().at("code") + "}"] = c.value();
    } else {
      totals[c.name()] = c.value();
    }
  }
  out << "head seq      " << totals["head_seq"] << "\n"
      << "dead letters  " << totals["dead_letters"] << "\n";
  if (h->health().has_data_free_bytes()) {
    const auto mib = [](uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; };
    out << "disk free     " << h->health().data_free_bytes() << " bytes (" << mib(h->health().data_free_bytes())
        << "); ingest refused below " << h->health().data_min_free_bytes() << " ("
        << mib(h->health().data_min_free_bytes()) << ")\n";
  }
  out << "\nevents by organisation and type\n";
  for (const auto& [org, types] : by_org) {
    for (const auto& [type, n] : types) {
      out << "  " << std::left << std::setw(12) << org << std::setw(26) << type << std::right << std::setw(10) << n
          << "\n";
    }
  }
  if (!connectors.empty()) {
    out << "\nconnectors (last successful batch, accepted, rejected, staleness; kept across store restarts)\n";
    for (const auto& [who, n] : connectors) {
      out << "  " << std::left << std::setw(24) << who.first << std::setw(10) << who.second;
      if (auto last = n.find("connector_last_batch_unix"); last != n.end()) {
        const std::time_t t = static_cast<std::time_t>(last->second);
        std::tm utc{};
        gmtime_r(&t, &utc);
        out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
      } else {
        out << "no successful batch ";
      }
      const auto get = [&n](const char* name) { auto it = n.find(name); return it == n.end() ? int64_t{0} : it->second; };
      out << std::right << std::setw(10) << get("connector_accepted_total") << std::setw(10)
          << get("connector_rejected_total");
      if (n.count("connector_staleness_seconds") > 0) out << "  " << get("connector_staleness_seconds") << " s ago";
      out << "\n";
    }
  }
  out << "\ncounters since start\n";
  for (const auto& [name, value] : totals) {
    if (name == "head_seq" || name == "dead_letters" || name == "data_free_bytes" || name == "data_min_free_bytes") {
      continue;
    }
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
    const bool at_head = reply->read().next_seq() > reply->read().head_seq();
    if (reply->read().next_seq() <= next && !at_head) {  // would ask the same again, forever
      return Fail(err, command,
                  Status::Internal("the store answered a read from seq " + std::to_string(next) + " with next_seq " +
                                   std::to_string(reply->read().next_seq()) + " and head " +
                                   std::to_string(reply->read().head_seq()) +
                                   ": reading on would ask the same forever; see the store's log"),
                  kExitFailure);
    }
    next = reply->read().next_seq();
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
      if (const std::string change = dxhub::aggregator::ChangeWords(c.change_since_previous()); !change.empty()) {
        out << "  since previous: " << change;
      }
      out << "\n";
    }
  }
  err << "dxctl: digest " << reply->indicators().digest() << "; "
      << dxhub::aggregator::DescribeFreshness(reply->indicators()) << "\n";
  for (const std::string& line : dxhub::aggregator::DescribeHeldOut(reply->indicators())) {
    err << "dxctl: warning: " << line << "\n";
  }
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

int ReviewOpen(const Connection& connection, const ReviewOpenOptions& o, std::ostream& out, std::ostream& err) {
  auto framework = benchmark::LoadFramework(o.framework);
  if (!framework.ok()) {
    err << "dxctl review open: " << framework.status().message() << "\n";
    return 2;
  }
  auto census = protocol::ParseDate(o.census_date);
  auto today = DateOrToday(o.today);
  if (!census || !today.ok()) {
    err << "dxctl review open: --census-date (and --today) must be YYYY-MM-DD\n";
    return 2;
  }
  dxhub::event::v1::ReviewCycle cycle;
  cycle.set_cycle_id(o.cycle_id);
  cycle.set_state(dxhub::event::v1::REVIEW_CYCLE_STATE_OPEN);
  cycle.set_name(o.name.empty() ? o.cycle_id : o.name);
  cycle.set_framework_version(framework->version);
  cycle.set_framework_sha256(framework->sha256);
  *cycle.mutable_census_date() = *census;
  for (const auto& p : o.participants) cycle.add_participants(p);
  for (const auto& pair : o.pairings) {
    const size_t colon = pair.find(':');
    if (colon == std::string::npos) {
      err << "dxctl review open: --pair '" << pair << "' must be REVIEWER:REVIEWED, e.g. BMDC:BTHFT\n";
      return 2;
    }
    auto* p = cycle.add_pairings();
    p->set_reviewer_org_id(pair.substr(0, colon));
    p->set_reviewed_org_id(pair.substr(colon + 1));
  }
  for (const auto& q : framework->questions) cycle.add_question_ids(q.id);
  auto existing = ReviewEvents(connection);
  if (!existing.ok()) {
    err << "dxctl review open: " << existing.status().message() << "\n";
    return 1;
  }
  if (benchmark::LatestCycle(*existing, o.cycle_id) != nullptr) {
    err << "dxctl review open: cycle '" << o.cycle_id << "' already exists; choose a new cycle id\n";
    return 2;
  }
  const auto event = benchmark::CycleEvent(cycle, *today);
  if (auto v = protocol::ValidateEvent(event, {}); v) {
    err << "dxctl review open: " << v->reason << "\n";
    return 2;
  }
  if (auto s = StoreEvent(connection, event); !s.ok()) {
    err << "dxctl review open: " << s.message() << "\n";
    return 1;
  }
  out << "opened cycle " << o.cycle_id << " (" << cycle.name() << "): framework " << framework->version << " sha256 "
      << framework->sha256.substr(0, 16) << "..., census date " << o.census_date << ", " << cycle.participants_size()
      << " organisations, " << cycle.pairings_size() << " reviewer pairings\n";
  return 0;
}

int ReviewClose(const Connection& connection, const std::string& cycle_id, const std::string& today_text,
                std::ostream& out, std::ostream& err) {
  auto events = ReviewEvents(connection);
  if (!events.ok()) {
    err << "dxctl review close: " << events.status().message() << "\n";
    return 1;
  }
  const auto* latest = benchmark::LatestCycle(*events, cycle_id);
  if (latest == nullptr) {
    err << "dxctl review close: no cycle '" << cycle_id << "'; 'dxctl review status' lists them\n";
    return 2;
  }
  if (latest->event().review_cycle().state() == dxhub::event::v1::REVIEW_CYCLE_STATE_CLOSED) {
    out << "cycle " << cycle_id << " is already closed\n";
    return 0;
  }
  auto today = DateOrToday(today_text);
  if (!today.ok()) {
    err << "dxctl review close: " << today.status().message() << "\n";
    return 2;
  }
  auto cycle = latest->event().review_cycle();
  cycle.set_state(dxhub::event::v1::REVIEW_CYCLE_STATE_CLOSED);
  if (auto s = StoreEvent(connection, benchmark::CycleEvent(cycle, *today)); !s.ok()) {
    err << "dxctl review close: " << s.message() << "\n";
    return 1;
  }
  out << "closed cycle " << cycle_id << "; no further self-assessments or reviews are accepted\n";
  return 0;
}

int ReviewStatus(const Connection& connection, const std::string& cycle_id, std::ostream& out, std::ostream& err) {
  auto events = ReviewEvents(connection);
  if (!events.ok()) {
    err << "dxctl review status: " << events.status().message() << "\n";
    return 1;
  }
  std::map<std::string, const dxhub::event::v1::StoredEvent*> cycles;
  for (const auto& e : *events) {
    if (e.event().has_review_cycle()) cycles[e.event().review_cycle().cycle_id()] = &e;
  }
  if (cycles.empty()) out << "no peer-review cycles\n";
  for (const auto& [id, stored] : cycles) {
    if (!cycle_id.empty() && id != cycle_id) continue;
    const auto& c = stored->event().review_cycle();
    out << id << "  " << (c.state() == dxhub::event::v1::REVIEW_CYCLE_STATE_OPEN ? "OPEN" : "CLOSED") << "  \""
        << c.name() << "\"  framework " << c.framework_version() << "  census " << protocol::DateToString(c.census_date())
        << "\n";
    for (const auto& org : c.participants()) {
      bool self = false;
      for (const auto& e : *events) {
        self = self || (e.event().has_self_assessment() && e.event().self_assessment().cycle_id() == id &&
                        e.event().org_id() == org);
      }
      std::string reviewer;
      for (const auto& p : c.pairings()) {
        if (p.reviewed_org_id() == org) reviewer = p.reviewer_org_id();
      }
      bool reviewed = false;
      for (const auto& e : *events) {
        reviewed = reviewed || (e.event().has_peer_review() && e.event().peer_review().cycle_id() == id &&
                                e.event().org_id() == reviewer && e.event().peer_review().reviewed_org_id() == org);
      }
      out << "  " << std::left << std::setw(10) << org << " self-assessment " << (self ? "received" : "MISSING")
          << "   reviewed by " << std::setw(8) << (reviewer.empty() ? "(none)" : reviewer) << " "
          << (reviewer.empty() ? "" : reviewed ? "received" : "MISSING") << std::right << "\n";
    }
  }
  if (!cycle_id.empty() && !cycles.count(cycle_id)) {
    err << "dxctl review status: no cycle '" << cycle_id << "'\n";
    return 1;
  }
  return 0;
}

int BenchmarkReport(const Connection& connection, const BenchmarkOptions& o, std::ostream& out, std::ostream& err) {
  auto format = benchmark::ParseReportFormat(o.format);
  if (!format.ok()) return Fail(err, "benchmark report", format.status(), 2);
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) return Fail(err, "benchmark report", endpoint.status(), 2);
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, *endpoint);
  Request request;
  request.mutable_benchmark_report()->set_cycle_id(o.cycle_id);
  request.mutable_benchmark_report()->set_format(*format);
  // The service reads the store and the aggregator first: a longer wait.
  auto reply = client::CallChecked(client, request, kReportTimeout);
  if (!reply.ok()) return Fail(err, "benchmark report", reply.status(), kExitFailure);
  const auto& answer = reply->benchmark_report();
  std::string text = answer.rendered();
  if (*format == dxhub::benchmark::v1::REPORT_FORMAT_UNSPECIFIED) {
    auto bytes = protocol::Serialize(answer.report());
    if (!bytes.ok()) return Fail(err, "benchmark report", bytes.status(), kExitFailure);
    text = std::move(*bytes);
  }
  if (o.out.empty()) {
    out << text;
    return 0;
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) {
    err << "dxctl benchmark report: cannot write " << o.out.string() << "\n";
    return kExitFailure;
  }
  err << "dxctl: wrote " << o.out.string() << (answer.report().provisional() ? " (PROVISIONAL: the cycle is open)" : "")
      << "\n";
  return 0;
}

}  // namespace dxhub::dxctl
