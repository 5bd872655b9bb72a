#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for tests: a new cluster in DIR, owned by the unprivileged
# `postgres` user, listening on 127.0.0.1:PORT with trust authentication for local use.
# Prints the URL to use (postgres://postgres@127.0.0.1:PORT/postgres). Stop it with
#   su postgres -c "pg_ctl -D DIR stop"   (or just kill the process; DIR can be deleted).
set -euo pipefail
DIR="${1:?usage: start-postgres.sh DIR PORT}"
PORT="${2:?usage: start-postgres.sh DIR PORT}"
BIN="$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    RUN_AS=(su postgres -s /bin/sh -c)
fi
run() { if [ ${#RUN_AS[@]} -gt 0 ]; then "${RUN_AS[@]}" "$*"; else sh -c "$*"; fi; }
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
run "'$BIN/initdb' -D '$DIR/data' -U postgres -A trust --no-sync >/dev/null"
run "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off\" -w start >/dev/null"
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
