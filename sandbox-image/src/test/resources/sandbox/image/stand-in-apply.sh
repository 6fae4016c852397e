#!/bin/sh
# Test stand-in for sandbox-firewall's apply script, with the same contract
# (apply [--require-firewall] [--deny-all] [DIR]; state file; DEGRADED banner), used only
# until the firewall module is on this branch. Deny-all: loopback and established only.
set -eu
require=0
for a in "$@"; do
    case "$a" in
        --require-firewall) require=1 ;;
    esac
done
state="${SANDBOX_STATE_DIR:-/run/sandbox}"
mkdir -p "$state"
if ! iptables -S >/dev/null 2>&1; then
    echo "[apply] FIREWALL DEGRADED: no NET_ADMIN, egress is not filtered" >&2
    printf 'mode=degraded\nhash=\nv4=0\nv6=0\napplied=%s\n' "$(date +%s)" >"$state/firewall.state"
    [ "$require" = 1 ] && exit 1
    exit 0
fi
iptables-restore <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
-A OUTPUT -o lo -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -j REJECT
COMMIT
RULES
printf 'mode=strict\nhash=deny-all\nv4=0\nv6=0\napplied=%s\n' "$(date +%s)" >"$state/firewall.state"
echo "[apply] strict: deny-all" >&2
