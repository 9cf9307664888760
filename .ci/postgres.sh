# Sourced by .ci/run: install PostgreSQL from Debian packages, start a throwaway
# cluster on a local port and export DATELINE_TEST_POSTGRES for the store tests.
# Fails loudly (the sourcing script runs with `set -e`) when it cannot start.
# Usage: . .ci/postgres.sh
_pg_fail() { echo "postgres.sh: $*" >&2; return 1; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || _pg_fail "apt-get install postgresql failed"
  else
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || _pg_fail "apt-get install postgresql failed (not root and no sudo)"
  fi
fi
_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# A free port, so that a second cluster (another run on this machine) cannot collide.
_PG_PORT=${DATELINE_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
_PG_DIR=$(mktemp -d /tmp/dateline-pg.XXXXXX)
# initdb refuses to run as root: run the cluster as the `postgres` system user.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$_PG_DIR"
  _PG_AS="su postgres -s /bin/sh -c"
else
  _PG_AS="sh -c"
fi
$_PG_AS "'$_PG_BIN/initdb' -D '$_PG_DIR/data' -U dateline --auth=trust -E UTF8 >'$_PG_DIR/initdb.log' 2>&1" \
  || { cat "$_PG_DIR/initdb.log" >&2; _pg_fail "initdb failed"; }
$_PG_AS "'$_PG_BIN/pg_ctl' -D '$_PG_DIR/data' -l '$_PG_DIR/server.log' -w -o \"-p $_PG_PORT -k $_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null" \
  || { cat "$_PG_DIR/server.log" >&2; _pg_fail "pg_ctl start failed"; }
$_PG_AS "'$_PG_BIN/createdb' -h 127.0.0.1 -p $_PG_PORT -U dateline dateline_test" \
  || _pg_fail "createdb failed"
export DATELINE_TEST_POSTGRES="postgresql://dateline@127.0.0.1:$_PG_PORT/dateline_test"
export DATELINE_PG_DIR="$_PG_DIR"
echo "postgres.sh: PostgreSQL $("$_PG_BIN/postgres" --version | awk '{print $3}') at $DATELINE_TEST_POSTGRES"
