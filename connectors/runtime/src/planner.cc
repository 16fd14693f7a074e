#include "dxhub/connector/planner.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

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

// Where a plan's events and snapshot changes go as they are planned, and the
// snapshot as they leave it.
class PlanSink {
 public:
  virtual ~PlanSink() = default;
  virtual Status Add(Event e) = 0;  // in outbox order
  // Added before in this run and not yet visible to ConnectorState::WasEnqueued.
  virtual bool Holds(const std::string& event_id) const = 0;
  virtual Status Put(const std::string& key, const StaffRecord& record) = 0;
  virtual Status Remove(const std::string& key) = 0;
  // Every person in the snapshot with this run's changes so far, in key order.
  virtual Status Walk(const ConnectorState::SnapshotVisitor& visit) = 0;
  virtual Status Flush() { return Status::Ok(); }
  // Events and snapshot changes held in memory now.
  virtual size_t held() const = 0;
};

// Everything in RunPlan::batch; the state is only read.
class MemorySink : public PlanSink {
 public:
  MemorySink(const ConnectorState& state, EnqueueBatch& batch) : state_(state), batch_(batch) {}
  Status Add(Event e) override {
    ids_.insert(e.event_id());
    batch_.events.push_back(std::move(e));
    return Status::Ok();
  }
  bool Holds(const std::string& event_id) const override { return ids_.count(event_id) > 0; }
  Status Put(const std::string& key, const StaffRecord& record) override {
    batch_.snapshot_puts[key] = record;
    batch_.snapshot_deletes.erase(key);
    return Status::Ok();
  }
  Status Remove(const std::string& key) override {
    batch_.snapshot_puts.erase(key);
    batch_.snapshot_deletes.insert(key);
    return Status::Ok();
  }
  Status Walk(const ConnectorState::SnapshotVisitor& visit) override {
    auto put = batch_.snapshot_puts.begin();
    const auto end = batch_.snapshot_puts.end();
    const Status walked = state_.WalkSnapshot([&](const std::string& key, const StaffRecord& record) -> Status {
      for (; put != end && put->first < key; ++put) DXHUB_RETURN_IF_ERROR(visit(put->first, put->second));
      if (put != end && put->first == key) return visit(key, (put++)->second);
      if (batch_.snapshot_deletes.count(key)) return Status::Ok();
      return visit(key, record);
    });
    DXHUB_RETURN_IF_ERROR(walked);
    for (; put != end; ++put) DXHUB_RETURN_IF_ERROR(visit(put->first, put->second));
    return Status::Ok();
  }
  size_t held() const override {
    return batch_.events.size() + batch_.snapshot_puts.size() + batch_.snapshot_deletes.size();
  }

 private:
  const ConnectorState& state_;
  EnqueueBatch& batch_;
  std::set<std::string> ids_;
};

// Staged in the state (ConnectorState::Stage) a piece at a time.
class StagingSink : public PlanSink {
 public:
  StagingSink(ConnectorState& state, size_t piece) : state_(state), piece_(std::max<size_t>(piece, 1)) {}
  Status Add(Event e) override {
    ids_.insert(e.event_id());
    events_.push_back(std::move(e));
    return events_.size() >= piece_ ? Flush() : Status::Ok();
  }
  bool Holds(const std::string& event_id) const override { return ids_.count(event_id) > 0; }
  Status Put(const std::string& key, const StaffRecord& record) override {
    changes_.push_back({key, record});
    return changes_.size() >= piece_ ? Flush() : Status::Ok();
  }
  Status Remove(const std::string& key) override {
    changes_.push_back({key, std::nullopt});
    return changes_.size() >= piece_ ? Flush() : Status::Ok();
  }
  Status Walk(const ConnectorState::SnapshotVisitor& visit) override {
    DXHUB_RETURN_IF_ERROR(Flush());
    return state_.WalkSnapshot(visit);
  }
  Status Flush() override {
    if (events_.empty() && changes_.empty()) return Status::Ok();
    DXHUB_RETURN_IF_ERROR(state_.Stage(events_, changes_));
    events_.clear();
    changes_.clear();
    ids_.clear();
    return Status::Ok();
  }
  size_t held() const override { return events_.size() + changes_.size(); }

