#!/usr/bin/env bash
# Records real SIP traces through a real NAT, for the byte-exact fixtures in test/fixtures/traces/.
#
# It builds three network namespaces:
#   phone  100.64.0.10/24, default route via 100.64.0.1      (SIPp as the phone: private side)
#   nat    100.64.0.1/24 and 203.0.113.1/24, ip_forward on, nftables masquerade on the public side
#   pbx    203.0.113.5/24                                     (Kamailio registrar/proxy with sipdump,
#                                                              SIPp answering machine and caller)
# and runs, in order: REGISTER (401 challenge, then with credentials), OPTIONS, a call from the
# phone to the answering machine, and a call from the public side to the registered phone.
#
# Captures: SIPp -trace_msg on the phone side; on the pbx side ngrep -W byline (default, -q, -t),
# a pcap that sngrep saves as .txt (driven in tmux, since its save dialog is only in the UI), and
# Kamailio's sipdump text file. Plain-text traces are cut out of the sipdump file.
#
# Usage: sudo scripts/make-traces.sh [OUTDIR]      (default OUTDIR: test/fixtures/traces)
# Needs: root, iproute2, nftables, sipp, kamailio, ngrep, tshark, sngrep, tmux, node.
# KEEP_WORK=1 keeps the scratch directory (logs of every tool) for inspection.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/test/fixtures/traces}
SCN=$ROOT/test/fixtures/sipp-scenarios/lab
WORK=$(mktemp -d /tmp/sipnat-lab.XXXXXX)
NSS=(phone nat pbx)
PIDS=()
TMUX_SESSION=sipnat-lab-$$

PHONE_IP=100.64.0.10
NAT_IN=100.64.0.1
NAT_OUT=203.0.113.1
PBX_IP=203.0.113.5
PROXY_PORT=5060   # Kamailio
UAS_PORT=5090     # answering machine behind the proxy
CALLER_PORT=5070  # public caller that calls the phone
PHONE_PORT=5060
BARESIP_PORT=5062

log() { printf '== %s\n' "$*" >&2; }

# Teardown runs on every exit: it stops exactly the processes this script started, removes the
# namespaces (which removes their veths and nftables rules with them) and the scratch directory.
teardown() {
  local rc=$?
  set +e
  tmux kill-session -t "$TMUX_SESSION" 2>/dev/null
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  for ns in "${NSS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  if [[ ${KEEP_WORK:-0} == 1 ]]; then log "scratch kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command in a namespace in the background and remembers its pid (ip netns exec execs the
# command, so the pid is the tool's own).
bg_in() {
  local ns=$1; shift
  ip netns exec "$ns" "$@" &
  PIDS+=("$!")
}

# Stops one background process started by bg_in and waits for it to flush its output.
stop_pid() {
  kill -INT "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

for ns in "${NSS[@]}"; do
  if ip netns list | grep -qw "$ns"; then echo "namespace $ns already exists; remove it first" >&2; exit 1; fi
done

log "building namespaces"
for ns in "${NSS[@]}"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add phone0 netns phone type veth peer name nat0 netns nat
ip link add nat1 netns nat type veth peer name pbx0 netns pbx
ip -n phone addr add "$PHONE_IP/24" dev phone0
ip -n phone link set phone0 up
ip -n phone route add default via "$NAT_IN"
ip -n nat addr add "$NAT_IN/24" dev nat0
ip -n nat addr add "$NAT_OUT/24" dev nat1
ip -n nat link set nat0 up
ip -n nat link set nat1 up
ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
ip -n pbx addr add "$PBX_IP/24" dev pbx0
ip -n pbx link set pbx0 up
# Source NAT on the public side. UDP is mapped into 40000-49999 so that the public port differs
# from the phone's 5060, as with most carrier-grade NATs; the traces then show received=/rport=
# that a linter can use as the public mapping.
ip netns exec nat nft -f - <<EOF
table ip lab_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "nat1" meta l4proto udp masquerade to :40000-49999
    oifname "nat1" masquerade
  }
}
EOF

log "starting Kamailio with sipdump in pbx"
mkdir -p "$WORK/sipdump"
# The configuration is a small registrar/proxy. It does not rewrite the phone's private Contact or
# SDP (no fix_nated_contact/sdp): it keeps the public mapping aside (received AVP on REGISTER,
# alias= on Contacts of replies from behind the NAT) to reach the phone, which is what real
# deployments do, and leaves the private addresses in the messages for the linter to find.
sed -e "s#@LISTEN@#udp:$PBX_IP:$PROXY_PORT#" -e "s#@DUMPDIR@#$WORK/sipdump#" \
    -e "s#@UAS@#sip:$PBX_IP:$UAS_PORT#" > "$WORK/kamailio.cfg" <<'EOF'
#!KAMAILIO
debug=2
log_stderror=yes
children=2
auto_aliases=no
listen=@LISTEN@
server_header="Server: kamailio-lab"
user_agent_header="User-Agent: kamailio-lab"

mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "nathelper.so"
loadmodule "sipdump.so"

modparam("sipdump", "enable", 1)
modparam("sipdump", "mode", 1)
modparam("sipdump", "folder", "@DUMPDIR@")
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "received_avp", "$avp(RECEIVED)")
modparam("rr", "append_fromtag", 1)

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	# RFC 3581: answer to the source port as well as the source address.
	force_rport();

	if (is_method("OPTIONS") && uri==myself && $rU==$null) {
		sl_send_reply("200", "Keepalive");
		exit;
	}

	if (has_totag()) {
		if (loose_route()) {
			# In-dialog requests towards the phone carry the alias= that tells its public mapping.
			handle_ruri_alias();
			t_relay();
			exit;
		}
		if (is_method("ACK")) {
			if (t_check_trans()) { t_relay(); }
			exit;
		}
		sl_send_reply("404", "Not here");
		exit;
	}

	if (is_method("CANCEL")) {
		if (t_check_trans()) { t_relay(); }
		exit;
	}

	if (is_method("REGISTER")) {
		if (!pv_www_authenticate("$td", "lab-secret", "0")) {
			www_challenge("$td", "0");
			exit;
		}
		consume_credentials();
		# Remember where the REGISTER came from (the NAT's public mapping) for later lookups.
		fix_nated_register();
		if (!save("location")) { sl_reply_error(); }
		exit;
	}

	if (is_method("INVITE")) { record_route(); }
	t_on_reply("FROM_PEER");

	# Calls to a registered user go to its public mapping; all others to the answering machine.
	if (lookup("location")) {
		t_relay();
		exit;
	}
	$du = "@UAS@";
	t_relay();
	exit;
}

onreply_route[FROM_PEER] {
	# A reply whose source differs from its Contact host comes from behind a NAT: tag its
	# Contact with alias= so that later in-dialog requests reach the mapping.
	if (nat_uac_test("1")) { add_contact_alias(); }
}
EOF
ip netns exec pbx kamailio -c -f "$WORK/kamailio.cfg" >"$WORK/kamailio-check.log" 2>&1 \
  || { cat "$WORK/kamailio-check.log" >&2; exit 1; }
bg_in pbx kamailio -DD -E -f "$WORK/kamailio.cfg" -P "$WORK/kamailio.pid" -w "$WORK" >"$WORK/kamailio.log" 2>&1

log "starting captures in pbx"
# Interface "any": the phone's traffic arrives on pbx0 from the NAT's public address, and the
# proxy's hop to the answering machine (same host) goes over lo. Every SIP message passes the
# proxy's port, and the filter keeps RTP/RTCP out. The empty match expression '' matters:
# ngrep's first free argument is the payload pattern, the BPF filter comes after it.
bg_in pbx tshark -q -i any -F pcap -w "$WORK/pbx.pcap" -f "udp port $PROXY_PORT" >"$WORK/tshark.log" 2>&1
bg_in pbx ngrep -l -W byline -d any '' "udp port $PROXY_PORT" >"$WORK/ngrep-pbx.txt" 2>"$WORK/ngrep.err"
bg_in pbx ngrep -l -q -W byline -d any '' "udp port $PROXY_PORT" >"$WORK/ngrep-pbx-q.txt" 2>>"$WORK/ngrep.err"
bg_in pbx ngrep -l -t -W byline -d any '' "udp port $PROXY_PORT" >"$WORK/ngrep-pbx-t.txt" 2>>"$WORK/ngrep.err"
for _ in $(seq 50); do grep -q 'Capturing on' "$WORK/tshark.log" 2>/dev/null && break; sleep 0.2; done
sleep 1

log "answering machine in pbx"
bg_in pbx sipp -sf "$SCN/uas.xml" -i "$PBX_IP" -p "$UAS_PORT" -nostdin -m 1 >"$WORK/uas.out" 2>&1
UAS_PID=${PIDS[-1]}
sleep 0.5

# Runs one phone-side SIPp scenario to completion and keeps its -trace_msg log.
phone_sipp() {
  local name=$1; shift
  ip netns exec phone sipp "$@" -i "$PHONE_IP" -p "$PHONE_PORT" -m 1 -nostdin -timeout 20 \
    -trace_msg -message_file "$WORK/$name.log" >"$WORK/$name.out" 2>&1 \
    || { echo "sipp $name failed" >&2; tail -20 "$WORK/$name.out" >&2; exit 1; }
}

log "phone: REGISTER with digest auth"
phone_sipp phone-register -sf "$SCN/phone-register.xml" "$PBX_IP:$PROXY_PORT"
log "phone: OPTIONS"
phone_sipp phone-options -sf "$SCN/phone-options.xml" "$PBX_IP:$PROXY_PORT"
log "phone: call to the answering machine"
phone_sipp phone-call -sf "$SCN/phone-call.xml" -s service -mp 16000 "$PBX_IP:$PROXY_PORT"
wait "$UAS_PID" 2>/dev/null || true

log "baresip in phone: REGISTER as carol, call the answering machine, hang up on quit"
# A real softphone as a second device behind the same NAT: it registers, calls, and on quitting
# hangs up and unregisters. Its own SIP trace (-s) stays in the scratch directory. The sine
# source only runs at 48 kHz stereo, hence the sample rate and channel settings.
mkdir -p "$WORK/baresip"
BARESIP_MODULES=/usr/lib/baresip/modules
[[ -d $BARESIP_MODULES ]] || BARESIP_MODULES=/usr/lib/x86_64-linux-gnu/baresip/modules
cat >"$WORK/baresip/config" <<EOF
poll_method		epoll
sip_listen		$PHONE_IP:$BARESIP_PORT
sip_trans_def		udp
audio_player		aufile,$WORK/baresip/received.wav
audio_source		ausine,440
ausrc_srate		48000
auplay_srate		48000
ausrc_channels		2
auplay_channels		2
audio_alert		aufile,$WORK/baresip/alert.wav
rtp_ports		17000-17100
module_path		$BARESIP_MODULES
module			g711.so
module			ausine.so
module			aufile.so
module_app		account.so
module_app		menu.so
module_app		contact.so
EOF
echo "<sip:carol@$PBX_IP>;auth_pass=lab-secret;regint=3600;outbound=\"sip:$PBX_IP:$PROXY_PORT\"" \
  >"$WORK/baresip/accounts"
: >"$WORK/baresip/contacts"
bg_in pbx sipp -sf "$SCN/uas.xml" -i "$PBX_IP" -p "$UAS_PORT" -nostdin -m 1 -timeout 20 >"$WORK/uas2.out" 2>&1
UAS_PID=${PIDS[-1]}
sleep 0.5
ip netns exec phone baresip -f "$WORK/baresip" -s -t 4 -e "/dial sip:service@$PBX_IP" \
  </dev/null >"$WORK/baresip.out" 2>&1 || true
wait "$UAS_PID" || { echo "answering machine (baresip call) failed" >&2; tail -20 "$WORK/uas2.out" >&2; exit 1; }

log "public caller -> registered phone"
ip netns exec phone sipp -sf "$SCN/uas.xml" -i "$PHONE_IP" -p "$PHONE_PORT" -m 1 -nostdin -timeout 20 \
  -trace_msg -message_file "$WORK/phone-incoming.log" >"$WORK/phone-incoming.out" 2>&1 &
PHONE_UAS=$!
PIDS+=("$PHONE_UAS")
sleep 0.5
ip netns exec pbx sipp -sf "$SCN/pbx-caller.xml" -s alice -i "$PBX_IP" -p "$CALLER_PORT" -m 1 \
  -nostdin -timeout 20 "$PBX_IP:$PROXY_PORT" >"$WORK/pbx-caller.out" 2>&1 \
  || { echo "pbx caller failed" >&2; tail -20 "$WORK/pbx-caller.out" >&2; exit 1; }
wait "$PHONE_UAS" || { echo "phone uas failed" >&2; tail -20 "$WORK/phone-incoming.out" >&2; exit 1; }

sleep 1
log "stopping captures"
for p in "${PIDS[@]}"; do stop_pid "$p"; done
PIDS=()

log "sngrep: saving the pbx pcap as .txt through its UI"
# F2 opens "Save capture"; the cursor starts in Filename. Down+Space picks "all dialogs", four
# more Downs reach the ".txt" format, Space selects it, Enter saves.
(cd "$WORK" && tmux new-session -d -s "$TMUX_SESSION" -x 200 -y 50 "sngrep -I $WORK/pbx.pcap; sleep 30")
sleep 2
tmux send-keys -t "$TMUX_SESSION" F2; sleep 0.7
tmux send-keys -t "$TMUX_SESSION" sngrep-pbx; sleep 0.3
tmux send-keys -t "$TMUX_SESSION" Down; sleep 0.2
tmux send-keys -t "$TMUX_SESSION" Space; sleep 0.2
for _ in 1 2 3 4; do tmux send-keys -t "$TMUX_SESSION" Down; sleep 0.2; done
tmux send-keys -t "$TMUX_SESSION" Space; sleep 0.3
tmux send-keys -t "$TMUX_SESSION" Enter
for _ in $(seq 25); do [[ -s $WORK/sngrep-pbx.txt ]] && break; sleep 0.2; done
sleep 0.5
tmux kill-session -t "$TMUX_SESSION"
[[ -s $WORK/sngrep-pbx.txt ]] || { echo "sngrep did not save" >&2; exit 1; }

log "copying results to $OUT"
mkdir -p "$OUT"/{sipp,ngrep,sngrep,sipdump,plain}
for f in phone-register phone-options phone-call phone-incoming; do
  cp "$WORK/$f.log" "$OUT/sipp/nat-$f.log"
done
cp "$WORK/ngrep-pbx.txt" "$OUT/ngrep/nat-pbx.txt"
cp "$WORK/ngrep-pbx-q.txt" "$OUT/ngrep/nat-pbx-q.txt"
cp "$WORK/ngrep-pbx-t.txt" "$OUT/ngrep/nat-pbx-t.txt"
cp "$WORK/sngrep-pbx.txt" "$OUT/sngrep/nat-pbx.txt"
cp "$WORK"/sipdump/kamailio-sipdump-*.data "$OUT/sipdump/nat-pbx.data"
# Plain traces: the messages of the sipdump file verbatim, one empty line between two messages
# (CRLF file), and the same with LF line ends, as pasted from an editor.
node - "$OUT/sipdump/nat-pbx.data" "$OUT/plain/nat-pbx-crlf.txt" "$OUT/plain/nat-pbx-lf.txt" <<'EOF'
const fs = require('fs');
const [src, crlf, lf] = process.argv.slice(2);
const text = fs.readFileSync(src, 'latin1');
const messages = [];
const record = /~{20}\n([\s\S]*?)\|{20}\n/g;
for (let m = record.exec(text); m; m = record.exec(text)) messages.push(m[1]);
fs.writeFileSync(crlf, messages.join('\r\n'), 'latin1');
fs.writeFileSync(lf, messages.map((s) => s.replace(/\r\n/g, '\n')).join('\n'), 'latin1');
EOF
(cd "$OUT" && wc -c sipp/nat-* ngrep/nat-* sngrep/nat-* sipdump/nat-* plain/nat-*) >&2

if [[ $OUT == "$ROOT/test/fixtures/traces" ]]; then
  log "refreshing examples/ and expected.json"
  cp "$OUT/sipp/nat-phone-call.log" "$ROOT/examples/sipp-phone-call.sip"
  cp "$OUT/ngrep/nat-pbx-t.txt" "$ROOT/examples/ngrep-pbx.sip"
  cp "$OUT/sngrep/nat-pbx.txt" "$ROOT/examples/sngrep-pbx.sip"
  cp "$OUT/sipdump/nat-pbx.data" "$ROOT/examples/sipdump-pbx.sip"
  cp "$OUT/plain/nat-pbx-crlf.txt" "$ROOT/examples/plain-pbx.sip"
  # Asterisk and FreeSWITCH are not in Debian: their logs are the sipdump messages in their framing.
  node "$OUT/make-pbx-logs.js" >&2
  cp "$OUT/asterisk/nat-pbx-pjsip.txt" "$ROOT/examples/asterisk-pbx.sip"
  cp "$OUT/freeswitch/nat-pbx-siptrace.txt" "$ROOT/examples/freeswitch-pbx.sip"
  node "$OUT/derive-expected.js" >&2
fi
log "done"
