#!/usr/bin/env python3
"""Tick figures between two `GET /metrics` dumps of a tennis server, as one JSON object.

Usage: tick-metrics.py BEFORE AFTER [MID]  ->  {"ticks": N (match ticks), "late_ticks": N, "lateness_p99_ms": X,
"lateness_max_bucket_ms": X, "passes": N, "pass_mean_us": X, "pass_p99_ms": X, "batched_fanouts": N} (a pass steps every
match once; batched_fanouts: match fan-outs writing spectators several ticks at a time, read from MID, a dump taken
inside the window, or else from AFTER). Percentiles are the upper
bound of the histogram bucket that holds them (the server's tick buckets).
"""
import json
import re
import sys


def read(path):
    values = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        values[name] = float(value)
    return values


def delta(before, after, name):
    return after.get(name, 0.0) - before.get(name, 0.0)


def buckets(before, after, metric):
    found = []
    for name in after:
        match = re.fullmatch(metric + r'_bucket\{le="([^"]+)"\}', name)
        if match:
            bound = float("inf") if match.group(1) == "+Inf" else float(match.group(1))
            found.append((bound, delta(before, after, name)))
    return sorted(found)


def percentile(bucket_counts, total, fraction):
    for bound, count in bucket_counts:
        if total and count >= fraction * total:
            return bound
    return None


def ms(seconds):
    return None if seconds is None else (seconds if seconds == float("inf") else round(seconds * 1000, 3))


before, after = read(sys.argv[1]), read(sys.argv[2])
mid = read(sys.argv[3]) if len(sys.argv) > 3 else after
ticks = delta(before, after, "tennis_tick_lateness_seconds_count")
passes = delta(before, after, "tennis_tick_duration_seconds_count")
lateness = buckets(before, after, "tennis_tick_lateness_seconds")
duration = buckets(before, after, "tennis_tick_duration_seconds")
print(json.dumps({
    "ticks": int(ticks),
    "late_ticks": int(delta(before, after, "tennis_late_ticks_total")),
    "lateness_p99_ms": ms(percentile(lateness, ticks, 0.99)),
    "lateness_max_bucket_ms": ms(percentile(lateness, ticks, 1.0)),
    # One duration per pass of the tick driver (every match stepped once).
    "passes": int(passes),
    "batched_fanouts": int(mid.get("tennis_spectator_batched_fanouts", 0.0)),
    "pass_mean_us": round(delta(before, after, "tennis_tick_duration_seconds_sum") / passes * 1e6, 1) if passes else None,
    "pass_p99_ms": ms(percentile(duration, passes, 0.99)),
}))
