#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints how to reach it.
#
#   eval "$(scripts/ci/start-postgres.sh)"     # exports TEST_POSTGRES_URL in the calling shell
#
# - Installs Debian's `postgresql` package when no server binaries are present (apt-get, with sudo
#   when not root).
# - Creates its own cluster under $NIGHTSHIFT_TEST_PG_DIR (default /tmp/nightshift-test-pg), so it
#   never touches a system cluster. It listens on 127.0.0.1 only, port $NIGHTSHIFT_TEST_PG_PORT
#   (default 54329). The `postgres` superuser logs in without a password (`trust`): no password
#   exists to leak, and nothing outside this machine can connect. Every other role must log in with
#   its SCRAM-SHA-256 password, as on RDS, so tests of provisioned roles check real logins.
# - Is idempotent: a second call reuses the running server.
# - Prints `export TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/postgres` on stdout (the
#   superuser) and, under GitHub Actions, also appends it to $GITHUB_ENV. Progress goes to stderr.
set -euo pipefail

PG_DIR="${NIGHTSHIFT_TEST_PG_DIR:-/tmp/nightshift-test-pg}"
PG_PORT="${NIGHTSHIFT_TEST_PG_PORT:-54329}"

log() { echo "start-postgres: $*" >&2; }

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

find_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(find_bindir || true)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  log "installing postgresql"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  BINDIR="$(find_bindir)"
fi

# initdb and postgres refuse to run as root; use the package's `postgres` account then.
if [ "$(id -u)" = "0" ]; then
  RUN_AS=(runuser -u postgres --)
  mkdir -p "$PG_DIR"
  chown postgres "$PG_DIR"
else
  RUN_AS=()
  mkdir -p "$PG_DIR"
fi

DATA="$PG_DIR/data"
if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initialising a cluster in $DATA"
  "${RUN_AS[@]}" "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
fi

cat >"$PG_DIR/pg_hba.conf" <<'HBA'
local   all   all                    trust
host    all   postgres  127.0.0.1/32 trust
host    all   all       127.0.0.1/32 scram-sha-256
HBA
[ "$(id -u)" = "0" ] && chown postgres "$PG_DIR/pg_hba.conf"

if "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "already running on port $PG_PORT; reloading its authentication rules"
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA" reload >&2
else
  log "starting on 127.0.0.1:$PG_PORT"
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=off -c hba_file=$PG_DIR/pg_hba.conf" start >&2
fi

URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
if [ -n "${GITHUB_ENV:-}" ]; then echo "TEST_POSTGRES_URL=$URL" >>"$GITHUB_ENV"; fi
echo "export TEST_POSTGRES_URL=$URL"
