// Reading dxhub-digest's configuration file (service.h).
#include "dxhub/digest/service.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::digest {

const ScheduleConfig* DigestConfig::Find(const std::string& schedule_id) const {
  for (const auto& s : schedules) {
    if (s.id == schedule_id) return &s;
  }
  return nullptr;
}

namespace {

Status ReadSchedule(const ConfigFile& file, const YAML::Node& node, std::set<std::string>* ids, ScheduleConfig* out) {
  ConfigReader r(file, node, "a schedule");
  r.AllowOnly({"id", "cron", "profile", "recipients", "grace_hours", "on_time_minutes"});
  out->id = r.String("id");
  out->cron_text = r.String("cron");
  const std::string profile = r.String("profile", "full");
  const int64_t grace = r.Int("grace_hours", 24, 0, 24 * 31);
  const int64_t on_time = r.Int("on_time_minutes", 5, 1, 24 * 60);
  YAML::Node recipients = r.Child("recipients", true);
  DXHUB_RETURN_IF_ERROR(r.status());
  if (!ids->insert(out->id).second) return Status::InvalidArgument(file.Where(node["id"]) + ": schedule id '" + out->id + "' is used twice");
  auto p = ParseProfile(profile);
  if (!p.ok()) return Status::InvalidArgument(file.Where(node["profile"]) + ": " + p.status().message());
  out->profile = *p;
  auto cron = ParseCron(out->cron_text);
  if (!cron.ok()) return Status::InvalidArgument(file.Where(node["cron"]) + ": " + cron.status().message());
  auto calendar = SlotCalendar::Create(std::move(*cron));
  if (!calendar.ok()) return Status::InvalidArgument(file.Where(node["cron"]) + ": " + calendar.status().message());
  out->calendar = std::move(*calendar);
  out->grace.grace = std::chrono::hours(grace);
  out->grace.on_time = std::chrono::minutes(on_time);
  if (!recipients.IsSequence() || recipients.size() == 0) {
    return Status::InvalidArgument(file.Where(recipients) + ": recipients must be a list of at least one address");
  }
  for (const auto& a : recipients) {
    const std::string address = a.as<std::string>("");
    if (address.find('@') == std::string::npos || address.find_first_of("\r\n") != std::string::npos) {
      return Status::InvalidArgument(file.Where(a) + ": '" + address + "' is not an e-mail address");
    }
    out->recipients.push_back(address);
  }
  return Status::Ok();
}

Status ReadMail(const ConfigFile& file, DigestConfig* config) {
  ConfigReader mail(file, file.root()["mail"], "mail");
  mail.AllowOnly({"from", "message_id_domain", "title", "smtp"});
  config->from = mail.String("from");
  config->message_id_domain = mail.String("message_id_domain", "");
  config->title = mail.String("title", config->title);
  const bool has_smtp = mail.Has("smtp");
  DXHUB_RETURN_IF_ERROR(mail.status());
  const std::string bare = BareAddress(config->from);
  if (bare.find('@') == std::string::npos) {
    return Status::InvalidArgument(file.Where(file.root()["mail"]["from"]) + ": from '" + config->from +
                                   "' has no e-mail address");
  }
  if (config->message_id_domain.empty()) config->message_id_domain = bare.substr(bare.find('@') + 1);
  if (!has_smtp) return Status::Ok();
  const YAML::Node node = file.root()["mail"]["smtp"];
  ConfigReader smtp(file, node, "mail.smtp");
  smtp.AllowOnly({"host", "port", "security", "credentials_file", "ca_file", "attempts", "first_backoff_seconds"});
  SmtpConfig s;
  s.host = smtp.String("host");
  const std::string security = smtp.String("security", "starttls");
  s.port = static_cast<int>(smtp.Int("port", security == "tls" ? 465 : 587, 1, 65535));
  if (smtp.Has("credentials_file")) s.credentials_file = smtp.Path("credentials_file");
  if (smtp.Has("ca_file")) s.ca_file = smtp.Path("ca_file");
  s.retry.attempts = static_cast<int>(smtp.Int("attempts", 5, 1, 20));
  s.retry.first_backoff = std::chrono::seconds(smtp.Int("first_backoff_seconds", 30, 0, 3600));
  DXHUB_RETURN_IF_ERROR(smtp.status());
  if (security == "starttls") s.security = SmtpSecurity::kStartTls;
  else if (security == "tls") s.security = SmtpSecurity::kImplicitTls;
  else if (security == "none") s.security = SmtpSecurity::kPlainLoopback;
  else return Status::InvalidArgument(file.Where(node["security"]) + ": security must be starttls, tls or none, got '" + security + "'");
  config->smtp = std::move(s);
  return Status::Ok();
}

// `partners:`, org id -> display name (the org ids the store's `clients:` list registers).
Status ReadPartners(const ConfigFile& file, const YAML::Node& node, std::map<std::string, std::string>* names) {
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  if (!node.IsMap()) return Status::InvalidArgument(file.Where(node) + ": partners must map org ids to display names");
  for (const auto& p : node) {
    const std::string org = p.first.as<std::string>("");
    const std::string name = p.second.IsScalar() ? p.second.as<std::string>("") : "";
    if (!protocol::IsValidOrgId(org)) {
      return Status::InvalidArgument(file.Where(p.first) + ": '" + org + "' is not an org id (as in the store's clients: list)");
    }
    if (name.empty() || name.find_first_of("\r\n") != std::string::npos) {
      return Status::InvalidArgument(file.Where(p.second) + ": the display name of " + org + " must be one line of text");
    }
    (*names)[org] = name;
  }
  return Status::Ok();
}

}  // namespace

