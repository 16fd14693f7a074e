#include "dxhub/common/keys.h"

#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <cstring>

#include <array>
#include <fstream>
#include <sstream>

namespace dxhub {
namespace fs = std::filesystem;
namespace {

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(s.find_last_not_of(ws) + 1);
  s.erase(0, s.find_first_not_of(ws));
  return s;
}

Result<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open (does the file exist and is it readable?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status CheckOwnerOnly(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path.string() + ": cannot stat secret file");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return Status::PermissionDenied(path.string() + ": secret file has mode " + mode +
                                    "; it must be readable by its owner only (chmod 600 " +
                                    path.string() + ")");
  }
  return Status::Ok();
}

Status WriteFileWithMode(const fs::path& path, const std::string& content, mode_t mode, bool exclusive) {
  if (!path.parent_path().empty()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
  }
  int flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC);
  int fd = ::open(path.c_str(), flags, mode);
  if (fd < 0) {
    return Status::IoError(path.string() + ": cannot create (" + std::strerror(errno) + ")");
  }
  ::fchmod(fd, mode);
  ssize_t written = ::write(fd, content.data(), content.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(content.size())) {
    return Status::IoError(path.string() + ": short write");
  }
  return Status::Ok();
}

}  // namespace

bool IsZ85Key(const std::string& text) {
  if (text.size() != 40) return false;
  std::array<uint8_t, 32> raw{};
  return zmq_z85_decode(raw.data(), text.c_str()) != nullptr;
}

Result<CurveKeyPair> GenerateCurveKeyPair() {
  std::array<char, 41> pub{};
  std::array<char, 41> sec{};
  if (zmq_curve_keypair(pub.data(), sec.data()) != 0) {
    return Status::Internal(std::string("zmq_curve_keypair failed: ") + zmq_strerror(zmq_errno()) +
                            " (is libzmq built with CURVE support?)");
  }
  return CurveKeyPair{pub.data(), sec.data()};
}

Status WriteCurveKeyPair(const fs::path& stem, const CurveKeyPair& pair, bool overwrite) {
  fs::path secret = stem;
  secret += ".secret";
  fs::path pub = stem;
  pub += ".pub";
  if (!overwrite && fs::exists(secret)) {
    return Status::AlreadyExists(secret.string() + ": already exists; refusing to overwrite a secret key");
  }
  if (overwrite) {
    std::error_code ec;
    fs::remove(secret, ec);
  }
  DXHUB_RETURN_IF_ERROR(WriteFileWithMode(secret, pair.secret_key + "\n", 0600, true));
  return WriteFileWithMode(pub, pair.public_key + "\n", 0644, false);
}

Result<std::string> LoadPublicKey(const fs::path& path) {
  auto text = ReadWhole(path);
  if (!text.ok()) return text.status();
  std::string key = Trim(*text);
  if (!IsZ85Key(key)) {
    return Status::InvalidArgument(path.string() +
                                   ": not a CURVE public key (expected 40 Z85 characters; make one with 'dxctl keygen')");
  }
  return key;
}

Result<std::string> LoadSecretKey(const fs::path& path) {
  auto text = ReadSecretFile(path);
  if (!text.ok()) return text.status();
  std::string key = Trim(*text);
  if (!IsZ85Key(key)) {
    return Status::InvalidArgument(path.string() +
                                   ": not a CURVE secret key (expected 40 Z85 characters; make one with 'dxctl keygen')");
  }
  return key;
}

Result<std::string> PublicKeyOf(const std::string& secret_key) {
  std::array<char, 41> pub{};
  if (zmq_curve_public(pub.data(), secret_key.c_str()) != 0) {
    return Status::InvalidArgument("cannot derive a public key from that secret key");
  }
  return std::string(pub.data());
}

Result<std::string> ReadSecretFile(const fs::path& path) {
  DXHUB_RETURN_IF_ERROR(CheckOwnerOnly(path));
  auto text = ReadWhole(path);
  if (!text.ok()) return text.status();
  std::string s = std::move(*text);
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
  if (s.empty()) return Status::InvalidArgument(path.string() + ": secret file is empty");
  return s;
}

Status WriteSecretFile(const fs::path& path, const std::string& content) {
  return WriteFileWithMode(path, content, 0600, true);
}

}  // namespace dxhub
