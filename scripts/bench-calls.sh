#!/usr/bin/env bash
# Calls per second a UAS sustains against `sipp -sn uac` on loopback (issue 7): INVITE, 200 (with SDP),
# ACK, BYE, 200, no media. Measured for our `softphone answer --no-media` (release build), sipp's own
# `-sn uas` and baresip (auto-answer), in the same run. For each rate, sipp places calls for SECONDS;
# a rate is sustained when every call succeeds and sipp reaches 95 % of it. CPU per call is the UAS
# process's user+system time over the run divided by the calls. Then the memory per established
# dialog of ours: RSS with DIALOGS calls held open (sipp -d) over the RSS before.
# Usage: bench-calls.sh [SECONDS] [smoke]   (smoke: ours only, 1000 calls/s, fails on any failed call)
# RATES_OURS, RATES_SIPP, RATES_BARESIP (empty skips that UAS) and DIALOGS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RATE=${1:-20}
MODE=${2:-full}
RATES_OURS=${RATES_OURS-"1000 2000 3000 4000 5000 6000 7000 8000"}
RATES_SIPP=${RATES_SIPP-"2000 4000 8000 12000"}
RATES_BARESIP=${RATES_BARESIP-"100 200 300 400"}
DIALOGS=${DIALOGS:-5000}

if [ "$MODE" = smoke ]; then bash scripts/install-deps.sh sip-tester >/dev/null; else bash scripts/install-deps.sh sip-tester baresip >/dev/null; fi
swift build -c release --product softphone >/dev/null
SOFTPHONE=.build/release/softphone
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(( 21000 + RANDOM % 20000 ))

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
stat_field() {  # the value of column $2 in sipp's statistics file $1 (last line)
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print $c }' "$1"
}
wait_bound() {  # wait until something listens on UDP port $1
  for _ in $(seq 100); do ss -uln | grep -q ":$1 " && return 0; sleep 0.05; done; return 1
}

# One sipp run at rate $2 against 127.0.0.1:$1 for SECONDS_PER_RATE; prints "ok failed elapsed_s".
load() {
  local target=$1 rate=$2 count=$(( $2 * SECONDS_PER_RATE )) stats="$WORK/stat-$1-$2.csv"
  PORT=$(( PORT + 2 ))
  sipp -sn uac "127.0.0.1:$target" -i 127.0.0.1 -p "$PORT" -r "$rate" -m "$count" -l $(( rate * 4 )) \
    -buff_size 4194304 -nostdin -timeout $(( SECONDS_PER_RATE * 3 + 30 )) -timeout_error \
    -trace_stat -stf "$stats" -fd 1 >/dev/null 2>&1 || true
  local ok failed elapsed
  ok=$(stat_field "$stats" "SuccessfulCall(C)"); failed=$(stat_field "$stats" "FailedCall(C)")
  elapsed=$(stat_field "$stats" "ElapsedTime(C)" | awk -F: '{print $1 * 3600 + $2 * 60 + $3}')
  echo "$ok $failed $elapsed"
}

# Runs the rates in $3 against UAS process $2 listening on $1; prints table rows, returns the best rate.
measure() {
  local name=$1 target=$2 pid=$3 rates=$4 best=0
  for rate in $rates; do
    local before after ok failed elapsed achieved cpu_us
    before=$(cpu_ticks "$pid")
    read -r ok failed elapsed < <(load "$target" "$rate")
    after=$(cpu_ticks "$pid")
    achieved=$(awk -v ok="$ok" -v e="$elapsed" 'BEGIN { printf "%.0f", (e > 0 ? ok / e : 0) }')
    cpu_us=$(awk -v t=$(( after - before )) -v ok="$ok" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (ok > 0 ? t * 1e6 / hz / ok : 0) }')
    echo "| $name | $rate | $ok | $failed | $achieved | $cpu_us | $(( $(rss_kb "$pid") / 1024 )) |"
    if [ "$failed" != 0 ] || [ "$achieved" -lt $(( rate * 95 / 100 )) ]; then break; fi
    best=$rate
  done
  echo "| **$name sustains** | **$best** | | | | | |"
  [ "$best" -gt 0 ]
}

start_ours() {
  "$SOFTPHONE" answer --listen "127.0.0.1:$1" --no-media --max-transactions 1048576 2>"$WORK/ours-$1.log" &
  echo $! >"$WORK/ours.pid"
  wait_bound "$1"
}

echo "| UAS | rate asked (calls/s) | calls | failed | calls/s reached | CPU µs per call | RSS MiB |"
echo "| --- | --- | --- | --- | --- | --- | --- |"

if [ "$MODE" = smoke ]; then
  SECONDS_PER_RATE=5
  start_ours 5070 && measure ours 5070 "$(cat "$WORK/ours.pid")" 1000
  exit $?
fi

if [ -n "$RATES_OURS" ]; then
  OURS=$(( PORT + 5000 )); start_ours "$OURS"; OURS_PID=$(cat "$WORK/ours.pid")
  measure ours "$OURS" "$OURS_PID" "$RATES_OURS" || true
  kill -INT "$OURS_PID"; wait "$OURS_PID" 2>/dev/null || true
fi

SIPP_UAS=$(( PORT + 5100 ))
if [ -n "$RATES_SIPP" ]; then
  sipp -sn uas -i 127.0.0.1 -p "$SIPP_UAS" -buff_size 4194304 -nostdin >/dev/null 2>&1 &
  SIPP_PID=$!
  wait_bound "$SIPP_UAS" && { measure "sipp -sn uas" "$SIPP_UAS" "$SIPP_PID" "$RATES_SIPP" || true; }
  kill "$SIPP_PID" 2>/dev/null || true
fi

BARESIP=$(( PORT + 5200 )); mkdir -p "$WORK/baresip"
cat >"$WORK/baresip/config" <<CONF
sip_listen 127.0.0.1:$BARESIP
call_max_calls 4096
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module account.so
audio_source aufile,$PWD/Fixtures/audio/speech-8k.wav
audio_player aufile,/dev/null
CONF
echo "<sip:service@127.0.0.1>;regint=0;answermode=auto;audio_codecs=pcmu" >"$WORK/baresip/accounts"
baresip -f "$WORK/baresip" >"$WORK/baresip.log" 2>&1 &
BARESIP_PID=$!
if [ -n "$RATES_BARESIP" ] && wait_bound "$BARESIP"; then
  measure baresip "$BARESIP" "$BARESIP_PID" "$RATES_BARESIP" || true
fi
kill "$BARESIP_PID" 2>/dev/null || true; sleep 1; kill "$BARESIP_PID" 2>/dev/null || true

# Memory per established dialog: DIALOGS calls held 30 s (sipp -d), RSS at the peak over before.
sleep 35
OURS=$(( PORT + 5300 )); start_ours "$OURS"; OURS_PID=$(cat "$WORK/ours.pid")
base=$(rss_kb "$OURS_PID")
PORT=$(( PORT + 2 ))
sipp -sn uac "127.0.0.1:$OURS" -i 127.0.0.1 -p "$PORT" -r 1000 -m "$DIALOGS" -d 30000 -l "$DIALOGS" \
  -buff_size 4194304 -nostdin -timeout 90 -timeout_error >/dev/null 2>&1 &
sleep $(( DIALOGS / 1000 + 5 ))
peak=$(rss_kb "$OURS_PID")
echo
echo "memory: $DIALOGS established dialogs (each with its INVITE transaction still held): RSS $(( base / 1024 )) → $(( peak / 1024 )) MiB, $(( (peak - base) * 1024 / DIALOGS )) bytes per dialog"
kill -INT "$OURS_PID"; wait "$OURS_PID" 2>/dev/null || true
kill %% 2>/dev/null || true
