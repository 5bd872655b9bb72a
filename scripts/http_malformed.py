#!/usr/bin/env python3
"""Sends malformed or slow HTTP requests to a tennis server and reports how each was answered.

Usage: http_malformed.py PORT [SLOW_SECONDS]
Prints one JSON line per case: {"case": name, "status": HTTP status or null, "closed": bool,
"seconds": time to the close}. Standard library only, written by hand on purpose: the point is
to send what no HTTP client library would.
"""
import base64, json, os, socket, sys, time

PORT = int(sys.argv[1])
SLOW = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
HOST = f"Host: 127.0.0.1:{PORT}\r\n"
KEY = base64.b64encode(os.urandom(16)).decode()


def upgrade(version="1.1", key=KEY):
    return (f"GET /ws HTTP/{version}\r\n{HOST}Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()


def slow_body(s):
    s.sendall(f"POST /api/matches HTTP/1.1\r\n{HOST}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{".encode())
    for _ in range(int(SLOW * 4)):
        time.sleep(0.5)
        s.sendall(b" ")


CASES = {
    "garbage": [os.urandom(32).replace(b"\r", b"x").replace(b"\n", b"x") + b"\r\n\r\n"],
    "nul_in_header": [f"GET /healthz HTTP/1.1\r\n{HOST}X-A: a\x00b\r\n\r\n".encode()],
    "bare_lf": [f"GET /healthz HTTP/1.1\n{HOST}X-A: b\n\n".encode()],
    "huge_header": [f"GET /healthz HTTP/1.1\r\n{HOST}X-A: ".encode() + b"a" * (1 << 20) + b"\r\n\r\n"],
    "many_headers": [f"GET /healthz HTTP/1.1\r\n{HOST}".encode() + b"".join(b"X-%d: a\r\n" % i for i in range(1000)) + b"\r\n"],
    "http10_upgrade": [upgrade("1.0")],
    "short_key": [upgrade(key=base64.b64encode(b"short").decode())],
    "non_base64_key": [upgrade(key="!" * 24)],
    "deep_json_body": [f"POST /api/matches HTTP/1.1\r\n{HOST}Content-Type: application/json\r\nContent-Length: 513\r\n\r\n".encode()
                       + b"[" * 513],
    "slow_body": slow_body,
    "silent": [],
}


def answer(s):
    data = b""
    start = time.monotonic()
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data, True, time.monotonic() - start
            data += chunk
    except socket.timeout:
        return data, False, time.monotonic() - start
    except ConnectionResetError:
        return data, True, time.monotonic() - start


only = set(sys.argv[3:])
for name, make in CASES.items():
    if only and name not in only:
        continue
    s = None
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=SLOW * 5 + 10)
        start = time.monotonic()
        try:
            if callable(make):
                make(s)
            else:
                for chunk in make:
                    s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data, closed, _ = answer(s)
        line = data.split(b"\r\n", 1)[0].split(b" ")
        status = int(line[1]) if len(line) > 1 and line[0].startswith(b"HTTP/") and line[1].isdigit() else None
        print(json.dumps({"case": name, "status": status, "closed": closed,
                          "seconds": round(time.monotonic() - start, 2)}))
    except Exception as error:  # the server must never hang or crash; report and go on
        print(json.dumps({"case": name, "status": None, "closed": False, "error": str(error)}))
    finally:
        if s:
            s.close()
sys.stdout.flush()
