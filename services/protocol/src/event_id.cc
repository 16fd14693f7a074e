#include "dxhub/protocol/event_id.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "dxhub/common/crypto.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::protocol {
namespace {

const google::protobuf::OneofDescriptor* PayloadOneof() {
  static const auto* const oneof = Event::descriptor()->FindOneofByName("payload");
  return oneof;
}

const google::protobuf::FieldDescriptor* PayloadField(const Event& event) {
  return event.GetReflection()->GetOneofFieldDescriptor(event, PayloadOneof());
}

// Appends `message`'s deterministic encoding to `out`.
void AppendDeterministicBytes(const google::protobuf::Message& message, std::string* out) {
  google::protobuf::io::StringOutputStream raw(out);
  google::protobuf::io::CodedOutputStream coded(&raw);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
}

}  // namespace

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string out;
  AppendDeterministicBytes(message, &out);
  return out;
}

const std::string& PayloadType(const Event& event) {
  static const std::string kNone;
  const auto* field = PayloadField(event);
  return field == nullptr ? kNone : field->name();
}

bool IsPayloadType(const std::string& name) {
  const auto* field = Event::descriptor()->FindFieldByName(name);
  return field != nullptr && field->containing_oneof() == PayloadOneof();
}

std::string EventIdInput(const Event& event) {
  const auto* field = PayloadField(event);
  std::string input;
  input.reserve(512 + event.org_id().size() + event.source_key().size());  // typical payloads fit: one allocation
  input = "dxhub.event.v1";
  input.push_back('\0');
  input += event.org_id();
  input.push_back('\0');
  if (field != nullptr) input += field->name();
  input.push_back('\0');
  input += event.source_key();
  input.push_back('\0');
  input += DateToString(event.occurred_at());
  input.push_back('\0');
  if (field != nullptr) AppendDeterministicBytes(event.GetReflection()->GetMessage(event, field), &input);
  return input;
}

std::string ComputeEventId(const Event& event) { return Sha256Hex(EventIdInput(event)); }

void AssignEventId(Event& event) { event.set_event_id(ComputeEventId(event)); }

}  // namespace dxhub::protocol
