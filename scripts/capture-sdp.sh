#!/usr/bin/env bash
# Captures the real SDP in Fixtures/sdp/captured/ from baresip and linphonec run on loopback: each
# peer calls a sipp UAS (its offer), then answers a sipp UAC that offers our default audio (its answer).
# Not part of `make test`; run it by hand to refresh the fixtures (needs baresip, linphone-cli, sip-tester).
set -euo pipefail
cd "$(dirname "$0")/.."
out=Fixtures/sdp/captured
work=$(mktemp -d)
trap 'pkill -f "baresip -f $work" || true; pkill -f "linphonec -c $work" || true; rm -rf "$work"' EXIT

body() { # the first SDP body in a sipp message log after a line matching $2, with CRLF line ends
  awk -v start="$2" '$0 ~ start {g=1} g && /^v=0/ {f=1} f && /^\r?$/ {exit} f {sub(/\r$/, ""); printf "%s\r\n", $0}' "$1"
}
uas() { sipp -sn uas -p 15070 -i 127.0.0.1 -m 1 -trace_msg -message_file "$work/$1" -bg >/dev/null 2>&1 || true; sleep 0.5; }
uac() { timeout 15 sipp -sf scripts/capture/uac-offer.xml "127.0.0.1:$1" -p 15071 -i 127.0.0.1 -m 1 -trace_msg -message_file "$work/$2" >/dev/null 2>&1; }

mkdir -p "$work/bs" "$work/lp/.local/share/linphone"
printf 'poll_method poll\nsip_listen 127.0.0.1:15060\naudio_source ausine,440\nrtp_ports 16000-16100\nmodule_path /usr/lib/baresip/modules\n' > "$work/bs/config"
for m in g711 g722 opus ausine srtp account menu; do echo "module $m.so" >> "$work/bs/config"; done
for enc in "" ";mediaenc=srtp-mand"; do
  echo "<sip:alice@127.0.0.1>;regint=0;answermode=auto$enc" > "$work/bs/accounts"
  uas bs-uas.log
  (timeout 10 baresip -f "$work/bs" -e "/dial sip:bob@127.0.0.1:15070" >/dev/null 2>&1 &); sleep 4
  pkill -f "baresip -f $work" || true; pkill sipp || true; sleep 0.5
  body "$work/bs-uas.log" INVITE > "$out/baresip-offer${enc:+-srtp}.sdp"; rm -f "$work/bs-uas.log"
done
echo "<sip:alice@127.0.0.1>;regint=0;answermode=auto" > "$work/bs/accounts"
(timeout 20 baresip -f "$work/bs" >/dev/null 2>&1 &); sleep 2
uac 15060 bs-uac.log; body "$work/bs-uac.log" "SIP/2.0 200" > "$out/baresip-answer.sdp"
pkill -f "baresip -f $work" || true

printf '[sip]\nsip_port=15080\nsip_tcp_port=0\nsip_tls_port=0\ncontact="Bob" <sip:bob@127.0.0.1>\n[rtp]\naudio_rtp_port=17000\n[video]\nenabled=0\n' > "$work/lp/rc"
uas lp-uas.log
( (sleep 3; echo "call sip:bob@127.0.0.1:15070"; sleep 4; echo terminate; sleep 1; echo quit) | HOME=$work/lp timeout 15 linphonec -c "$work/lp/rc" >/dev/null 2>&1 ) || true
pkill sipp || true
body "$work/lp-uas.log" INVITE > "$out/linphone-offer.sdp"
( (echo "autoanswer enable"; sleep 12; echo quit) | HOME=$work/lp timeout 15 linphonec -c "$work/lp/rc" >/dev/null 2>&1 & ); sleep 3
uac 15080 lp-uac.log; body "$work/lp-uac.log" "SIP/2.0 200" > "$out/linphone-answer.sdp"
wc -l "$out"/*.sdp
