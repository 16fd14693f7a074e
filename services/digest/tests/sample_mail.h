// The digest-shaped message the mail tests build, send and parse: two inline
// charts referenced from the HTML, a CSV and a PDF attachment. Header-only;
// test code.
#pragma once

#include <date/date.h>

#include <string>

#include "dxhub/digest/mime.h"

namespace dxhub::digest {

inline MailMessage SampleDigestMail(std::string share_png, std::string trend_png, std::string pdf) {
  MailMessage m;
  m.from = "dxhub digests <digest@dxhub.example>";
  m.to = {"exec-one@place.example", "Exec Two <exec-two@place.example>"};
  m.subject = "Monthly digest \xE2\x80\x94 November 2024";
  m.message_id = DigestMessageId("monthly", "2024-11-01T07:00", "dxhub.example");
  m.date = SysTime{date::sys_days{date::year{2024} / 11 / 1}} + std::chrono::hours(7);
  m.text = "Place summary\n\nSenior tiers: 12.5% ethnically diverse (workforce 18.0%).\n";
  m.html = "<h1>Place summary</h1><img src=\"cid:share@dxhub\" alt=\"shares\"><img src=\"cid:trend@dxhub\" alt=\"t\">";
  m.images = {{"share@dxhub", "share.png", std::move(share_png)}, {"trend@dxhub", "trend.png", std::move(trend_png)}};
  m.attachments = {{"figures.csv", "text/csv; charset=utf-8", "partner,share\r\nBTHFT,12.5\r\n"},
                   {"report.pdf", "application/pdf", std::move(pdf)}};
  return m;
}

}  // namespace dxhub::digest
