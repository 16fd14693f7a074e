#include "dxhub/bench/synth.h"

#include <google/protobuf/message.h>

#include <chrono>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "dxhub/bench/figures.h"
#include "dxhub/bench/raw.h"
#include "dxhub/common/crypto.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/store/event_log.h"

namespace dxhub::bench {
namespace fs = std::filesystem;
using event::v1::Event;
using event::v1::StoredEvent;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

namespace {

constexpr size_t kKeyHex = 64;           // a pseudonymous key is "v<version>:" then 64 lowercase hex
constexpr size_t kEventsPerCommit = 20000;
constexpr uint64_t kProgressEvery = 5'000'000;

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Replaces the hex of each pseudonymous key in `text` (a whole field, or a
// part of a source key: protocol::IsPseudonymousKey on the "v<version>:<hex>"
// before and after each ':') with the copy's; whether there was one.
bool RewriteKeys(std::string* text, int copy) {
  bool changed = false;
  for (size_t colon = text->find(':'); colon != std::string::npos; colon = text->find(':', colon + 1)) {
    const size_t v = colon == 0 ? std::string::npos : text->rfind('v', colon - 1);
    const size_t hex = colon + 1;
    if (v == std::string::npos || !protocol::IsPseudonymousKey(text->substr(v, hex + kKeyHex - v))) continue;
    if (hex + kKeyHex < text->size() && IsLowerHex((*text)[hex + kKeyHex])) continue;  // longer than a key
    text->replace(hex, kKeyHex, Sha256Hex("dxbench-synth copy " + std::to_string(copy) + " of " +
                                          text->substr(hex, kKeyHex)));
    changed = true;
  }
  return changed;
}

// RewriteKeys on every string set in `message`, nested messages included.
void RewriteKeysIn(Message* message, int copy) {
  const auto* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          std::string text = reflection->GetRepeatedString(*message, field, i);
          if (RewriteKeys(&text, copy)) reflection->SetRepeatedString(message, field, i, std::move(text));
        }
      } else {
        std::string text = reflection->GetString(*message, field);
        if (RewriteKeys(&text, copy)) reflection->SetString(message, field, std::move(text));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          RewriteKeysIn(reflection->MutableRepeatedMessage(message, field, i), copy);
        }
      } else {
        RewriteKeysIn(reflection->MutableMessage(message, field), copy);
      }
    }
  }
}

}  // namespace

bool IsWorkforceEvent(const Event& event) {
  static const std::set<std::string> kWorkforce = {
      "staff_record",    "staff_left",        "recruitment_outcome", "disciplinary_case",
      "training_access", "programme_participation", "person_key_rotation"};
  return kWorkforce.count(protocol::PayloadType(event)) > 0;
}

Event CopyOfEvent(const Event& event, int copy) {
  Event copied = event;
  RewriteKeysIn(&copied, copy);
  protocol::AssignEventId(copied);
  return copied;
}

Result<SynthesisedPlace> SynthesisePlace(const fs::path& from, const fs::path& out, int copies) {
  if (copies < 1) return Status::InvalidArgument("copies must be 1 or more, not " + std::to_string(copies));
  if (fs::exists(out)) return Status::AlreadyExists(out.string() + " exists: the place is written to a new directory");
  const auto source = ReadOnlyFamily::Open(from, "events");
  if (source == nullptr) return Status::IoError("cannot read the events of " + from.string() + " (above)");
  auto log = store::EventLog::Open(out);
  if (!log.ok()) return log.status();
  const auto started = std::chrono::steady_clock::now();
  SynthesisedPlace made;
  store::CommitBatch batch;
  batch.events.reserve(kEventsPerCommit + static_cast<size_t>(copies));
  const auto commit = [&] {
    Status committed = batch.events.empty() ? Status::Ok() : (*log)->Commit(batch);
    made.written += batch.events.size();
    batch.events.clear();
    return committed;
  };
  uint64_t progress_at = kProgressEvery;
  StoredEvent stored;
  const auto it = source->NewIterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!stored.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("entry " + std::to_string(made.read + 1) + " of " + from.string() +
                                "'s events does not parse as a StoredEvent");
    }
    ++made.read;
    const int n = IsWorkforceEvent(stored.event()) ? copies : 1;
    for (int copy = 0; copy < n; ++copy) {
      StoredEvent& next = batch.events.emplace_back();
      next.set_seq(made.written + batch.events.size());
      *next.mutable_committed_at() = stored.committed_at();
      *next.mutable_event() = copy == 0 ? stored.event() : CopyOfEvent(stored.event(), copy);
    }
    if (batch.events.size() >= kEventsPerCommit) DXHUB_RETURN_IF_ERROR(commit());
    if (made.written >= progress_at) {
      std::cout << "synthesising: " << made.written << " events written from " << made.read << " in "
                << static_cast<int>(SecondsSince(started)) << " s" << std::endl;
      progress_at += kProgressEvery;
    }
  }
  if (!it->status().ok()) return Status::IoError("reading " + from.string() + ": " + it->status().ToString());
  DXHUB_RETURN_IF_ERROR(commit());
  made.seconds = SecondsSince(started);
  return made;
}

}  // namespace dxhub::bench