 private:
  ConnectorState& state_;
  const size_t piece_;
  std::vector<Event> events_;
  std::vector<SnapshotChange> changes_;
  std::unordered_set<std::string> ids_;
};

// An extract against the snapshot: what each good row is, who left.
struct ExtractDiff {
  enum class Row : uint8_t { kJoin, kChange, kSame };
  std::vector<Row> rows;  // by index in StaffExtract::staff
  std::vector<std::string> leavers;  // in key order
  size_t joiners = 0;
  size_t snapshot_people = 0;
};

class Planner {
 public:
  Planner(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& p, PlanSink& sink)
      : config_(config), state_(state), p_(p), sink_(sink) {}

  void Init() {
    headcount_ = state_.last_headcount();
    previous_census_ = state_.last_census();
    plan_.batch.secret_fingerprint = p_.Fingerprint();
  }

  Status Add(Event e) {
    if (state_.WasEnqueued(e.event_id()) || sink_.Holds(e.event_id())) {
      ++plan_.already_sent;
      return Status::Ok();
    }
    if (auto rejection = protocol::ValidateEvent(e, protocol::ValidationLimits{})) {
      // A builder bug or an edge the row checks missed: keep it out and say so.
      plan_.fatal.push_back("internal check refused an event built from the source: " + rejection->reason);
      return Status::Ok();
    }
    if (auto problem = protocol::RoundTripProblem(e)) {  // Enqueue() would refuse it: say so before a run
      plan_.fatal.push_back("internal check refused an event built from the source: " + *problem);
      return Status::Ok();
    }
    ++plan_.events_by_type[protocol::PayloadType(e)];
    ++added_;
    if (!plan_.example_staff_record && e.has_staff_record()) plan_.example_staff_record = e;
    DXHUB_RETURN_IF_ERROR(sink_.Add(std::move(e)));
    return Held();
  }

  Status Held() {
    plan_.peak_held = std::max<uint64_t>(plan_.peak_held, sink_.held());
    return Status::Ok();
  }

