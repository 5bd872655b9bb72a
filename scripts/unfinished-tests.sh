#!/usr/bin/env bash
# Names the tests that a swift test log (Swift Testing's console output) shows started and not
# finished: what a hung run was waiting on. Used by .ci/run's watchdog.
# Usage: scripts/unfinished-tests.sh LOG
set -euo pipefail
awk '
    function name(line) {
        sub(/^.*(◇|✔|✘) Test /, "", line)
        sub(/\).*$/, ")", line)
        return line
    }
    /Test case passing/ { next }
    /(◇) Test .*\) started\./ { n++; order[n] = name($0); running[order[n]] = 1; next }
    /(✔|✘) Test .*\) (with [0-9]+ test cases? )?(passed|failed|skipped)/ { delete running[name($0)] }
    END {
        found = 0
        for (i = 1; i <= n; i++) if (order[i] in running) { print "  " order[i]; delete running[order[i]]; found = 1 }
        if (!found) print "  (none: every test that started finished)"
    }
' "$1"
