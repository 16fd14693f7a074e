#include "dxhub/digest/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "dxhub/common/keys.h"
#include "dxhub/common/log.h"

namespace dxhub::digest {
namespace {

bool IsLoopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Owns the easy handle and the recipient list of one attempt.
struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* recipients = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(recipients);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

// Sorts a failed attempt into temporary (kUnavailable) or permanent.
Status Classify(CURLcode rc, long reply, const std::string& url, const char* detail) {
  const std::string what = url + ": " + (detail[0] != '\0' ? detail : curl_easy_strerror(rc)) +
                           (reply > 0 ? " (server reply " + std::to_string(reply) + ")" : "");
  if (rc == CURLE_LOGIN_DENIED && reply != 454) {
    return Status::PermissionDenied(what + "; the server refused the user name and password in the credentials file");
  }
  if (rc == CURLE_USE_SSL_FAILED || rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
    return Status::PermissionDenied(what + "; TLS could not be set up: check the port, the security mode "
                                           "(starttls on 587, tls on 465) and ca_file");
  }
  if (reply >= 500) return Status::InvalidArgument(what + "; the server refused the message permanently");
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
    return Status::InvalidArgument(what + "; check the SMTP host and port");
  }
  return Status::Unavailable(what);
}

}  // namespace

Result<std::unique_ptr<SmtpTransport>> SmtpTransport::Create(SmtpConfig config, Clock* clock) {
  DXHUB_CHECK(clock != nullptr);
  if (config.host.empty() || config.host.find_first_of("/@ []") != std::string::npos) {
    return Status::InvalidArgument("smtp host \"" + config.host + "\" must be a host name or address");
  }
  if (config.port < 1 || config.port > 65535) {
    return Status::InvalidArgument("smtp port " + std::to_string(config.port) + " is out of range 1-65535");
  }
  if (config.security == SmtpSecurity::kPlainLoopback && !IsLoopback(config.host)) {
    return Status::InvalidArgument("smtp security \"none\" is only allowed to a loopback host, not \"" + config.host +
                                   "\": use starttls (port 587) or tls (port 465)");
  }
  if (config.retry.attempts < 1) return Status::InvalidArgument("smtp retry attempts must be at least 1");
  std::string user;
  std::string password;
  if (!config.credentials_file.empty()) {
    auto secret = ReadSecretFile(config.credentials_file);
    if (!secret.ok()) return secret.status();
    const size_t newline = secret->find('\n');
    if (newline == std::string::npos || newline == 0 || newline + 1 >= secret->size()) {
      return Status::InvalidArgument(config.credentials_file.string() +
                                     ": the SMTP credentials file must hold two lines, the user name and then the "
                                     "password");
    }
    user = secret->substr(0, newline);
    password = secret->substr(newline + 1);
    if (!password.empty() && password.back() == '\n') password.pop_back();
    if (!user.empty() && user.back() == '\r') user.pop_back();
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  const std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
  const std::string scheme = config.security == SmtpSecurity::kImplicitTls ? "smtps://" : "smtp://";
  std::string url = scheme + host + ":" + std::to_string(config.port);
  InitCurlOnce();
  return std::unique_ptr<SmtpTransport>(
      new SmtpTransport(std::move(config), clock, std::move(url), std::move(user), std::move(password)));
}

SmtpTransport::SmtpTransport(SmtpConfig config, Clock* clock, std::string url, std::string user,
                             std::string password)
    : config_(std::move(config)),
      clock_(clock),
      url_(std::move(url)),
      user_(std::move(user)),
      password_(std::move(password)) {}

Result<DeliveryReceipt> SmtpTransport::Attempt(const OutgoingMail& mail) const {
  CurlHandle h;
  if (h.curl == nullptr) return Status::Internal("curl_easy_init failed");
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&mail.mime};
  const std::string from = "<" + mail.envelope_from + ">";
  for (const std::string& r : mail.recipients) h.recipients = curl_slist_append(h.recipients, ("<" + r + ">").c_str());
  curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(h.curl, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout.count()));
  if (config_.security == SmtpSecurity::kStartTls) curl_easy_setopt(h.curl, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!config_.ca_file.empty()) curl_easy_setopt(h.curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!user_.empty()) {
    curl_easy_setopt(h.curl, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(h.curl, CURLOPT_PASSWORD, password_.c_str());
  }
  curl_easy_setopt(h.curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h.curl, CURLOPT_MAIL_RCPT, h.recipients);
  curl_easy_setopt(h.curl, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(h.curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h.curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.mime.size()));
  const CURLcode rc = curl_easy_perform(h.curl);
  long reply = 0;
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &reply);
  if (rc != CURLE_OK) return Classify(rc, reply, url_, error);
  return DeliveryReceipt{"smtp", 1, std::to_string(reply)};
}

Result<DeliveryReceipt> SmtpTransport::Deliver(const OutgoingMail& mail) {
  if (mail.recipients.empty()) return Status::InvalidArgument("mail " + mail.message_id + " has no recipients");
  auto log = Logger("digest");
  std::chrono::milliseconds backoff = config_.retry.first_backoff;
  for (int attempt = 1;; ++attempt) {
    auto result = Attempt(mail);
    if (result.ok()) {
      result->attempts = attempt;
      log->info("mail <{}> delivered to {} recipient(s) via {} (attempt {})", mail.message_id,
                mail.recipients.size(), url_, attempt);
      return result;
    }
    if (IsPermanentDeliveryFailure(result.status())) {
      log->error("mail <{}> not delivered, permanent failure: {}", mail.message_id, result.status().message());
      return result.status();
    }
    if (attempt >= config_.retry.attempts) {
      log->error("mail <{}> not delivered after {} attempts: {}", mail.message_id, attempt,
                 result.status().message());
      return Status::Unavailable(result.status().message() + " (gave up after " + std::to_string(attempt) +
                                 " attempts)");
    }
    log->warn("mail <{}> attempt {} failed, retrying in {} ms: {}", mail.message_id, attempt, backoff.count(),
              result.status().message());
    clock_->SleepFor(backoff);
    backoff = std::min(backoff * 2, config_.retry.max_backoff);
  }
}

}  // namespace dxhub::digest
