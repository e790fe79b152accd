#!/usr/bin/env bash
# Builds every fuzz target with libFuzzer + AddressSanitizer and runs each for SECONDS.
# A crash leaves Fuzz/crash-* (move it into Fixtures/fuzz-crashers/<target>/ once fixed) and fails.
set -euo pipefail
SECONDS_PER_TARGET=${1:-60}
cd "$(dirname "$0")/.."
SHARED=../shared/corpora

build() {
  swift build -c release --product "$1" --scratch-path .build-fuzz \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
}

run() {
  local target=$1 dict=$2; shift 2
  local corpus=Fuzz/corpus/$target
  mkdir -p "$corpus"
  local seeds=()
  for d in "$@"; do [ -d "$d" ] && seeds+=("$d"); done
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s (seeds: ${seeds[*]})"
  SWIFT_BACKTRACE=enable=no ".build-fuzz/release/$target" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -dict="$dict" -artifact_prefix=Fuzz/ "$corpus" "${seeds[@]}" 2>&1 |
    grep -vE '^#[0-9]+ +(NEW|REDUCE|pulse)' | tail -n 25
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit $rc); artefacts:"; ls Fuzz/crash-* Fuzz/leak-* Fuzz/timeout-* Fuzz/oom-* 2>/dev/null || true
    return "$rc"
  fi
}

build SIPFuzz
run SIPFuzz Fuzz/sip.dict Fixtures/sip Fixtures/fuzz-crashers/sip "$SHARED/rfc4475" "$SHARED/rfc5118" \
  "$SHARED/fuzz-seeds/pjproject/sip" "$SHARED/fuzz-seeds/pjproject/sip-dialog" "$SHARED/fuzz-seeds/sipgo"

build SDPFuzz
run SDPFuzz Fuzz/sdp.dict Fixtures/sdp Fixtures/fuzz-crashers/sdp "$SHARED/fuzz-seeds/pion-sdp/unmarshal_test-consts" \
  "$SHARED/fuzz-seeds/pjproject/sdp" "$SHARED/fuzz-seeds/pjproject/sdes" "$SHARED/fuzz-seeds/sofia-sip/torture_sdp-strings"

build RTPFuzz
run RTPFuzz Fuzz/rtp.dict Fixtures/rtp Fixtures/fuzz-crashers/rtp "$SHARED/fuzz-seeds/pion-rtp/packets" \
  "$SHARED/fuzz-seeds/pion-rtcp/packets" "$SHARED/fuzz-seeds/pion-rtcp/FuzzUnmarshal-decoded" "$SHARED/fuzz-seeds/pjproject/rtcp"
