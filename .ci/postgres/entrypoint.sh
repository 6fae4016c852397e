#!/bin/sh
# Entrypoint of the harness's Postgres image (Debian's postgresql package): the same env
# contract as the official image (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA), so
# `sandbox up --db` runs against it unchanged. The password reaches initdb through a 0600
# file, never an argument.
set -eu
log() { echo "[test-postgres] $*" >&2; }
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
bin=$(ls -d /usr/lib/postgresql/*/bin | head -n 1)
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || { log "POSTGRES_PASSWORD is not set"; exit 1; }
    log "initialising $PGDATA"
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    pwfile=$(mktemp)
    chmod 600 "$pwfile"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    chown postgres "$pwfile"
    runuser -u postgres -- "$bin/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        printf 'CREATE DATABASE "%s" OWNER "%s";\n' "$POSTGRES_DB" "$POSTGRES_USER" \
            | runuser -u postgres -- "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
    fi
fi
mkdir -p /var/run/postgresql
chown postgres:postgres /var/run/postgresql
log "starting"
exec runuser -u postgres -- "$bin/postgres" -D "$PGDATA" -c listen_addresses='*'
