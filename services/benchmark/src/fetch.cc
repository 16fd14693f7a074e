#include "dxhub/benchmark/fetch.h"

#include <algorithm>
#include <cstdint>

#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/permissions.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::benchmark {
namespace {

using dxhub::wire::v1::Request;
constexpr std::chrono::milliseconds kTimeout{15000};


}  // namespace

Status ReadReviewEvents(client::StoreClient& store, std::vector<dxhub::event::v1::StoredEvent>* events,
                        uint64_t* head_seq) {
  uint64_t next = 1;
  while (true) {
    Request request;
    auto* read = request.mutable_read();
    read->set_from_seq(next);
    read->set_max_events(1000);
    for (const char* type : {"review_cycle", "self_assessment", "peer_review"}) read->add_event_types(type);
    auto reply = client::CallChecked(store, request, kTimeout);
    if (!reply.ok()) return Status::Unavailable("reading the store: " + reply.status().message());
    for (const auto& e : reply->read().events()) events->push_back(e);
    *head_seq = reply->read().head_seq();
    if (reply->read().next_seq() <= next || reply->read().next_seq() > reply->read().head_seq()) break;
    next = reply->read().next_seq();
  }
  return Status::Ok();
}

const dxhub::event::v1::StoredEvent* LatestCycle(const std::vector<dxhub::event::v1::StoredEvent>& events,
                                                 const std::string& cycle_id) {
  const dxhub::event::v1::StoredEvent* latest = nullptr;
  for (const auto& e : events) {
    if (e.event().has_review_cycle() && e.event().review_cycle().cycle_id() == cycle_id) latest = &e;
  }
  return latest;
}

Result<BenchmarkReport> Produce(client::StoreClient& store, client::StoreClient& aggregator,
                                const FrameworkSet& frameworks, const std::string& cycle_id) {
  BenchmarkInputs inputs;
  DXHUB_RETURN_IF_ERROR(ReadReviewEvents(store, &inputs.events, &inputs.store_head_seq));
  const auto* cycle = LatestCycle(inputs.events, cycle_id);
  if (cycle == nullptr) return Status::NotFound("no peer-review cycle '" + cycle_id + "' has been opened");
  const std::string& version = cycle->event().review_cycle().framework_version();
  const auto framework = frameworks.find(version);
  if (framework == frameworks.end()) {
    std::string known;
    for (const auto& [name, unused] : frameworks) known += (known.empty() ? "" : ", ") + name;
    return Status::NotFound("cycle '" + cycle_id + "' used framework " + version +
                                      ", which is not among the frameworks loaded (" + known +
                                      "); add its file to the frameworks folder");
  }
  inputs.framework = framework->second;
  std::vector<std::string> scopes(cycle->event().review_cycle().participants().begin(),
                                  cycle->event().review_cycle().participants().end());
  scopes.push_back("PLACE");
  inputs.aggregator_applied_seq = UINT64_MAX;
  for (const auto& scope : scopes) {
    Request request;
    request.mutable_indicators()->set_scope(scope);
    *request.mutable_indicators()->mutable_census_date() = cycle->event().review_cycle().census_date();
    auto reply = client::CallAskingAgain(aggregator, request, kTimeout);
    if (!reply.ok()) {
      return Status::Unavailable("querying the aggregator for " + scope + ": " + reply.status().message());
    }
    for (const auto& cube : reply->indicators().cubes()) inputs.cubes.push_back(cube);
    inputs.aggregator_applied_seq = std::min(inputs.aggregator_applied_seq, reply->indicators().applied_seq());
  }
  return Build(inputs, cycle_id);
}

dxhub::event::v1::Event CycleEvent(const dxhub::event::v1::ReviewCycle& cycle, const dxhub::event::v1::Date& on) {
  dxhub::event::v1::Event e;
  e.set_org_id(std::string(protocol::kHubOrgId));
  e.set_connector_id("dxctl");
  *e.mutable_occurred_at() = on;
  e.set_schema_version(protocol::kSchemaVersion);
  *e.mutable_review_cycle() = cycle;
  e.set_source_key(protocol::ExpectedSourceKey(e));
  protocol::AssignEventId(e);
  return e;
}

}  // namespace dxhub::benchmark
