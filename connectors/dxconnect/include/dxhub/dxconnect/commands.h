// dxconnect's commands as functions writing to streams, so tests can run them
// without a shell. Each returns the process exit code: 0 ok, 1 the check or
// run found a problem (the output says what to fix), 2 configuration error.
#pragma once

#include <atomic>
#include <iosfwd>
#include <optional>
#include <string>

namespace dxhub::dxconnect {

int Check(const std::string& config_path, std::ostream& out, std::ostream& err);
int Discover(const std::string& config_path, std::ostream& out, std::ostream& err);
int DryRun(const std::string& config_path, std::ostream& out, std::ostream& err);
// One run (plan, enqueue, send). With `forever`, repeats on the schedule until `stop`.
int Run(const std::string& config_path, bool forever, const std::atomic<bool>& stop, std::ostream& out,
        std::ostream& err);
// Writes a fresh random pseudonymisation secret (mode 0600).
int InitSecret(const std::string& path, std::ostream& out, std::ostream& err);

struct RotateSecretOptions {
  std::string config_path;
  std::string new_secret_path;
  std::optional<int> new_key_version;  // default: the config's key_version + 1
  bool allow_unmapped = false;         // let snapshot people found in no extract keep their old keys
};
// Re-keys the connector state to a new pseudonymisation secret in one synced
// write and queues one PersonKeyRotation per person; refuses while the outbox
// holds events. Prints what to change in the config.
int RotateSecret(const RotateSecretOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxconnect
