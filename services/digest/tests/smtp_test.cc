// Mail delivery against a real SMTP server on loopback (Debian's
// python3-aiosmtpd, tests/smtp_sink.py), the arrived message parsed with
// Python's email package (tests/parse_mail.py); the outbox and the fault
// injector (issue 17, acceptances 1 and 3). Retries sleep on a FakeClock.
#include <gtest/gtest.h>
#include <date/date.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "dxhub/common/crypto.h"
#include "dxhub/digest/chart.h"
#include "dxhub/common/clock.h"
#include "dxhub/digest/mime.h"
#include "dxhub/digest/pdf_report.h"
#include "dxhub/digest/smtp_transport.h"
#include "dxhub/digest/transport.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/test_dir.h"
#include "sample_mail.h"
#include "mail_fixtures.h"

namespace dxhub::digest {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// Real charts and a real two-page PDF, drawn with cairo.
struct Assets {
  std::string share_png;
  std::string trend_png;
  std::string pdf;
};

const Assets& TestAssets() {
  static const Assets assets = [] {
    BarChart shares;
    shares.title = "Ethnically diverse share of senior staff";
    shares.bars = {{"BTHFT", 0.125, ""}, {"ANHSFT", 0.085, ""}, {"BDCFT", std::nullopt, "suppressed"}};
    shares.reference = 0.18;
    shares.reference_label = "Workforce";
    BarChart trend = shares;
    trend.title = "A second chart";
    trend.reference.reset();
    PdfReport report("Monthly digest");
    report.Title("Monthly digest, November 2024");
    report.Chart(shares);
    report.NewPage();
    report.Paragraph("Comparability notes.");
    Assets a{*RenderBarChartPng(shares), *RenderBarChartPng(trend), *report.Finish()};
    return a;
  }();
  return assets;
}

MailMessage Digest() {
  return SampleDigestMail(TestAssets().share_png, TestAssets().trend_png, TestAssets().pdf);
}

OutgoingMail Outgoing(const MailMessage& m) {
  auto mime = BuildMime(m);
  EXPECT_TRUE(mime.ok()) << mime.status().ToString();
  return ToOutgoing(m, mime.ok() ? *mime : "");
}

SmtpConfig Loopback(int port) {
  SmtpConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.security = SmtpSecurity::kPlainLoopback;
  c.connect_timeout = seconds(5);
  c.timeout = seconds(20);
  c.retry.attempts = 4;
  c.retry.first_backoff = std::chrono::seconds(30);
  return c;
}

fs::path WriteCredentials(const fs::path& dir, const std::string& content, mode_t mode) {
  const fs::path path = dir / "smtp.credentials";
  std::ofstream(path) << content;
  ::chmod(path.c_str(), mode);
  return path;
}

// Checks that `eml` is the Digest() message, as a mail client would show it.
void ExpectDigestArrived(const fs::path& eml, const fs::path& dir) {
  const auto facts = Parse(eml, dir);
  EXPECT_EQ(One(facts, "structure"),
            "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png,image/png]],"
            "text/csv,application/pdf]");
  EXPECT_EQ(One(facts, "subject"), "Monthly digest \xE2\x80\x94 November 2024");
  EXPECT_EQ(One(facts, "message-id"), "<digest.monthly.2024-11-01T07-00@dxhub.example>");
  EXPECT_EQ(One(facts, "text"),
            "Place summary\\n\\nSenior tiers: 12.5% ethnically diverse (workforce 18.0%).\\n");
  EXPECT_EQ(One(facts, "html-cids"), "share@dxhub,trend@dxhub");
  EXPECT_EQ(All(facts, "image"),
            (std::vector<std::string>{
                "cid=share@dxhub filename=share.png png=yes sha256=" + Sha256Hex(TestAssets().share_png),
                "cid=trend@dxhub filename=trend.png png=yes sha256=" + Sha256Hex(TestAssets().trend_png)}));
  const MailMessage m = Digest();
  EXPECT_EQ(All(facts, "attachment"),
            (std::vector<std::string>{
                "filename=figures.csv type=text/csv sha256=" + Sha256Hex(m.attachments[0].bytes),
                "filename=report.pdf type=application/pdf sha256=" + Sha256Hex(m.attachments[1].bytes)}));
  EXPECT_LE(std::stoi(One(facts, "max-line")), 76);
  EXPECT_EQ(One(facts, "defects"), "0");
  // The PDF that arrived opens: poppler renders its two pages.
  auto pages = dxhub::testing::RunCommandFor(
      "/usr/bin/pdftoppm", {"-png", "-r", "30", (dir / "attachments/report.pdf").string(), (dir / "page").string()},
      dir / "pdftoppm");
  EXPECT_EQ(pages.code, 0) << pages.err;
  EXPECT_TRUE(fs::exists(dir / "page-1.png"));
  EXPECT_TRUE(fs::exists(dir / "page-2.png"));
}

TEST(DigestMail, A1_DeliveredOverSmtpAndParsedAsSent) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  SmtpSink sink(dir);
  ASSERT_TRUE(sink.Start());
  FakeClock clock(SysTime{});
  auto transport = SmtpTransport::Create(Loopback(sink.port()), &clock);
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  auto receipt = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->channel, "smtp");
  EXPECT_EQ(receipt->attempts, 1);
  EXPECT_EQ(receipt->detail, "250");
  ASSERT_EQ(sink.Messages().size(), 1u);
  EXPECT_EQ(sink.Envelope(1),
            "from: digest@dxhub.example\nto: exec-one@place.example\nto: exec-two@place.example\n");
  ExpectDigestArrived(sink.Messages()[0], dir);
  sink.Stop();
}

