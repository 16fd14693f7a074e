#include "dxhub/protocol/round_trip.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>

#include <memory>

#include "dxhub/common/utf8.h"

namespace dxhub::protocol {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::optional<std::string> BadText(const std::string& path, const std::string& text) {
  if (auto at = FirstInvalidUtf8(text)) {
    return path + " is not valid UTF-8 (byte " + ByteName(static_cast<unsigned char>(text[*at])) + " at offset " +
           std::to_string(*at) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> InvalidUtf8Field(const Message& m, const std::string& prefix) {
  const auto* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path = prefix + f->name();
    const bool text = f->type() == FieldDescriptor::TYPE_STRING;
    const bool message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!text && !message) continue;
    if (!f->is_repeated()) {
      auto problem = text ? BadText(path, reflection->GetString(m, f))
                          : InvalidUtf8Field(reflection->GetMessage(m, f), path + ".");
      if (problem) return problem;
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(m, f); ++i) {
      const std::string item = path + "[" + std::to_string(i) + "]";
      auto problem = text ? BadText(item, reflection->GetRepeatedString(m, f, i))
                          : InvalidUtf8Field(reflection->GetRepeatedMessage(m, f, i), item + ".");
      if (problem) return problem;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> RoundTripProblem(const Message& message) {
  if (auto problem = InvalidUtf8Field(message, "")) return problem;
  std::string bytes;
  if (!message.SerializeToString(&bytes)) return message.GetTypeName() + " does not serialise";
  std::unique_ptr<Message> back(message.New());
  if (!back->ParseFromString(bytes)) return message.GetTypeName() + " does not parse back from its own bytes";
  if (!google::protobuf::util::MessageDifferencer::Equals(message, *back)) {
    return message.GetTypeName() + " reads back different from what was written";
  }
  return std::nullopt;
}

}  // namespace dxhub::protocol
