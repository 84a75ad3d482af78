#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and says how to reach it.
#
#   source scripts/ci/start-postgres.sh      # exports TEST_POSTGRES_URL, defines stop_test_postgres
#   eval "$(scripts/ci/start-postgres.sh)"   # the same, from a separate process (prints the export)
#
# - Installs Debian's `postgresql` package when no server binaries are present (apt-get, with sudo
#   when not root).
# - Creates its own cluster under $NIGHTSHIFT_TEST_PG_DIR (default /tmp/nightshift-test-pg), so it
#   never touches a system cluster. It listens on 127.0.0.1 only, port $NIGHTSHIFT_TEST_PG_PORT
#   (default 54329). The `postgres` superuser logs in without a password (`trust`): no password
#   exists to leak, and nothing outside this machine can connect. Every other role must log in with
#   its SCRAM-SHA-256 password, as on RDS, so tests of provisioned roles check real logins.
# - Serves TLS with a throwaway self-signed certificate; the role `nightshift_tls` may connect only
#   over TLS (what `rds.force_ssl = 1` does on RDS), so tests check `sslmode=require` for real.
# - Is idempotent: a second call reuses the running server.
# - TEST_POSTGRES_URL is postgres://postgres@127.0.0.1:<port>/postgres (the superuser). Under GitHub
#   Actions it is also appended to $GITHUB_ENV. Progress goes to stderr.

_nightshift_pg_start() {
  local dir="${NIGHTSHIFT_TEST_PG_DIR:-/tmp/nightshift-test-pg}"
  local port="${NIGHTSHIFT_TEST_PG_PORT:-54329}"
  local bindir run_as=()
  _nightshift_pg_log() { echo "start-postgres: $*" >&2; }
  _nightshift_pg_root() { if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi; }
  _nightshift_pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

  bindir="$(_nightshift_pg_bindir || true)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    _nightshift_pg_log "installing postgresql"
    _nightshift_pg_root apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive _nightshift_pg_root apt-get install -y -qq postgresql >&2 || return 1
    bindir="$(_nightshift_pg_bindir)"
  fi

  mkdir -p "$dir" || return 1
  # initdb and postgres refuse to run as root; use the package's `postgres` account then.
  if [ "$(id -u)" = "0" ]; then
    run_as=(runuser -u postgres --)
    chown postgres "$dir" || return 1
  fi

  local data="$dir/data"
  if [ ! -f "$data/PG_VERSION" ]; then
    _nightshift_pg_log "initialising a cluster in $data"
    "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2 || return 1
  fi

  if [ ! -f "$dir/server.key" ]; then
    openssl req -new -x509 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1 || return 1
  fi
  chmod 600 "$dir/server.key"

  cat >"$dir/pg_hba.conf" <<'HBA'
local     all   all                        trust
host      all   postgres       127.0.0.1/32 trust
hostssl   all   nightshift_tls 127.0.0.1/32 scram-sha-256
hostnossl all   nightshift_tls 127.0.0.1/32 reject
host      all   all            127.0.0.1/32 scram-sha-256
HBA
  if [ "$(id -u)" = "0" ]; then chown postgres "$dir/pg_hba.conf" "$dir/server.key" "$dir/server.crt"; fi

  # A server started by an older version of this script has no TLS: restart it with TLS.
  if "${run_as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 &&
    [ "$("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "show ssl" 2>/dev/null)" != "on" ]; then
    _nightshift_pg_log "restarting to enable TLS"
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" stop -m fast >&2 || return 1
  fi

  if "${run_as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _nightshift_pg_log "already running on port $port; reloading its authentication rules"
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" reload >&2 || return 1
  else
    _nightshift_pg_log "starting on 127.0.0.1:$port"
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off -c hba_file=$dir/pg_hba.conf -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" \
      start >&2 || return 1
  fi

  TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export TEST_POSTGRES_URL
  if [ -n "${GITHUB_ENV:-}" ]; then echo "TEST_POSTGRES_URL=$TEST_POSTGRES_URL" >>"$GITHUB_ENV"; fi
  _NIGHTSHIFT_PG_STOP=("${run_as[@]}" "$bindir/pg_ctl" -D "$data" stop -m fast)
}

# Stops the server this script started (for a `trap … EXIT` in the caller).
stop_test_postgres() {
  if [ -n "${_NIGHTSHIFT_PG_STOP+set}" ]; then "${_NIGHTSHIFT_PG_STOP[@]}" >&2; fi
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  _nightshift_pg_start
else
  set -euo pipefail
  _nightshift_pg_start
  echo "export TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
fi
