#!/usr/bin/env python3
"""How long a new spectator waits for its welcome while the server is busy (issue #20: joins
must be served under full fan-out load). Written from docs/PROTOCOL.md with Python's
`websockets`, independent of the server's code.

Usage: join-latency.py PORT [JOINS] [PAUSE_S]
Watches the first listed live match (GET /api/matches): JOINS times (default 20), one after
another with PAUSE_S between (default 0.25), opens a connection, sends a spectator hello and
times connect → welcome → first snapshot, then leaves. Prints one JSON line: the count, the
failures, and p50/p90/max in milliseconds of each step.
"""
import asyncio, json, sys, time, urllib.request

import websockets

PORT = int(sys.argv[1])
JOINS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PAUSE = float(sys.argv[3]) if len(sys.argv) > 3 else 0.25


def pct(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 1)


async def join(code):
    start = time.monotonic()
    async with websockets.connect(f"ws://127.0.0.1:{PORT}/ws", open_timeout=20, max_size=1 << 16) as ws:
        opened = time.monotonic()
        await ws.send(json.dumps({"type": "hello", "version": 1, "role": "spectator", "code": code, "name": "probe"}))
        welcomed = None
        while True:
            message = await asyncio.wait_for(ws.recv(), 20)
            if isinstance(message, str):
                kind = json.loads(message).get("type")
                if kind == "welcome":
                    welcomed = time.monotonic()
                elif kind == "error":
                    raise RuntimeError(message)
            elif welcomed is not None:
                snapshot = time.monotonic()
                return (opened - start) * 1000, (welcomed - opened) * 1000, (snapshot - start) * 1000


async def main():
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/matches", timeout=20) as answer:
        listing = json.load(answer)
    matches = listing if isinstance(listing, list) else listing.get("matches", [])
    code = matches[0]["code"]
    upgrade, hello, total, failures = [], [], [], []
    for _ in range(JOINS):
        try:
            a, b, c = await join(code)
            upgrade.append(a)
            hello.append(b)
            total.append(c)
        except Exception as error:  # noqa: BLE001 - reported, not raised
            failures.append(type(error).__name__ + ": " + str(error)[:80])
        await asyncio.sleep(PAUSE)
    print(json.dumps({"joins": JOINS, "failed": len(failures), "failures": failures[:3],
                      "upgrade_ms": {"p50": pct(upgrade, 50), "p90": pct(upgrade, 90), "max": pct(upgrade, 100)},
                      "hello_to_welcome_ms": {"p50": pct(hello, 50), "p90": pct(hello, 90), "max": pct(hello, 100)},
                      "to_first_snapshot_ms": {"p50": pct(total, 50), "p90": pct(total, 90), "max": pct(total, 100)}}))


asyncio.run(main())