  // The extract beside the snapshot, both in person-key order, in one walk.
  Status Diff(const StaffExtract& extract, ExtractDiff* diff) {
    const auto& staff = extract.staff;
    std::vector<size_t> order(staff.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return staff[a].record.person_key() < staff[b].record.person_key();
    });
    diff->rows.assign(staff.size(), ExtractDiff::Row::kJoin);
    size_t next = 0;
    const Status walked = sink_.Walk([&](const std::string& key, const StaffRecord& record) -> Status {
      ++diff->snapshot_people;
      while (next < order.size() && staff[order[next]].record.person_key() < key) ++next;
      if (next < order.size() && staff[order[next]].record.person_key() == key) {
        const size_t i = order[next++];
        diff->rows[i] = SameFacts(record, staff[i].record) ? ExtractDiff::Row::kSame : ExtractDiff::Row::kChange;
        return Status::Ok();
      }
      // A person on a bad row is not a leaver, just unreadable this time; if
      // some bad rows have no readable staff number at all, infer no leavers.
      if (extract.unkeyed_bad_rows == 0 && extract.bad_row_keys.count(key) == 0) diff->leavers.push_back(key);
      return Status::Ok();
    });
    DXHUB_RETURN_IF_ERROR(walked);
    diff->joiners = static_cast<size_t>(std::count(diff->rows.begin(), diff->rows.end(), ExtractDiff::Row::kJoin));
    return Status::Ok();
  }

  Status Staff(const TableRef& ref, const Table& table, TableReport& report) {
    StaffExtract extract = BuildStaffExtract(table, *ref.census, config_, p_);
    report.rows_read = extract.rows_read;
    report.rows_bad = DistinctRows(extract.errors);
    report.errors = std::move(extract.errors);
    report.warnings = std::move(extract.warnings);
    report.fatal = extract.fatal;
    if (!report.fatal.empty()) return Status::Ok();
    ExtractDiff diff;
    DXHUB_RETURN_IF_ERROR(Diff(extract, &diff));
    // A state from before the headcount was kept: the snapshot's people.
    if (!headcount_) headcount_ = diff.snapshot_people;
    if (!Guard(ref, report, extract.staff.size()) || !ChurnGuard(ref, report, diff)) return Status::Ok();
    if (!mapping_announced_ && !state_.WasProcessed("mapping:" + config_.mapping.version)) {
      DXHUB_RETURN_IF_ERROR(Add(MappingEvent(config_, *ref.census)));
      plan_.batch.processed_files.push_back("mapping:" + config_.mapping.version);
    }
    mapping_announced_ = true;
    const size_t before = added_;
    for (size_t i = 0; i < extract.staff.size(); ++i) {  // in file order
      if (diff.rows[i] == ExtractDiff::Row::kSame) continue;
      StaffRow& row = extract.staff[i];
      const bool joiner = diff.rows[i] == ExtractDiff::Row::kJoin;
      row.record.set_kind(joiner ? RECORD_KIND_JOIN : RECORD_KIND_CHANGE);
      ++(joiner ? plan_.joins : plan_.changes);
      Event e;
      *e.mutable_staff_record() = row.record;
      Seal(e, config_, EffectiveDate(row, joiner, *ref.census));
      DXHUB_RETURN_IF_ERROR(Add(std::move(e)));
      DXHUB_RETURN_IF_ERROR(sink_.Put(row.record.person_key(), row.record));
      DXHUB_RETURN_IF_ERROR(Held());
    }
    for (const auto& key : diff.leavers) {
      Event e;
      e.mutable_staff_left()->set_person_key(key);
      e.mutable_staff_left()->set_leaving_reason(LEAVING_REASON_ABSENT_FROM_EXTRACT);
      Seal(e, config_, *ref.census);
      DXHUB_RETURN_IF_ERROR(Add(std::move(e)));
      ++plan_.leavers;
      DXHUB_RETURN_IF_ERROR(sink_.Remove(key));
      DXHUB_RETURN_IF_ERROR(Held());
    }
    headcount_ = extract.staff.size();
    plan_.batch.headcount = *headcount_;
    previous_census_ = *ref.census;
    plan_.batch.census = *ref.census;
    report.events = added_ - before;
    return Status::Ok();
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
    const size_t headcount = headcount_.value_or(0);
    if (report.rows_read == 0) {
      report.fatal = ref.name + ": the extract has no rows; is this the right file?";
    } else if (bad_share > config_.guards.max_bad_row_share) {
      report.fatal = ref.name + ": " + std::to_string(report.rows_bad) + " of " + std::to_string(report.rows_read) +
                     " rows are bad (" + Percent(bad_share) + "), above the limit of " +
                     Percent(config_.guards.max_bad_row_share) +
                     " (guards.max_bad_row_share); nothing was sent. Is this the right file, with the right column mapping?";
    } else if (headcount > 0) {
      const double change = std::fabs(static_cast<double>(good) - static_cast<double>(headcount)) / headcount;
      if (change > config_.guards.max_headcount_change) {
        report.fatal = ref.name + ": headcount " + std::to_string(good) + " differs from the previous extract's " +
                       std::to_string(headcount) + " by " + Percent(change) + ", above the limit of " +
                       Percent(config_.guards.max_headcount_change) +
                       " (guards.max_headcount_change); nothing was sent. Is this the right file?";
      }
    }
    return report.fatal.empty();
  }

  // Joiners plus leavers against the snapshot, before anything is planned: a
  // steady headcount can hide every person getting a new key (issue 19 item 6).
  bool ChurnGuard(const TableRef& ref, TableReport& report, const ExtractDiff& diff) {
    if (diff.snapshot_people == 0) return true;
    const size_t joiners = diff.joiners;
    const size_t leavers = diff.leavers.size();
    const double churn = static_cast<double>(joiners + leavers) / static_cast<double>(diff.snapshot_people);
    if (churn <= config_.guards.max_churn) return true;
    report.fatal = ref.name + ": " + std::to_string(joiners) + " joiners and " + std::to_string(leavers) +
                   " leavers against the previous extract's " + std::to_string(diff.snapshot_people) + " people (" +
                   Percent(churn) + "), above the limit of " + Percent(config_.guards.max_churn) +
                   " (guards.max_churn); nothing was sent. Did the staff numbers change form (another export, "
                   "leading zeros, a stray character)? Raise the limit only for a real change of staff.";
    return false;
  }

  Status Events(const TableRef& ref, const Table& table, TableReport& report) {
    BuiltEvents built = BuildEvents(*ref.kind, table, config_, p_);
    report.rows_read = built.rows_read;
    report.rows_bad = DistinctRows(built.errors);
    report.errors = std::move(built.errors);
    report.warnings = std::move(built.warnings);
    report.fatal = built.fatal;
    if (!report.fatal.empty()) return Status::Ok();
    const double bad_share = report.rows_read == 0 ? 0 : static_cast<double>(report.rows_bad) / report.rows_read;
    if (bad_share > config_.guards.max_bad_row_share) {
      report.fatal = ref.name + ": " + std::to_string(report.rows_bad) + " of " + std::to_string(report.rows_read) +
                     " rows are bad (" + Percent(bad_share) + "), above the limit of " +
                     Percent(config_.guards.max_bad_row_share) + " (guards.max_bad_row_share); nothing was sent";
      return Status::Ok();
    }
    const size_t before = added_;
    for (auto& e : built.events) DXHUB_RETURN_IF_ERROR(Add(std::move(e)));
    report.events = added_ - before;
    return Status::Ok();
  }

  Status Finish() { return sink_.Flush(); }
  RunPlan& plan() { return plan_; }

 private:
  const ConnectorConfig& config_;
  const ConnectorState& state_;
  const Pseudonymiser& p_;
  PlanSink& sink_;
  std::optional<size_t> headcount_;
  std::optional<Date> previous_census_;
  bool mapping_announced_ = false;
  size_t added_ = 0;  // events added to the sink
  RunPlan plan_;
};

