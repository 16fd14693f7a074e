// The digest email as MIME (RFC 2045-2049, 5322): one builder producing
//   multipart/mixed
//     multipart/alternative
//       text/plain                      (quoted-printable, UTF-8)
//       multipart/related
//         text/html                     (quoted-printable, UTF-8)
//         image/png ...                 (base64, referenced as cid:<content_id>)
//     attachments ...                   (base64: the CSV, the PDF)
// with CRLF line ends, lines of at most 76 characters, a non-ASCII subject as
// RFC 2047 encoded words, and the Message-ID the caller gives: the same slot
// always gets the same id, so a resend after a crash can be recognised as the
// same message. Output is a pure function of the input (fixed boundaries).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/common/clock.h"

namespace dxhub::digest {

// A PNG shown inside the HTML as <img src="cid:CONTENT_ID">.
struct InlineImage {
  std::string content_id;  // e.g. "chart-1@dxhub" (no angle brackets)
  std::string filename;    // e.g. "chart-1.png"
  std::string png;         // the bytes
};

struct Attachment {
  std::string filename;      // ASCII, e.g. "digest-2024-11.csv"
  std::string content_type;  // e.g. "text/csv; charset=utf-8", "application/pdf"
  std::string bytes;
};

struct MailMessage {
  std::string from;                 // "Name <addr@example>" or "addr@example"
  std::vector<std::string> to;      // addresses as they appear in the To header
  std::string subject;              // UTF-8
  std::string message_id;           // without angle brackets, e.g. DigestMessageId(...)
  SysTime date;                     // the Date header
  std::string text;                 // the plain-text alternative (UTF-8; \n or \r\n line ends)
  std::string html;                 // the HTML alternative (UTF-8)
  std::vector<InlineImage> images;  // referenced from `html` by cid:
  std::vector<Attachment> attachments;
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. {"X-Dxhub-Slot", "..."}
};

// The stable Message-ID of a schedule slot's digest:
// "digest.<schedule>.<slot>@<domain>", with characters outside [A-Za-z0-9.-]
// replaced by '-' ("digest.monthly.2024-11-01T07-00@dxhub.example").
std::string DigestMessageId(std::string_view schedule_id, std::string_view slot_id, std::string_view domain);

// The whole message, headers and body. InvalidArgument naming the field when a
// header value holds CR or LF, a message id or content id is not addr-spec
// like (no '<', '>', spaces), a filename is not plain ASCII, or `to` is empty.
Result<std::string> BuildMime(const MailMessage& message);

// Encodings, exposed for tests and other writers.
std::string Base64Lines(std::string_view bytes);           // 76-character lines, each ending CRLF
std::string QuotedPrintable(std::string_view utf8_text);   // line ends become CRLF; lines <= 76
std::string EncodeHeaderWords(std::string_view utf8_text);  // as is when ASCII, else RFC 2047 B words

}  // namespace dxhub::digest
