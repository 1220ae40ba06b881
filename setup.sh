#!/usr/bin/env bash
# Set up rasad on a fresh machine: a virtual environment in .venv with rasad and what it needs.
#   ./setup.sh         rasad itself
#   ./setup.sh --dev   rasad and the test tools (pytest, hypothesis, ruff, playwright), and Chromium
#                      from apt-get when /usr/bin/chromium is missing (the web app's browser test), and
#                      PostgreSQL's server binaries when missing (the PostgreSQL store's tests)
# Needs Python 3.11 or newer (set PYTHON=python3.12 to choose another) and the package registry.
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup.sh: rasad needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1). Set PYTHON=..." >&2
  exit 2
fi
if ! "$PY" -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")' 2>/dev/null; then
  echo "setup.sh: this Python's sqlite3 lacks FTS5, which rasad's store needs." >&2
  exit 2
fi

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"

# the web app's browser test drives the system's Chromium (Playwright downloads no browser here)
if [ "${1:-}" = "--dev" ] && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium
  else
    echo "setup.sh: install Chromium at /usr/bin/chromium for the browser test (it skips without it)" >&2
  fi
fi

# the PostgreSQL store's tests start a throwaway server from Debian's postgresql binaries
if [ "${1:-}" = "--dev" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql
  else
    echo "setup.sh: install PostgreSQL's server (initdb, pg_ctl) for the PostgreSQL tests (they skip without it)" >&2
  fi
fi
