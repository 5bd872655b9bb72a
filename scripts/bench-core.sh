#!/usr/bin/env bash
# Nanoseconds per operation of the core step and the snapshot codec (release build, pinned to one CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product TennisBench >&2
taskset -c "${CPU:-1}" .build/release/TennisBench
