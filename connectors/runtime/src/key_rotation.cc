#include "dxhub/connector/key_rotation.h"

#include <map>

#include "dxhub/connector/event_builder.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::connector {
namespace {

using namespace dxhub::event::v1;

// The person key (staff) or member key (board) an event-file event carries, if any.
const std::string* PersonKeyOf(const Event& e) {
  switch (e.payload_case()) {
    case Event::kTrainingAccess: return &e.training_access().person_key();
    case Event::kDisciplinaryCase: return &e.disciplinary_case().person_key();
    case Event::kProgrammeParticipation: return &e.programme_participation().person_key();
    case Event::kStaffLeft: return &e.staff_left().person_key();
    case Event::kBoardMembership: return &e.board_membership().member_key();
    default: return nullptr;
  }
}

class Rotation {
 public:
  Rotation(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& old_keys,
           const Pseudonymiser& new_keys)
      : config_(config), state_(state), old_(old_keys), new_(new_keys) {}

  void Unreadable(const std::string& message) { plan_.problems.push_back(message); }

  void StaffExtract(const TableRef& ref, const Table& table) {
    RowReader reader = RowReader::ForStaff(table, config_);
    if (auto missing = reader.MissingColumns({"staff_number"})) return Unreadable(ref.name + ": " + *missing);
    for (const auto& row : table.rows) {
      reader.Start(row);
      const std::string number = reader.Text("staff_number");
      if (!number.empty()) new_key_of_.emplace(old_.Key("staff", number), new_.Key("staff", number));
    }
  }

  Status EventFile(const TableRef& ref, const Table& table) {
    const BuiltEvents before = BuildEvents(*ref.kind, table, config_, old_);
    const BuiltEvents after = BuildEvents(*ref.kind, table, config_, new_);
    if (!before.fatal.empty()) {
      Unreadable(before.fatal);
      return Status::Ok();
    }
    if (before.events.size() != after.events.size()) {
      return Status::Internal(ref.name + ": the rows built under the two secrets differ");
    }
    for (size_t i = 0; i < before.events.size(); ++i) {
      if (const std::string* key = PersonKeyOf(before.events[i])) new_key_of_.emplace(*key, *PersonKeyOf(after.events[i]));
      if (state_.WasEnqueued(before.events[i].event_id())) {
        plan_.batch.known_ids.push_back(after.events[i].event_id());
        ++plan_.facts_already_sent;
      }
    }
    return Status::Ok();
  }

  Result<KeyRotationPlan> Finish(const Date& on) {
    auto snapshot = state_.LoadSnapshot();
    if (!snapshot.ok()) return snapshot.status();
    plan_.snapshot_people = snapshot->size();
    for (auto& [key, record] : *snapshot) {
      auto it = new_key_of_.find(key);
      if (it == new_key_of_.end()) {
        ++plan_.snapshot_unmapped;
        continue;
      }
      record.set_person_key(it->second);
      plan_.batch.snapshot_deletes.insert(key);
      plan_.batch.snapshot_puts[it->second] = std::move(record);
    }
    for (const auto& [old_key, new_key] : new_key_of_) {
      Event e;
      auto* r = e.mutable_person_key_rotation();
      r->set_old_person_key(old_key);
      r->set_new_person_key(new_key);
      r->set_new_key_version(new_.key_version());
      Seal(e, config_, on);
      if (auto rejection = protocol::ValidateEvent(e, protocol::ValidationLimits{})) {
        return Status::Internal("a key rotation event does not validate: " + rejection->reason);
      }
      plan_.batch.events.push_back(std::move(e));
    }
    plan_.batch.secret_fingerprint = new_.Fingerprint();
    return std::move(plan_);
  }

 private:
  const ConnectorConfig& config_;
  const ConnectorState& state_;
  const Pseudonymiser& old_;
  const Pseudonymiser& new_;
  std::map<std::string, std::string> new_key_of_;  // old key -> new key
  KeyRotationPlan plan_;
};

}  // namespace

Result<KeyRotationPlan> PlanKeyRotation(const ConnectorConfig& config, const ConnectorState& state,
                                        const Pseudonymiser& old_keys, const Pseudonymiser& new_keys,
                                        const std::vector<TableSource*>& sources, const Date& on) {
  Rotation rotation(config, state, old_keys, new_keys);
  for (TableSource* source : sources) {
    auto refs = source->List();
    if (!refs.ok()) return refs.status();
    for (const auto& ref : *refs) {
      auto table = source->Read(ref);
      if (!table.ok()) {
        rotation.Unreadable(table.status().message());
      } else if (ref.census) {
        rotation.StaffExtract(ref, *table);
      } else {
        DXHUB_RETURN_IF_ERROR(rotation.EventFile(ref, *table));
      }
    }
  }
  return rotation.Finish(on);
}

}  // namespace dxhub::connector