TEST(DigestMail, A1_AuthenticatesWithTheOwnerOnlyCredentialsFile) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  SmtpSink sink(dir);
  ASSERT_TRUE(sink.Start({"--auth", "digest-user:s3cret pass"}));
  FakeClock clock(SysTime{});
  SmtpConfig config = Loopback(sink.port());
  config.credentials_file = WriteCredentials(dir, "digest-user\ns3cret pass\n", 0600);
  auto transport = SmtpTransport::Create(config, &clock);
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  auto receipt = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_NE(sink.Envelope(1).find("login: digest-user\n"), std::string::npos);

  // A wrong password is permanent: reported as such, never retried.
  config.credentials_file = WriteCredentials(dir, "digest-user\nwrong\n", 0600);
  auto wrong = SmtpTransport::Create(config, &clock);
  ASSERT_TRUE(wrong.ok());
  auto refused = (*wrong)->Deliver(Outgoing(Digest()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_TRUE(IsPermanentDeliveryFailure(refused.status()));
  EXPECT_EQ(clock.slept().count(), 0);
  EXPECT_EQ(sink.Messages().size(), 1u);
  sink.Stop();
}

TEST(DigestMail, A1_CredentialsFileReadableByOthersIsRefused) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  FakeClock clock(SysTime{});
  SmtpConfig config = Loopback(2525);
  config.credentials_file = WriteCredentials(dir, "user\npassword\n", 0644);
  auto transport = SmtpTransport::Create(config, &clock);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(transport.status().message().find("mode 0644"), std::string::npos) << transport.status().message();
  EXPECT_NE(transport.status().message().find("chmod 600 " + config.credentials_file.string()), std::string::npos);

  config.credentials_file = WriteCredentials(dir, "only-a-user-name\n", 0600);
  auto one_line = SmtpTransport::Create(config, &clock);
  ASSERT_FALSE(one_line.ok());
  EXPECT_NE(one_line.status().message().find("two lines, the user name and then the password"), std::string::npos);
}

TEST(DigestMail, A1_PlainSmtpOnlyToLoopbackAndStartTlsIsRequiredNotOpportunistic) {
  FakeClock clock(SysTime{});
  SmtpConfig remote = Loopback(25);
  remote.host = "mail.place.example";
  auto plain = SmtpTransport::Create(remote, &clock);
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("only allowed to a loopback host"), std::string::npos);

  remote.security = SmtpSecurity::kImplicitTls;
  remote.port = 465;
  auto tls = SmtpTransport::Create(remote, &clock);
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ((*tls)->url(), "smtps://mail.place.example:465");

  // STARTTLS against a server that does not offer it: refused, not sent in clear.
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  SmtpSink sink(dir);
  ASSERT_TRUE(sink.Start());
  SmtpConfig starttls = Loopback(sink.port());
  starttls.security = SmtpSecurity::kStartTls;
  auto transport = SmtpTransport::Create(starttls, &clock);
  ASSERT_TRUE(transport.ok());
  auto refused = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("TLS could not be set up"), std::string::npos);
  EXPECT_TRUE(sink.Messages().empty());
  sink.Stop();
}

