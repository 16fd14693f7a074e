// Test fixtures for mail: tests/smtp_sink.py (a real SMTP server on loopback,
// python3-aiosmtpd) run as a child process, and tests/parse_mail.py (Python's
// email package) reading a received message back as "key: value" facts.
// Header-only test code; one test thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "dxhub/testing/child_process.h"

namespace dxhub::digest {

namespace fs = std::filesystem;
using dxhub::testing::ChildProcess;

inline constexpr const char* kPython = "/usr/bin/python3";  // Debian's, where python3-aiosmtpd is installed
inline const fs::path kTests = fs::path(DXHUB_SOURCE_DIR) / "services/digest/tests";
inline constexpr auto kStartTimeout = std::chrono::seconds(20);

// tests/smtp_sink.py as a child process; messages land in `dir`/mail.
class SmtpSink {
 public:
  explicit SmtpSink(fs::path dir) : dir_(std::move(dir)) {}

  ::testing::AssertionResult Start(const std::vector<std::string>& extra = {}) {
    const fs::path ready = dir_ / "sink.ready";
    fs::create_directories(dir_);
    fs::remove(ready);
    std::vector<std::string> args = {(kTests / "smtp_sink.py").string(), "--out-dir", (dir_ / "mail").string(),
                                     "--ready-file", ready.string()};
    if (port_ != 0) args.insert(args.end(), {"--port", std::to_string(port_)});
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<ChildProcess>(kPython, args, dir_ / ("sink" + std::to_string(++starts_)));
    std::map<std::string, std::string> fields;
    auto ready_ok = dxhub::testing::WaitForReadyFile(*child_, ready, dir_ / ("sink" + std::to_string(starts_) + ".err"),
                                                     std::chrono::steady_clock::now() + kStartTimeout, &fields);
    if (!ready_ok) return ready_ok;
    port_ = std::stoi(fields["port"]);
    return ::testing::AssertionSuccess();
  }
  void Stop() { child_->Terminate(std::chrono::seconds(10)); }
  int port() const { return port_; }
  // The .eml files received so far, in arrival order.
  std::vector<fs::path> Messages() const {
    std::vector<fs::path> out;
    for (int i = 1; fs::exists(Eml(i)); ++i) out.push_back(Eml(i));
    return out;
  }
  std::string Envelope(int i) const {
    char name[16];
    std::snprintf(name, sizeof name, "%03d.envelope", i);
    return dxhub::testing::ReadFileText(dir_ / "mail" / name);
  }

 private:
  fs::path Eml(int i) const {
    char name[16];
    std::snprintf(name, sizeof name, "%03d.eml", i);
    return dir_ / "mail" / name;
  }
  fs::path dir_;
  int port_ = 0;
  int starts_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

// parse_mail.py's "key: value" lines (repeated keys collected in order).
// Attachments are extracted into `dir`/attachments.
inline std::multimap<std::string, std::string> Parse(const fs::path& eml, const fs::path& dir) {
  fs::create_directories(dir / "attachments");
  auto result = dxhub::testing::RunCommandFor(
      kPython, {(kTests / "parse_mail.py").string(), eml.string(), (dir / "attachments").string()}, dir / "parse",
      std::chrono::seconds(30));
  EXPECT_EQ(result.code, 0) << result.err;
  std::multimap<std::string, std::string> facts;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) facts.emplace(line.substr(0, colon), line.substr(colon + 2));
  }
  return facts;
}

inline std::vector<std::string> All(const std::multimap<std::string, std::string>& facts, const std::string& key) {
  std::vector<std::string> out;
  for (auto [it, end] = facts.equal_range(key); it != end; ++it) out.push_back(it->second);
  return out;
}

inline std::string One(const std::multimap<std::string, std::string>& facts, const std::string& key) {
  const auto all = All(facts, key);
  return all.size() == 1 ? all[0] : "<" + std::to_string(all.size()) + " values>";
}

}  // namespace dxhub::digest
