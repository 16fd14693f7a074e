#include "dxhub/dxconnect/commands.h"

#include <google/protobuf/util/json_util.h>
#include <sodium.h>

#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "dxhub/common/crypto.h"
#include "dxhub/common/keys.h"
#include "dxhub/common/log.h"
#include "dxhub/connector/absent_fields.h"
#include "dxhub/common/utf8.h"
#include "dxhub/connector/event_builder.h"
#include "dxhub/connector/key_rotation.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/planner.h"
#include "dxhub/connector/publisher.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/csv/csv_source.h"
#include "dxhub/dxconnect/column_report.h"
#include "dxhub/dxconnect/review_files.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::dxconnect {
namespace {

using namespace dxhub::connector;

Result<ConnectorConfig> Load(const std::string& path, std::ostream& err) {
  auto config = LoadConnectorConfig(path);
  if (!config.ok()) err << config.status().message() << "\n";
  return config;
}

client::Endpoint HubEndpoint(const ConnectorConfig& c) {
  return {c.hub_endpoint, c.hub_public_key, c.public_key, c.secret_key};
}

void PrintErrors(const std::vector<RowError>& errors, std::ostream& out, const char* prefix = "", size_t limit = 20) {
  for (size_t i = 0; i < errors.size() && i < limit; ++i) out << "    " << prefix << errors[i].ToString() << "\n";
  if (errors.size() > limit) out << "    ... and " << errors.size() - limit << " more\n";
}

void PrintPlan(const RunPlan& plan, std::ostream& out) {
  for (const auto& t : plan.tables) {
    out << "  " << t.ref.name << ": " << t.rows_read << " rows, " << t.rows_bad << " bad, " << t.events
        << " new events\n";
    PrintErrors(t.errors, out);
    PrintErrors(t.warnings, out, "warning: ");
  }
  out << "  staff changes: " << plan.joins << " joins, " << plan.changes << " changes, " << plan.leavers
      << " leavers\n";
  out << "  events to send:";
  if (plan.events_by_type.empty()) out << " none";
  for (const auto& [type, n] : plan.events_by_type) out << " " << type << "=" << n;
  out << "\n";
  if (plan.already_sent > 0) out << "  skipped " << plan.already_sent << " events already sent in earlier runs\n";
  for (const auto& f : plan.fatal) out << "  STOP: " << f << "\n";
}

// Adds the peer-review submissions of the review folder to the plan and says what they are.
void AddReviewSubmissions(const ConnectorConfig& config, const ConnectorState& state, RunPlan* plan,
                          std::ostream& out) {
  ReviewFiles review = ReadReviewFiles(config);
  if (review.files.empty() && review.errors.empty()) return;
  size_t sent_before = 0;
  for (const auto& e : review.events) sent_before += state.WasEnqueued(e.event_id()) ? 1 : 0;
  out << "  peer review (" << ReviewFolder(config).string() << "): " << review.files.size() - sent_before
      << " submission(s) to send, " << sent_before << " sent before, " << review.errors.size() << " refused\n";
  for (const auto& e : review.errors) {
    out << "    REFUSED " << e << "\n";
    Logger("connector")->warn("{}", e);
  }
  for (auto& e : review.events) {
    if (!state.WasEnqueued(e.event_id())) plan->batch.events.push_back(std::move(e));
  }
}

// --census-date: "" (not given) or YYYY-MM-DD.
Result<std::optional<dxhub::event::v1::Date>> CensusOption(const std::string& text) {
  if (text.empty()) return std::optional<dxhub::event::v1::Date>();
  if (auto date = protocol::ParseDate(text)) return std::optional<dxhub::event::v1::Date>(*date);
  return Status::InvalidArgument("--census-date must be a real date as YYYY-MM-DD, e.g. 2023-03-31; got '" + text + "'");
}

// The source, dating undated staff extracts with --census-date; nullptr (and a message) when the option is bad.
std::unique_ptr<csv::CsvSource> OpenSource(const ConnectorConfig& config, const std::string& census_date,
                                           std::ostream& err) {
  auto census = CensusOption(census_date);
  if (!census.ok()) {
    err << census.status().message() << "\n";
    return nullptr;
  }
  return std::make_unique<csv::CsvSource>(config, *census);
}

// The state, with a notice (console and log) for each entry Open() moved to quarantine;
// why not on `err`.
Result<std::unique_ptr<ConnectorState>> OpenState(const ConnectorConfig& config, std::ostream& out,
                                                  std::ostream& err) {
  auto state = ConnectorState::Open(config.state_dir);
  if (!state.ok()) {
    err << state.status().message() << "\n";
    return state;
  }
  for (const auto& e : (*state)->quarantined_on_open()) {
    const std::string notice = "moved the unreadable " + e.family + " entry " + e.DisplayKey() +
                               " to quarantine: it " + e.reason + ". " + e.Consequence() +
                               ". The connector carries on; see 'dxconnect state --config " + config.config_path +
                               " --quarantine'";
    out << "  QUARANTINED: " << notice << "\n";
    Logger("connector")->warn("{}", notice);
  }
  return state;
}

// The first row of `table` the source could not decode, if any, and how many there are.
std::optional<std::pair<RowError, size_t>> UndecodableRows(const Table& table) {
  std::optional<RowError> first;
  size_t rows = 0;
  for (const auto& row : table.rows) {
    if (row.cell_errors.empty()) continue;
    if (!first) first = row.cell_errors.front();
    ++rows;
  }
  if (!first) return std::nullopt;
  return std::make_pair(*first, rows);
}

// What listing the source passed over or decided (ignored files, census dates), one line each.
void PrintNotices(const TableSource& source, std::ostream& out, const std::string& indent) {
  for (const auto& notice : source.Notices()) out << indent << notice << "\n";
}

enum class RunEnd : uint8_t { kEnqueued, kRefused };

// Drop-folder mode, after a run, on `out` and in the log: when the run was
// enqueued every file of it moves to processed/; when it was refused a file
// that was itself refused moves to failed/ (the STOP line says why) and every
// other file stays in the source directory, where the next run reads it
// again, since nothing of it was sent.
void FinishDropFolder(const ConnectorConfig& config, TableSource& source, const RunPlan& plan, RunEnd end,
                      std::ostream& out) {
  if (!config.drop_folder) return;
  auto log = Logger("connector");
  const bool enqueued = end == RunEnd::kEnqueued;
  for (const auto& t : plan.tables) {
    const std::string& name = t.ref.name;
    if (!enqueued && t.fatal.empty()) {
      out << "  drop folder: " << name << " left in place: not sent, as the run was refused; the next run reads it "
          << "again\n";
      log->warn("drop folder: {} left in place: not sent, as the run was refused", name);
      continue;
    }
    const char* to = enqueued ? "processed/" : "failed/";
    if (Status moved = source.Finish(t.ref, enqueued); !moved.ok()) {
      out << "  drop folder: " << moved.message() << "; it stays in the source directory\n";
      log->error("drop folder: {}", moved.message());
    } else if (enqueued) {
      out << "  drop folder: " << name << " moved to " << to << "\n";
      log->info("drop folder: {} moved to {}", name, to);
    } else {
      out << "  drop folder: " << name << " moved to " << to << " (refused: see STOP above)\n";
      log->warn("drop folder: {} moved to {}: {}", name, to, t.fatal);
    }
  }
}

}  // namespace

