#!/bin/sh
# sandbox firewall: apply a compiled folder (mode, ipset.restore, rules.v4, rules.v6) to this
# network namespace. The only apply implementation: the image ships it, the folder holds a copy.
#
# usage: apply [--require-firewall] [--deny-all] [DIR]      (DIR default /etc/sandbox/firewall)
# exit:  0 applied (or degraded without --require-firewall), 1 failed (fail-closed fallback
#        installed), 2 usage, 3 degraded with --require-firewall
# env:   SANDBOX_STATE_DIR (default /run/sandbox)    state file firewall.state, lock
#        SANDBOX_RESOLV_CONF (default /etc/resolv.conf)
#        SANDBOX_DNS_UPSTREAMS  extra DNS servers (space separated): the upstreams of Docker's
#        embedded DNS, which dockerd queries from inside this namespace
# mark:  last, lo's alias becomes sandbox-firewall:MODE:HASH (the namespace is done)
set -eu
umask 022

P='[sandbox-firewall]'
log() { printf '%s %s\n' "$P" "$*" >&2; }
banner() { # title, reason...
    log '################################################################'
    log "#  $1"
    shift
    for line in "$@"; do log "#  $line"; done
    log '################################################################'
}

REQUIRE=0 DENY_ALL=0 DIR=/etc/sandbox/firewall
while [ $# -gt 0 ]; do
    case "$1" in
        --require-firewall) REQUIRE=1 ;;
        --deny-all) DENY_ALL=1 ;;
        -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 0 ;;
        -*) log "unknown option '$1' (usage: apply [--require-firewall] [--deny-all] [DIR])"; exit 2 ;;
        *) DIR=$1 ;;
    esac
    shift
done
STATE=${SANDBOX_STATE_DIR:-/run/sandbox}
RESOLV=${SANDBOX_RESOLV_CONF:-/etc/resolv.conf}
SETS='sandbox-allow4 sandbox-allow6'
RULE_FILES='mode ipset.restore rules.v4 rules.v6'

write_state() { # mode hash v4 v6 ruleset ipv6 [reason]
    mkdir -p "$STATE"
    {
        printf 'mode=%s\nhash=%s\nv4=%s\nv6=%s\napplied=%s\n' "$1" "$2" "$3" "$4" "$(date +%s)"
        printf 'ruleset=%s\nipv6=%s\n' "$5" "$6"
        [ $# -lt 7 ] || printf 'reason=%s\n' "$7"
    } >"$STATE/firewall.state.tmp"
    mv -f "$STATE/firewall.state.tmp" "$STATE/firewall.state"
}

# The mark: lo's alias in this network namespace says the apply is done here, with which mode
# and rules. Containers sharing the namespace read it (/sys/class/net/lo/ifalias) without
# privileges; setting it needs NET_ADMIN, and a new namespace (any restart) starts without it,
# so no earlier run can be misread. The agent role waits for it; so do up and status.
mark() { # mode hash
    ip link set dev lo alias "sandbox-firewall:$1:$2" 2>/dev/null \
        || { log "cannot mark this network namespace (ip link set dev lo alias): agents waiting for the mark will not start"; return 1; }
}

# No firewall can be enforced here: say so loudly, record it, and let the caller decide.
degraded() { # reason [hash v4 v6 ruleset ipv6]: the last five when the IPv4 rules did apply
    banner 'FIREWALL DEGRADED: egress is NOT (fully) filtered in this sandbox' "reason: $1" \
        'fix: give the firewall container NET_ADMIN and NET_RAW on a kernel with iptables + ipset'
    if [ $# -ge 6 ]; then set -- "$1" "$2" "$3" "$4" "$5" "$6"; else set -- "$1" none 0 0 unchanged unknown; fi
    write_state degraded "$2" "$3" "$4" "$5" "$6" "$1" || log "cannot write $STATE/firewall.state"
    mark degraded "$2" || true
    if [ "$REQUIRE" = 1 ]; then log '--require-firewall: refusing to continue'; exit 3; fi
    exit 0
}

# 1. privileges: uid 0 and CapEff bits NET_ADMIN (12) and NET_RAW (13, needed by -m set)
log "applying ${DIR} (state ${STATE})"
[ "$(id -u)" = 0 ] || degraded "not running as root (uid $(id -u))"
capeff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
[ -n "$capeff" ] || degraded 'cannot read CapEff from /proc/self/status'
[ $(( (0x$capeff >> 12) & 1 )) = 1 ] || degraded "missing capability NET_ADMIN (CapEff=$capeff)"
[ $(( (0x$capeff >> 13) & 1 )) = 1 ] || degraded "missing capability NET_RAW (CapEff=$capeff)"

# 2. kernel support: iptables and ipset present and answering
for tool in iptables iptables-restore iptables-save ipset; do
    command -v "$tool" >/dev/null 2>&1 || degraded "$tool not installed"
done
iptables -S OUTPUT >/dev/null 2>&1 || degraded "iptables unusable here: $(iptables -S OUTPUT 2>&1 | tail -n 1)"
ipset list -n >/dev/null 2>&1 || degraded "ipset unusable here: $(ipset list -n 2>&1 | tail -n 1)"

# IPv6: filtered when ip6tables works; else IPv6 must be (or be made) disabled, or we degrade.
V6=on
if ! command -v ip6tables-restore >/dev/null 2>&1 || ! ip6tables -S OUTPUT >/dev/null 2>&1; then
    v6proc=/proc/sys/net/ipv6/conf
    if [ ! -e /proc/net/if_inet6 ] || [ "$(cat $v6proc/all/disable_ipv6 2>/dev/null || echo 1)" = 1 ]; then
        V6=off
        log 'ip6tables unusable and IPv6 disabled in this namespace: IPv4 rules only'
    elif echo 1 >$v6proc/all/disable_ipv6 2>/dev/null && echo 1 >$v6proc/default/disable_ipv6 2>/dev/null; then
        V6=off
        log 'ip6tables unusable: disabled IPv6 in this namespace instead (fail closed)'
    else
        V6=unfiltered
    fi
fi

# 3. one apply at a time
mkdir -p "$STATE"
LOCK="$STATE/firewall.lock"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$LOCK"
    flock -w 60 9 || { log "another apply holds $LOCK for over 60 s"; exit 1; }
else
    tries=0
    until mkdir "$LOCK.d" 2>/dev/null; do
        holder=$(cat "$LOCK.d/pid" 2>/dev/null || true)
        if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
            log "removing stale lock of pid $holder"; rm -rf "$LOCK.d"; continue
        fi
        tries=$((tries + 1)); [ "$tries" -lt 600 ] || { log "lock $LOCK.d busy"; exit 1; }
        sleep 0.1
    done
    echo $$ >"$LOCK.d/pid"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sandbox-firewall.XXXXXX")
ARMED=0
# The deny-all ruleset: loopback + established only. Installed when a strict apply fails and
# no earlier strict ruleset is in place, and by --deny-all.
deny_all_rules() { # 4|6
    if [ "$1" = 4 ]; then reject=icmp-admin-prohibited; else reject=icmp6-adm-prohibited; fi
    printf '%s\n' '*filter' ':INPUT DROP [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT DROP [0:0]' \
        ':sandbox-strict - [0:0]' \
        '-A INPUT -i lo -j ACCEPT' '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' \
        '-A OUTPUT -o lo -j ACCEPT' '-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' \
        '-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset' "-A OUTPUT -j REJECT --reject-with $reject" \
        'COMMIT'
}
strict_in_place() { # 4|6: an earlier strict (or deny-all) ruleset is live
    if [ "$1" = 4 ]; then iptables -S sandbox-strict >/dev/null 2>&1; else ip6tables -S sandbox-strict >/dev/null 2>&1; fi
}
SWAPPED=''
# Back to what was live before this run: the old set contents (now under -new after a swap)
# and the saved strict tables; deny-all for a family that had no strict ruleset.
fail_closed() {
    for s in $SETS; do
        if case " $SWAPPED " in *" $s "*) true ;; *) false ;; esac; then
            ipset swap "$s-new" "$s" && log "$s: previous contents swapped back"
        fi
        ipset destroy "$s-new" 2>/dev/null || true
    done
    for f in 4 6; do
        [ "$f" = 6 ] && [ "$V6" != on ] && continue
        if [ -s "$TMP/prev.v$f" ]; then
            rules="$TMP/prev.v$f" what='the previous strict ruleset stays in place'
        else
            deny_all_rules $f >"$TMP/deny.v$f"
            rules="$TMP/deny.v$f" what='installed deny-all egress (loopback + established only)'
        fi
        if [ $f = 4 ]; then iptables-restore <"$rules"; else ip6tables-restore <"$rules"; fi \
            && log "IPv$f: $what" || log "IPv$f: FAILED to restore a ruleset"
    done
}
on_exit() {
    rc=$?
    trap - EXIT
    if [ "$rc" != 0 ] && [ "$ARMED" = 1 ]; then
        log "apply FAILED (rc $rc): falling back, fail closed"
        fail_closed || true
        rc=1
    fi
    rm -rf "$TMP" "$LOCK.d" 2>/dev/null || true
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 1' INT TERM HUP
ARMED=1
# What a failure falls back to: the strict tables live now, if any.
if strict_in_place 4; then iptables-save -t filter >"$TMP/prev.v4"; fi
if [ "$V6" = on ] && strict_in_place 6; then ip6tables-save -t filter >"$TMP/prev.v6"; fi

folder_hash() { (cd "$1" && sha256sum $RULE_FILES) | sha256sum | cut -d ' ' -f 1; }

if [ "$DENY_ALL" = 1 ]; then
    mkdir "$TMP/deny"
    printf 'strict\n' >"$TMP/deny/mode"
    printf '# deny-all: no sets\n' >"$TMP/deny/ipset.restore"
    deny_all_rules 4 >"$TMP/deny/rules.v4"
    deny_all_rules 6 >"$TMP/deny/rules.v6"
    iptables-restore --test <"$TMP/deny/rules.v4"
    [ "$V6" != on ] || ip6tables-restore --test <"$TMP/deny/rules.v6"
    iptables-restore <"$TMP/deny/rules.v4"
    [ "$V6" != on ] || ip6tables-restore <"$TMP/deny/rules.v6"
    write_state strict "$(folder_hash "$TMP/deny")" 0 0 deny-all "$V6"
    log 'deny-all egress installed (loopback + established only)'
    ARMED=0
    [ "$V6" != unfiltered ] || degraded 'IPv6 egress is open: ip6tables unusable and IPv6 cannot be disabled' \
        "$(folder_hash "$TMP/deny")" 0 0 deny-all "$V6"
    mark strict "$(folder_hash "$TMP/deny")"
    exit 0
fi

# 4. the folder
for f in $RULE_FILES; do
    [ -f "$DIR/$f" ] || { log "$DIR/$f is missing: not a compiled firewall folder"; exit 1; }
done
MODE=$(tr -d ' \t\r\n' <"$DIR/mode")
case "$MODE" in strict|permissive) ;; *) log "$DIR/mode: unknown mode '$MODE'"; exit 1 ;; esac
HASH=$(folder_hash "$DIR")
log "mode ${MODE}, rules hash ${HASH}"

# 5. what is known only here: the resolvers and the prefix of the default-route interface
addr_ok() { case "$1" in ''|*[!0-9A-Fa-f.:]*) return 1 ;; esac; }
RES4='' RES6=''
for r in $(sed -n 's/^[[:space:]]*nameserver[[:space:]]\{1,\}\([^[:space:]#;]*\).*/\1/p' "$RESOLV" 2>/dev/null) \
         $(sed -n 's/^# ExtServers: \[\(.*\)\].*/\1/p' "$RESOLV" 2>/dev/null | tr ' ' '\n' | grep -v '^host(' || true) \
         ${SANDBOX_DNS_UPSTREAMS:-}; do
    r=${r%%%*}
    addr_ok "$r" || { log "ignoring resolver '$r'"; continue; }
    case "$r" in *:*) RES6="$RES6 $r" ;; *) RES4="$RES4 $r" ;; esac
done
[ -n "$RES4$RES6" ] || log "no resolver in $RESOLV: DNS is blocked"
OWNIF='' OWN4='' OWN6='' GW4='' GW6=''
if command -v ip >/dev/null 2>&1; then
    # The default gateway is the container host: the own network is open for sidecars, the host is not.
    GW4=$(ip -4 route show default 2>/dev/null | sed -n 's/.* via \([0-9.]*\).*/\1/p' | head -n 1)
    GW6=$(ip -6 route show default 2>/dev/null | sed -n 's/.* via \([0-9a-fA-F:]*\).*/\1/p' | head -n 1)
    OWNIF=$(ip -4 route show default 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1)
    [ -n "$OWNIF" ] || OWNIF=$(ip -6 route show default 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1)
    if [ -n "$OWNIF" ]; then
        OWN4=$(ip -4 -o addr show dev "$OWNIF" scope global | sed -n 's/.* inet \([0-9.]*\/[0-9]*\).*/\1/p')
        OWN6=$(ip -6 -o addr show dev "$OWNIF" scope global | sed -n 's/.* inet6 \([0-9a-fA-F:]*\/[0-9]*\).*/\1/p')
    fi
else
    log 'ip (iproute2) not installed: the own network is not allowed'
fi
log "resolvers:${RES4}${RES6:- (no IPv6)}; own network: ${OWNIF:-none} ${OWN4} ${OWN6}; gateway refused: ${GW4:-none} ${GW6}"

# Lines naming @RESOLVER4@/@RESOLVER6@ repeat per resolver, @OWNNET4@/@OWNNET6@ (with @OWNIF@)
# per own prefix; with no value the line is dropped.
sub() { # line, placeholder, value: replace the first occurrence, if any
    case "$1" in *"$2"*) printf '%s\n' "${1%%"$2"*}$3${1#*"$2"}" ;; *) printf '%s\n' "$1" ;; esac
}
fill() { # in out
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            *@RESOLVER4@*) for v in $RES4; do sub "$line" @RESOLVER4@ "$v"; done ;;
            *@RESOLVER6@*) for v in $RES6; do sub "$line" @RESOLVER6@ "$v"; done ;;
            *@GATEWAY4@*) for v in $GW4; do sub "$line" @GATEWAY4@ "$v"; done ;;
            *@GATEWAY6@*) for v in $GW6; do sub "$line" @GATEWAY6@ "$v"; done ;;
            *@OWNNET4@*) for v in $OWN4; do sub "$(sub "$line" @OWNNET4@ "$v")" @OWNIF@ "$OWNIF"; done ;;
            *@OWNNET6@*) for v in $OWN6; do sub "$(sub "$line" @OWNNET6@ "$v")" @OWNIF@ "$OWNIF"; done ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <"$1" >"$2"
}
fill "$DIR/rules.v4" "$TMP/rules.v4"
fill "$DIR/rules.v6" "$TMP/rules.v6"

# 6. build the new sets beside the live ones (stale ones from a killed run are dropped first)
for s in $SETS; do ipset destroy "$s-new" 2>/dev/null || true; done
ipset list -n sandbox-allow4 >/dev/null 2>&1 || ipset create sandbox-allow4 hash:net family inet
ipset list -n sandbox-allow6 >/dev/null 2>&1 || ipset create sandbox-allow6 hash:net family inet6
grep -v -e '^swap ' -e '^destroy ' "$DIR/ipset.restore" | ipset restore
N4=$(grep -c '^add sandbox-allow4-new ' "$DIR/ipset.restore" || true)
N6=$(grep -c '^add sandbox-allow6-new ' "$DIR/ipset.restore" || true)
log "sets built: ${N4} IPv4 and ${N6} IPv6 blocks"

# 7. validate against this kernel before anything live changes (--test misses some errors,
#    e.g. a jump to a missing chain: a failed commit below rolls back instead)
iptables-restore --test <"$TMP/rules.v4"
[ "$V6" != on ] || ip6tables-restore --test <"$TMP/rules.v6"
log 'rules validated'

# 8. commit: swap the sets (each atomic), replace each filter table in one transaction. A
#    SIGKILL between these steps leaves a mix (new sets, old tables), never open egress.
for s in $SETS; do ipset swap "$s-new" "$s"; SWAPPED="$SWAPPED $s"; done
iptables-restore <"$TMP/rules.v4"
[ "$V6" != on ] || ip6tables-restore <"$TMP/rules.v6"
ARMED=0
grep -e '^destroy ' "$DIR/ipset.restore" | ipset restore || log 'could not destroy the old sets (harmless; dropped next run)'

write_state "$MODE" "$HASH" "$N4" "$N6" allowlist "$V6"
log "applied: ${MODE}, ${N4} IPv4 + ${N6} IPv6 blocks, IPv6 ${V6}"
if [ "$MODE" = permissive ]; then
    banner 'FIREWALL PERMISSIVE: egress is OPEN to every host' \
        'the allowlist is not enforced; use strict mode to enforce it'
fi
[ "$V6" != unfiltered ] || degraded 'IPv6 egress is open: ip6tables unusable and IPv6 cannot be disabled' \
    "$HASH" "$N4" "$N6" allowlist "$V6"
mark "$MODE" "$HASH"
exit 0
