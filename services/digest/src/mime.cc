#include "dxhub/digest/mime.h"

#include <date/date.h>
#include <sodium.h>

#include <cstdio>

namespace dxhub::digest {
namespace {

constexpr size_t kLineLength = 76;
// Boundaries start with "=_", which neither quoted-printable nor base64 output
// can contain, and none is a prefix of another (RFC 2046 section 5.1.1).
constexpr const char* kMixed = "=_dxhub_mixed";
constexpr const char* kAlternative = "=_dxhub_alternative";
constexpr const char* kRelated = "=_dxhub_related";
// At most 30 UTF-8 bytes per encoded word: 40 base64 characters, a 52-character
// word, so "Subject: " and the first word stay well inside a 76-character line.
constexpr size_t kBytesPerWord = 30;

bool IsPlainAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 32 || c > 126) return false;
  }
  return true;
}

Status CheckHeaderValue(std::string_view field, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return Status::InvalidArgument("mail " + std::string(field) + " \"" + std::string(value) +
                                   "\" contains a line break; header values must be one line");
  }
  return Status::Ok();
}

// Message ids and content ids go inside <...>: no brackets, spaces or controls.
Status CheckId(std::string_view field, std::string_view id) {
  if (id.empty() || !IsPlainAscii(id) || id.find_first_of("<> \"") != std::string_view::npos ||
      id.find('@') == std::string_view::npos) {
    return Status::InvalidArgument("mail " + std::string(field) + " \"" + std::string(id) +
                                   "\" must look like local@domain, ASCII without spaces or angle brackets");
  }
  return Status::Ok();
}

Status CheckFilename(std::string_view field, std::string_view name) {
  if (name.empty() || !IsPlainAscii(name) || name.find_first_of("\"\\/") != std::string_view::npos) {
    return Status::InvalidArgument("mail " + std::string(field) + " filename \"" + std::string(name) +
                                   "\" must be plain ASCII without quotes, backslashes or slashes");
  }
  return Status::Ok();
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// A boundary line. The CRLF before "--" belongs to the delimiter (RFC 2046
// 5.1.1), so a part's own final line break survives.
void Boundary(std::string* out, const char* boundary, bool last = false) {
  *out += "\r\n--";
  *out += boundary;
  *out += last ? "--\r\n" : "\r\n";
}

}  // namespace

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kLineLength * 2 + 2);
  for (size_t i = 0; i < encoded.size(); i += kLineLength) {
    out.append(encoded, i, kLineLength);
    out += "\r\n";
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    const bool last_line = end == std::string_view::npos;
    if (last_line) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (last_line && line.empty() && start > 0) break;  // text ended with a line break
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end);
      char encoded[4] = {static_cast<char>(c), 0, 0, 0};
      if (!literal) std::snprintf(encoded, sizeof encoded, "=%02X", c);
      const size_t width = encoded[1] == 0 ? 1 : 3;
      if (column + width > kLineLength - 1) {  // leave room for the soft break's '='
        out += "=\r\n";
        column = 0;
      }
      out.append(encoded, width);
      column += width;
    }
    out += "\r\n";
    if (last_line) break;
    start = end + 1;
  }
  return out;
}