int InitSecret(const std::string& path, std::ostream& out, std::ostream& err) {
  InitCrypto();
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  auto s = WriteSecretFile(path, ToHex(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw)) + "\n");
  if (!s.ok()) {
    err << "dxconnect init-secret: " << s.message() << "\n";
    return 1;
  }
  out << "wrote a new pseudonymisation secret to " << path
      << " (mode 0600). Keep it at the partner site and back it up: a lost secret means every person gets a new key.\n";
  return 0;
}

int Check(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date) {
  auto config = Load(config_path, err);
  if (!config.ok()) {
    out << "FAIL config: see the message above\n";
    return 2;
  }
  auto opened = OpenSource(*config, census_date, err);
  if (!opened) return 2;
  csv::CsvSource& source = *opened;
  out << "ok   config " << config_path << " (org " << config->org_id << ", connector " << config->connector_id
      << ", mapping " << config->mapping.version << ")\n";
  out << "ok   keys: connector public key " << config->public_key << "; pseudonymisation secret loaded\n";
  bool ok = true;
  auto refs = source.List();
  if (!refs.ok()) {
    out << "FAIL source: " << refs.status().message() << "\n";
    ok = false;
  } else {
    PrintNotices(source, out, "note ");
    std::map<std::string, std::vector<std::string>> warnings;  // warning -> staff extracts it applies to
    size_t staff = 0;
    size_t unusable = 0;
    for (const auto& ref : *refs) {
      auto table = source.Read(ref);
      if (!table.ok()) {
        out << "FAIL source: " << table.status().message() << "\n";
        ++unusable;
        continue;
      }
      staff += ref.census ? 1 : 0;
      if (auto bad = UndecodableRows(*table)) {
        out << "FAIL source: " << bad->first.ToString() << " (" << bad->second
            << " rows of this file have such bytes: bad rows, not sent)\n";
        ok = false;
      }
      const auto required = ref.census ? std::vector<std::string>{"staff_number", "grade", "ethnicity"}
                                       : RequiredColumns(*ref.kind);
      const RowReader reader = ref.census ? RowReader::ForStaff(*table, *config) : RowReader::ForEvents(*table, *config);
      if (auto missing = reader.MissingColumns(required)) {
        out << "FAIL source: " << ref.name << ": " << *missing << "\n";
        ++unusable;
      } else if (ref.census) {
        for (auto& warning : AbsentFieldWarnings(reader, *config)) warnings[warning].push_back(ref.name);
      }
    }
    for (const auto& [warning, files] : warnings) {
      out << "warn source: " << files.front();
      if (files.size() > 1) out << " (and " << files.size() - 1 << " more staff extract(s))";
      out << ": " << warning << "\n";
    }
    out << (staff > 0 && unusable == 0 ? "ok   " : "FAIL ") << "source: " << staff << " staff extract(s) and "
        << refs->size() - staff << " event file(s) ";
    if (unusable > 0) out << "in " << config->source_dir.string() << ", " << unusable << " of them unusable (see above)\n";
    else out << "readable in " << config->source_dir.string() << "\n";
    ok = ok && unusable == 0 && staff > 0;
  }
  zmq::context_t ctx(1);
  client::StoreClient hub(ctx, HubEndpoint(*config));
  dxhub::wire::v1::Request health;
  health.mutable_health();
  auto reply = hub.Call(health, std::chrono::milliseconds(3000));
  if (reply.ok() && reply->has_health()) {
    out << "ok   hub " << config->hub_endpoint << " reachable and accepting this key (" << reply->health().service()
        << " " << reply->health().status() << ")\n";
  } else if (reply.status().code() != StatusCode::kTimeout) {
    out << "FAIL hub " << config->hub_endpoint << ": " << reply.status().message() << "\n";
    ok = false;
  } else {
    out << "FAIL hub " << config->hub_endpoint
        << ": no answer within 3 s. Either the hub is not running/reachable, or it does not know this connector's "
           "key: send the public key above to the hub admin to register for org "
        << config->org_id << ".\n";
    ok = false;
  }
  return ok ? 0 : 1;
}

