#!/bin/sh
# Makes the test base image without Docker Hub: a minimal Debian bookworm from the Debian
# archive this machine's apt is configured with (TESTING.md). Idempotent and cached:
#   $SANDBOX_TEST_CACHE/bookworm-$FLAVOR-rootfs.tar.zst  the debootstrap root, byte-reproducible
#   $SANDBOX_TEST_CACHE/bookworm-$FLAVOR.tar             docker-save format (for Jib's tar:// base)
#   docker image sandbox-test/bookworm:$FLAVOR           when a daemon is reachable
# Needs root and debootstrap; prints the docker-save tar's path on stdout.
set -eu
cache="${SANDBOX_TEST_CACHE:-/var/cache/sandbox-test}"
# FLAVOR=base: minbase + ca-certificates + netcat (a plain Debian, like a stock base image).
# FLAVOR=tools: also iptables, ipset, iproute2, sudo, procps - for container tests that must
# not depend on the locked-package layers.
flavor="${FLAVOR:-base}"
case "$flavor" in
    base) include=ca-certificates,netcat-openbsd ;;
    tools) include=ca-certificates,netcat-openbsd,iptables,ipset,iproute2,sudo,procps ;;
    *) echo "[test-base] unknown FLAVOR $flavor" >&2; exit 2 ;;
esac
image="sandbox-test/bookworm:$flavor"
mkdir -p "$cache"
log() { echo "[test-base] $*" >&2; }

mirror() {
    if [ -n "${SANDBOX_DEBIAN_MIRROR:-}" ]; then echo "$SANDBOX_DEBIAN_MIRROR"; return; fi
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        u=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$f" | grep -v security | head -n 1)
        [ -n "$u" ] && { echo "$u"; return; }
    done
    sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\)[[:space:]]\+bookworm[[:space:]].*/\2/p' \
        /etc/apt/sources.list 2>/dev/null | head -n 1
}

rootfs_tar="$cache/bookworm-$flavor-rootfs.tar.zst"
if [ ! -s "$rootfs_tar" ]; then
    m=$(mirror)
    [ -n "$m" ] || { log "no Debian mirror in apt sources; set SANDBOX_DEBIAN_MIRROR"; exit 1; }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    log "debootstrap bookworm (minbase) ..."
    mkdir -p "$cache/debs"
    debootstrap --variant=minbase --cache-dir="$cache/debs" --include="$include" \
        bookworm "$work/root" "$m" >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
    rm -f "$work/root"/var/cache/apt/archives/*.deb "$work/root"/var/cache/apt/*.bin
    find "$work/root/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -delete
    # Byte-reproducible: sorted names, fixed mtimes, numeric owners.
    tar -C "$work/root" --sort=name --mtime='2026-01-01 00:00:00' --numeric-owner -cf - . \
        | zstd -q -T0 -o "$rootfs_tar.tmp"
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$work"
    trap - EXIT
fi

have_docker() { docker version >/dev/null 2>&1; }

save_tar="$cache/bookworm-$flavor.tar"
if have_docker; then
    if ! docker image inspect "$image" >/dev/null 2>&1; then
        if [ -s "$save_tar" ]; then
            docker load -i "$save_tar" >/dev/null
        else
            log "docker import $image"
            zstd -q -dc "$rootfs_tar" | docker import -c 'CMD ["/bin/bash"]' - "$image" >/dev/null
        fi
    fi
    if [ ! -s "$save_tar" ]; then
        docker save -o "$save_tar.tmp" "$image"
        mv "$save_tar.tmp" "$save_tar"
    fi
elif [ ! -s "$save_tar" ]; then
    log "no docker daemon: cannot make $save_tar yet (rootfs is at $rootfs_tar)"
    exit 1
fi
echo "$save_tar"
