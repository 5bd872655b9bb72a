/* kernel-floor: the kernel's floor cost of sending small messages over loopback TCP.
 *
 *   kernel-floor serve PORT N BATCH SECONDS   listen on 127.0.0.1:PORT, accept N connections,
 *       send one 25-byte message per connection per 1/60 s tick (BATCH=k: every k-th tick,
 *       the k pending messages in one writev), warm up 2 s, measure SECONDS s, print JSON.
 *   kernel-floor client HOST PORT N SECONDS   open N connections, drain them with one epoll
 *       loop, warm up 2 s, measure SECONDS s, then drain until the server closes; print JSON,
 *       with each message's age (read time minus the send time the server put in it) at
 *       p50/p99/p99.9/max: what the kernel alone adds to a spectator's picture, the age a
 *       server's pass of N writes cannot beat on this machine.
 *
 * Build: cc -O2 -o kernel-floor kernel-floor.c   (C11, Linux, no dependencies)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MSG_LEN 25          /* 2-byte header + 23 payload bytes */
#define WARMUP_S 2
#define TICK_NS 16666667LL  /* 1/60 s */
#define MAX_BATCH 64

static void die(const char *what) { fprintf(stderr, "kernel-floor: %s: %s\n", what, strerror(errno)); exit(1); }
static void fail(const char *msg) { fprintf(stderr, "kernel-floor: %s\n", msg); exit(2); }

static long parse_num(const char *s, const char *name, long lo, long hi) {
    char *end; errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) {
        fprintf(stderr, "kernel-floor: bad %s '%s' (want %ld..%ld)\n", name, s, lo, hi);
        exit(2);
    }
    return v;
}

static int64_t now_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts)) die("clock_gettime");
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void cpu_us(double *user, double *sys) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru)) die("getrusage");
    *user = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec;
    *sys = ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
}

static void raise_nofile(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl)) die("getrlimit(RLIMIT_NOFILE)");
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl)) die("setrlimit(RLIMIT_NOFILE)");
}

static void set_nonblock(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) die("fcntl(O_NONBLOCK)");
}

static void sleep_until(int64_t t) {
    struct timespec ts = { .tv_sec = t / 1000000000LL, .tv_nsec = t % 1000000000LL };
    int rc;
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR) {}
    if (rc) { errno = rc; die("clock_nanosleep"); }
}

