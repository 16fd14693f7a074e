// `dxctl conformance`: what a partner's connector would see from a store,
// checked with the contract's test vectors (docs/test-vectors.json, built
// in): every valid event a connector may send is accepted (or a duplicate),
// each invalid one is rejected with the reason code the contract names, a
// resend is a duplicate under the same seq, and a connector may not read.
// Reported in words, one line per check.
#pragma once

#include <iosfwd>
#include <string>

#include "dxhub/dxctl/commands.h"

namespace dxhub::dxctl {

struct ConformanceOptions {
  Connection connection;  // tcp:// endpoint, the store's public key, a connector's secret key
  std::string org_id;     // the org the key is registered for; empty = the vectors' own (ACME)
};

// 0 when every check saw what the contract says; 1 when one did not or the
// store did not answer; 2 for a bad endpoint or key file.
int Conformance(const ConformanceOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dxhub::dxctl
