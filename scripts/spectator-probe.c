/* spectator-probe: N spectators of one match in one epoll loop, measuring how old each
 * snapshot is when it arrives, at as little cost to the probe's own core as C allows.
 *
 *   spectator-probe PORT CODES N SECONDS SERVER_PID [RATE]
 *
 * Opens N WebSocket connections to ws://127.0.0.1:PORT/ws (24 awaiting their welcome at a time), says hello as a
 * spectator of one of CODES (comma-separated, in turn; with `rate` when RATE < 60), answers
 * pings, waits 1 s once all are open,
 * then measures SECONDS s: snapshots delivered, their age (arrival on CLOCK_MONOTONIC minus the
 * server's send time in the snapshot, read as `SnapshotStamp` does: docs/PROTOCOL.md), the
 * server's CPU (utime + stime of SERVER_PID from /proc) and the probe's own. Prints one JSON line.
 *
 * It is a measuring tool, not a client: it trusts the server's frames (127.0.0.1 only), reads
 * only the headers it needs and sends fixed, masked frames. `tennis loadtest` is the client
 * that decodes everything; this one exists because that one's own cost per message (NIO, one
 * core) shows in the ages it measures once a core's worth of snapshots arrive (PERFORMANCE.md).
 *
 * Build: cc -O2 -o spectator-probe spectator-probe.c   (C11, Linux, no dependencies)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 16384
/* Connections between connect and welcome at once: under the server's default
 * --max-pending-per-address (32), which answers 429 past it (all of the probe's come from
 * 127.0.0.1; with 64 a loaded server refused a few). */
#define OPEN_AT_ONCE 24
#define CONNECT_LIMIT_S 120

enum phase { CONNECTING, HANDSHAKE, OPEN, CLOSED };

struct conn {
    int fd;
    enum phase phase;
    size_t have;
    unsigned char buf[BUF];
};

static void die(const char *what) { fprintf(stderr, "spectator-probe: %s: %s\n", what, strerror(errno)); exit(1); }

