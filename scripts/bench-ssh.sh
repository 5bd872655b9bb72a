#!/usr/bin/env bash
# Memory and CPU of `tennis serve` per ssh session, idle (the menu) and playing (practice
# against the bot: the session's screens, its match and the bot's link), at each count in
# COUNTS, driven by real OpenSSH clients on 127.0.0.1.
#
#   scripts/bench-ssh.sh                      # COUNTS="100 500", debug build
#   BUILD=release COUNTS="100" SECONDS_MEASURED=20 scripts/bench-ssh.sh
#
# Bounded: at most 1000 sessions, each phase settles for SETTLE s and is measured over
# SECONDS_MEASURED s; everything it started is stopped at exit. Prints one line per phase:
# sessions, server RSS (MiB) and its growth per session (KiB), server CPU (% of one core)
# and per session, and the ssh clients' total RSS (MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTS=${COUNTS:-"100 500"}
SETTLE=${SETTLE:-15}
SECONDS_MEASURED=${SECONDS_MEASURED:-10}
BUILD=${BUILD:-debug}
BIN=.build/$BUILD/tennis
[ -x "$BIN" ] || { echo "build first: swift build -c $BUILD --product tennis" >&2; exit 1; }

WORK=$(mktemp -d)
CLIENTS=()
SERVER=
cleanup() {
    for pid in "${CLIENTS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Idle clients read a FIFO nobody writes: no keys, and no process left behind.
mkfifo "$WORK/never"
exec 3<>"$WORK/never"
ssh-keygen -q -t ed25519 -N "" -f "$WORK/key"
"$BIN" serve --host 127.0.0.1 --port 0 --ssh-port 0 --ssh-host-key "$WORK/host_key" --db "$WORK/db.sqlite" \
    --ssh-max-sessions 1000 --ssh-max-per-address 1000 --ssh-idle-seconds 3600 >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/out" 2>/dev/null && break; sleep 0.1; done
SSH_PORT=$(sed -n 's/^ssh on port \([0-9]*\):.*/\1/p' "$WORK/out")
WS_PORT=$(sed -n 's/^listening on ws:\/\/[^:]*:\([0-9]*\)\/ws.*/\1/p' "$WORK/out")
[ -n "$SSH_PORT" ] || { echo "the server did not start:" >&2; cat "$WORK/err" >&2; exit 1; }

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

# One client: its keys come from a shell loop (idle: none; playing: Enter twice to start a
# practice match, then a swing every half second and a move now and then).
client() {
    local mode=$1
    if [ "$mode" = idle ]; then
        ssh -tt -p "$SSH_PORT" -i "$WORK/key" -o StrictHostKeyChecking=no \
            -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o LogLevel=ERROR bench@127.0.0.1 <&3 >/dev/null 2>&1 &
    else
        (sleep 3; printf '\r'; sleep 1; printf '\r'; while true; do printf ' '; sleep 0.5; printf '\033[A'; sleep 0.5; done) \
            | ssh -tt -p "$SSH_PORT" -i "$WORK/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
                -o IdentitiesOnly=yes -o LogLevel=ERROR bench@127.0.0.1 >/dev/null 2>&1 &
    fi
    CLIENTS+=($!)
}

clients_rss_mib() {
    local total=0
    for pid in "${CLIENTS[@]}"; do total=$((total + $(rss_kib "$pid"))); done
    echo $((total / 1024))
}

stop_clients() {
    for pid in "${CLIENTS[@]}"; do kill "$pid" 2>/dev/null || true; done
    CLIENTS=()
    sleep 3
}

sleep 2
BASE_RSS=$(rss_kib "$SERVER")
printf 'base: server RSS %d MiB (%s build)\n' $((BASE_RSS / 1024)) "$BUILD"
# Live matches on the server (playing sessions each have one against the bot).
matches() { curl -s "http://127.0.0.1:$WS_PORT/api/matches" | grep -o '"code"' | wc -l; }
printf '%-8s %6s %9s %12s %9s %12s %12s %8s\n' mode sessions RSS_MiB KiB/session CPU_% CPU_%/sess ssh_RSS_MiB matches
for mode in idle playing; do
    for count in $COUNTS; do
        [ "$count" -le 1000 ] || { echo "at most 1000 sessions" >&2; exit 1; }
        before=$(rss_kib "$SERVER")
        for i in $(seq "$count"); do
            client "$mode"
            # 20 logins a second: the key exchanges are the expensive part.
            [ $((i % 20)) -eq 0 ] && sleep 1
        done
        sleep "$SETTLE"
        t0=$(cpu_ticks "$SERVER")
        sleep "$SECONDS_MEASURED"
        t1=$(cpu_ticks "$SERVER")
        rss=$(rss_kib "$SERVER")
        cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v s="$SECONDS_MEASURED" 'BEGIN {printf "%.1f", (b - a) * 100 / hz / s}')
        printf '%-8s %6d %9d %12d %9s %12s %12s %8s\n' "$mode" "$count" $((rss / 1024)) $(((rss - BASE_RSS) / count)) \
            "$cpu" "$(awk -v c="$cpu" -v n="$count" 'BEGIN {printf "%.3f", c / n}')" "$(clients_rss_mib)" "$(matches)"
        stop_clients
    done
done
