#!/usr/bin/env bash
# dateline developer entry point.
#   ./dev.sh demo   set up, ingest the bundled examples into ./dateline.db, print the timeline
#   ./dev.sh test   set up, run lint, type checks and the whole test suite
#   ./dev.sh serve  set up, ingest the examples, start the web UI on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")"

VENV=${DATELINE_VENV:-.venv}
PY=${PYTHON:-python3}

setup() {
  local extras=$1
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
      echo "dev.sh: $PY cannot create virtual environments; on Debian: apt-get install python3-venv" >&2
      exit 2
    fi
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
}

case "${1:-}" in
  demo)
    setup web
    DB=${DATELINE_DB:-dateline.db}
    "$VENV/bin/dateline" ingest examples --db "$DB"
    "$VENV/bin/dateline" timeline --db "$DB"
    ;;
  serve)
    setup web
    "$VENV/bin/dateline" serve --ingest examples --db "${DATELINE_DB:-dateline.db}" "${@:2}"
    ;;
  test)
    setup dev,web,postgres,dask
    "$VENV/bin/ruff" check src tests benchmarks scripts
    "$VENV/bin/mypy"
    set +e
    "$VENV/bin/python" -m pytest "${@:2}"
    status=$?
    set -e
    if [ "$status" -eq 5 ]; then
      echo "dev.sh: pytest collected no tests: failing" >&2
      exit 1
    fi
    exit "$status"
    ;;
  *)
    echo "usage: ./dev.sh demo | test [pytest args] | serve [serve options]" >&2
    exit 2
    ;;
esac