static int serve(int port, int n, int batch, int seconds) {
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) die("socket");
    int one = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)) die("setsockopt(SO_REUSEADDR)");
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa)) die("bind 127.0.0.1");
    if (listen(lfd, 4096)) die("listen");

    int *fds = calloc((size_t)n, sizeof *fds);
    if (!fds) fail("out of memory");
    for (int i = 0; i < n; i++) {
        struct pollfd p = { .fd = lfd, .events = POLLIN };
        int pr = poll(&p, 1, 30000);
        if (pr < 0) die("poll(listen)");
        if (pr == 0) { fprintf(stderr, "kernel-floor: timed out after %d of %d connections\n", i, n); exit(3); }
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) die("accept");
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) die("setsockopt(TCP_NODELAY)");
        set_nonblock(fd);
        fds[i] = fd;
    }
    close(lfd);

    /* The content is the same for every connection: msgs[j] is the j-th pending message. */
    static unsigned char msgs[MAX_BATCH][MSG_LEN];
    struct iovec iov[MAX_BATCH];
    for (int j = 0; j < batch; j++) {
        msgs[j][0] = 0x82;            /* FIN + binary frame */
        msgs[j][1] = MSG_LEN - 2;     /* payload length 23, unmasked */
        memset(msgs[j] + 2, 'x', MSG_LEN - 2);
        iov[j].iov_base = msgs[j];
        iov[j].iov_len = MSG_LEN;
    }

    const long warm_ticks = WARMUP_S * 60L, total_ticks = warm_ticks + seconds * 60L;
    long long sent = 0, drops = 0, late = 0;
    double u0 = 0, s0 = 0;
    int64_t t0 = 0, start = now_ns();
    for (long tick = 1; tick <= total_ticks; tick++) {
        int64_t deadline = start + tick * TICK_NS;
        sleep_until(deadline);
        int64_t woke = now_ns();
        if (tick == warm_ticks + 1) { cpu_us(&u0, &s0); t0 = woke; sent = drops = late = 0; }
        if (woke - deadline > TICK_NS / 2) late++;
        /* Send timestamp (µs, CLOCK_MONOTONIC) of this tick's message, after the header. */
        int slot = (int)((tick - 1) % batch);
        uint64_t us = (uint64_t)(woke / 1000);
        memcpy(msgs[slot] + 2, &us, sizeof us);
        if (slot != batch - 1) continue;          /* not yet time to flush */
        for (int i = 0; i < n; i++) {
            ssize_t w = batch == 1 ? write(fds[i], msgs[0], MSG_LEN) : writev(fds[i], iov, batch);
            if (w < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) { drops += batch; continue; }
                die("write to client");
            }
            /* A partial write leaves the stream misaligned; content is irrelevant here,
             * so count whole messages written and drop the rest. */
            long full = (long)(w / MSG_LEN);
            sent += full;
            drops += batch - full;
        }
    }
    double u1, s1;
    cpu_us(&u1, &s1);
    double secs = (now_ns() - t0) / 1e9, du = u1 - u0, ds = s1 - s0;
    double m = sent ? (double)sent : 1;
    printf("{\"n\":%d,\"batch\":%d,\"msgs_per_s\":%.0f,\"drops\":%lld,\"user_us_per_msg\":%.3f,"
           "\"sys_us_per_msg\":%.3f,\"cpu_us_per_msg\":%.3f,\"cpu_pct\":%.1f,\"late_ticks\":%lld}\n",
           n, batch, sent / secs, drops, du / m, ds / m, (du + ds) / m, (du + ds) / (secs * 1e4), late);
    for (int i = 0; i < n; i++) close(fds[i]);
    free(fds);
    return 0;
}

static int connect_one(const struct addrinfo *ai, int retry) {
    for (int attempt = 0;; attempt++) {
        int fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd < 0) die("socket");
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
        int e = errno;
        close(fd);
        errno = e;
        if (!(retry && e == ECONNREFUSED && attempt < 100)) die("connect");
        usleep(50000);  /* server not listening yet: retry up to 5 s */
    }
}

/* Ages in 0.1 ms bins up to 10 s (the last bin holds everything older). */
#define AGE_BINS 100000
static long long age_bins[AGE_BINS];
static long long age_count;
static int64_t age_max_us;

static void record_age(int64_t age_us) {
    if (age_us < 0) age_us = 0;
    long bin = (long)(age_us / 100);
    if (bin >= AGE_BINS) bin = AGE_BINS - 1;
    age_bins[bin]++;
    age_count++;
    if (age_us > age_max_us) age_max_us = age_us;
}

/* The age (ms) at quantile q: the upper edge of the bin that holds it. */
static double age_quantile(double q) {
    if (!age_count) return 0;
    long long want = (long long)(q * (double)age_count), seen = 0;
    for (long b = 0; b < AGE_BINS; b++) {
        seen += age_bins[b];
        if (seen > want) return (b + 1) / 10.0;
    }
    return AGE_BINS / 10.0;
}

/* One connection's part of a message that a read cut off. */
struct partial { unsigned char bytes[MSG_LEN]; int len; };

