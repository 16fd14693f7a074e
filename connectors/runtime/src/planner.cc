#include "dxhub/connector/planner.h"

#include <cmath>
#include <set>

#include "dxhub/connector/event_builder.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/round_trip.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::connector {
namespace {

using namespace dxhub::event::v1;

bool SameFacts(StaffRecord a, StaffRecord b) {
  a.clear_kind();
  b.clear_kind();
  return a.SerializeAsString() == b.SerializeAsString();
}

// Bad rows, not errors: a row with two problems is one bad row.
size_t DistinctRows(const std::vector<RowError>& errors) {
  std::set<std::pair<std::string, size_t>> rows;
  for (const auto& e : errors) rows.emplace(e.source, e.row);
  return rows.size();
}

// Why the configured secret cannot be used with this state, if it cannot:
// keys made with another secret would turn every person into a leaver and a
// joiner at the hub.
std::optional<std::string> SecretMismatch(const ConnectorConfig& config, const ConnectorState& state,
                                          const Pseudonymiser& p) {
  const auto& stored = state.secret_fingerprint();
  if (!stored || *stored == p.Fingerprint()) return std::nullopt;
  const std::string version = stored->substr(1, stored->find(':') - 1);
  return "the connector state in " + config.state_dir.string() + " was made with pseudonymisation key version " +
         version + " and another secret than " + config.config_path + " names (key_version " +
         std::to_string(config.key_version) + "); nothing was read or sent. If you ran 'dxconnect rotate-secret', "
         "set pseudonymisation.secret_file to the new secret and key_version: " + version +
         ". To change the secret, use 'dxconnect rotate-secret': a new secret set in the config alone would make "
         "every person a leaver and a joiner at the hub";
}

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

class Planner {
 public:
  Planner(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& p)
      : config_(config), state_(state), p_(p) {}

  Status Init() {
    auto snapshot = state_.LoadSnapshot();
    if (!snapshot.ok()) return snapshot.status();
    snapshot_ = std::move(*snapshot);
    headcount_ = state_.last_headcount().value_or(snapshot_.size());
    previous_census_ = state_.last_census();
    plan_.batch.secret_fingerprint = p_.Fingerprint();
    return Status::Ok();
  }

  void Add(Event e) {
    if (state_.WasEnqueued(e.event_id()) || !planned_ids_.insert(e.event_id()).second) {
      ++plan_.already_sent;
      return;
    }
    if (auto rejection = protocol::ValidateEvent(e, protocol::ValidationLimits{})) {
      // A builder bug or an edge the row checks missed: keep it out and say so.
      plan_.fatal.push_back("internal check refused an event built from the source: " + rejection->reason);
      return;
    }
    if (auto problem = protocol::RoundTripProblem(e)) {  // Enqueue() would refuse it: say so before a run
      plan_.fatal.push_back("internal check refused an event built from the source: " + *problem);
      return;
    }
    ++plan_.events_by_type[protocol::PayloadType(e)];
    plan_.batch.events.push_back(std::move(e));
  }

