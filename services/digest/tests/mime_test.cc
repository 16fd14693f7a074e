// The MIME builder: structure, encodings, line lengths, stable Message-ID,
// refusal of header injection (issue 17, acceptance 1).
#include "dxhub/digest/mime.h"

#include <gtest/gtest.h>
#include <date/date.h>
#include <sodium.h>

#include <sstream>
#include <string>
#include <vector>

#include "sample_mail.h"

namespace dxhub::digest {
namespace {

std::string DecodeBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                              "\r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(len);
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "a line does not end with CRLF";
    if (end == std::string::npos) break;
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

MailMessage Sample() {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, '\x01');
  return SampleDigestMail(png, png, "%PDF-1.4\n%fake\n");
}

TEST(DigestMail, A1_Base64LinesAre76CharactersAndRoundTrip) {
  for (size_t n : {0u, 1u, 56u, 57u, 58u, 1000u}) {
    std::string bytes;
    for (size_t i = 0; i < n; ++i) bytes += static_cast<char>(i * 7);
    const std::string encoded = Base64Lines(bytes);
    const auto lines = Lines(encoded);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i + 1 < lines.size()) {
        EXPECT_EQ(lines[i].size(), 76u) << "n=" << n << " line " << i;
      } else {
        EXPECT_LE(lines[i].size(), 76u);
        EXPECT_GT(lines[i].size(), 0u);
      }
    }
    EXPECT_EQ(DecodeBase64(encoded), bytes) << "n=" << n;
  }
}

TEST(DigestMail, A1_QuotedPrintableKeepsLinesShortAndEncodesWhatItMust) {
  const std::string long_line(200, 'x');
  const std::string qp = QuotedPrintable("a=b\ntrailing space \n" + long_line + "\n\xC2\xA3" "5 up\r\nend");
  for (const std::string& line : Lines(qp)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(qp.substr(0, 20), "a=3Db\r\ntrailing spac");
  EXPECT_NE(qp.find("trailing space=20\r\n"), std::string::npos);
  EXPECT_NE(qp.find("=C2=A35 up\r\nend\r\n"), std::string::npos);
  EXPECT_EQ(qp.find("=\r\n=\r\n"), std::string::npos);
  EXPECT_EQ(QuotedPrintable(""), "\r\n");
}

TEST(DigestMail, A1_NonAsciiSubjectIsEncodedWords) {
  EXPECT_EQ(EncodeHeaderWords("Monthly digest"), "Monthly digest");
  const std::string subject = "Digest: representation \xE2\x80\x94 senior tiers \xE2\x80\x94 Bradford & Craven";
  const std::string encoded = EncodeHeaderWords(subject);
  std::string decoded;
  std::istringstream words(encoded);
  for (std::string word; words >> word;) {
    ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ASSERT_EQ(word.substr(word.size() - 2), "?=");
    EXPECT_LE(word.size(), 75u);
    decoded += DecodeBase64(word.substr(10, word.size() - 12));
  }
  EXPECT_EQ(decoded, subject);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos) << "long subjects are folded";
}

TEST(DigestMail, A1_MessageIdIsStablePerSlot) {
  EXPECT_EQ(DigestMessageId("monthly", "2024-11-01T07:00", "dxhub.example"),
            "digest.monthly.2024-11-01T07-00@dxhub.example");
  EXPECT_EQ(DigestMessageId("q 1/x", "s", "d"), "digest.q-1-x.s@d");
  auto a = BuildMime(Sample());
  auto b = BuildMime(Sample());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(*a, *b);
  EXPECT_NE(a->find("Message-ID: <digest.monthly.2024-11-01T07-00@dxhub.example>\r\n"), std::string::npos);
  EXPECT_NE(a->find("Date: Fri, 01 Nov 2024 07:00:00 +0000\r\n"), std::string::npos);
}

TEST(DigestMail, A1_PartsAreNestedMixedAlternativeRelated) {
  auto mime = BuildMime(Sample());
  ASSERT_TRUE(mime.ok());
  const std::string& s = *mime;
  // In order: the alternative inside mixed, plain text, related, HTML, PNG, then attachments.
  std::vector<std::string> order = {"multipart/mixed;",       "multipart/alternative;", "text/plain;",
                                    "multipart/related;",     "text/html;",             "image/png;",
                                    "--=_dxhub_related--",    "--=_dxhub_alternative--", "text/csv;",
                                    "application/pdf;",       "--=_dxhub_mixed--"};
  size_t at = 0;
  for (const std::string& marker : order) {
    const size_t found = s.find(marker, at);
    ASSERT_NE(found, std::string::npos) << marker << " missing or out of order";
    at = found;
  }
  EXPECT_NE(s.find("Content-ID: <share@dxhub>\r\n"), std::string::npos);
  for (const std::string& line : Lines(s)) EXPECT_LE(line.size(), 76u) << line;
}

TEST(DigestMail, A1_HeaderInjectionAndUnreferencedImagesAreRefused) {
  MailMessage m = Sample();
  m.subject = "Digest\r\nBcc: someone@else.example";
  auto injected = BuildMime(m);
  ASSERT_FALSE(injected.ok());
  EXPECT_NE(injected.status().message().find("Subject"), std::string::npos);

  m = Sample();
  m.to.push_back("x@y.example\nBcc: z@w.example");
  EXPECT_FALSE(BuildMime(m).ok());

  m = Sample();
  m.html = "<p>no image</p>";
  auto unreferenced = BuildMime(m);
  ASSERT_FALSE(unreferenced.ok());
  EXPECT_NE(unreferenced.status().message().find("share.png (cid:share@dxhub) is not referenced"),
            std::string::npos);

  m = Sample();
  m.message_id = "<no-brackets@x>";
  EXPECT_FALSE(BuildMime(m).ok());
  m = Sample();
  m.to.clear();
  EXPECT_FALSE(BuildMime(m).ok());
  m = Sample();
  m.attachments[0].filename = "../etc/passwd";
  EXPECT_FALSE(BuildMime(m).ok());
}

}  // namespace
}  // namespace dxhub::digest
