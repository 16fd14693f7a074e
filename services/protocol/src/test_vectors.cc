#include "dxhub/protocol/test_vectors.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

namespace dxhub::protocol {
namespace {

Status ParseEvent(const nlohmann::json& entry, const std::string& where, VectorEvent* out) {
  out->name = entry.value("name", "");
  out->sender = entry.value("sender", "");
  out->reason_code = entry.value("reason_code", "");
  out->keep_org = entry.value("keep_org", false);
  out->event_id_fault = entry.value("event_id_fault", "");
  if (!entry.contains("event")) return Status::InvalidArgument(where + " ('" + out->name + "') has no event");
  const auto parsed = google::protobuf::util::JsonStringToMessage(entry["event"].dump(), &out->event);
  if (!parsed.ok()) {
    return Status::InvalidArgument(where + " ('" + out->name + "'): " + std::string(parsed.message()));
  }
  return Status::Ok();
}

}  // namespace

Result<TestVectors> ParseTestVectors(std::string_view json) {
  const auto root = nlohmann::json::parse(json, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return Status::InvalidArgument("the test vectors are not a JSON object");
  TestVectors out;
  try {
    const auto& pseudonymisation = root.at("pseudonymisation");
    out.secret = pseudonymisation.at("secret").get<std::string>();
    for (const auto& k : pseudonymisation.at("keys")) {
      out.keys.push_back({k.at("domain"), k.at("identifier"), k.at("normalised"), k.at("hmac_message"),
                          k.at("key_version").get<int>(), k.at("person_key")});
    }
    for (const auto* list : {"events", "invalid_events"}) {
      auto& into = std::string(list) == "events" ? out.events : out.invalid_events;
      size_t i = 0;
      for (const auto& entry : root.at(list)) {
        VectorEvent v;
        DXHUB_RETURN_IF_ERROR(ParseEvent(entry, std::string(list) + "[" + std::to_string(i++) + "]", &v));
        into.push_back(std::move(v));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("the test vectors do not have the expected shape: ") + e.what());
  }
  return out;
}

}  // namespace dxhub::protocol
