// `dxctl digest preview` and `dxctl digest send-now` (issue 17): they ask the
// running dxhub-digest over its owner-only ipc:// admin socket, so what they
// write or send is made by the service itself (its keys, outbox, state and the
// store's record of what was sent), never by a second copy of it.
#pragma once

#include <ostream>
#include <string>

#include "dxhub/dxctl/commands.h"

namespace dxhub::dxctl {

struct DigestPreviewOptions {
  Connection connection;  // dxhub-digest's admin socket
  std::string profile = "full";
  std::string out_dir;    // digest.html, digest.txt, digest.csv, digest.pdf, chart-N.png
};

// Writes the digest's files without sending anything.
int DigestPreview(const DigestPreviewOptions& options, std::ostream& out, std::ostream& err);

// Has the service send schedule `schedule_id`'s digest now (slot "now-<UTC
// minute>"), archived and recorded in the store like a scheduled one; waits
// for the delivery (the SMTP transport's retries included).
int DigestSendNow(const Connection& connection, const std::string& schedule_id, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxctl
