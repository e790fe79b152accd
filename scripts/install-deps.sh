#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only those missing. Used by `make`.
# Usage: install-deps.sh [extra-package …]
# `make test` adds the test peers (sip-tester, tshark, kamailio, baresip).
set -euo pipefail

PACKAGES=(
  git   # SwiftPM fetches the package dependencies with it
  pkg-config       # SwiftPM finds the system libraries' flags with it
  libopus-dev      # COpus: the Opus codec
  libspandsp-dev   # CSpanDSP: G.722, concealment, DTMF
  libsrtp2-dev     # CSRTP: SRTP and SRTCP
)
# Callers may name more packages (scripts/bench-peers.sh adds the C stacks it measures).
PACKAGES+=("$@")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: the Swift toolchain (swift) is not on PATH; install Swift 6 first" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: system packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: not root; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