static int client(const char *host, const char *port, int n, int seconds) {
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *ai;
    int gr = getaddrinfo(host, port, &hints, &ai);
    if (gr) { fprintf(stderr, "kernel-floor: getaddrinfo %s:%s: %s\n", host, port, gai_strerror(gr)); exit(2); }
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    for (int i = 0; i < n; i++) {
        int fd = connect_one(ai, i == 0);
        set_nonblock(fd);
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) die("epoll_ctl(ADD)");
    }
    freeaddrinfo(ai);

    static unsigned char buf[65536];
    static struct epoll_event evs[1024];
    struct partial *parts = calloc((size_t)(n + 1024), sizeof *parts);
    if (!parts) fail("out of memory");
    long long bytes = 0, reads = 0;
    int open_fds = n, phase = 0;  /* 0 warm-up, 1 measuring, 2 draining until EOF */
    double u0 = 0, s0 = 0, u1 = 0, s1 = 0;
    int64_t start = now_ns(), t0 = 0, t1 = 0;
    int64_t next = start + WARMUP_S * 1000000000LL;
    const int64_t drain_limit = 10 * 1000000000LL;
    while (open_fds > 0) {
        int64_t now = now_ns();
        if (now >= next) {
            if (phase == 0) { cpu_us(&u0, &s0); t0 = now; bytes = reads = 0; phase = 1; next = now + seconds * 1000000000LL; }
            else if (phase == 1) { cpu_us(&u1, &s1); t1 = now; phase = 2; next = now + drain_limit; }
            else { fprintf(stderr, "kernel-floor: client: %d connections still open after drain\n", open_fds); break; }
        }
        int timeout = (int)((next - now) / 1000000) + 1;
        int k = epoll_wait(ep, evs, 1024, timeout);
        if (k < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            for (;;) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0) {
                    if (phase == 1) { bytes += r; reads++; }
                    if (fd < n + 1024) {
                        int64_t now_us = now_ns() / 1000;
                        struct partial *p = &parts[fd];
                        for (ssize_t at = 0; at < r;) {
                            ssize_t take = MSG_LEN - p->len < r - at ? MSG_LEN - p->len : r - at;
                            memcpy(p->bytes + p->len, buf + at, (size_t)take);
                            p->len += (int)take;
                            at += take;
                            if (p->len < MSG_LEN) break;
                            p->len = 0;
                            if (phase != 1) continue;
                            uint64_t sent_us;
                            memcpy(&sent_us, p->bytes + 2, sizeof sent_us);
                            record_age(now_us - (int64_t)sent_us);
                        }
                    }
                    if ((size_t)r == sizeof buf) continue;  /* buffer filled: more may be waiting */
                    break;
                }
                if (r == 0 || errno == ECONNRESET) {   /* server finished */
                    if (phase < 2) fprintf(stderr, "kernel-floor: client: server closed early\n");
                    if (epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL)) die("epoll_ctl(DEL)");
                    close(fd);
                    open_fds--;
                    break;
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
                die("read");
            }
        }
    }
    if (phase < 2) { cpu_us(&u1, &s1); t1 = now_ns(); if (!t0) t0 = start; }
    double secs = (t1 - t0) / 1e9;
    printf("{\"n\":%d,\"msgs_per_s\":%.0f,\"reads_per_s\":%.0f,\"cpu_pct\":%.1f,"
           "\"user_pct\":%.1f,\"sys_pct\":%.1f,\"age_p50_ms\":%.1f,\"age_p99_ms\":%.1f,"
           "\"age_p999_ms\":%.1f,\"age_max_ms\":%.1f}\n",
           n, (double)(bytes / MSG_LEN) / secs, reads / secs, ((u1 - u0) + (s1 - s0)) / (secs * 1e4),
           (u1 - u0) / (secs * 1e4), (s1 - s0) / (secs * 1e4), age_quantile(0.5), age_quantile(0.99),
           age_quantile(0.999), age_max_us / 1000.0);
    free(parts);
    close(ep);
    return phase < 2 ? 1 : 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    raise_nofile();
    if (argc == 6 && !strcmp(argv[1], "serve"))
        return serve((int)parse_num(argv[2], "PORT", 1, 65535), (int)parse_num(argv[3], "N", 1, 1000000),
                     (int)parse_num(argv[4], "BATCH", 1, MAX_BATCH), (int)parse_num(argv[5], "SECONDS", 1, 86400));
    if (argc == 6 && !strcmp(argv[1], "client")) {
        parse_num(argv[3], "PORT", 1, 65535);
        return client(argv[2], argv[3], (int)parse_num(argv[4], "N", 1, 1000000), (int)parse_num(argv[5], "SECONDS", 1, 86400));
    }
    fprintf(stderr, "usage: %s serve PORT N BATCH SECONDS\n       %s client HOST PORT N SECONDS\n", argv[0], argv[0]);
    return 2;
}
