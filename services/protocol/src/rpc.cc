#include "dxhub/protocol/rpc.h"

#include "dxhub/common/zmq_util.h"

namespace dxhub::protocol {
namespace {

using dxhub::wire::v1::ErrorCode;

WireError MakeError(ErrorCode code, std::string message) {
  WireError e;
  e.set_code(code);
  e.set_message(std::move(message));
  return e;
}

Result<std::vector<zmq::message_t>> Encode(const google::protobuf::Message& m) {
  auto bytes = Serialize(m);
  if (!bytes.ok()) return bytes.status();
  return MessageFrames(*bytes);
}

std::optional<WireError> Decode(const std::vector<zmq::message_t>& frames, size_t offset,
                                google::protobuf::Message* out, const char* what) {
  if (frames.size() != offset + 2) {
    return MakeError(ErrorCode::ERROR_CODE_MALFORMED,
                     std::string("expected 2 frames (signature, ") + what + "), got " +
                         std::to_string(frames.size() >= offset ? frames.size() - offset : 0));
  }
  if (frames[offset].to_string_view() != kProtocolSignature) {
    return MakeError(ErrorCode::ERROR_CODE_UNSUPPORTED_PROTOCOL,
                     "first frame must be the protocol signature '" + std::string(kProtocolSignature) + "'");
  }
  const auto& body = frames[offset + 1];
  if (body.size() > static_cast<size_t>(INT32_MAX) || !out->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return MakeError(ErrorCode::ERROR_CODE_MALFORMED,
                     std::string("second frame is not a valid dxhub.wire.v1.") + what + " message");
  }
  return std::nullopt;
}

}  // namespace

std::vector<zmq::message_t> MessageFrames(std::string_view bytes) {
  std::vector<zmq::message_t> frames;
  frames.emplace_back(kProtocolSignature.data(), kProtocolSignature.size());
  frames.emplace_back(bytes.data(), bytes.size());
  return frames;
}

Result<std::string> Serialize(const google::protobuf::Message& message) {
  std::string bytes;
  if (!message.SerializeToString(&bytes)) {
    return Status::Internal(message.GetTypeName() + " of " + std::to_string(message.ByteSizeLong()) +
                            " bytes does not serialise (protobuf's limit is 2 GiB)");
  }
  return bytes;
}

Result<std::vector<zmq::message_t>> EncodeRequest(const Request& request) { return Encode(request); }

std::vector<zmq::message_t> EncodeReply(const Reply& reply) {
  auto frames = Encode(reply);
  if (frames.ok()) return std::move(*frames);
  return *Encode(ErrorReply(reply.request_id(), ErrorCode::ERROR_CODE_INTERNAL,
                            "the reply could not be sent: " + frames.status().message() +
                                "; ask for less (a smaller read), and report it"));
}

std::optional<WireError> DecodeRequest(const std::vector<zmq::message_t>& frames, size_t offset, Request* out) {
  return Decode(frames, offset, out, "Request");
}

std::optional<WireError> DecodeReply(const std::vector<zmq::message_t>& frames, size_t offset, Reply* out) {
  return Decode(frames, offset, out, "Reply");
}

uint64_t RequestIdOf(const std::vector<zmq::message_t>& frames, size_t offset) {
  if (frames.size() < offset + 2) return 0;
  const auto& body = frames[offset + 1];
  Request request;
  if (body.size() > static_cast<size_t>(INT32_MAX) || !request.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return 0;
  }
  return request.request_id();
}

Reply ErrorReply(uint64_t request_id, ErrorCode code, const std::string& message, uint32_t retry_after_ms) {
  Reply reply;
  reply.set_request_id(request_id);
  reply.mutable_error()->set_code(code);
  reply.mutable_error()->set_message(message);
  reply.mutable_error()->set_retry_after_ms(retry_after_ms);
  return reply;
}

}  // namespace dxhub::protocol
