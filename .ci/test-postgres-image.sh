#!/bin/sh
# Makes the Postgres image the `up --db` container tests use: Debian's postgresql package
# installed with apt (the test base image's sources, i.e. this machine's Debian mirror) on
# top of sandbox-test/bookworm:base. Idempotent; prints the image name.
# Run after .ci/test-base-image.sh (FLAVOR=base).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
image="${SANDBOX_TEST_POSTGRES_IMAGE:-sandbox-test/postgres:15}"
base="${SANDBOX_TEST_POSTGRES_BASE:-sandbox-test/bookworm:base}"
log() { echo "[test-postgres] $*" >&2; }
docker image inspect "$base" >/dev/null 2>&1 || { log "missing $base: run FLAVOR=base .ci/test-base-image.sh first"; exit 1; }
# Rebuild only when the recipe changed (its hash is the image label).
recipe=$(cat "$here/postgres/Dockerfile" "$here/postgres/entrypoint.sh" | sha256sum | cut -c1-16)
have=$(docker image inspect --format '{{index .Config.Labels "dev.sandbox.test-recipe"}}' "$image" 2>/dev/null || true)
if [ "$have" != "$recipe" ]; then
    log "docker build $image"
    docker build -q --build-arg "BASE=$base" --label "dev.sandbox.test-recipe=$recipe" \
        -t "$image" "$here/postgres" >/dev/null
fi
echo "$image"
