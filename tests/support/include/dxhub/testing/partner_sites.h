// The simulated partners' connector sites for integration tests, laid out
// like deploy/demo.sh against a StoreProcess: dxsim writes the partners'
// files to <store dir>/partners, and each partner's connector gets the CURVE
// key pair the store registered for it, a pseudonymisation secret and its
// deploy/examples config pointing at the store, then runs
// `dxconnect run --once`, to completion or started to run alongside others
// (to be killed mid-run). Owned by one test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

// The eight simulated partners, in dxsim's order (pass as StoreProcessOptions::connector_orgs).
inline const std::vector<std::string> kSimulatedPartners = {"BMDC", "BTHFT", "BDCFT", "ANHSFT",
                                                            "WYP",  "WYFRS", "UOB",   "BCVS"};

// A started store with a connector key for each simulated partner (the caller owns it).
StoreProcess* StartStoreForSimulatedPartners();

// Runs dxsim into <store dir>/partners with extra `options` (e.g. {"--scale", "0.1"}).
CommandResult SimulatePartners(const StoreProcess& store, const std::vector<std::string>& options = {});

// Lays out `org`'s connector site under <store dir> (keys/, connectors/<org>.yaml;
// its pseudonymisation secret, written on the first call and kept after, is
// `secret_prefix` + org + "-0123456789") and runs it once; its output is in
// <store dir>/dxconnect-<org>.{out,err}.
CommandResult RunPartnerConnector(const StoreProcess& store, const std::string& org, const std::string& secret_prefix,
                                  std::chrono::seconds timeout = std::chrono::seconds(180));

// Lays out `org`'s connector site as RunPartnerConnector does, without
// running it; returns the path of its config (<store dir>/connectors/<org>.yaml).
std::filesystem::path WritePartnerConnectorSite(const StoreProcess& store, const std::string& org,
                                                const std::string& secret_prefix);

// Starts `dxconnect run --once --config <config> <extra_args...>` without
// waiting for it; its output goes to `output_stem`.{out,err}.
std::unique_ptr<ChildProcess> StartPartnerConnector(const std::filesystem::path& config,
                                                    const std::vector<std::string>& extra_args,
                                                    const std::filesystem::path& output_stem);

}  // namespace dxhub::testing