  void Staff(const TableRef& ref, const Table& table, TableReport& report) {
    StaffExtract extract = BuildStaffExtract(table, *ref.census, config_, p_);
    report.rows_read = extract.rows_read;
    report.rows_bad = DistinctRows(extract.errors);
    report.errors = std::move(extract.errors);
    report.warnings = std::move(extract.warnings);
    report.fatal = extract.fatal;
    if (!report.fatal.empty()) return;
    if (!Guard(ref, report, extract.staff.size()) || !ChurnGuard(ref, report, extract)) return;
    if (!mapping_announced_ && !state_.WasProcessed("mapping:" + config_.mapping.version)) {
      Add(MappingEvent(config_, *ref.census));
      plan_.batch.processed_files.push_back("mapping:" + config_.mapping.version);
    }
    mapping_announced_ = true;
    const size_t before = plan_.batch.events.size();
    std::set<std::string> present;
    for (auto& row : extract.staff) {
      const std::string key = row.record.person_key();
      present.insert(key);
      auto old = snapshot_.find(key);
      if (old != snapshot_.end() && SameFacts(old->second, row.record)) continue;
      row.record.set_kind(old == snapshot_.end() ? RECORD_KIND_JOIN : RECORD_KIND_CHANGE);
      ++(old == snapshot_.end() ? plan_.joins : plan_.changes);
      Event e;
      *e.mutable_staff_record() = row.record;
      Seal(e, config_, EffectiveDate(row, old == snapshot_.end(), *ref.census));
      Add(std::move(e));
      snapshot_[key] = row.record;
      plan_.batch.snapshot_puts[key] = row.record;
      plan_.batch.snapshot_deletes.erase(key);
    }
    // A person on a bad row is not a leaver, just unreadable this time; if
    // some bad rows have no readable staff number at all, infer no leavers.
    if (extract.unkeyed_bad_rows == 0) {
      for (auto it = snapshot_.begin(); it != snapshot_.end();) {
        if (present.count(it->first) || extract.bad_row_keys.count(it->first)) {
          ++it;
          continue;
        }
        Event e;
        e.mutable_staff_left()->set_person_key(it->first);
        e.mutable_staff_left()->set_leaving_reason(LEAVING_REASON_ABSENT_FROM_EXTRACT);
        Seal(e, config_, *ref.census);
        Add(std::move(e));
        ++plan_.leavers;
        plan_.batch.snapshot_puts.erase(it->first);
        plan_.batch.snapshot_deletes.insert(it->first);
        it = snapshot_.erase(it);
      }
    }
    headcount_ = extract.staff.size();
    plan_.batch.headcount = headcount_;
    previous_census_ = *ref.census;
    plan_.batch.census = *ref.census;
    report.events = plan_.batch.events.size() - before;
  }

  // A joiner is dated by their start date when it falls in the period since
  // the previous extract (after its census date, up to this one); otherwise,
  // and for everyone in the first extract, by this extract's census date.
  Date EffectiveDate(const StaffRow& row, bool joiner, const Date& census) const {
    if (!joiner || !row.start_date || !previous_census_) return census;
    const int64_t start = protocol::DaysFromCivil(*row.start_date);
    if (start > protocol::DaysFromCivil(*previous_census_) && start <= protocol::DaysFromCivil(census)) {
      return *row.start_date;
    }
    return census;
  }

  bool Guard(const TableRef& ref, TableReport& report, size_t good) {
    const double bad_share = report.rows_read == 0 ? 1.0 : static_cast<double>(report.rows_bad) / report.rows_read;
    if (report.rows_read == 0) {
      report.fatal = ref.name + ": the extract has no rows; is this the right file?";
    } else if (bad_share > config_.guards.max_bad_row_share) {
      report.fatal = ref.name + ": " + std::to_string(report.rows_bad) + " of " + std::to_string(report.rows_read) +
                     " rows are bad (" + Percent(bad_share) + "), above the limit of " +
                     Percent(config_.guards.max_bad_row_share) +
                     " (guards.max_bad_row_share); nothing was sent. Is this the right file, with the right column mapping?";
    } else if (headcount_ > 0) {
      const double change = std::fabs(static_cast<double>(good) - static_cast<double>(headcount_)) / headcount_;
      if (change > config_.guards.max_headcount_change) {
        report.fatal = ref.name + ": headcount " + std::to_string(good) + " differs from the previous extract's " +
                       std::to_string(headcount_) + " by " + Percent(change) + ", above the limit of " +
                       Percent(config_.guards.max_headcount_change) +
                       " (guards.max_headcount_change); nothing was sent. Is this the right file?";
      }
    }
    return report.fatal.empty();
  }

