// dxconnect's commands as functions writing to streams, so tests can run them
// without a shell. Each returns the process exit code: 0 ok, 1 the check or
// run found a problem (the output says what to fix), 2 configuration error.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>

namespace dxhub::dxconnect {

// `census_date` ("" or YYYY-MM-DD, from --census-date) dates a staff extract
// whose name and columns carry no census date.
int Check(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date = "");
int Discover(const std::string& config_path, std::ostream& out, std::ostream& err,
             const std::string& census_date = "");
int DryRun(const std::string& config_path, std::ostream& out, std::ostream& err, const std::string& census_date = "");
// One run (plan, enqueue, send). With `forever`, repeats on the schedule until `stop`.
int Run(const std::string& config_path, bool forever, const std::atomic<bool>& stop, std::ostream& out,
        std::ostream& err, const std::string& census_date = "");
// Writes a fresh random pseudonymisation secret (mode 0600).
int InitSecret(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxconnect
