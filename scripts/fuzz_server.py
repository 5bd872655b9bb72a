#!/usr/bin/env python3
"""Fuzzes a running tennis server from several processes with mutated valid traffic while a
spectator of another match counts the snapshots it receives.

Usage: fuzz_server.py PORT CODE SECONDS [WORKERS [WATCH]]
  CODE: a live match the fuzzers join (as players and spectators) and mutate messages for; a new
  one replaces it every 30 s.
  Messages are mutated (and one in seven sent as a frame with a random header, in pieces).
  WATCH: a match in play (e.g. two `tennis bot`s) that the spectator watches; without it the
  script creates one (POST /api/matches), whose snapshots stop when it expires unjoined. Prints a JSON summary:
inputs tried per kind, the spectator's snapshots per second (min/median), and whether the
server still answered at the end. 127.0.0.1 only; bounded by SECONDS. Standard library only.
"""
import base64, json, multiprocessing, os, random, socket, struct, sys, time, urllib.request

PORT, CODE, SECONDS = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
WORKERS = int(sys.argv[4]) if len(sys.argv) > 4 else 3
HOST = "127.0.0.1"


def ws_connect(timeout=5):
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise ConnectionError("no handshake")
        head += chunk
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise ConnectionError(head.split(b"\r\n")[0].decode(errors="replace"))
    return s, head.split(b"\r\n\r\n", 1)[1]


def frame(opcode, payload, fin=True, flags=0, masked=True, length=None, width=None):
    """A client frame: `flags` the reserved bits, `length` what the header claims (the payload's
    own by default), `width` the length field's size in bits (7, 16 or 64; the smallest by default)."""
    first = (0x80 if fin else 0) | flags | opcode
    n = len(payload) if length is None else length
    width = width or (7 if n < 126 else 16 if n < 65536 else 64)
    mask_bit = 0x80 if masked else 0
    if width == 7:
        header = struct.pack("!BB", first, mask_bit | n)
    elif width == 16:
        header = struct.pack("!BBH", first, mask_bit | 126, n)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, n)
    if not masked:
        return header + payload
    key = os.urandom(4)
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def raw_frame(rng, payload):
    """A frame whose header is random too: any opcode, fin and reserved bits, a length field of
    any of the three sizes that may lie about the payload (up to 2^64 - 1), masked or not."""
    n = len(payload) if rng.random() < 0.8 else rng.choice([0, 125, 126, 4096, 4097, 65535, 1 << 32, (1 << 64) - 1])
    if n < 126 and rng.random() < 0.8:
        width = 7
    elif n < 65536 and rng.random() < 0.8:
        width = 16
    else:
        width = 64
    return frame(rng.randrange(16), payload, fin=rng.random() < 0.7, flags=rng.choice([0, 0, 0, 0x10, 0x40, 0x70]),
                 masked=rng.random() < 0.9, length=n, width=width)


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(8)
        if kind == 0 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:
            data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
        elif kind == 2 and data:
            del data[rng.randrange(len(data))]
        elif kind == 3 and data:
            data = data[:rng.randrange(len(data))]
        elif kind == 4:
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice([b"[", b"{", b'{"a":']) * rng.choice([8, 9, 64, 511, 512, 513, 514, 1000])
        elif kind == 5:
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice([b"1e999", b"-0", b"18446744073709551616", b"\\ud800", b"\xc0\xaf", b"\x00",
                                      b'"', b"\\", b"null", b"1.5", b"-5"])
        elif kind == 6 and len(data) > 1:
            a, b = sorted(rng.sample(range(len(data)), 2))
            data[a:b] = data[a:b] * rng.randint(2, 8)
        else:
            data += os.urandom(rng.randint(1, 16))
    return bytes(data[:8192])


def valid_messages(rng, code):
    role = rng.choice(["player", "spectator"])
    hello = {"type": "hello", "version": 1, "role": role, "code": code, "name": "fz%d" % rng.randrange(100)}
    if rng.random() < 0.3:
        hello["rate"] = rng.choice([1, 30, 60])
    return [json.dumps(hello).encode(), json.dumps({"type": "ping", "id": rng.randrange(1 << 31),
                                                     "client_time": rng.randrange(1 << 40)}).encode(),
            json.dumps({"type": "chat", "text": "hi é"}).encode(),
            bytes([0x10]) + struct.pack("!I", rng.randrange(1, 1000)) + bytes([rng.choice([0, 1, 255]), 0, 0])]


def http_requests(rng, code):
    body = json.dumps({"format": rng.choice(["short", "tiebreak", "x"]), "surface": "clay",
                       "private": rng.random() < 0.5}).encode()
    return [
        f"GET /api/matches HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        f"GET /api/matches/{code}?invite=abc HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        f"GET /api/matches/1/replay HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        f"GET /api/players/Ann HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        f"GET /metrics HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        (f"POST /api/matches HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
         f"Content-Length: {len(body)}\r\n\r\n").encode() + body,
    ]


def drain(s, seconds):
    s.settimeout(seconds)
    try:
        while s.recv(65536):
            pass
    except (socket.timeout, OSError):
        pass


def worker(index, deadline, counts, target):
    rng = random.Random(index * 7919 + int(time.time()))
    tried = {"ws_sessions": 0, "ws_messages": 0, "http_requests": 0, "errors": 0}
    while time.time() < deadline:
        try:
            if rng.random() < 0.6:
                s, _ = ws_connect()
                tried["ws_sessions"] += 1
                code = target.value.decode()
                messages = valid_messages(rng, code)
                for _ in range(rng.randint(1, 12)):
                    if rng.random() < 0.2:
                        payload, opcode = messages[0], 0x1  # a valid hello, so later ones reach the match
                    else:
                        payload = rng.choice(messages)
                        opcode = 0x2 if payload[:1] == b"\x10" else 0x1
                        if rng.random() < 0.8:
                            payload = mutate(payload, rng)
                    if rng.random() < 0.15:  # the frame itself broken, sent in pieces
                        data = raw_frame(rng, payload)
                        while data:
                            cut = rng.randint(1, len(data))
                            s.sendall(data[:cut])
                            data = data[cut:]
                        tried["ws_raw_frames"] = tried.get("ws_raw_frames", 0) + 1
                    else:
                        s.sendall(frame(opcode, payload))
                    tried["ws_messages"] += 1
                drain(s, 0.05)
                s.close()
            else:
                s = socket.create_connection((HOST, PORT), timeout=5)
                request = rng.choice(http_requests(rng, target.value.decode()))
                if rng.random() < 0.8:
                    request = mutate(request, rng)
                s.sendall(request)
                tried["http_requests"] += 1
                drain(s, 0.05)
                s.close()
        except OSError:
            tried["errors"] += 1
    counts.put(tried)


def spectator(code, deadline, result):
    per_second = {}
    try:
        s, rest = ws_connect(timeout=10)
        s.sendall(frame(0x1, json.dumps({"type": "hello", "version": 1, "role": "spectator", "code": code,
                                          "name": "watch"}).encode()))
        buffer = rest
        s.settimeout(1)
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            buffer += chunk
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
                if opcode == 0x2:
                    second = int(time.time())
                    per_second[second] = per_second.get(second, 0) + 1
                elif opcode == 0x9:  # the server pings every 20 s and drops peers that do not answer
                    s.sendall(frame(0xA, buffer[offset:offset + n]))
                buffer = buffer[offset + n:]
    except OSError as error:
        result.put({"error": str(error)})
    seconds = sorted(per_second)[1:-1]  # whole seconds only
    rates = sorted(per_second[k] for k in seconds) or [0]
    result.put({"seconds": len(seconds), "min_per_second": rates[0], "p1_per_second": rates[len(rates) // 100],
                "median_per_second": rates[len(rates) // 2], "seconds_below_55": sum(1 for r in rates if r < 55),
                "snapshots": sum(per_second.values())})


def main():
    if len(sys.argv) > 5:
        watched = sys.argv[5]
    else:
        request = urllib.request.Request(f"http://{HOST}:{PORT}/api/matches", data=b"{}", method="POST")
        watched = json.loads(urllib.request.urlopen(request, timeout=10).read())["code"]
    deadline = time.time() + SECONDS
    counts, watch = multiprocessing.Queue(), multiprocessing.Queue()
    viewer = multiprocessing.Process(target=spectator, args=(watched, deadline + 1, watch))
    viewer.start()
    time.sleep(1)
    # The fuzzed match is replaced every 30 s: fuzzers take its seats, forfeit, and it retires.
    target = multiprocessing.Array("c", 16)
    target.value = CODE.encode()
    workers = [multiprocessing.Process(target=worker, args=(i, deadline, counts, target)) for i in range(WORKERS)]
    for w in workers:
        w.start()
    while time.time() < deadline - 30:
        time.sleep(30)
        try:
            request = urllib.request.Request(f"http://{HOST}:{PORT}/api/matches", data=b"{}", method="POST")
            target.value = json.loads(urllib.request.urlopen(request, timeout=10).read())["code"].encode()
        except OSError:
            pass  # rate limited (the fuzzers create matches too): keep the last one
    totals = {}
    for _ in workers:
        for key, value in counts.get(timeout=SECONDS + 60).items():
            totals[key] = totals.get(key, 0) + value
    for w in workers:
        w.join()
    view = watch.get(timeout=60)
    viewer.join()
    try:
        alive = urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=10).status == 200
    except OSError:
        alive = False
    print(json.dumps({"tried": totals, "spectator": view, "server_alive": alive}))


if __name__ == "__main__":
    main()