Result<RunPlan> Plan(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& pseudonymiser,
                     TableSource& source, PlanSink& sink) {
  if (auto mismatch = SecretMismatch(config, state, pseudonymiser)) {
    RunPlan refused;
    refused.fatal.push_back(*mismatch);
    return refused;
  }
  Planner planner(config, state, pseudonymiser, sink);
  planner.Init();
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
      DXHUB_RETURN_IF_ERROR(planner.Staff(ref, *table, report));
    } else {
      DXHUB_RETURN_IF_ERROR(planner.Events(ref, *table, report));
    }
    if (!report.fatal.empty()) planner.plan().fatal.push_back(report.fatal);
    if (ref.census) planner.plan().batch.processed_files.push_back(ref.fingerprint);
    planner.plan().tables.push_back(std::move(report));
  }
  DXHUB_RETURN_IF_ERROR(planner.Finish());
  return std::move(planner.plan());
}

}  // namespace

Result<RunPlan> PlanRun(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& pseudonymiser,
                        TableSource& source) {
  EnqueueBatch held;
  MemorySink sink(state, held);
  auto planned = Plan(config, state, pseudonymiser, source, sink);
  if (!planned.ok()) return planned.status();
  planned->batch.events = std::move(held.events);
  planned->batch.snapshot_puts = std::move(held.snapshot_puts);
  planned->batch.snapshot_deletes = std::move(held.snapshot_deletes);
  return planned;
}

Result<RunPlan> StageRun(const ConnectorConfig& config, ConnectorState& state, const Pseudonymiser& pseudonymiser,
                         TableSource& source, size_t piece) {
  DXHUB_RETURN_IF_ERROR(state.DiscardStaged());  // nothing staged may be committed unplanned
  StagingSink sink(state, piece);
  auto planned = Plan(config, state, pseudonymiser, source, sink);
  if (!planned.ok()) (void)state.DiscardStaged();
  return planned;
}

}  // namespace dxhub::connector
