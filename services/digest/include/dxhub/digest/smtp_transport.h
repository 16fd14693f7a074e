// Delivery over SMTP with libcurl: STARTTLS on 587 (required, never
// opportunistic), implicit TLS on 465 (smtps://), or plain SMTP to a loopback
// host only (tests, a local relay). The user name and password come from a
// secret file that must be owner-only (mode 0600). Temporary failures
// (connection refused, timeouts, 4xx replies) are retried with exponential
// backoff on the injected Clock; permanent ones (5xx, authentication refused,
// TLS impossible) are returned at once. One thread at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "dxhub/common/clock.h"
#include "dxhub/digest/transport.h"

namespace dxhub::digest {

enum class SmtpSecurity {
  kStartTls,       // smtp://host:587, then STARTTLS (CURLUSESSL_ALL: refused if the server cannot)
  kImplicitTls,    // smtps://host:465
  kPlainLoopback,  // smtp:// without TLS; only to 127.0.0.1, ::1 or localhost
};

struct SmtpRetryPolicy {
  int attempts = 5;                                            // tries in all, >= 1
  std::chrono::milliseconds first_backoff{std::chrono::seconds(30)};  // doubles each retry
  std::chrono::milliseconds max_backoff{std::chrono::minutes(10)};
};

struct SmtpConfig {
  std::string host;
  int port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  // Two lines, user name then password; empty path = no authentication.
  std::filesystem::path credentials_file;
  // PEM bundle of the CA that signed the server's certificate; empty = the system's.
  std::filesystem::path ca_file;
  std::chrono::seconds connect_timeout{30};
  std::chrono::seconds timeout{300};  // a whole attempt
  SmtpRetryPolicy retry;
};

class SmtpTransport final : public MailTransport {
 public:
  // Validates `config` and reads the credentials. InvalidArgument for a bad
  // host/port/security combination; PermissionDenied when the secret file is
  // readable by group or others; NotFound when it is missing. `clock` must
  // outlive the transport.
  static Result<std::unique_ptr<SmtpTransport>> Create(SmtpConfig config, Clock* clock);

  Result<DeliveryReceipt> Deliver(const OutgoingMail& mail) override;

  // "smtp://127.0.0.1:2525" etc.
  const std::string& url() const { return url_; }

 private:
  SmtpTransport(SmtpConfig config, Clock* clock, std::string url, std::string user, std::string password);
  // One try; the Status says whether it is worth another.
  Result<DeliveryReceipt> Attempt(const OutgoingMail& mail) const;

  SmtpConfig config_;
  Clock* clock_;
  std::string url_;
  std::string user_;
  std::string password_;
};

}  // namespace dxhub::digest
