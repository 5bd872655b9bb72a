#!/usr/bin/env python3
"""Opens a connection and sends an HTTP request head one byte at a time, never finishing it.

Usage: slowloris.py PORT SECONDS
Prints one JSON line: {"closed_by_server": true/false, "after_seconds": s, "bytes_sent": n,
"answer": the server's first line, if it answered}. A server that cuts off slow request heads
closes the socket well before SECONDS (tennis answers 408 first).
"""
import json, socket, sys, time

PORT, LIMIT = int(sys.argv[1]), float(sys.argv[2])
head = b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nX-Slow: " + b"a" * 10_000
s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
s.settimeout(0.2)
start, sent, closed, answer = time.monotonic(), 0, False, b""
while time.monotonic() - start < LIMIT:
    try:
        s.send(head[sent:sent + 1])
        sent += 1
        answer = s.recv(4096)
        if answer:
            s.settimeout(5)
            while s.recv(4096):
                pass
        closed = True
        break
    except socket.timeout:
        continue
    except OSError:
        closed = True
        break
print(json.dumps({"closed_by_server": closed, "after_seconds": round(time.monotonic() - start, 2), "bytes_sent": sent,
                  "answer": answer.split(b"\r\n", 1)[0].decode(errors="replace")}))