int Discover(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date) {
  auto config = Load(config_path, err);
  if (!config.ok()) return 2;
  auto opened = OpenSource(*config, census_date, err);
  if (!opened) return 2;
  csv::CsvSource& source = *opened;
  auto refs = source.List();
  if (!refs.ok()) {
    err << refs.status().message() << "\n";
    return 1;
  }
  PrintNotices(source, out, "");
  std::set<std::string> seen_layouts;
  for (const auto& ref : *refs) {
    auto table = source.Read(ref);
    if (!table.ok()) {
      err << table.status().message() << "\n";
      continue;
    }
    std::string layout;
    for (const auto& h : table->headers) layout += h + "|";
    if (ref.census && !seen_layouts.insert(layout).second) continue;  // same layout as an earlier extract
    out << ref.name << " (" << table->rows.size() << " rows, " << table->read_with << ")\n";
    if (auto bad = UndecodableRows(*table)) {
      out << "  NOT UTF-8: " << bad->first.ToString() << " (" << bad->second << " rows of this file have such bytes)\n"
          << "  suggestion: if the file comes from Excel or Windows, add 'encoding: windows-1252' under source: in "
          << config_path << "\n";
    }
    ReportColumns(*table, ref.census.has_value(), *config, out);
  }
  return 0;
}