std::string EncodeHeaderWords(std::string_view text) {
  if (IsPlainAscii(text)) return std::string(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t n = std::min(kBytesPerWord, text.size() - i);
    // Never split a UTF-8 sequence: back off while the next byte is a continuation byte.
    while (n > 1 && i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) --n;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string DigestMessageId(std::string_view schedule_id, std::string_view slot_id, std::string_view domain) {
  std::string local = "digest." + std::string(schedule_id) + "." + std::string(slot_id);
  for (char& c : local) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '-';
    if (!keep) c = '-';
  }
  return local + "@" + std::string(domain);
}

Result<std::string> BuildMime(const MailMessage& m) {
  DXHUB_RETURN_IF_ERROR(CheckHeaderValue("From", m.from));
  DXHUB_RETURN_IF_ERROR(CheckHeaderValue("Subject", m.subject));
  DXHUB_RETURN_IF_ERROR(CheckId("Message-ID", m.message_id));
  if (m.from.empty() || !IsPlainAscii(m.from)) {
    return Status::InvalidArgument("mail From \"" + m.from + "\" must be a plain ASCII address");
  }
  if (m.to.empty()) return Status::InvalidArgument("mail has no recipients (To is empty)");
  std::string to;
  for (const std::string& r : m.to) {
    DXHUB_RETURN_IF_ERROR(CheckHeaderValue("To", r));
    if (r.empty() || !IsPlainAscii(r) || r.find(',') != std::string::npos) {
      return Status::InvalidArgument("mail recipient \"" + r + "\" must be one plain ASCII address");
    }
    to += (to.empty() ? "" : ",\r\n ") + r;
  }
  for (const auto& [name, value] : m.extra_headers) {
    if (name.empty() || name.find_first_of(": \r\n") != std::string::npos || !IsPlainAscii(name)) {
      return Status::InvalidArgument("mail header name \"" + name + "\" must be ASCII without ':' or spaces");
    }
    DXHUB_RETURN_IF_ERROR(CheckHeaderValue(name, value));
  }
  for (const InlineImage& image : m.images) {
    DXHUB_RETURN_IF_ERROR(CheckId("image Content-ID", image.content_id));
    DXHUB_RETURN_IF_ERROR(CheckFilename("image", image.filename));
    if (m.html.find("cid:" + image.content_id) == std::string::npos) {
      return Status::InvalidArgument("mail image " + image.filename + " (cid:" + image.content_id +
                                     ") is not referenced from the HTML; reference it as <img src=\"cid:" +
                                     image.content_id + "\"> or leave it out");
    }
  }
  for (const Attachment& a : m.attachments) {
    DXHUB_RETURN_IF_ERROR(CheckFilename("attachment", a.filename));
    DXHUB_RETURN_IF_ERROR(CheckHeaderValue("attachment Content-Type", a.content_type));
    if (a.content_type.empty()) return Status::InvalidArgument("mail attachment " + a.filename + " has no content type");
  }

  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodeHeaderWords(m.subject) + "\r\n";
  out += "Date: " + date::format("%a, %d %b %Y %H:%M:%S +0000", m.date) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : m.extra_headers) out += name + ": " + EncodeHeaderWords(value) + "\r\n";
  out += std::string("Content-Type: multipart/mixed; boundary=\"") + kMixed + "\"\r\n\r\n";
  out += "This is a multipart message in MIME format.\r\n";

  Boundary(&out, kMixed);
  out += std::string("Content-Type: multipart/alternative; boundary=\"") + kAlternative + "\"\r\n\r\n";
  Boundary(&out, kAlternative);
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += QuotedPrintable(m.text);
  Boundary(&out, kAlternative);
  out += std::string("Content-Type: multipart/related; boundary=\"") + kRelated + "\";\r\n type=\"text/html\"\r\n\r\n";
  Boundary(&out, kRelated);
  out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += QuotedPrintable(m.html);
  for (const InlineImage& image : m.images) {
    Boundary(&out, kRelated);
    out += "Content-Type: image/png;\r\n name=\"" + image.filename + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-ID: <" + image.content_id + ">\r\n";
    out += "Content-Disposition: inline;\r\n filename=\"" + image.filename + "\"\r\n\r\n";
    out += Base64Lines(image.png);
  }
  Boundary(&out, kRelated, true);
  Boundary(&out, kAlternative, true);
  for (const Attachment& a : m.attachments) {
    Boundary(&out, kMixed);
    out += "Content-Type: " + a.content_type + ";\r\n name=\"" + a.filename + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-Disposition: attachment;\r\n filename=\"" + a.filename + "\"\r\n\r\n";
    out += Base64Lines(a.bytes);
  }
  Boundary(&out, kMixed, true);
  return out;
}

}  // namespace dxhub::digest