static uint64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static double cpu_s_self(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of a process in seconds, from /proc/PID/stat (fields 14 and 15). */
static double cpu_s_of(long pid) {
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')');
    if (!p) return -1;
    unsigned long long ut = 0, st = 0;
    /* after ")": state(3) ... utime is field 14, stime 15 */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* A client frame: FIN, the opcode, masked with a fixed key (the server unmasks whatever key). */
static size_t client_frame(unsigned char *out, int opcode, const unsigned char *payload, size_t n) {
    static const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
    size_t at = 0;
    out[at++] = 0x80 | (unsigned char)opcode;
    if (n < 126) {
        out[at++] = 0x80 | (unsigned char)n;
    } else {
        out[at++] = 0x80 | 126;
        out[at++] = (unsigned char)(n >> 8);
        out[at++] = (unsigned char)n;
    }
    memcpy(out + at, key, 4);
    at += 4;
    for (size_t i = 0; i < n; i++) out[at + i] = payload[i] ^ key[i % 4];
    return at + n;
}

static void send_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Ages of the window, in microseconds. */
static uint32_t *ages;
static size_t age_count, age_cap;

static void record(uint32_t age) {
    if (age_count == age_cap) {
        age_cap = age_cap ? age_cap * 2 : 1 << 20;
        ages = realloc(ages, age_cap * sizeof *ages);
        if (!ages) die("realloc");
    }
    ages[age_count++] = age;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: spectator-probe PORT CODES N SECONDS SERVER_PID [RATE]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    /* The codes, split in place. */
    char *codes[64];
    int code_count = 0;
    for (char *next = argv[2], *code; code_count < 64 && (code = strsep(&next, ",")) != NULL;) {
        if (strlen(code) > 16 || !*code) {
            fprintf(stderr, "spectator-probe: bad code\n");
            return 2;
        }
        codes[code_count++] = code;
    }
    int n = atoi(argv[3]);
    double seconds = atof(argv[4]);
    long server_pid = atol(argv[5]);
    int rate = argc > 6 ? atoi(argv[6]) : 60;
    if (port <= 0 || port > 65535 || n <= 0 || n > 100000 || seconds <= 0 || seconds > 600 || rate < 1 || rate > 60) {
        fprintf(stderr, "spectator-probe: bad arguments\n");
        return 2;
    }
    struct rlimit lim = {(rlim_t)n + 64, (rlim_t)n + 64};
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) die("setrlimit (raise the open-file limit)");

    char request[512];
    int request_len = snprintf(request, sizeof request,
                               "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                               port);
    unsigned char hello_frames[64][300];
    size_t hello_frame_lens[64];
    for (int i = 0; i < code_count; i++) {
        char hello[256];
        int hello_len = rate < 60
            ? snprintf(hello, sizeof hello,
                       "{\"type\":\"hello\",\"version\":1,\"role\":\"spectator\",\"code\":\"%s\",\"name\":\"probe\",\"rate\":%d}",
                       codes[i], rate)
            : snprintf(hello, sizeof hello,
                       "{\"type\":\"hello\",\"version\":1,\"role\":\"spectator\",\"code\":\"%s\",\"name\":\"probe\"}",
                       codes[i]);
        hello_frame_lens[i] = client_frame(hello_frames[i], 1, (const unsigned char *)hello, (size_t)hello_len);
    }

    struct conn *conns = calloc((size_t)n, sizeof *conns);
    if (!conns) die("calloc");
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);

    int started = 0, opened = 0, failed = 0, closed = 0, welcomed = 0;
    /* Why connections failed before their upgrade was answered: the connect itself (the last
     * errno), a close or reset during the handshake, or an answer other than 101 (the last one's
     * status line). */
    int failed_connect = 0, failed_handshake_eof = 0, failed_status = 0, last_connect_errno = 0;
    char last_status[64] = "";
    uint64_t t0 = now_us(), window_start = 0, window_end = 0;
    uint64_t delivered = 0, text_messages = 0;
    double server_cpu0 = 0, self_cpu0 = 0;
    struct epoll_event events[512];
    /* PROBE_DUMP=file: one line per snapshot measured: connection, tick (low 16 bits), age µs, µs into the window. */
    FILE *dump = getenv("PROBE_DUMP") ? fopen(getenv("PROBE_DUMP"), "w") : NULL;

    for (;;) {
        uint64_t now = now_us();
        /* Open more while fewer than OPEN_AT_ONCE await their welcome. */
        while (started < n && started - welcomed - failed - closed < OPEN_AT_ONCE) {
            struct conn *c = &conns[started];
            c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (c->fd < 0) die("socket");
            int one = 1;
            setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS) die("connect");
            c->phase = CONNECTING;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.u32 = (uint32_t)started};
            if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) die("epoll_ctl");
            started++;
        }
        if (!window_start && (opened + failed == n || now - t0 > CONNECT_LIMIT_S * 1000000ull)) {
            window_start = now + 1000000;  /* 1 s to settle */
            window_end = window_start + (uint64_t)(seconds * 1e6);
        }
        if (window_start && !server_cpu0 && now >= window_start) {
            server_cpu0 = cpu_s_of(server_pid);
            self_cpu0 = cpu_s_self();
            fprintf(stderr, "measuring %.0f s with %d of %d open\n", seconds, opened, n);
        }
        if (window_end && now >= window_end) break;

        int ready = epoll_wait(ep, events, 512, 5);
        if (ready < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        uint64_t arrived = now_us();
        int measuring = window_start && arrived >= window_start && arrived < window_end;
        for (int i = 0; i < ready; i++) {
            struct conn *c = &conns[events[i].data.u32];
            if (c->phase == CLOSED) continue;
            if (c->phase == CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err) {
                    c->phase = CLOSED;
                    failed++;
                    failed_connect++;
                    last_connect_errno = err;
                    close(c->fd);
                    continue;
                }
                send_all(c->fd, (const unsigned char *)request, (size_t)request_len);
                c->phase = HANDSHAKE;
                struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = events[i].data.u32};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                continue;
            }
            for (;;) {
                ssize_t r = read(c->fd, c->buf + c->have, BUF - c->have);
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
                if (r <= 0) {
                    if (c->phase == HANDSHAKE) { failed++; failed_handshake_eof++; } else closed++;
                    c->phase = CLOSED;
                    close(c->fd);
                    break;
                }
                c->have += (size_t)r;
                size_t at = 0;
                if (c->phase == HANDSHAKE) {
                    unsigned char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
                    if (!end) break;
                    if (c->have < 12 || memcmp(c->buf + 9, "101", 3) != 0) {
                        size_t line = (size_t)((unsigned char *)memchr(c->buf, '\r', c->have) - c->buf);
                        if (line >= sizeof last_status) line = sizeof last_status - 1;
                        memcpy(last_status, c->buf, line);
                        last_status[line] = 0;
                        for (char *q = last_status; *q; q++) if (*q == '"' || *q == '\\') *q = '?';
                        c->phase = CLOSED;
                        failed++;
                        failed_status++;
                        close(c->fd);
                        break;
                    }
                    int which = (int)(c - conns) % code_count;
                    send_all(c->fd, hello_frames[which], hello_frame_lens[which]);
                    c->phase = OPEN;
                    opened++;
                    at = (size_t)(end + 4 - c->buf);
                }
                /* Whole frames only; the rest waits for the next read. */
                while (c->have - at >= 2) {
                    unsigned char *f = c->buf + at;
                    int opcode = f[0] & 0x0f;
                    uint64_t len = f[1] & 0x7f;
                    size_t head = 2;
                    if (len == 126) {
                        if (c->have - at < 4) break;
                        len = ((uint64_t)f[2] << 8) | f[3];
                        head = 4;
                    } else if (len == 127) {
                        if (c->have - at < 10) break;
                        len = 0;
                        for (int k = 0; k < 8; k++) len = (len << 8) | f[2 + k];
                        head = 10;
                    }
                    if (len > BUF - 16) {
                        fprintf(stderr, "spectator-probe: a frame of %llu bytes\n", (unsigned long long)len);
                        exit(1);
                    }
                    if (c->have - at < head + len) break;
                    unsigned char *p = f + head;
                    if (opcode == 2 && len >= 7 && measuring) {
                        uint64_t age = 0;
                        if (p[0] == 0x01 && len >= 13) {
                            uint64_t sent = 0;
                            for (int k = 7; k >= 0; k--) sent = (sent << 8) | p[5 + k];
                            age = arrived >= sent ? arrived - sent : 0;
                        } else if (p[0] == 0x02) {
                            uint32_t sent = (uint32_t)p[3] | (uint32_t)p[4] << 8 | (uint32_t)p[5] << 16 |
                                            (uint32_t)p[6] << 24;
                            uint32_t delta = (uint32_t)arrived - sent;
                            age = delta > UINT32_MAX / 2 ? 0 : delta;
                        }
                        delivered++;
                        record(age > UINT32_MAX ? UINT32_MAX : (uint32_t)age);
                        if (dump) {
                            unsigned tick = p[0] == 0x01 ? (unsigned)(p[1] | p[2] << 8) : (unsigned)(p[1] | p[2] << 8);
                            fprintf(dump, "%u %u %llu %llu\n", (unsigned)(c - conns), tick, (unsigned long long)age,
                                    (unsigned long long)(arrived - window_start));
                        }
                    } else if (opcode == 1) {
                        if (measuring) text_messages++;
                        if (memmem(p, len, "\"type\":\"welcome\"", 16)) welcomed++;
                    } else if (opcode == 9) {
                        unsigned char pong[140];
                        send_all(c->fd, pong, client_frame(pong, 10, p, len > 125 ? 125 : (size_t)len));
                    } else if (opcode == 8) {
                        c->phase = CLOSED;
                        closed++;
                        close(c->fd);
                        break;
                    }
                    at += head + len;
                }
                if (c->phase == CLOSED) break;
                memmove(c->buf, c->buf + at, c->have - at);
                c->have -= at;
            }
        }
    }
    double window = (double)(window_end - window_start) / 1e6;
    double server_cpu = cpu_s_of(server_pid) - server_cpu0, self_cpu = cpu_s_self() - self_cpu0;
    qsort(ages, age_count, sizeof *ages, cmp_u32);
