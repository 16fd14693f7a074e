// dxconnect's commands as functions writing to streams, so tests can run them
// without a shell. Each returns the process exit code: 0 ok, 1 the check or
// run found a problem (the output says what to fix), 2 configuration error.
#pragma once

#include <atomic>
#include <iosfwd>
#include <optional>
#include <string>

namespace dxhub::dxconnect {

// `census_date` ("" or YYYY-MM-DD, from --census-date) dates a staff extract
// whose name and columns carry no census date.
int Check(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date = "");
int Discover(const std::string& config_path, std::ostream& out, std::ostream& err,
             const std::string& census_date = "");
int DryRun(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date = "");
// How long `run --once` keeps trying an unreachable hub unless publish.give_up_after_s or
// --give-up-after says otherwise, so a scheduled run ends (and frees the state lock) before the next.
inline constexpr int kRunOnceGiveUpAfterS = 300;

struct RunOptions {
  bool forever = false;                   // repeat on the schedule until `stop` (otherwise one run)
  std::optional<int> give_up_after_s;     // overrides publish.give_up_after_s (0 = never give up)
  std::string census_date;                // as for Check
};

// One run (plan, enqueue, send), or runs on the schedule. Exit code 1 when the
// hub stayed unreachable until the give-up time (the events wait in the outbox).
int Run(const std::string& config_path, const RunOptions& options, const std::atomic<bool>& stop,
        std::ostream& out, std::ostream& err);
// What the local state holds (snapshot people, outbox, rejected, quarantined);
// with `list_quarantine`, each quarantined entry with its reason and a preview.
int State(const std::string& config_path, bool list_quarantine, std::ostream& out, std::ostream& err);
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
