// dxconnect's commands as functions writing to streams, so tests can run them
// without a shell. Each returns the process exit code: 0 ok, 1 the check or
// run found a problem (the output says what to fix), 2 configuration error.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>

namespace dxhub::dxconnect {

int Check(const std::string& config_path, std::ostream& out, std::ostream& err);
int Discover(const std::string& config_path, std::ostream& out, std::ostream& err);
int DryRun(const std::string& config_path, std::ostream& out, std::ostream& err);
// One run (plan, enqueue, send). With `forever`, repeats on the schedule until `stop`.
int Run(const std::string& config_path, bool forever, const std::atomic<bool>& stop, std::ostream& out,
        std::ostream& err);
// What the local state holds (snapshot people, outbox, rejected, quarantined);
// with `list_quarantine`, each quarantined entry with its reason and a preview.
int State(const std::string& config_path, bool list_quarantine, std::ostream& out, std::ostream& err);
// Writes a fresh random pseudonymisation secret (mode 0600).
int InitSecret(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxconnect
