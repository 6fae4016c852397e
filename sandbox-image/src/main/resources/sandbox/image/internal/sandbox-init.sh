#!/bin/sh
# sandbox-init: the sandbox image's entrypoint, started as root. One image, two roles
# (DESIGN.md, "Why a firewall sidecar"), picked by SANDBOX_ROLE:
#   firewall  apply /etc/sandbox/firewall (deny-all egress when it is missing), then stay
#             alive so the network namespace lives; `sandbox-init refresh` re-applies.
#   agent     wait until the firewall has marked this network namespace, ensure the user
#             (uid 1000), seed ~/.claude, switch to the user, exec the command. Run this
#             container with no NET_ADMIN/NET_RAW (`--cap-drop NET_RAW`).
#   all       (default) apply, drop NET_ADMIN/NET_RAW from the bounding set, then as agent.
#             Processes started later by `docker exec` get the container's capabilities
#             again: only the two-container setup keeps a root shell off the rules.
set -eu

log() { printf '[sandbox-init] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

user="${SANDBOX_USER:-claude}"
uid="${SANDBOX_UID:-1000}"
gid="${SANDBOX_GID:-1000}"
home="${SANDBOX_HOME:-/home/$user}"
config_dir="${CLAUDE_CONFIG_DIR:-$home/.claude}"
firewall_dir=/etc/sandbox/firewall
apply=/usr/local/sbin/sandbox-firewall-apply
seed_dir=/usr/local/share/sandbox/seed
net_caps=-net_admin,-net_raw
mark_file=/sys/class/net/lo/ifalias

apply_firewall() {
    if [ "${SANDBOX_REQUIRE_FIREWALL:-0}" = 1 ]; then set -- --require-firewall; else set --; fi
    if [ -d "$firewall_dir" ]; then
        log "applying $firewall_dir"
        "$apply" "$@" "$firewall_dir"
    else
        # Fail closed: without a compiled folder there is nothing to allow, whatever the mode.
        log "no $firewall_dir: denying all egress"
        "$apply" "$@" --deny-all
    fi
}

# The firewall's apply marks lo of the namespace it filtered, last (apply: "mark"). A new
# namespace (after any restart of the firewall container or the daemon) has no mark until the
# rules are in: the agent's command never runs before them. Bounded, then exit non-zero so the
# restart policy tries again: fail closed. SANDBOX_AWAIT_FIREWALL=0 (a firewall container
# without NET_ADMIN, which cannot mark: degraded anyway) skips the wait.
await_firewall() {
    if [ "${SANDBOX_AWAIT_FIREWALL:-1}" = 0 ]; then
        log "not waiting for the firewall mark (SANDBOX_AWAIT_FIREWALL=0): egress may be unfiltered"
        return 0
    fi
    limit="${SANDBOX_FIREWALL_WAIT:-120}"
    case "$limit" in ''|*[!0-9]*) die "SANDBOX_FIREWALL_WAIT='$limit' is not a number of seconds" ;; esac
    deadline=$(( $(date +%s) + limit ))
    said=0
    while :; do
        mark=$(cat "$mark_file" 2>/dev/null || true)
        case "$mark" in
            sandbox-firewall:*:*)
                mode=${mark#sandbox-firewall:}
                log "firewall ${mode%%:*} in this network namespace (rules ${mode#*:})"
                return 0
                ;;
        esac
        if [ "$(date +%s)" -ge "$deadline" ]; then
            die "the firewall has not marked this network namespace in ${limit} s: not starting the command (the restart policy retries; see the firewall container's log)"
        fi
        if [ "$said" = 0 ]; then
            log "waiting for the firewall to apply its rules in this network namespace"
            said=1
        fi
        sleep 0.2
    done
}

idle() {
    log "firewall role: holding the network namespace"
    trap 'log "stopping"; exit 0' TERM INT
    while :; do
        sleep 3600 &
        wait $! || true
    done
}

ensure_user() {
    if ! getent group "$gid" >/dev/null 2>&1; then
        groupadd --gid "$gid" "$user" || die "cannot create group $user ($gid)"
        log "created group $user ($gid)"
    fi
    existing=$(getent passwd "$uid" | cut -d: -f1) || true
    if [ -z "$existing" ]; then
        shell=/bin/sh
        [ -x /bin/bash ] && shell=/bin/bash
        useradd --uid "$uid" --gid "$gid" --home-dir "$home" --no-create-home --shell "$shell" "$user" \
            || die "cannot create user $user ($uid)"
        log "created user $user ($uid)"
    elif [ "$existing" != "$user" ]; then
        log "uid $uid is '$existing' in the base image; running as it"
        user="$existing"
    fi
    if [ ! -L "$home" ]; then
        mkdir -p "$home"
        chown "$uid:$gid" "$home"
    fi
}

as_user() {
    setpriv --reuid "$uid" --regid "$gid" --init-groups -- "$@"
}

seed_config() {
    # A fresh volume mounted here is root-owned; never follow a link the agent may have left.
    if [ -L "$config_dir" ]; then
        log "$config_dir is a symbolic link: not seeding it"
        return 0
    fi
    mkdir -p "$config_dir"
    chown "$uid:$gid" "$config_dir"
    chmod 0700 "$config_dir"
    [ -d "$seed_dir" ] || return 0
    (cd "$seed_dir" && find . -type f) | sort | while IFS= read -r file; do
        rel=${file#./}
        dest="$config_dir/$rel"
        if [ -e "$dest" ] || [ -L "$dest" ]; then
            continue
        fi
        # Copied as the user, so a planted link cannot make root write elsewhere.
        as_user install -D -m 0644 "$seed_dir/$rel" "$dest"
        log "seeded $dest"
    done
}

run_as_user() {
    [ $# -gt 0 ] || set -- sleep infinity
    export HOME="$home" USER="$user" LOGNAME="$user"
    exec setpriv --bounding-set "$net_caps" --inh-caps "$net_caps" \
        --reuid "$uid" --regid "$gid" --init-groups -- "$@"
}

if [ "${1:-}" = refresh ]; then
    apply_firewall
    exit 0
fi
[ "$(id -u)" = 0 ] || die "must start as root (do not pass --user; it switches to $user itself)"
role="${SANDBOX_ROLE:-all}"
log "role $role"
case "$role" in
    firewall)
        # Written by an earlier start, it describes a namespace that is gone.
        rm -f "${SANDBOX_STATE_DIR:-/run/sandbox}/firewall.state"
        apply_firewall
        idle
        ;;
    agent)
        await_firewall
        ensure_user
        seed_config
        run_as_user "$@"
        ;;
    all)
        apply_firewall
        ensure_user
        seed_config
        run_as_user "$@"
        ;;
    *)
        die "unknown SANDBOX_ROLE '$role' (firewall, agent or all)"
        ;;
esac