#define PCT(q) (age_count ? ages[(size_t)((double)(age_count - 1) * (q))] / 1000.0 : 0.0)
    printf("{\"opened\":%d,\"welcomed\":%d,\"failed\":%d,\"closed\":%d,\"window_s\":%.2f,\"delivered_per_s\":%.1f,"
           "\"expected_per_s\":%.1f,\"texts_per_s\":%.1f,"
           "\"age_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"p999\":%.2f,\"max\":%.2f},"
           "\"server_cpu_pct\":%.1f,\"server_us_per_snapshot\":%.2f,\"probe_cpu_pct\":%.1f,"
           "\"failures\":{\"connect\":%d,\"connect_errno\":\"%s\",\"closed_in_handshake\":%d,\"status\":%d,"
           "\"last_status\":\"%s\"}}\n",
           opened, welcomed, failed, closed, window, delivered / window, welcomed * 60.0 / ((int)(60.0 / rate + 0.5)),
           text_messages / window, PCT(0.5), PCT(0.99), PCT(0.999), PCT(1.0), 100 * server_cpu / window,
           delivered ? server_cpu * 1e6 / (double)delivered : 0.0, 100 * self_cpu / window,
           failed_connect, last_connect_errno ? strerror(last_connect_errno) : "", failed_handshake_eof,
           failed_status, last_status);
    return 0;
}