  // Joiners plus leavers against the snapshot, before anything is planned: a
  // steady headcount can hide every person getting a new key (issue 19 item 6).
  bool ChurnGuard(const TableRef& ref, TableReport& report, const StaffExtract& extract) {
    if (snapshot_.empty()) return true;
    std::set<std::string> present;
    size_t joiners = 0;
    for (const auto& row : extract.staff) {
      present.insert(row.record.person_key());
      joiners += snapshot_.count(row.record.person_key()) == 0 ? 1 : 0;
    }
    size_t leavers = 0;
    if (extract.unkeyed_bad_rows == 0) {
      for (const auto& [key, record] : snapshot_) {
        leavers += present.count(key) == 0 && extract.bad_row_keys.count(key) == 0 ? 1 : 0;
      }
    }
    const double churn = static_cast<double>(joiners + leavers) / static_cast<double>(snapshot_.size());
    if (churn <= config_.guards.max_churn) return true;
    report.fatal = ref.name + ": " + std::to_string(joiners) + " joiners and " + std::to_string(leavers) +
                   " leavers against the previous extract's " + std::to_string(snapshot_.size()) + " people (" +
                   Percent(churn) + "), above the limit of " + Percent(config_.guards.max_churn) +
                   " (guards.max_churn); nothing was sent. Did the staff numbers change form (another export, "
                   "leading zeros, a stray character)? Raise the limit only for a real change of staff.";
    return false;
  }

  void Events(const TableRef& ref, const Table& table, TableReport& report) {
    BuiltEvents built = BuildEvents(*ref.kind, table, config_, p_);
    report.rows_read = built.rows_read;
    report.rows_bad = DistinctRows(built.errors);
    report.errors = std::move(built.errors);
    report.warnings = std::move(built.warnings);
    report.fatal = built.fatal;
    if (!report.fatal.empty()) return;
    const double bad_share = report.rows_read == 0 ? 0 : static_cast<double>(report.rows_bad) / report.rows_read;
    if (bad_share > config_.guards.max_bad_row_share) {
      report.fatal = ref.name + ": " + std::to_string(report.rows_bad) + " of " + std::to_string(report.rows_read) +
                     " rows are bad (" + Percent(bad_share) + "), above the limit of " +
                     Percent(config_.guards.max_bad_row_share) + " (guards.max_bad_row_share); nothing was sent";
      return;
    }
    const size_t before = plan_.batch.events.size();
    for (auto& e : built.events) Add(std::move(e));
    report.events = plan_.batch.events.size() - before;
  }

  RunPlan& plan() { return plan_; }

 private:
  const ConnectorConfig& config_;
  const ConnectorState& state_;
  const Pseudonymiser& p_;
  std::map<std::string, StaffRecord> snapshot_;
  std::set<std::string> planned_ids_;
  size_t headcount_ = 0;
  std::optional<Date> previous_census_;
  bool mapping_announced_ = false;
  RunPlan plan_;
};

}  // namespace

Result<RunPlan> PlanRun(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& pseudonymiser,
                        TableSource& source) {
  if (auto mismatch = SecretMismatch(config, state, pseudonymiser)) {
    RunPlan refused;
    refused.fatal.push_back(*mismatch);
    return refused;
  }
  Planner planner(config, state, pseudonymiser);
  DXHUB_RETURN_IF_ERROR(planner.Init());
  auto refs = source.List();
  if (!refs.ok()) return refs.status();
  for (const auto& ref : *refs) {
    if (ref.census && state.WasProcessed(ref.fingerprint)) continue;  // this exact extract was sent before
    TableReport report;
    report.ref = ref;
    auto table = source.Read(ref);
    if (!table.ok()) {
      report.fatal = table.status().message();
    } else if (ref.census) {
      planner.Staff(ref, *table, report);
    } else {
      planner.Events(ref, *table, report);
    }
    if (!report.fatal.empty()) planner.plan().fatal.push_back(report.fatal);
    if (ref.census) planner.plan().batch.processed_files.push_back(ref.fingerprint);
    planner.plan().tables.push_back(std::move(report));
  }
  return std::move(planner.plan());
}

}  // namespace dxhub::connector
