// The check made before a message is written anywhere durable (the
// connector's outbox and snapshot): every string field, at any depth, is
// valid UTF-8 (proto3 refuses anything else on parse, so an entry written
// with a bad byte could never be read back), and the serialised bytes parse
// back to an equal message. Pure; thread-safe.
#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <string>

namespace dxhub::protocol {

// nullopt when `message` round-trips; otherwise a sentence naming the field,
// e.g. "staff_record.grade is not valid UTF-8 (byte 0x96 at offset 5)".
std::optional<std::string> RoundTripProblem(const google::protobuf::Message& message);

}  // namespace dxhub::protocol
