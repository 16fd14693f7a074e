#!/usr/bin/env bash
# Installs every Debian 12 package dxhub needs to build, test and run.
# Idempotent and non-interactive: installs only what is missing, and runs
# `apt-get update` only when something is missing. Debian packages only.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libzmq3-dev cppzmq-dev
  libprotobuf-dev protobuf-compiler
  librocksdb-dev
  libjemalloc-dev   # the programs' allocator (CMakeLists.txt, DXHUB_JEMALLOC)
  libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  libyaml-cpp-dev libcli11-dev
  libsodium-dev
  libssl-dev   # libcrypto's SHA-256 (event ids; uses the CPU's SHA extensions)
  chromium
  nlohmann-json3-dev
  libbenchmark-dev
  postgresql
  python3
  libhowardhinnant-date-dev tzdata libcurl4-openssl-dev libcairo2-dev fonts-dejavu-core
  python3-aiosmtpd poppler-utils openssl
  linux-perf
  clang libclang-rt-14-dev   # deploy/fuzz.sh: libFuzzer, ASan, UBSan
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
