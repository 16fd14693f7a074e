#include "dxhub/testing/aggregator_process.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/protocol/sample_events.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

AggregatorProcess::AggregatorProcess(const StoreProcess& store, const std::string& name,
                                     const std::string& indicators_yaml)
    : ServiceProcess(store.dir() / ("aggregator-" + name), "aggregator") {
  const auto service = store.ServiceEndpoint();
  std::ofstream out(config_path());
  out << "data_dir: data\n" << ServiceSection()
      << "store:\n  endpoint: " << store.ingest_endpoint() << "\n  publish: " << store.publish_endpoint()
      << "\n  server_public_key: \"" << store.server_keys().public_key << "\"\n"
      << ClientKeyLines("store-client", {service.public_key, service.secret_key});
  if (!indicators_yaml.empty()) out << "indicators:\n" << indicators_yaml;
}

std::map<std::string, int64_t> AggregatorProcess::StatsCounters(std::chrono::milliseconds timeout) {
  wire::v1::Request request;
  request.mutable_stats();
  const wire::v1::Reply reply = Call(request, false, timeout);
  std::map<std::string, int64_t> counters;
  for (const auto& c : reply.stats().counters()) counters[c.name()] = c.value();
  return counters;
}

uint64_t AggregatorProcess::AppliedSeq() {
  const auto counters = StatsCounters();
  const auto applied = counters.find("applied_seq");
  return applied == counters.end() ? 0 : static_cast<uint64_t>(applied->second);
}

bool AggregatorProcess::WaitApplied(uint64_t seq, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (AppliedSeq() >= seq) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::optional<uint64_t> AggregatorProcess::WaitRefreshed(uint64_t seq, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::map<std::string, int64_t> counters = StatsCounters();
    if (counters["applied_seq"] >= static_cast<int64_t>(seq) && counters.count("cubes_dirty") &&
        counters["cubes_dirty"] == 0) {
      return static_cast<uint64_t>(counters["last_refresh_ms"]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::string AggregatorProcess::Digest(std::chrono::milliseconds limit) {
  wire::v1::Request request;
  request.mutable_cube_digest();
  zmq::context_t context(1);
  client::StoreClient admin(context, {admin_endpoint(), "", "", ""});
  const auto reply = client::CallAskingAgain(admin, request, limit);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() ? reply->cube_digest().digest() : "";
}

std::vector<event::v1::Event> MixedHistory(uint64_t first, uint64_t count) {
  using namespace event::v1;
  std::vector<Event> events;
  const int64_t start = protocol::DaysFromCivil(protocol::MakeDate(2021, 1, 4));
  for (uint64_t i = first; i < first + count; ++i) {
    const std::string org = i % 3 == 0 ? "BMDC" : "BTHFT";
    const uint64_t person = (i * 7919) % 4000;
    const int64_t day = start + static_cast<int64_t>((i * 37) % 1000);  // spread, often backdated
    const std::string date = protocol::DateToString(protocol::CivilFromDays(day));
    Event e = protocol::SampleStaffRecord(org, person, date);
    const std::string key = e.staff_record().person_key();
    switch (i % 10) {
      case 7: {  // training
        e.clear_staff_record();
        e.mutable_training_access()->set_person_key(key);
        // The same person and day come back every 4,000 events: a category per
        // round keeps each event its own fact (the source key no longer carries i).
        e.mutable_training_access()->set_course_category("LEADERSHIP_" + std::to_string(i / 4000));
        break;
      }
      case 8: {  // disciplinary case
        e.clear_staff_record();
        e.mutable_disciplinary_case()->set_person_key(key);
        e.mutable_disciplinary_case()->set_case_key(protocol::SampleKey("case-" + std::to_string(i)));
        break;
      }
      case 9: {  // leaver
        e.clear_staff_record();
        e.mutable_staff_left()->set_person_key(key);
        e.mutable_staff_left()->set_leaving_reason(static_cast<LeavingReason>(1 + (i / 4000) % 9));
        break;
      }
      default:  // a record: joins and changes of tier and pay
        e.mutable_staff_record()->set_kind(i % 2 ? RECORD_KIND_CHANGE : RECORD_KIND_JOIN);
        e.mutable_staff_record()->set_tier(static_cast<Tier>(1 + (i / 10 + person) % 4));
        e.mutable_staff_record()->set_hourly_pay_pence(1200 + static_cast<int64_t>((i * 13) % 5000));
        e.mutable_staff_record()->set_ethnicity_source("sample " + std::to_string(i));  // each record its own fact
    }
    e.set_source_key(protocol::ExpectedSourceKey(e));
    protocol::AssignEventId(e);
    events.push_back(std::move(e));
  }
  return events;
}

void IngestAll(const StoreProcess& store, const std::vector<event::v1::Event>& events) {
  zmq::context_t context(1);
  std::map<std::string, std::unique_ptr<client::StoreClient>> clients;
  std::map<std::string, wire::v1::Request> batches;
  auto flush = [&](const std::string& org) {
    auto& batch = batches[org];
    if (batch.ingest().events_size() == 0) return;
    auto& c = clients[org];
    if (!c) c = std::make_unique<client::StoreClient>(context, store.ConnectorEndpoint(org));
    auto reply = c->Call(batch, kQueryTimeout);
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    ASSERT_FALSE(reply->has_error()) << reply->error().message();
    for (const auto& ack : reply->ingest().acks()) {
      ASSERT_NE(ack.status(), ingest::v1::ACK_STATUS_REJECTED) << ack.reason();
    }
    batch.Clear();
  };
  for (const auto& e : events) {
    auto& batch = batches[e.org_id()];
    *batch.mutable_ingest()->add_events() = e;
    batch.mutable_ingest()->set_batch_id("b");
    if (batch.ingest().events_size() == 1000) flush(e.org_id());
  }
  for (const std::string org : {"BTHFT", "BMDC"}) flush(org);
}

}  // namespace dxhub::testing
