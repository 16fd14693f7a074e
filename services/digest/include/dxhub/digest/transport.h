// How a built digest leaves the hub: the MailTransport seam, with an outbox
// folder (the embedded default, and the archive), SMTP over libcurl
// (smtp_transport.h) and a fault-injecting twin for tests. A transport is used
// by one thread at a time.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/digest/mime.h"

namespace dxhub::digest {

// A message ready for the wire: the SMTP envelope and the MIME text.
struct OutgoingMail {
  std::string envelope_from;            // bare address, e.g. "digest@dxhub.example"
  std::vector<std::string> recipients;  // bare addresses
  std::string message_id;               // as in the Message-ID header, without brackets
  std::string mime;                     // BuildMime() output
};

// The envelope from a message's From and To ("Name <a@b>" gives "a@b").
OutgoingMail ToOutgoing(const MailMessage& message, std::string mime);

// "a@b" from "Name <a@b>" or "a@b".
std::string BareAddress(std::string_view address);

struct DeliveryReceipt {
  std::string channel;  // "smtp" or "outbox": what DigestSent.channel records
  int attempts = 1;     // tries it took (SMTP retries on temporary failures)
  std::string detail;   // the server's last reply code, or the archived file
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `mail`. Done means: the SMTP server accepted the message, or the
  // .eml file is durable in the outbox. Errors:
  //   kUnavailable       temporary (connection refused, 4xx), still failing after the retries
  //   kInvalidArgument   permanent: the server refused the message or a recipient (5xx)
  //   kPermissionDenied  permanent: authentication refused, or TLS could not be set up
  //   kIoError           the outbox could not be written
  virtual Result<DeliveryReceipt> Deliver(const OutgoingMail& mail) = 0;
};

// Whether a Deliver() error is permanent: retrying the same message later will not help.
bool IsPermanentDeliveryFailure(const Status& status);

// Writes `content` to `path` through a temporary file, fsynced and renamed
// (mode 0640): after Ok the file survives a crash or power loss.
Status WriteDurably(const std::filesystem::path& path, const std::string& content);

// Writes each message to `<dir>/<message id>.eml` (temp file, fsync, rename,
// fsync of the folder). Delivering the same Message-ID again replaces the file
// with the same content. Creates `dir` when missing.
class OutboxTransport final : public MailTransport {
 public:
  explicit OutboxTransport(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<DeliveryReceipt> Deliver(const OutgoingMail& mail) override;
  // Where a message with `message_id` is (or would be) archived.
  std::filesystem::path PathFor(std::string_view message_id) const;

 private:
  std::filesystem::path dir_;
};

// Forwards to another transport, failing on demand: the next `count` calls
// return `status` without delivering, or (DeliverThenFail) deliver and then
// report `status`, as when the connection drops after the server accepted
// the message. Counts every call.
class FaultyTransport final : public MailTransport {
 public:
  explicit FaultyTransport(MailTransport* inner) : inner_(inner) {}
  Result<DeliveryReceipt> Deliver(const OutgoingMail& mail) override;

  void FailNext(int count, Status status);
  void DeliverThenFail(int count, Status status);
  int calls() const { return calls_; }

 private:
  MailTransport* inner_;
  int fail_ = 0;
  bool deliver_first_ = false;
  Status status_;
  int calls_ = 0;
};

}  // namespace dxhub::digest
