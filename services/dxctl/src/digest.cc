#include "dxhub/dxctl/digest.h"

#include <filesystem>
#include <fstream>

#include "dxhub/client/store_client.h"
#include "dxhub/common/cli.h"

namespace dxhub::dxctl {
namespace {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

constexpr std::chrono::milliseconds kPreviewTimeout{120000};  // the service asks the aggregator for every partner
constexpr std::chrono::milliseconds kSendTimeout{900000};     // and then the SMTP transport's retries

int Fail(std::ostream& err, const std::string& command, const dxhub::Status& s, int code) {
  err << "dxctl digest " << command << ": " << s.message() << "\n";
  return code;
}

dxhub::Status WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
  f.close();
  if (!f) return dxhub::Status::IoError(path.string() + ": cannot write; check the folder exists and is writable");
  return dxhub::Status::Ok();
}

// One call to dxhub-digest's admin socket; the service's refusal as the Status.
Result<Reply> AskDigest(const Connection& connection, Request request, std::chrono::milliseconds timeout,
                        int* code) {
  auto endpoint = ResolveEndpoint(connection);
  if (!endpoint.ok()) {
    *code = kExitUsage;
    return endpoint.status();
  }
  zmq::context_t context(1);
  client::StoreClient service(context, *endpoint);
  auto reply = client::CallChecked(service, std::move(request), timeout);
  if (!reply.ok()) *code = kExitFailure;
  return reply;
}

}  // namespace

int DigestPreview(const DigestPreviewOptions& options, std::ostream& out, std::ostream& err) {
  Request request;
  request.mutable_digest_preview()->set_profile(options.profile);
  int code = 0;
  auto reply = AskDigest(options.connection, std::move(request), kPreviewTimeout, &code);
  if (!reply.ok()) return Fail(err, "preview", reply.status(), code);
  const std::filesystem::path dir = std::filesystem::path(options.out_dir.empty() ? "." : options.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const auto& file : reply->digest_preview().files()) {
    const std::filesystem::path name(file.name());
    if (name.empty() || name.filename() != name || file.name().front() == '.') {  // never outside the folder
      return Fail(err, "preview", dxhub::Status::InvalidArgument("the service sent a file named '" + file.name() + "'"),
                  kExitFailure);
    }
    if (auto s = WriteFile(dir / name, file.content()); !s.ok()) return Fail(err, "preview", s, kExitFailure);
    out << (dir / name).string() << "\n";
  }
  return 0;
}

int DigestSendNow(const Connection& connection, const std::string& schedule_id, std::ostream& out, std::ostream& err) {
  Request request;
  request.mutable_digest_send_now()->set_schedule_id(schedule_id);
  int code = 0;
  auto reply = AskDigest(connection, std::move(request), kSendTimeout, &code);
  if (!reply.ok()) return Fail(err, "send-now", reply.status(), code);
  const auto& sent = reply->digest_send_now();
  out << "sent " << sent.message_id() << " via " << sent.channel() << " (" << sent.detail()
      << "); recorded as digest_sent " << schedule_id << " " << sent.slot() << "\n";
  return 0;
}

}  // namespace dxhub::dxctl