TEST(DigestMail, A1_StartTlsAndImplicitTlsDeliverToAServerWithItsCertificate) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  const fs::path certs = dir / "tls";
  SmtpSink sink(dir / "starttls");
  ASSERT_TRUE(sink.Start({"--tls", "starttls", "--cert-dir", certs.string(), "--auth", "digest-user:pw"}));
  FakeClock clock(SysTime{});
  SmtpConfig config = Loopback(sink.port());
  config.security = SmtpSecurity::kStartTls;
  config.ca_file = certs / "cert.pem";
  config.credentials_file = WriteCredentials(dir, "digest-user\npw\n", 0600);
  auto transport = SmtpTransport::Create(config, &clock);
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  auto receipt = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  ASSERT_EQ(sink.Messages().size(), 1u);
  EXPECT_NE(sink.Envelope(1).find("login: digest-user\n"), std::string::npos);

  // A certificate the client does not trust: refused, permanently, nothing sent.
  config.ca_file.clear();
  auto untrusting = SmtpTransport::Create(config, &clock);
  ASSERT_TRUE(untrusting.ok());
  auto refused = (*untrusting)->Deliver(Outgoing(Digest()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_EQ(sink.Messages().size(), 1u);
  sink.Stop();

  SmtpSink smtps(dir / "implicit");
  ASSERT_TRUE(smtps.Start({"--tls", "implicit", "--cert-dir", certs.string()}));
  SmtpConfig implicit = Loopback(smtps.port());
  implicit.security = SmtpSecurity::kImplicitTls;
  implicit.ca_file = certs / "cert.pem";
  auto tls = SmtpTransport::Create(implicit, &clock);
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ((*tls)->url(), "smtps://127.0.0.1:" + std::to_string(smtps.port()));
  auto delivered = (*tls)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(smtps.Messages().size(), 1u);
  smtps.Stop();
  EXPECT_EQ(clock.slept().count(), 0);
}

TEST(DigestMail, A1_TemporaryRejectionIsRetriedWithBackoffAndPermanentIsNot) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  SmtpSink sink(dir);
  ASSERT_TRUE(sink.Start({"--fail-data", "451 4.3.0 try again later", "--fail-data", "452 4.3.1 full"}));
  FakeClock clock(SysTime{});
  auto transport = SmtpTransport::Create(Loopback(sink.port()), &clock);
  ASSERT_TRUE(transport.ok());
  auto receipt = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->attempts, 3);
  EXPECT_EQ(clock.slept(), std::chrono::seconds(30 + 60));  // 30 s, then doubled
  EXPECT_EQ(sink.Messages().size(), 1u);
  sink.Stop();

  const fs::path dir2 = dir / "permanent";
  SmtpSink rejecting(dir2);
  ASSERT_TRUE(rejecting.Start({"--fail-data", "554 5.6.0 message refused"}));
  FakeClock clock2(SysTime{});
  auto transport2 = SmtpTransport::Create(Loopback(rejecting.port()), &clock2);
  ASSERT_TRUE(transport2.ok());
  auto refused = (*transport2)->Deliver(Outgoing(Digest()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << refused.status().ToString();
  EXPECT_TRUE(IsPermanentDeliveryFailure(refused.status()));
  EXPECT_NE(refused.status().message().find("554"), std::string::npos) << refused.status().message();
  EXPECT_EQ(clock2.slept().count(), 0);
  rejecting.Stop();
}

TEST(DigestMail, A3_SmtpServerDownIsRetriedAndDeliveredOnceItIsBack) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  SmtpSink sink(dir);
  ASSERT_TRUE(sink.Start());  // learn a free port, then take the server down
  sink.Stop();
  FakeClock clock(SysTime{});
  int sleeps = 0;
  clock.OnSleep([&](std::chrono::milliseconds) {
    if (++sleeps == 2) {
      EXPECT_TRUE(sink.Start());  // back during the second backoff
    }
  });
  auto transport = SmtpTransport::Create(Loopback(sink.port()), &clock);
  ASSERT_TRUE(transport.ok());
  auto receipt = (*transport)->Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->attempts, 3);
  ASSERT_EQ(sink.Messages().size(), 1u);
  ExpectDigestArrived(sink.Messages()[0], dir);
  sink.Stop();

  // Down for good: every attempt is made, then a temporary failure is reported.
  FakeClock clock2(SysTime{});
  auto down = SmtpTransport::Create(Loopback(sink.port()), &clock2);
  ASSERT_TRUE(down.ok());
  auto failed = (*down)->Deliver(Outgoing(Digest()));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(IsPermanentDeliveryFailure(failed.status()));
  EXPECT_NE(failed.status().message().find("gave up after 4 attempts"), std::string::npos);
  EXPECT_EQ(clock2.slept(), std::chrono::seconds(30 + 60 + 120));
}

TEST(DigestMail, A1_OutboxArchivesTheMessageOncePerMessageId) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  OutboxTransport outbox(dir / "outbox");
  auto receipt = outbox.Deliver(Outgoing(Digest()));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->channel, "outbox");
  const fs::path eml = outbox.PathFor(Digest().message_id);
  EXPECT_EQ(receipt->detail, eml.string());
  ASSERT_TRUE(outbox.Deliver(Outgoing(Digest())).ok());  // a resend of the same slot
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "outbox"), fs::directory_iterator{}), 1);
  ExpectDigestArrived(eml, dir);
}

TEST(DigestMail, A3_FaultyTransportFailsOnDemand) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  OutboxTransport outbox(dir / "outbox");
  FaultyTransport faulty(&outbox);
  faulty.FailNext(2, Status::Unavailable("injected"));
  EXPECT_EQ(faulty.Deliver(Outgoing(Digest())).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(faulty.Deliver(Outgoing(Digest())).status().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(fs::exists(outbox.PathFor(Digest().message_id)));
  EXPECT_TRUE(faulty.Deliver(Outgoing(Digest())).ok());
  EXPECT_EQ(faulty.calls(), 3);
  // Delivered, but the caller hears of a failure (the connection dropped after the 250).
  fs::remove_all(dir / "outbox");
  faulty.DeliverThenFail(1, Status::Unavailable("connection reset after DATA"));
  EXPECT_FALSE(faulty.Deliver(Outgoing(Digest())).ok());
  EXPECT_TRUE(fs::exists(outbox.PathFor(Digest().message_id)));
}

}  // namespace
}  // namespace dxhub::digest
