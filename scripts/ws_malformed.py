#!/usr/bin/env python3
"""Sends malformed WebSocket traffic to a tennis server and reports how each connection ended.

Usage: ws_malformed.py PORT CODE
Prints one JSON line per case: {"case": name, "close": code or null, "ended": true/false}.
Standard library only: the handshake and frames are written by hand on purpose, since the
point is to send what a real client library never would.
"""
import base64, json, os, socket, struct, sys

PORT, CODE = int(sys.argv[1]), sys.argv[2]


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=20)  # generous: a busy CI machine
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            raise RuntimeError("no handshake")
        head += chunk
    assert b" 101 " in head.split(b"\r\n")[0], head
    return s


def frame(opcode, payload, fin=True, mask=True, length=None):
    first = (0x80 if fin else 0) | opcode
    n = len(payload) if length is None else length
    if n < 126:
        header = struct.pack("!BB", first, (0x80 if mask else 0) | n)
    elif n < 65536:
        header = struct.pack("!BBH", first, (0x80 if mask else 0) | 126, n)
    else:
        header = struct.pack("!BBQ", first, (0x80 if mask else 0) | 127, n)
    if not mask:
        return header + payload
    key = os.urandom(4)
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def hello():
    return frame(0x1, json.dumps({"type": "hello", "version": 1, "role": "spectator", "code": CODE,
                                  "name": "fuzz"}).encode())


def outcome(s):
    """Reads until the server closes; returns the close code it sent, if any."""
    buffer, code = b"", None
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 2:
                opcode, n = buffer[0] & 0x0F, buffer[1] & 0x7F
                offset = 2
                if n == 126:
                    if len(buffer) < 4: break
                    n, offset = struct.unpack("!H", buffer[2:4])[0], 4
                elif n == 127:
                    if len(buffer) < 10: break
                    n, offset = struct.unpack("!Q", buffer[2:10])[0], 10
                if len(buffer) < offset + n:
                    break
                payload, buffer = buffer[offset:offset + n], buffer[offset + n:]
                if opcode == 0x8:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
    except (socket.timeout, ConnectionResetError):
        pass
    return code


def text(payload):
    return frame(0x1, payload)


CASES = {
    "unmasked": lambda: [hello(), frame(0x2, b"\x10\x01\x00\x00\x00\x00\x00\x00", mask=False)],
    "unmasked_hello": lambda: [frame(0x1, json.dumps({"type": "hello", "version": 1, "role": "spectator",
                                                     "code": CODE, "name": "x"}).encode(), mask=False)],
    "oversize_length": lambda: [hello(), frame(0x2, b"", length=1 << 40)[:14]],
    "too_large_message": lambda: [hello(), frame(0x2, b"\x10" + b"\x00" * 9000)],
    "too_large_fragmented": lambda: [hello(), frame(0x1, b" " * 3000, fin=False), frame(0x0, b" " * 3000)],
    "fragmented_ping": lambda: [hello(), frame(0x9, b"ping", fin=False)],
    "invalid_utf8_text": lambda: [frame(0x1, b"\xff\xfe{\"type\":\"hello\"}")],
    "invalid_utf8_after_hello": lambda: [hello(), frame(0x1, b"{\"type\":\"chat\",\"text\":\"\xc3\x28\"}")],
    "unknown_opcode": lambda: [hello(), frame(0x3, b"what")],
    "reserved_bits": lambda: [hello(), bytes([0xF2]) + frame(0x2, b"\x10")[1:]],
    "reserved_bits_on_ping": lambda: [hello(), bytes([0xC9]) + frame(0x9, b"p")[1:]],
    "reserved_bits_on_close": lambda: [hello(), bytes([0xA8]) + frame(0x8, b"\x03\xe8")[1:]],
    "continuation_without_start": lambda: [hello(), frame(0x0, b"orphan")],
    "deep_json_hello": lambda: [text(b"[" * 513)],
    "deep_json_after_hello": lambda: [hello(), text(b"[" * 513)],
    "garbage_after_handshake": lambda: [os.urandom(64)],
    # 300 empty frames in one burst, before any hello could be answered: far past the 64 the
    # server lets wait while it reads the first.
    "flood_before_hello": lambda: [b"".join(frame(0x2, b"") for _ in range(300))],
}

for name, make in CASES.items():
    try:
        s = connect()
        for chunk in make():
            s.sendall(chunk)
        code = outcome(s)
        print(json.dumps({"case": name, "close": code, "ended": True}))
    except Exception as error:  # the server must never hang or crash; report and go on
        print(json.dumps({"case": name, "close": None, "ended": False, "error": str(error)}))
    finally:
        try:
            s.close()
        except Exception:
            pass
sys.stdout.flush()
