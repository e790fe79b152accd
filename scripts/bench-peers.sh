#!/usr/bin/env bash
# Parses each benchmark fixture with our parser (`softphone decode sip --repeat`) and with the C
# stacks' parsers (sofia-sip's msg_make, libre's sip_msg_decode) on this machine, in this run.
# Usage: bench-peers.sh [REPEAT]
set -euo pipefail
REPEAT=${1:-200000}
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh gcc pkg-config libsofia-sip-ua-dev libre-dev
out=.build-peers
mkdir -p "$out"
gcc -O2 -DPEER_SOFIA -o "$out/peer_sofia" Benchmarks/peers/peer_parse.c $(pkg-config --cflags --libs sofia-sip-ua)
gcc -O2 -DPEER_RE -o "$out/peer_re" Benchmarks/peers/peer_parse.c $(pkg-config --cflags --libs libre)
swift build -c release --product softphone >/dev/null
ns() { sed -E 's/.* ([0-9]+) ns\/message/\1/'; }
printf '%-32s %10s %10s %10s\n' "fixture (ns/message)" "ours" "sofia-sip" "libre"
for f in invite-sdp ringing-180 ok-200-sdp ack bye register-deskphone unauthorized-401-kamailio notify-sipfrag thirty-headers; do
  file=Fixtures/sip/$f.sip
  ours=$(.build/release/softphone decode sip --repeat "$REPEAT" "$file" | tail -n 1 | ns)
  sofia=$("$out/peer_sofia" "$REPEAT" "$file" | ns)
  re=$("$out/peer_re" "$REPEAT" "$file" | ns)
  printf '%-32s %10s %10s %10s\n' "$f" "$ours" "$sofia" "$re"
done
