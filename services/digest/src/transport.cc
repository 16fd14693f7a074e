#include "dxhub/digest/transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dxhub::digest {
namespace fs = std::filesystem;

Status WriteDurably(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IoError(tmp.string() + ": cannot create (" + std::strerror(errno) + ")");
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::IoError(tmp.string() + ": write failed (" + why + "); is the disk full?");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status::IoError(tmp.string() + ": fsync failed (" + std::strerror(errno) + ")");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IoError(path.string() + ": cannot rename into place (" + ec.message() + ")");
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

std::string BareAddress(std::string_view address) {
  const size_t open = address.rfind('<');
  const size_t close = address.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(address.substr(open + 1, close - open - 1));
  }
  return std::string(address);
}

OutgoingMail ToOutgoing(const MailMessage& message, std::string mime) {
  OutgoingMail mail;
  mail.envelope_from = BareAddress(message.from);
  for (const std::string& to : message.to) mail.recipients.push_back(BareAddress(to));
  mail.message_id = message.message_id;
  mail.mime = std::move(mime);
  return mail;
}

bool IsPermanentDeliveryFailure(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kPermissionDenied;
}

fs::path OutboxTransport::PathFor(std::string_view message_id) const {
  std::string name(message_id);
  for (char& c : name) {
    if (c == '/' || c == '\\' || c == '\0') c = '_';
  }
  return dir_ / (name + ".eml");
}

Result<DeliveryReceipt> OutboxTransport::Deliver(const OutgoingMail& mail) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::IoError(dir_.string() + ": cannot create the outbox folder (" + ec.message() + ")");
  const fs::path path = PathFor(mail.message_id);
  DXHUB_RETURN_IF_ERROR(WriteDurably(path, mail.mime));
  return DeliveryReceipt{"outbox", 1, path.string()};
}

void FaultyTransport::FailNext(int count, Status status) {
  fail_ = count;
  deliver_first_ = false;
  status_ = std::move(status);
}

void FaultyTransport::DeliverThenFail(int count, Status status) {
  fail_ = count;
  deliver_first_ = true;
  status_ = std::move(status);
}

Result<DeliveryReceipt> FaultyTransport::Deliver(const OutgoingMail& mail) {
  ++calls_;
  if (fail_ > 0) {
    --fail_;
    if (deliver_first_) {
      auto delivered = inner_->Deliver(mail);
      if (!delivered.ok()) return delivered.status();
    }
    return status_;
  }
  return inner_->Deliver(mail);
}

}  // namespace dxhub::digest
