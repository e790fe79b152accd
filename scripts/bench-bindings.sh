#!/usr/bin/env bash
# Instructions per frame (codecs) and per packet (SRTP) through the Swift bindings and through the C
# libraries called directly, counted by valgrind's callgrind: the same count on every run, whatever
# else the machine does, so the overhead check (issue 6: within 5 %) does not depend on timing
# noise. The per-iteration figure is the difference between runs of N and 3N iterations, divided
# by 2N, so set-up and start-up cancel out. Wall-clock figures are in `make bench`.
# Usage: bench-bindings.sh [scale]   (scale multiplies N; CI uses 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
bash scripts/install-deps.sh valgrind >/dev/null
(cd Benchmarks && swift build -c release --product BindingCost >/dev/null)
# valgrind 3.19 cannot read the debug information of this build ("possibly corrupted"); a copy
# without it keeps the symbols, and the counts do not depend on it.
runner=$(mktemp)
trap 'rm -f "$runner"' EXIT
strip --strip-debug -o "$runner" Benchmarks/.build/release/BindingCost

# libsrtp (through NSS) allocates about ten blocks per packet, and which path glibc's malloc takes
# for them depends on the heap's layout: a few hundred instructions either way, whichever side runs.
# A large thread cache sends them all down its short path, so what differs is our code.
export GLIBC_TUNABLES=glibc.malloc.tcache_count=1000

instructions() { # workload mode n
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$runner" "$1" "$2" "$3" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_iteration() { # workload mode n
  local low high
  low=$(instructions "$1" "$2" "$3")
  high=$(instructions "$1" "$2" $((3 * $3)))
  echo $(( (high - low) / (2 * $3) ))
}

status=0
printf '| workload | binding (instructions) | C direct (instructions) | overhead |\n| --- | --- | --- | --- |\n'
for entry in pcmu:2000 pcma:2000 g722:300 opus:40 \
             AES_CM_128_HMAC_SHA1_80:1000 AES_CM_128_HMAC_SHA1_32:1000 AEAD_AES_128_GCM:1000 AEAD_AES_256_GCM:1000; do
  workload=${entry%%:*}
  n=$(( ${entry##*:} * scale ))
  ours=$(per_iteration "$workload" binding "$n")
  theirs=$(per_iteration "$workload" direct "$n")
  overhead=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%+.2f %%", (a - b) * 100 / b }')
  printf '| %s | %d | %d | %s |\n' "$workload" "$ours" "$theirs" "$overhead"
  if [ $(( ours * 100 )) -gt $(( theirs * 105 )) ]; then
    echo "bench-bindings: $workload: the binding costs more than 5 % over the C library" >&2
    status=1
  fi
done
exit $status
