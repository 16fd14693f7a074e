// `dxctl digest preview` and `dxctl digest send-now` (issue 17): they run the
// digest library in-process with dxhub-digest's own configuration file (its
// upstream keys, outbox, state folder and mail settings), so what they write
// or send is exactly what the service would.
#pragma once

#include <ostream>
#include <string>

namespace dxhub::dxctl {

struct DigestPreviewOptions {
  std::string config;   // dxhub-digest's configuration file
  std::string profile = "full";
  std::string out_dir;  // digest.html, digest.txt, digest.csv, digest.pdf, chart-N.png
};

// Writes the digest's files without sending anything.
int DigestPreview(const DigestPreviewOptions& options, std::ostream& out, std::ostream& err);

// Sends schedule `schedule_id`'s digest now (slot "now-<UTC minute>"), archived
// and recorded in the store like a scheduled one.
int DigestSendNow(const std::string& config, const std::string& schedule_id, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxctl
