#!/bin/bash
# A kept PostgreSQL data directory holding bench_web's 100,000-article source, copied by
# `rasad migrate-store` (at the schema of the rasad in TREE), for `bench/bench_scale.py --pg-data DIR`
# (which grows it in place). As root: the server runs as the postgres user, on 127.0.0.1:PORT.
#
# usage: bash bench/pg_source.sh [DIR] [TREE] [PORT]     (defaults: /tmp/rasad-pg-source, this repo, 55432)
set -euo pipefail
DATA=${1:-/tmp/rasad-pg-source}
TREE=${2:-$(cd "$(dirname "$0")/.." && pwd)}
PORT=${3:-55432}
SOURCE=/tmp/rasad-bench-web/web-100000-s11.db      # python bench/bench_web.py --articles 100000
PY=$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python
BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
[ -f "$SOURCE" ] || { echo "$SOURCE: missing (python bench/bench_web.py --articles 100000 builds it)" >&2; exit 1; }
rm -rf "$DATA"; mkdir -p "$DATA"; chown postgres:postgres "$DATA"; chmod 700 "$DATA"
su postgres -c "$BIN/initdb -D $DATA -U rasad --auth=trust --encoding=UTF8 --locale=C" > /dev/null
su postgres -c "$BIN/pg_ctl -D $DATA -o '-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c synchronous_commit=off' -l $DATA/server.log -w start"
trap 'su postgres -c "$BIN/pg_ctl -D $DATA -m fast -w stop"' EXIT
URL=postgresql://rasad@127.0.0.1:$PORT
"$PY" -c "import psycopg; psycopg.connect('$URL/postgres', autocommit=True).execute('CREATE DATABASE scale')"
(cd "$TREE" && time "$PY" -c "from rasad.cli import main; main()" migrate-store --from "sqlite:///$SOURCE" --to "$URL/scale")
"$PY" -c "import psycopg; psycopg.connect('$URL/scale', autocommit=True).execute('VACUUM ANALYZE')"
du -sh "$DATA"