int State(const std::string& config_path, bool list_quarantine, std::ostream& out, std::ostream& err) {
  auto config = Load(config_path, err);
  if (!config.ok()) return 2;
  auto state = OpenState(*config, out, err);
  if (!state.ok()) return 1;
  auto counts = (*state)->Counts();
  if (!counts.ok()) {
    err << counts.status().message() << "\n";
    return 1;
  }
  out << "state of " << config->org_id << " in " << config->state_dir.string() << "\n"
      << "  snapshot: " << counts->snapshot_people << " people\n"
      << "  outbox: " << counts->outbox << " events waiting to be sent\n"
      << "  rejected: " << counts->rejected << " events the hub refused\n"
      << "  quarantined: " << counts->quarantined << " unreadable entries"
      << (counts->quarantined > 0 && !list_quarantine ? " (list them with --quarantine)" : "") << "\n"
      << "  processed: " << counts->processed_files << " staff extracts\n";
  if (!list_quarantine) return 0;
  std::vector<QuarantinedEntry> entries;
  if (Status s = (*state)->Quarantined(&entries); !s.ok()) {
    err << s.message() << "\n";
    return 1;
  }
  for (const auto& e : entries) {
    out << "quarantine: " << e.family << " " << e.DisplayKey() << ": " << e.reason << "\n"
        << "    quarantined " << e.quarantined_at << "; " << e.value.size()
        << " bytes: " << EscapedPreview(e.value, 160) << "\n"
        << "    " << e.Consequence() << "\n";
  }
  return 0;
}

int DryRun(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date) {
  auto config = Load(config_path, err);
  if (!config.ok()) return 2;
  auto opened = OpenSource(*config, census_date, err);
  if (!opened) return 2;
  csv::CsvSource& source = *opened;
  auto state = OpenState(*config, out, err);
  if (!state.ok()) return 1;
  Pseudonymiser pseudonymiser(config->pseudonym_secret, config->key_version);
  // Staged and dropped, so a dry run holds no more in memory than a run.
  auto plan = StageRun(*config, **state, pseudonymiser, source);
  if (!plan.ok()) {
    err << plan.status().message() << "\n";
    return 1;
  }
  if (Status s = (*state)->DiscardStaged(); !s.ok()) {
    err << s.message() << "\n";
    return 1;
  }
  out << "dry run for " << config->org_id << " (nothing is sent; " << (*state)->outbox_size()
      << " events already wait in the outbox)\n";
  PrintNotices(source, out, "  ");
  PrintPlan(*plan, out);
  AddReviewSubmissions(*config, **state, &*plan, out);
  if (plan->example_staff_record) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(*plan->example_staff_record, &json, options);
    out << "  example of what is sent (one staff record):\n  " << json << "\n";
  }
  return plan->ok() ? 0 : 1;
}

