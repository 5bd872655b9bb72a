#!/usr/bin/env python3
"""Opens and closes many short sessions against a local tennis server and samples its RSS.

Usage:
  rss_cycles.py --port PORT --pid PID [--code CODE] [--cycles 100000] [--every 10000]
                [--mix spectator=1,refused=1] [--workers 4] [--sources 64] [--time-limit 1800]

Each cycle is one connection, opened and closed, of one kind:
  tcp        connect, close (no bytes)
  http       GET /healthz, read the answer, close
  upgrade    WebSocket upgrade, then close without a hello (client close frame)
  refused    upgrade + spectator hello for a code no match has: error not_found (or, once the
             source address has failed 20 joins in a minute, too_many_failed_joins), close 4404/4429
  spectator  upgrade + valid spectator hello for CODE: welcome, then a client close frame
  drop       upgrade + valid spectator hello, then the TCP connection is dropped without a close

`--mix` weights the kinds; cycle i takes kind i of a fixed interleaving, so every block of
`--every` cycles has the same mix. Cycles run in blocks of `--every` (spread over `--workers`
threads); after each block the script waits `--settle` seconds (the server finishes its closes)
and reads VmRSS of PID from /proc. It prints one table row per block, and a last one after
`--idle` seconds without new sessions (timers of ended sessions have fired by then), and never exits non-zero
for a slow or refusing server: it is a benchmark, not a test. Connections go to 127.0.0.1 only,
from `--sources` loopback source addresses (127.0.0.1, 127.0.1.1, 127.0.1.2, ...), so that
neither TIME_WAIT nor the per-address limits run out. The whole run stops at `--time-limit`.
Without --code it creates a match (POST /api/matches). One extra spectator (the keeper) stays
connected and reads for the whole run, so the match is never empty and never retired.
Standard library only: the handshake and frames are written by hand (as in ws_malformed.py).
"""
import argparse, base64, json, os, socket, struct, sys, threading, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--pid", type=int, required=True, help="the server's pid, for VmRSS")
parser.add_argument("--code", help="a live match's join code (default: create one with POST /api/matches)")
parser.add_argument("--cycles", type=int, default=100_000)
parser.add_argument("--every", type=int, default=10_000, help="cycles between RSS samples")
parser.add_argument("--mix", default="spectator=1,refused=1")
parser.add_argument("--workers", type=int, default=4)
parser.add_argument("--sources", type=int, default=1000, help="loopback source addresses to rotate through")
parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait before each sample")
parser.add_argument("--time-limit", type=float, default=1800.0, help="stop after this many seconds")
parser.add_argument("--timeout", type=float, default=10.0, help="per-socket timeout, seconds")
parser.add_argument("--idle", type=float, default=45.0,
                    help="after the last block, seconds to wait (no new sessions) before a last sample")
args = parser.parse_args()

HOST = "127.0.0.1"
KINDS = ("tcp", "http", "upgrade", "refused", "spectator", "drop")


def parse_mix(text):
    weights = []
    for part in text.split(","):
        name, _, weight = part.partition("=")
        name = name.strip()
        if name not in KINDS:
            sys.exit(f"unknown kind {name!r}; kinds: {', '.join(KINDS)}")
        weights += [name] * int(weight or 1)
    return weights


PATTERN = parse_mix(args.mix)
SOURCES = ["127.0.0.1"] + [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(max(0, args.sources - 1))]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def connect(source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(args.timeout)
    s.bind((source, 0))
    s.connect((HOST, args.port))
    return s


def read_head(s):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    head, _, rest = head.partition(b"\r\n\r\n")
    return head, rest


def upgrade(source):
    s = connect(source)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: {HOST}:{args.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head, rest = read_head(s)
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise ConnectionError(f"no upgrade: {head[:60]!r}")
    return s, rest


def frame(opcode, payload):
    n = len(payload)
    header = struct.pack("!BB", 0x80 | opcode, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    key = os.urandom(4)
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def hello(code):
    return frame(0x1, json.dumps({"type": "hello", "version": 1, "role": "spectator", "code": code,
                                  "name": "rss"}).encode())


def next_frame(s, buffer):
    """(opcode, payload, rest) of the next server frame; opcode None at end of stream."""
    while True:
        if len(buffer) >= 2:
            opcode, n, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if n == 126 and len(buffer) >= 4:
                n, offset = struct.unpack("!H", buffer[2:4])[0], 4
            elif n == 127 and len(buffer) >= 10:
                n, offset = struct.unpack("!Q", buffer[2:10])[0], 10
            if n < 126 or offset > 2:
                if len(buffer) >= offset + n:
                    return opcode, buffer[offset:offset + n], buffer[offset + n:]
        chunk = s.recv(65536)
        if not chunk:
            return None, b"", b""
        buffer += chunk


def until_closed(s, buffer):
    """Reads to the end of the stream; returns the server's close code, if it sent one."""
    code = None
    while True:
        opcode, payload, buffer = next_frame(s, buffer)
        if opcode is None:
            return code
        if opcode == 0x8 and len(payload) >= 2:
            code = struct.unpack("!H", payload[:2])[0]


def close_frame(code=1000):
    return frame(0x8, struct.pack("!H", code))


def cycle(kind, source):
    """One session; returns an outcome label for the tally."""
    if kind == "tcp":
        connect(source).close()
        return "tcp"
    if kind == "http":
        s = connect(source)
        s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
        while s.recv(4096):
            pass
        s.close()
        return "http"
    s, buffer = upgrade(source)
    try:
        if kind == "upgrade":
            s.sendall(close_frame())
            until_closed(s, buffer)
            return "upgrade"
        if kind == "refused":
            s.sendall(hello("000000"))  # never a code: 0 is not in the code alphabet
            opcode, payload, buffer = next_frame(s, buffer)
            code = json.loads(payload).get("code") if opcode == 0x1 else None
            until_closed(s, buffer)
            return f"refused:{code}"
        s.sendall(hello(args.code))
        opcode, payload, buffer = next_frame(s, buffer)
        message = json.loads(payload) if opcode == 0x1 else {}
        if message.get("type") != "welcome":
            until_closed(s, buffer)
            return f"spectator-refused:{message.get('code')}"
        if kind == "drop":
            return "drop"
        s.sendall(close_frame())
        until_closed(s, buffer)
        return "spectator"
    finally:
        s.close()


def create_match():
    request = urllib.request.Request(f"http://{HOST}:{args.port}/api/matches", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=args.timeout) as answer:
        return json.loads(answer.read())["code"]


def keeper():
    """A spectator that stays for the whole run, reading everything (reconnecting if dropped)."""
    while True:
        try:
            s, buffer = upgrade(HOST)
            s.sendall(hello(args.code))
            s.settimeout(None)
            while s.recv(65536):
                pass
        except (OSError, ValueError):
            pass
        time.sleep(1)


tally = {}
tally_lock = threading.Lock()
deadline = time.monotonic() + args.time_limit


def run_block(start, count):
    """Cycles start..<start+count over the worker threads."""
    next_index = [start]
    lock = threading.Lock()

    def worker():
        local = {}
        while time.monotonic() < deadline:
            with lock:
                i = next_index[0]
                if i >= start + count:
                    break
                next_index[0] += 1
            kind = PATTERN[i % len(PATTERN)]
            try:
                label = cycle(kind, SOURCES[i % len(SOURCES)])
            except (OSError, ValueError) as error:
                label = f"{kind}-error:{type(error).__name__}"
            local[label] = local.get(label, 0) + 1
        with tally_lock:
            for label, n in local.items():
                tally[label] = tally.get(label, 0) + n

    threads = [threading.Thread(target=worker) for _ in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return next_index[0] - start


def main():
    if not args.code:
        args.code = create_match()
    threading.Thread(target=keeper, daemon=True).start()
    time.sleep(0.5)
    print(f"# {args.cycles} cycles, mix {args.mix}, {args.workers} workers, {len(SOURCES)} source addresses, "
          f"server pid {args.pid}, match {args.code}", flush=True)
    base = rss_kib(args.pid)
    print(f"{'cycles':>8} {'rss_kib':>9} {'delta_kib':>10} {'bytes/cycle':>12} {'secs':>7}", flush=True)
    print(f"{0:>8} {base or 0:>9} {0:>10} {'-':>12} {0:>7.1f}", flush=True)
    done, started = 0, time.monotonic()
    while done < args.cycles and time.monotonic() < deadline:
        done += run_block(done, min(args.every, args.cycles - done))
        time.sleep(args.settle)
        rss = rss_kib(args.pid)
        if rss is None or base is None:
            print(f"{done:>8} {'gone':>9}", flush=True)
            break
        delta = rss - base
        print(f"{done:>8} {rss:>9} {delta:>10} {delta * 1024 / max(done, 1):>12.0f} "
              f"{time.monotonic() - started:>7.1f}", flush=True)
    if args.idle > 0 and base is not None:
        time.sleep(args.idle)
        rss = rss_kib(args.pid)
        if rss is not None:
            print(f"{'idle':>8} {rss:>9} {rss - base:>10} {'-':>12} {time.monotonic() - started:>7.1f}"
                  f"   (after {args.idle:.0f} s without new sessions)", flush=True)
    print("# outcomes: " + ", ".join(f"{k}={v}" for k, v in sorted(tally.items())), flush=True)
    if time.monotonic() >= deadline:
        print(f"# stopped at the time limit ({args.time_limit:.0f} s)", flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
