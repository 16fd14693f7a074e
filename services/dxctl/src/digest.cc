#include "dxhub/dxctl/digest.h"

#include <ctime>
#include <filesystem>
#include <fstream>

#include "dxhub/common/cli.h"
#include "dxhub/digest/service.h"

namespace dxhub::dxctl {
namespace {

int Fail(std::ostream& err, const std::string& command, const Status& s, int code) {
  err << "dxctl digest " << command << ": " << s.message() << "\n";
  return code;
}

Status WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
  f.close();
  if (!f) return Status::IoError(path.string() + ": cannot write; check the folder exists and is writable");
  return Status::Ok();
}

}  // namespace

int DigestPreview(const DigestPreviewOptions& options, std::ostream& out, std::ostream& err) {
  auto config = digest::LoadDigestConfig(options.config);
  if (!config.ok()) return Fail(err, "preview", config.status(), kExitUsage);
  auto profile = digest::ParseProfile(options.profile);
  if (!profile.ok()) return Fail(err, "preview", Status::InvalidArgument("--profile: " + profile.status().message()), kExitUsage);
  const std::filesystem::path dir = std::filesystem::path(options.out_dir.empty() ? "." : options.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  zmq::context_t context(1);
  digest::SystemClock clock;
  digest::Digester digester(*config, context, &clock);
  auto rendered = digester.Render(*profile, "preview", "", "");
  if (!rendered.ok()) return Fail(err, "preview", rendered.status(), kExitFailure);
  std::vector<std::pair<std::string, const std::string*>> files = {{"digest.html", &rendered->preview_html},
                                                                   {"digest.txt", &rendered->text},
                                                                   {"digest.csv", &rendered->csv},
                                                                   {"digest.pdf", &rendered->pdf}};
  for (const auto& image : rendered->images) files.emplace_back(image.filename, &image.png);
  for (const auto& [name, bytes] : files) {
    if (auto s = WriteFile(dir / name, *bytes); !s.ok()) return Fail(err, "preview", s, kExitFailure);
    out << (dir / name).string() << "\n";
  }
  return 0;
}

int DigestSendNow(const std::string& config_path, const std::string& schedule_id, std::ostream& out,
                  std::ostream& err) {
  auto config = digest::LoadDigestConfig(config_path);
  if (!config.ok()) return Fail(err, "send-now", config.status(), kExitUsage);
  const digest::ScheduleConfig* schedule = config->Find(schedule_id);
  if (schedule == nullptr) {
    std::string ids;
    for (const auto& s : config->schedules) ids += (ids.empty() ? "" : ", ") + s.id;
    return Fail(err, "send-now",
                Status::InvalidArgument("--schedule '" + schedule_id + "' is not in " + config_path + " (it has " + ids + ")"),
                kExitUsage);
  }
  zmq::context_t context(1);
  digest::SystemClock clock;
  digest::Digester digester(*config, context, &clock);
  const std::time_t now = std::chrono::system_clock::to_time_t(clock.Now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char slot[32];
  std::strftime(slot, sizeof slot, "now-%Y-%m-%dT%H:%MZ", &utc);
  if (auto s = digester.LoadSent(); !s.ok()) return Fail(err, "send-now", s, kExitFailure);
  if (digester.sent().Contains(schedule_id, slot)) {
    return Fail(err, "send-now", Status::InvalidArgument(std::string("a digest of ") + schedule_id + " was sent this minute (" + slot + "); wait a minute"), kExitFailure);
  }
  auto outcome = digester.Send(*schedule, slot, "");
  if (!outcome.ok()) return Fail(err, "send-now", outcome.status(), kExitFailure);
  out << "sent " << outcome->message_id << " via " << outcome->receipt.channel << " (" << outcome->receipt.detail
      << "); recorded as digest_sent " << schedule_id << " " << slot << "\n";
  return 0;
}

}  // namespace dxhub::dxctl
