// Framing of dxhub.wire.v1 Request and Reply on ZeroMQ: the signature frame
// "DXHUB01" then one serialized message (a ROUTER prepends the identity).
// Decoding never throws; a bad message yields a wire Error to send back.
// Pure functions; thread-safe.
#pragma once

#include <zmq.hpp>

#include <optional>
#include <string_view>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::protocol {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;
using WireError = dxhub::wire::v1::Error;

// The message's bytes, or why it has none (over protobuf's 2 GiB limit):
// SerializeToString's result checked, never an empty string taken for a message.
Result<std::string> Serialize(const google::protobuf::Message& message);

// [signature][Request]; an error when the request does not serialise.
Result<std::vector<zmq::message_t>> EncodeRequest(const Request& request);
// [signature][Reply]. A reply that does not serialise is replaced by an
// ERROR_CODE_INTERNAL reply with the same request_id saying so, never sent empty.
std::vector<zmq::message_t> EncodeReply(const Reply& reply);
// [signature][bytes] of a message already encoded (what EncodeRequest and
// EncodeReply send; the store's reads made of stored bytes, store/read_wire.h).
std::vector<zmq::message_t> MessageFrames(std::string_view bytes);

// Decodes frames[offset..]: nullopt on success (out filled), else the error to reply with.
std::optional<WireError> DecodeRequest(const std::vector<zmq::message_t>& frames, size_t offset, Request* out);
std::optional<WireError> DecodeReply(const std::vector<zmq::message_t>& frames, size_t offset, Reply* out);

// The request_id to echo in a reply to frames[offset..]: the id of frames[offset + 1]
// when that frame parses as a Request, whatever else is wrong (signature, frame
// count, size); 0 when there is no such frame or it does not parse.
uint64_t RequestIdOf(const std::vector<zmq::message_t>& frames, size_t offset);

// A Reply carrying only an error.
Reply ErrorReply(uint64_t request_id, dxhub::wire::v1::ErrorCode code, const std::string& message,
                 uint32_t retry_after_ms = 0);

}  // namespace dxhub::protocol
