#!/usr/bin/env python3
"""A player with a key, written from docs/PROTOCOL.md ("Identity") alone: asks for a challenge,
signs the documented bytes with Ed25519, and reports what the server said.

Usage: identity_client.py PORT CODE NAME
Joins CODE as NAME with a new random key, then with a second one under the same name in upper
case. Prints one JSON line per join: {"fingerprint", "seat", "anonymous"} or {"error", "close"}.
Standard library only: Ed25519 is RFC 8032's reference code (section 6), the WebSocket frames
are written by hand, so nothing but the document is shared with the server.
"""
import base64, hashlib, json, os, socket, struct, sys

PORT, CODE, NAME = int(sys.argv[1]), sys.argv[2], sys.argv[3]

# --- Ed25519, RFC 8032 section 6 (slow, not constant time: fine for a test client) ---
p = 2**255 - 19
q = 2**252 + 27742317777372353535851937790883648493


def inv(x):
    return pow(x, p - 2, p)


d = -121665 * inv(121666) % p
sqrt_m1 = pow(2, (p - 1) // 4, p)


def sha512_modq(data):
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % q


def add(P, Q):
    A, B = (P[1] - P[0]) * (Q[1] - Q[0]) % p, (P[1] + P[0]) * (Q[1] + Q[0]) % p
    C, D = 2 * P[3] * Q[3] * d % p, 2 * P[2] * Q[2] % p
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F, G * H, F * G, E * H)


def mul(s, P):
    Q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            Q = add(Q, P)
        P = add(P, P)
        s >>= 1
    return Q


def recover_x(y, sign):
    x2 = (y * y - 1) * inv(d * y * y + 1)
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p != 0:
        x = x * sqrt_m1 % p
    if (x & 1) != sign:
        x = p - x
    return x


g_y = 4 * inv(5) % p
g_x = recover_x(g_y, 0)
G = (g_x, g_y, 1, g_x * g_y % p)


def compress(P):
    z = inv(P[2])
    x, y = P[0] * z % p, P[1] * z % p
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def expand(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def public_key(seed):
    return compress(mul(expand(seed)[0], G))


def sign(seed, message):
    a, prefix = expand(seed)
    A = compress(mul(a, G))
    r = sha512_modq(prefix + message)
    R = compress(mul(r, G))
    s = (r + sha512_modq(R + A + message) * a) % q
    return R + int.to_bytes(s, 32, "little")


# --- WebSocket, by hand ---
def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=20)
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


def send_text(s, text):
    payload = text.encode()
    n = len(payload)
    header = struct.pack("!BB", 0x81, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x81, 0x80 | 126, n)
    mask = os.urandom(4)
    s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def frames(s):
    """Yields (opcode, payload) of the server's frames until the connection ends."""
    buffer = b""
    while True:
        while len(buffer) >= 2:
            opcode, n, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if n == 126:
                if len(buffer) < 4:
                    break
                n, offset = struct.unpack("!H", buffer[2:4])[0], 4
            elif n == 127:
                if len(buffer) < 10:
                    break
                n, offset = struct.unpack("!Q", buffer[2:10])[0], 10
            if len(buffer) < offset + n:
                break
            payload, buffer = buffer[offset:offset + n], buffer[offset + n:]
            yield opcode, payload
        chunk = s.recv(65536)
        if not chunk:
            return
        buffer += chunk


def fingerprint(key):
    """OpenSSH's: SHA-256 of the ssh wire form (string "ssh-ed25519", string key), unpadded base64."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", len(key)) + key
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def join(name):
    seed = os.urandom(32)
    key = public_key(seed)
    s = connect()
    received = frames(s)
    send_text(s, json.dumps({"type": "challenge"}))
    challenge = json.loads(next(m for op, m in received if op == 0x1))
    assert challenge["type"] == "challenge" and len(challenge["nonce"]) == 64, challenge
    signed = f"terminal-tennis hello v1\nnonce {challenge['nonce']}\ncode {CODE}\nname {name}".encode()
    send_text(s, json.dumps({
        "type": "hello", "version": 1, "role": "player", "code": CODE, "name": name,
        "identity": {"kind": "ed25519", "public_key": base64.b64encode(key).decode(),
                     "signature": base64.b64encode(sign(seed, signed)).decode()},
    }))
    result = {}
    for opcode, payload in received:
        if opcode == 0x8:
            result["close"] = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            break
        if opcode != 0x1:
            continue
        message = json.loads(payload)
        if message["type"] == "error":
            result.update(error=message["code"], message=message["message"])
        elif message["type"] == "welcome":
            result.update(seat=message["seat"], fingerprint=fingerprint(key))
        elif message["type"] == "roster":
            result["anonymous"] = message.get("anonymous")
            break
    s.close()
    return result


for name in [NAME, NAME.upper()]:
    print(json.dumps(join(name)), flush=True)
