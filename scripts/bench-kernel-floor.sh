#!/usr/bin/env bash
# Kernel floor cost of sending small messages over loopback TCP, to compare the game server's
# CPU per message against.
#
# A plain C server (scripts/kernel-floor.c) pinned to CPU 0 sends one 25-byte message per
# connection every 1/60 s tick to N connections, with one write() per message (batch 1), or
# every 2nd tick one writev() of the 2 pending messages (batch 2: half the syscalls per message).
# A C client pinned to CPU 1 drains all connections with one epoll loop and measures each
# message's age (its read time minus the send time in it): the least age a pass of N writes has.
#
# What the server's µs/msg measures: the cost of one write() per message on loopback. On
# loopback the receiver's TCP processing (softirq: loopback xmit -> netif_rx -> tcp_v4_rcv, and
# the ACK coming back) runs on the sending CPU, right after the write, and is charged to the
# sender's system time. So the server's sys µs/msg is the whole kernel path of a message, both
# ends, except the client's wakeup and read(); the client's CPU % is that remainder.
#
# Usage: scripts/bench-kernel-floor.sh      env: SECONDS_EACH (default 10), PORT (default 7990),
#        NS ("1000 2000 3000"), BATCHES ("1 2")
set -euo pipefail

secs="${SECONDS_EACH:-10}"
port="${PORT:-7990}"
read -r -a ns <<<"${NS:-1000 2000 3000}"
read -r -a batches <<<"${BATCHES:-1 2}"
src="$(cd "$(dirname "$0")" && pwd)/kernel-floor.c"

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -std=c11 -O2 -Wall -o "$tmp/kernel-floor" "$src"
bin="$tmp/kernel-floor"

# field JSON KEY: the value of KEY in a one-line flat JSON object.
field() { sed -E "s/.*\"$2\":([^,}]*).*/\1/" <<<"$1"; }

echo "| N | batch | msgs/s | server CPU % | server µs/msg user | sys | total | drops | client CPU % | age p50 ms | p99 | p99.9 | max |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${ns[@]}"; do
  for b in "${batches[@]}"; do
    taskset -c 0 "$bin" serve "$port" "$n" "$b" "$secs" >"$tmp/server.json" &
    spid=$!
    taskset -c 1 "$bin" client 127.0.0.1 "$port" "$n" "$secs" >"$tmp/client.json" &
    cpid=$!
    pids=("$spid" "$cpid")
    src_rc=0; cl_rc=0
    wait "$spid" || src_rc=$?
    wait "$cpid" || cl_rc=$?
    pids=()
    if [[ $src_rc -ne 0 || $cl_rc -ne 0 ]]; then
      echo "N=$n batch=$b failed: server exit $src_rc, client exit $cl_rc" >&2
      exit 1
    fi
    s="$(cat "$tmp/server.json")"; c="$(cat "$tmp/client.json")"
    late="$(field "$s" late_ticks)"
    [[ "$late" == 0 ]] || echo "N=$n batch=$b: $late ticks woke over half a tick late" >&2
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$b" \
      "$(field "$s" msgs_per_s)" "$(field "$s" cpu_pct)" "$(field "$s" user_us_per_msg)" \
      "$(field "$s" sys_us_per_msg)" "$(field "$s" cpu_us_per_msg)" "$(field "$s" drops)" \
      "$(field "$c" cpu_pct)" "$(field "$c" age_p50_ms)" "$(field "$c" age_p99_ms)" \
      "$(field "$c" age_p999_ms)" "$(field "$c" age_max_ms)"
  done
done