int Run(const std::string& config_path, const RunOptions& options, const std::atomic<bool>& stop, std::ostream& out,
        std::ostream& err) {
  auto config = Load(config_path, err);
  if (!config.ok()) return 2;
  auto census = CensusOption(options.census_date);
  if (!census.ok()) {
    err << census.status().message() << "\n";
    return 2;
  }
  const bool forever = options.forever;
  if (options.give_up_after_s) config->publish.give_up_after_s = options.give_up_after_s;
  if (!forever && !config->publish.give_up_after_s) config->publish.give_up_after_s = kRunOnceGiveUpAfterS;
  ConfigureLogging(config->log);
  auto log = Logger("connector");
  auto state = OpenState(*config, out, err);
  if (!state.ok()) return 1;
  Pseudonymiser pseudonymiser(config->pseudonym_secret, config->key_version);
  zmq::context_t ctx(1);
  int code = 0;
  do {
    csv::CsvSource source(*config, *census);
    // Staged in the state as it is planned; committed by Enqueue() below only if the plan is ok.
    auto plan = StageRun(*config, **state, pseudonymiser, source);
    if (!plan.ok()) {
      log->error("cannot read the source: {}", plan.status().message());
      code = 1;
    } else {
      for (const auto& t : plan->tables) {
        for (const auto& e : t.errors) log->warn("{}", e.ToString());
        for (const auto& w : t.warnings) log->warn("{}", w.ToString());
      }
      for (const auto& notice : source.Notices()) log->info("{}", notice);
      out << "run for " << config->org_id << ":\n";
      PrintNotices(source, out, "  ");
      PrintPlan(*plan, out);
      AddReviewSubmissions(*config, **state, &*plan, out);
      if (!plan->ok()) {
        out << "  nothing was enqueued or sent because of the problem(s) above\n";
        code = 1;
        if (Status s = (*state)->DiscardStaged(); !s.ok()) {
          log->error("cannot drop the staged run: {}", s.message());
          return 1;
        }
        FinishDropFolder(*config, source, *plan, RunEnd::kRefused, out);
        if (!forever) return code;  // a run stopped by a guard rail sends nothing, not even older outbox events
      } else {
        Status s = (*state)->Enqueue(plan->batch);
        if (!s.ok()) {
          log->error("cannot write the outbox: {}", s.message());
          return 1;
        }
        FinishDropFolder(*config, source, *plan, RunEnd::kEnqueued, out);
      }
    }
    Publisher publisher(ctx, HubEndpoint(*config), config->publish, **state);
    auto sent = publisher.Drain(&stop);
    if (!sent.ok()) {
      log->error("sending stopped: {}", sent.status().message());
      out << "  sending stopped: " << sent.status().message() << "\n";
      return 1;
    }
    out << "  sent: " << sent->accepted << " accepted, " << sent->duplicates << " duplicates, " << sent->rejected
        << " rejected in " << sent->batches_sent << " batches (" << sent->retries << " retries); outbox "
        << (sent->drained ? "empty" : "not empty: " + std::to_string((*state)->outbox_size()) + " events wait") << "\n";
    for (const auto& example : sent->rejection_examples) out << "    rejected: " << example << "\n";
    if (sent->rejected > 0) code = 1;
    if (sent->gave_up) {
      out << "  hub not reachable for " << *config->publish.give_up_after_s << " s; " << (*state)->outbox_size()
          << " events wait in the outbox and will be sent on the next run\n";
      code = 1;
    }
    if (!forever) break;
    for (int i = 0; i < config->schedule_every_minutes * 60 && !stop.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  } while (!stop.load());
  return code;
}

int RotateSecret(const RotateSecretOptions& options, std::ostream& out, std::ostream& err) {
  auto config = Load(options.config_path, err);
  if (!config.ok()) return 2;
  const std::string what = "dxconnect rotate-secret: ";
  auto new_secret = ReadPseudonymSecret(options.new_secret_path);
  if (!new_secret.ok()) {
    err << what << new_secret.status().message() << "\n";
    return 2;
  }
  const int new_version = options.new_key_version.value_or(config->key_version + 1);
  if (*new_secret == config->pseudonym_secret) {
    err << what << options.new_secret_path << " holds the secret the config already uses; make a new one with "
        << "'dxconnect init-secret FILE'\n";
    return 2;
  }
  if (new_version < 1 || new_version > 9999 || new_version == config->key_version) {
    err << what << "--new-key-version must be 1 to 9999 and differ from the current key_version "
        << config->key_version << ", so every key says which secret made it\n";
    return 2;
  }
  auto state = ConnectorState::Open(config->state_dir);
  if (!state.ok()) {
    err << state.status().message() << "\n";
    return 1;
  }
  const Pseudonymiser old_keys(config->pseudonym_secret, config->key_version);
  const Pseudonymiser new_keys(*new_secret, new_version);
  if ((*state)->secret_fingerprint() && *(*state)->secret_fingerprint() != old_keys.Fingerprint()) {
    err << what << "the connector state was not made with the secret and key_version " << options.config_path
        << " names (was it rotated already?); nothing was changed\n";
    return 1;
  }
  if ((*state)->outbox_size() > 0) {
    out << "refused: " << (*state)->outbox_size() << " events wait in the outbox under the current keys. Send them "
        << "first ('dxconnect run --once --config " << options.config_path << "', with the hub reachable), then "
        << "run rotate-secret again. Nothing was changed.\n";
    return 1;
  }
  // Read every extract still here, and those a drop folder has moved to processed/.
  csv::CsvSource source(*config);
  std::vector<TableSource*> sources = {&source};
  ConnectorConfig processed_config = *config;
  processed_config.source_dir /= "processed";
  processed_config.event_files.clear();
  csv::CsvSource processed(processed_config);
  if (config->drop_folder && std::filesystem::is_directory(processed_config.source_dir)) sources.push_back(&processed);
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch();
  auto plan = PlanKeyRotation(*config, **state, old_keys, new_keys, sources, protocol::CivilFromDays(today.count()));
  if (!plan.ok()) {
    err << what << plan.status().message() << "\n";
    return 1;
  }
  if (!plan->problems.empty()) {
    out << "refused: these files could not be read, so keys or facts in them could not be carried over:\n";
    for (const auto& p : plan->problems) out << "  " << p << "\n";
    out << "Fix them (or remove them from source.event_files) and run rotate-secret again. Nothing was changed.\n";
    return 1;
  }
  if (plan->snapshot_unmapped > 0 && !options.allow_unmapped) {
    out << "refused: " << plan->snapshot_unmapped << " of the " << plan->snapshot_people
        << " people in the connector's snapshot are in no staff extract in " << config->source_dir.string()
        << ". Put the last extract you sent back there and run rotate-secret again. (With --allow-unmapped they "
        << "keep their old keys: the next extract reports them as leavers, and any still there as joiners.) "
        << "Nothing was changed.\n";
    return 1;
  }
  const size_t rotations = plan->batch.events.size();
  if (Status s = (*state)->Enqueue(plan->batch); !s.ok()) {
    err << what << "cannot write the connector state: " << s.message() << " (nothing was changed)\n";
    return 1;
  }
  const auto new_secret_file = std::filesystem::absolute(options.new_secret_path).lexically_normal().string();
  out << "rotated the pseudonymisation keys of " << config->org_id << " from key version " << config->key_version
      << " to " << new_version << ":\n"
      << "  " << plan->snapshot_people - plan->snapshot_unmapped << " people re-keyed in the connector state";
  if (plan->snapshot_unmapped > 0) out << " (" << plan->snapshot_unmapped << " kept their old keys)";
  out << "\n  " << plan->facts_already_sent << " facts already sent from the event files will not be sent again\n"
      << "  " << rotations << " key rotation events (old key -> new key, both pseudonyms) wait in the outbox\n"
      << "Now change " << options.config_path << " to:\n"
      << "  pseudonymisation:\n"
      << "    secret_file: " << new_secret_file << "\n"
      << "    key_version: " << new_version << "\n"
      << "then run 'dxconnect run --once --config " << options.config_path << "' to send the rotation events. "
      << "The connector refuses the old secret from now on. Keep the old secret file until that run has sent "
      << "everything, then destroy it and its backups; back up the new one.\n";
  return 0;
}

}  // namespace dxhub::dxconnect