Result<DigestConfig> LoadDigestConfig(const std::filesystem::path& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  DigestConfig config;
  ConfigReader root(*file, file->root(), "the digest config");
  std::vector<std::string> keys = service::kServiceKeys;
  keys.insert(keys.end(), {"store", "aggregator", "benchmark", "schedules", "mail", "outbox_dir", "state_dir",
                           "poll_seconds", "partners"});
  root.AllowOnly(keys);
  config.outbox_dir = root.Path("outbox_dir");
  config.state_dir = root.Path("state_dir");
  config.poll = std::chrono::seconds(root.Int("poll_seconds", 30, 1, 3600));
  YAML::Node schedules = root.Child("schedules", true);
  root.Child("mail", true);
  DXHUB_RETURN_IF_ERROR(root.status());
  if (!schedules.IsSequence() || schedules.size() == 0) {
    return Status::InvalidArgument(file->Where(schedules) + ": schedules must be a list of at least one schedule");
  }
  std::set<std::string> ids;
  for (const auto& node : schedules) {
    ScheduleConfig s;
    DXHUB_RETURN_IF_ERROR(ReadSchedule(*file, node, &ids, &s));
    config.schedules.push_back(std::move(s));
  }
  DXHUB_RETURN_IF_ERROR(ReadMail(*file, &config));
  DXHUB_RETURN_IF_ERROR(ReadPartners(*file, file->root()["partners"], &config.partner_names));
  auto store = service::ReadUpstream(*file, "store");
  if (!store.ok()) return store.status();
  config.store = *store;
  auto aggregator = service::ReadUpstream(*file, "aggregator");
  if (!aggregator.ok()) return aggregator.status();
  config.aggregator = *aggregator;
  if (file->root()["benchmark"]) {
    auto benchmark = service::ReadUpstream(*file, "benchmark");
    if (!benchmark.ok()) return benchmark.status();
    config.benchmark = *benchmark;
  }
  // Who may ask: admins (dxctl status) and hub services.
  const ClientListRules rules{{Role::kService, Role::kAdmin}, Role::kAdmin, nullptr};
  auto service = service::ReadServiceConfig(*file, "tcp://127.0.0.1:7431", rules);
  if (!service.ok()) return service.status();
  config.service = std::move(*service);
  return config;
}

}  // namespace dxhub::digest
