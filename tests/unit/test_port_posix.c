/* SPDX-License-Identifier: Apache-2.0 */
/* The POSIX port: TCP transport against listeners this test opens on loopback,
 * the clock and random singletons, and the standard descriptor guard. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* inet_aton(), the reader the literal rule is checked against */

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "wk/wk_endpoint.h"
#include "wk_port_posix.h"

#define WK_ARRAY_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* getaddrinfo() as the port calls it (the test links with
 * -Wl,--wrap=getaddrinfo): the last host and flags, then the real call. */
int __real_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                       struct addrinfo **res);
int __wrap_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                       struct addrinfo **res);

static char g_gai_node[64];
static int g_gai_flags;
static unsigned g_gai_calls;

int __wrap_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                       struct addrinfo **res)
{
    g_gai_calls++;
    g_gai_flags = hints != NULL ? hints->ai_flags : 0;
    snprintf(g_gai_node, sizeof(g_gai_node), "%s", node != NULL ? node : "");
    return __real_getaddrinfo(node, service, hints, res);
}

/* A listening socket on a loopback address with a kernel-chosen port. */
typedef struct listener {
    int fd;
    uint16_t port;
} listener_t;

static int listen_on(listener_t *l, int family, int backlog)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int one = 1;
    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = (socklen_t)sizeof(*a);
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = (socklen_t)sizeof(*a);
    }
    l->fd = socket(family, SOCK_STREAM, 0);
    if (l->fd < 0) {
        return -1;
    }
    (void)setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, (socklen_t)sizeof(one));
    if (bind(l->fd, (struct sockaddr *)&ss, len) != 0 || listen(l->fd, backlog) != 0 ||
        getsockname(l->fd, (struct sockaddr *)&ss, &len) != 0) {
        close(l->fd);
        l->fd = -1;
        return -1;
    }
    l->port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                      : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return 0;
}

/* Connects c to the listener and returns the accepted server-side socket. */
static int connect_pair(listener_t *l, const char *host, wk_posix_conn_t *c)
{
    wk_diag_t diag;
    int peer;
    assert_int_equal(wk_posix_connect(c, host, l->port, 2000u, &diag), WK_OK);
    peer = accept(l->fd, NULL, NULL);
    assert_true(peer >= 0);
    return peer;
}

static void round_trip(int family, const char *host)
{
    listener_t l;
    wk_posix_conn_t c;
    wk_transport_t t;
    uint8_t buf[16];
    size_t n = 0u;
    int peer;
    if (listen_on(&l, family, 4) != 0) {
        skip(); /* no such loopback on this machine (IPv6 disabled) */
        return; /* skip() does not return, but is not declared noreturn */
    }
    peer = connect_pair(&l, host, &c);
    t = wk_posix_transport(&c);
    assert_ptr_equal(t.ctx, &c);
    assert_false(t.peer_verified); /* plain TCP proves nothing about the peer */

    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4u, &n, 1000u), WK_OK);
    assert_int_equal(n, 4u);
    assert_int_equal(recv(peer, buf, sizeof(buf), 0), 4);
    assert_memory_equal(buf, "ping", 4u);

    assert_int_equal(send(peer, "pong!", 5u, 0), 5);
    n = 0u;
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 1000u), WK_OK);
    assert_int_equal(n, 5u);
    assert_memory_equal(buf, "pong!", 5u);

    assert_int_equal(wk_posix_close(&c), WK_OK);
    close(peer);
    close(l.fd);
}

static void test_round_trip_ipv4_literal(void **state)
{
    (void)state;
    round_trip(AF_INET, "127.0.0.1");
}

static void test_round_trip_ipv6_literal(void **state)
{
    (void)state;
    round_trip(AF_INET6, "::1");
}

static void test_recv_timeout_would_block(void **state)
{
    listener_t l;
    wk_posix_conn_t c;
    wk_transport_t t;
    uint8_t buf[4];
    size_t n = 77u;
    uint32_t start;
    uint32_t spent;
    int peer;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    peer = connect_pair(&l, "127.0.0.1", &c);
    t = wk_posix_transport(&c);

    start = wk_port_now_ms();
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 150u), WK_WOULD_BLOCK);
    spent = wk_port_now_ms() - start;
    assert_true(spent >= 140u); /* poll's granularity allows a little slack */
    assert_true(spent < 2000u);
    assert_int_equal(n, 77u);   /* untouched: nothing was received */

    /* timeout 0 polls once and returns at once */
    start = wk_port_now_ms();
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 0u), WK_WOULD_BLOCK);
    assert_true(wk_port_now_ms() - start < 100u);

    wk_posix_close(&c);
    close(peer);
    close(l.fd);
}

static void test_peer_close_is_peer_closed(void **state)
{
    listener_t l;
    wk_posix_conn_t c;
    wk_transport_t t;
    uint8_t buf[8];
    size_t n = 0u;
    int peer;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    peer = connect_pair(&l, "127.0.0.1", &c);
    t = wk_posix_transport(&c);
    assert_int_equal(send(peer, "bye", 3u, 0), 3);
    close(peer);
    /* the bytes sent before the FIN come first, then the orderly end */
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 1000u), WK_OK);
    assert_int_equal(n, 3u);
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 1000u), WK_ERR_PEER_CLOSED);
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 1000u), WK_ERR_PEER_CLOSED);
    wk_posix_close(&c);
    close(l.fd);
}

static void test_reset_is_io_error_and_no_sigpipe(void **state)
{
    listener_t l;
    wk_posix_conn_t c;
    wk_transport_t t;
    uint8_t buf[8];
    uint8_t data[1024];
    size_t n = 0u;
    struct linger lin = { 1, 0 };
    wk_status_t st = WK_OK;
    int i;
    int peer;
    (void)state;
    memset(data, 'x', sizeof(data));
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    peer = connect_pair(&l, "127.0.0.1", &c);
    t = wk_posix_transport(&c);
    /* linger 0: close() sends RST instead of FIN */
    assert_int_equal(setsockopt(peer, SOL_SOCKET, SO_LINGER, &lin, (socklen_t)sizeof(lin)), 0);
    close(peer);
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 1000u), WK_ERR_IO);
    /* Writing to the reset connection fails with a status, not a SIGPIPE that
     * would end this process. */
    for (i = 0; i < 20 && st == WK_OK; i++) {
        st = t.send(t.ctx, data, sizeof(data), &n, 200u);
    }
    assert_true(st == WK_ERR_IO || st == WK_ERR_PEER_CLOSED);
    wk_posix_close(&c);
    close(l.fd);
}

static void test_connect_refused(void **state)
{
    listener_t l;
    wk_posix_conn_t c;
    wk_diag_t diag;
    uint16_t port;
    (void)state;
    /* A port that was just free: bound by us, then released without listening. */
    assert_int_equal(listen_on(&l, AF_INET, 1), 0);
    port = l.port;
    close(l.fd);
    assert_int_equal(wk_posix_connect(&c, "127.0.0.1", port, 2000u, &diag), WK_ERR_CONNECT);
    assert_non_null(strstr(diag.text, "127.0.0.1"));
    assert_non_null(strstr(diag.text, "refused"));
    assert_false(c.open);
    assert_int_equal(wk_posix_close(&c), WK_OK); /* harmless after a failed connect */
}

static void test_connect_timeout(void **state)
{
    listener_t l;
    wk_posix_conn_t conns[6];
    wk_diag_t diag;
    uint32_t start = 0u;
    uint32_t spent = 0u;
    wk_status_t st = WK_OK;
    size_t opened = 0u;
    (void)state;
    /* A listener that never accepts: once its queue is full, Linux drops
     * further SYNs, so the next connect hangs until our budget runs out. */
    assert_int_equal(listen_on(&l, AF_INET, 0), 0);
    while (st == WK_OK && opened < WK_ARRAY_COUNT(conns)) {
        start = wk_port_now_ms();
        st = wk_posix_connect(&conns[opened], "127.0.0.1", l.port, 300u, &diag);
        spent = wk_port_now_ms() - start;
        opened += st == WK_OK ? 1u : 0u;
    }
    assert_int_equal(st, WK_ERR_TIMEOUT);
    assert_non_null(strstr(diag.text, "timed out"));
    assert_true(spent >= 290u);
    assert_true(spent < 3000u);
    while (opened > 0u) {
        wk_posix_close(&conns[--opened]);
    }
    close(l.fd);
}

static void test_invalid_name_is_dns_error(void **state)
{
    wk_posix_conn_t c;
    wk_diag_t diag;
    uint32_t start = wk_port_now_ms();
    (void)state;
    assert_int_equal(wk_posix_connect(&c, "no-such-host.invalid", 443u, 5000u, &diag), WK_ERR_DNS);
    assert_non_null(strstr(diag.text, "no-such-host.invalid"));
    assert_int_equal(wk_posix_connect(&c, "X.INVALID.", 443u, 5000u, &diag), WK_ERR_DNS);
    /* answered locally (RFC 6761), not after a resolver timeout */
    assert_true(wk_port_now_ms() - start < 1000u);
    assert_false(c.open);
}

static void test_localhost_name_resolves(void **state)
{
    listener_t l;
    wk_posix_conn_t c;
    int peer;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    /* "localhost" may resolve to ::1 first; the IPv4 listener still gets it
     * because every address is tried. */
    peer = connect_pair(&l, "localhost", &c);
    assert_true(c.open);
    wk_posix_close(&c);
    close(peer);
    close(l.fd);
}

/* A resolver held until the test lets it go (g_gate), so that steps can be
 * seen while a name is being resolved; it says when it has answered
 * (g_gate_done). Runs in the opener's resolver thread. */
static int g_gate[2] = { -1, -1 };
static int g_gate_done[2] = { -1, -1 };

static int gated_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                             struct addrinfo **res)
{
    char byte;
    int rc;
    while (read(g_gate[0], &byte, 1u) < 0 && errno == EINTR) {
        /* a signal: read again */
    }
    rc = __real_getaddrinfo(node, service, hints, res);
    assert_int_equal(write(g_gate_done[1], "d", 1u), 1);
    return rc;
}

static int unknown_name(const char *node, const char *service, const struct addrinfo *hints,
                        struct addrinfo **res)
{
    (void)node;
    (void)service;
    (void)hints;
    (void)res;
    return EAI_NONAME;
}

static void open_gates(void)
{
    assert_int_equal(pipe(g_gate), 0);
    assert_int_equal(pipe(g_gate_done), 0);
}

static void close_gates(void)
{
    close(g_gate[0]);
    close(g_gate[1]);
    close(g_gate_done[0]);
    close(g_gate_done[1]);
}

/* What the opener's stream says to wait for after WK_WOULD_BLOCK. */
static wk_wait_t opener_wait(const wk_transport_t *t)
{
    wk_wait_t w = { WK_WAIT_NO_HANDLE, (uint8_t)WK_WAIT_WRITE, 0u, 0u };
    assert_non_null(t->wait_on);
    assert_int_equal(t->wait_on(t->ctx, &w), WK_OK);
    return w;
}

/* Starts a stepped connect to a name with @p resolve as the resolver; it
 * must be in progress. Returns what it waits for. */
static wk_wait_t start_step(wk_posix_conn_t *c, wk_posix_resolve_fn resolve, const char *host,
                            uint16_t port, wk_transport_t *t)
{
    wk_tcp_opener_t o = wk_posix_opener(c);
    wk_diag_t diag;
    memset(t, 0, sizeof(*t));
    assert_int_equal(wk_posix_set_resolver(c, resolve), WK_OK);
    assert_int_equal(o.connect(o.ctx, host, port, 0u, t, &diag), WK_WOULD_BLOCK);
    return opener_wait(t);
}

static int poll_wait(const wk_wait_t *w, int timeout_ms)
{
    struct pollfd p = { w->handle, (short)((w->events & WK_WAIT_READ) != 0u ? POLLIN : POLLOUT),
                        0 };
    return poll(&p, 1u, timeout_ms);
}

/* Timeout 0 (a stepping client): a name is resolved while the caller goes
 * on, and the step says to wait for the resolver's pipe, not for DNS. */
static void test_opener_resolves_name_without_waiting(void **state)
{
    static wk_posix_conn_t c;
    listener_t l;
    wk_tcp_opener_t o = wk_posix_opener(&c);
    wk_transport_t t;
    wk_diag_t diag;
    wk_wait_t w;
    wk_status_t st;
    int steps = 0;
    int peer;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    open_gates();
    w = start_step(&c, gated_getaddrinfo, "localhost", l.port, &t);
    assert_true(w.handle >= 0);
    assert_int_equal(w.events, WK_WAIT_READ);
    /* the resolver has not answered: nothing to watch fires, and a step returns */
    assert_int_equal(poll_wait(&w, 0), 0);
    assert_int_equal(o.connect(o.ctx, "localhost", l.port, 0u, &t, &diag), WK_WOULD_BLOCK);
    assert_int_equal(write(g_gate[1], "g", 1u), 1);
    assert_int_equal(poll_wait(&w, 10000), 1); /* the answer is in */
    do {
        st = o.connect(o.ctx, "localhost", l.port, 0u, &t, &diag);
        if (st == WK_WOULD_BLOCK) {
            w = opener_wait(&t);
            assert_true(w.handle >= 0);
            (void)poll_wait(&w, 1000);
        }
    } while (st == WK_WOULD_BLOCK && ++steps < 100);
    assert_int_equal(st, WK_OK);
    assert_true(c.open);
    peer = accept(l.fd, NULL, NULL);
    assert_true(peer >= 0);
    assert_int_equal(o.close(o.ctx), WK_OK);
    close(peer);
    close(l.fd);
    close_gates();
}

/* A close while the resolver still runs returns at once and closes the
 * pipe; the resolver's answer is freed by its thread (ASan, valgrind). */
static void test_opener_close_while_resolving(void **state)
{
    static wk_posix_conn_t c;
    wk_transport_t t;
    char byte;
    int watched;
    (void)state;
    open_gates();
    watched = start_step(&c, gated_getaddrinfo, "localhost", 9u, &t).handle;
    assert_int_equal(wk_posix_close(&c), WK_OK); /* the opener's close */
    assert_false(c.connecting);
    assert_int_equal(fcntl(watched, F_GETFD), -1); /* the connection's end is closed */
    assert_int_equal(write(g_gate[1], "g", 1u), 1);
    assert_int_equal(read(g_gate_done[0], &byte, 1u), 1); /* it answered, to nobody */
    assert_int_equal(wk_posix_close(&c), WK_OK);
    close_gates();
}

/* A name that does not resolve ends the stepped connect with WK_ERR_DNS. */
static void test_opener_step_dns_failure(void **state)
{
    static wk_posix_conn_t c;
    wk_tcp_opener_t o = wk_posix_opener(&c);
    wk_transport_t t;
    wk_diag_t diag;
    wk_wait_t w;
    (void)state;
    w = start_step(&c, unknown_name, "nowhere.example", 443u, &t);
    assert_int_equal(poll_wait(&w, 10000), 1);
    assert_int_equal(o.connect(o.ctx, "nowhere.example", 443u, 0u, &t, &diag), WK_ERR_DNS);
    assert_non_null(strstr(diag.text, "cannot resolve nowhere.example port 443"));
    assert_false(c.connecting);
    assert_false(c.open);
    assert_int_equal(fcntl(w.handle, F_GETFD), -1);
    assert_int_equal(wk_posix_set_resolver(NULL, NULL), WK_ERR_ARG);
}

/* An IP literal is resolved with AI_NUMERICHOST, so it is never looked up;
 * a name is not. */
static void test_literal_resolved_numerically(void **state)
{
    static const char *const literals[] = {"127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"};
    listener_t l;
    wk_posix_conn_t c;
    wk_diag_t diag;
    size_t i;
    int peer;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    for (i = 0; i < WK_ARRAY_COUNT(literals); i++) {
        /* ::1 may have no listener here: only the lookup is looked at */
        g_gai_calls = 0u;
        (void)wk_posix_connect(&c, literals[i], l.port, 2000u, &diag);
        (void)wk_posix_close(&c);
        assert_int_equal(g_gai_calls, 1u);
        assert_string_equal(g_gai_node, literals[i]);
        assert_true((g_gai_flags & AI_NUMERICHOST) != 0);
    }
    g_gai_calls = 0u;
    peer = connect_pair(&l, "localhost", &c);
    assert_int_equal(g_gai_calls, 1u);
    assert_true((g_gai_flags & AI_NUMERICHOST) == 0);
    wk_posix_close(&c);
    close(peer);
    close(l.fd);
}

/* inet_aton() reads these as 127.0.0.1 (or ::1 with a zone): getaddrinfo()
 * would connect there while TLS checked the text as a name. Refused before
 * any lookup, and nothing reaches the listener. */
static void test_ambiguous_address_refused(void **state)
{
    static const char *const hosts[] = {
        "0x7f.0.0.1", "0x7f000001", "0x7f.1", "127.1", "127.0.1", "2130706433", "0177.0.0.1",
        "017700000001", "127.000.0.1", "127.0.0.01", "::1%lo", "0:0:0:0::0:0:0:1",
    };
    listener_t l;
    wk_posix_conn_t c;
    wk_diag_t diag;
    struct pollfd p;
    size_t i;
    (void)state;
    assert_int_equal(listen_on(&l, AF_INET, 4), 0);
    for (i = 0; i < WK_ARRAY_COUNT(hosts); i++) {
        print_message("host %s\n", hosts[i]);
        g_gai_calls = 0u;
        assert_int_equal(wk_posix_connect(&c, hosts[i], l.port, 2000u, &diag), WK_ERR_ARG);
        assert_false(c.open);
        assert_non_null(strstr(diag.text, hosts[i]));
        assert_int_equal(g_gai_calls, 0u);
    }
    p.fd = l.fd;
    p.events = POLLIN;
    p.revents = 0;
    assert_int_equal(poll(&p, 1u, 0), 0);
    close(l.fd);
}

/* The core's literal rule against the C library's readers, on generated
 * text: a literal is exactly what inet_pton() reads, with the same bytes, and
 * nothing inet_aton() reads as an address is taken for a name. */
static void check_against_libc(const char *s)
{
    uint8_t addr[16];
    uint8_t want[16];
    size_t len = 0u;
    struct in_addr aton;
    wk_status_t st = wk_host_ip_literal(s, strlen(s), addr, &len);
    int v4 = inet_pton(AF_INET, s, want);
    if (v4 == 1) {
        assert_int_equal(st, WK_OK);
        assert_int_equal(len, 4u);
        assert_memory_equal(addr, want, 4u);
    } else if (inet_pton(AF_INET6, s, want) == 1) {
        assert_int_equal(st, WK_OK);
        assert_int_equal(len, 16u);
        assert_memory_equal(addr, want, 16u);
    } else if (inet_aton(s, &aton) != 0) {
        assert_int_equal(st, WK_ERR_ENDPOINT);
    } else {
        /* a literal for neither reader is none here either */
        assert_int_equal(len, 0u);
    }
}

static void test_ip_literal_agrees_with_libc(void **state)
{
    static const char *const pieces[] = {
        "0", "1", "7", "00", "01", "08", "255", "256", "ffff", "FfFf", "12345", "0x", "0x7f",
        "0X1", "1.2.3.4", "01.2.3.4", ".", ".", ":", ":", "::", "%", "a", "g",
    };
    static const char alphabet[] = "0123456789abcdefxX.:";
    uint32_t seed = 12345u;
    char text[64];
    size_t round;
    size_t i;
    (void)state;
    for (round = 0; round < 200000u; round++) {
        size_t n = 0u;
        size_t count;
        seed = seed * 1103515245u + 12345u;
        count = 1u + (seed >> 16) % 12u;
        for (i = 0; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            if (round % 2u == 0u) {
                const char *piece = pieces[(seed >> 16) % WK_ARRAY_COUNT(pieces)];
                size_t plen = strlen(piece);
                if (n + plen < sizeof(text)) {
                    memcpy(&text[n], piece, plen);
                    n += plen;
                }
            } else {
                text[n++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1u)];
            }
        }
        text[n] = '\0';
        check_against_libc(text);
    }
}

static void test_arguments_and_state(void **state)
{
    static wk_posix_conn_t zeroed; /* static: all zero, "not open" */
    wk_posix_conn_t c;
    wk_diag_t diag;
    wk_transport_t t;
    uint8_t buf[4] = { 0 };
    size_t n = 0u;
    int fd0_valid;
    (void)state;
    assert_int_equal(wk_posix_connect(NULL, "127.0.0.1", 80u, 100u, &diag), WK_ERR_ARG);
    assert_int_equal(wk_posix_connect(&c, NULL, 80u, 100u, &diag), WK_ERR_ARG);
    assert_int_equal(wk_posix_connect(&c, "", 80u, 100u, &diag), WK_ERR_ARG);
    assert_int_equal(wk_posix_connect(&c, "127.0.0.1", 0u, 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_posix_connect(&c, "127.0.0.1", 80u, 0u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_posix_close(NULL), WK_ERR_ARG);
    /* closing a never-opened context must not close descriptor 0 */
    fd0_valid = fcntl(0, F_GETFD) >= 0;
    assert_int_equal(wk_posix_close(&zeroed), WK_OK);
    assert_int_equal(fcntl(0, F_GETFD) >= 0, fd0_valid);
    t = wk_posix_transport(&zeroed);
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 0u), WK_ERR_STATE);
    assert_int_equal(t.send(t.ctx, buf, sizeof(buf), &n, 0u), WK_ERR_STATE);
    assert_int_equal(t.recv(t.ctx, buf, 0u, &n, 0u), WK_ERR_ARG);
}

static void test_clocks_move_forward(void **state)
{
    struct timespec pause = { 0, 30 * 1000000L };
    uint32_t before;
    uint32_t after;
    int64_t utc = 0;
    time_t now;
    (void)state;
    before = wk_port_now_ms();
    nanosleep(&pause, NULL);
    after = wk_port_now_ms();
    assert_true(after - before >= 25u);
    assert_true(after - before < 5000u);

    assert_int_equal(wk_port_utc_now(&utc), WK_OK);
    now = time(NULL);
    assert_true(utc >= WK_POSIX_UTC_MIN_TRUSTED);
    assert_true(utc <= (int64_t)now + 1 && utc >= (int64_t)now - 1);
    assert_int_equal(wk_port_utc_now(NULL), WK_ERR_ARG);
}

static void test_random_fills(void **state)
{
    uint8_t a[64];
    uint8_t b[64];
    uint8_t big[1000];
    size_t zeros = 0u;
    size_t i;
    (void)state;
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memset(big, 0, sizeof(big));
    assert_int_equal(wk_port_random(a, sizeof(a)), WK_OK);
    assert_int_equal(wk_port_random(b, sizeof(b)), WK_OK);
    assert_memory_not_equal(a, b, sizeof(a));
    assert_int_equal(wk_port_random(big, sizeof(big)), WK_OK);
    for (i = 0u; i < sizeof(big); i++) {
        zeros += big[i] == 0u ? 1u : 0u;
    }
    /* about 4 expected; a buffer left (mostly) unwritten would show hundreds */
    assert_true(zeros < 40u);
    /* and the tail is written too, not just a prefix */
    for (i = 0u, zeros = 0u; i < 32u; i++) {
        zeros += big[sizeof(big) - 1u - i] == 0u ? 1u : 0u;
    }
    assert_true(zeros < 8u);
    assert_int_equal(wk_port_random(a, 0u), WK_OK);
    assert_int_equal(wk_port_random(NULL, 4u), WK_ERR_ARG);
}

/* 0 when @p fd is /dev/null opened with @p mode (O_RDONLY / O_WRONLY). */
static int is_dev_null(int fd, int mode)
{
    struct stat null_st;
    struct stat fd_st;
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1 || stat("/dev/null", &null_st) != 0 || fstat(fd, &fd_st) != 0) {
        return 1;
    }
    return fd_st.st_rdev == null_st.st_rdev && (flags & O_ACCMODE) == mode ? 0 : 1;
}

/* In a child: close @p close_mask of 0..2, run the guard, and exit 0 when it
 * reported exactly those and put /dev/null there, so a new descriptor is above 2. */
static int guard_in_child(unsigned close_mask)
{
    pid_t pid = fork();
    int wstatus = 0;
    if (pid == 0) {
        unsigned closed = 99u;
        int fd;
        int bad = 0;
        for (fd = 0; fd <= 2; fd++) {
            if ((close_mask & (1u << fd)) != 0u) {
                (void)close(fd);
            }
        }
        bad |= wk_posix_std_fds_open(&closed) != WK_OK;
        bad |= closed != close_mask;
        for (fd = 0; fd <= 2; fd++) {
            if ((close_mask & (1u << fd)) != 0u) {
                bad |= is_dev_null(fd, fd == 0 ? O_RDONLY : O_WRONLY);
            }
        }
        fd = socket(AF_INET, SOCK_STREAM, 0);
        bad |= fd <= 2;
        _exit(bad);
    }
    assert_true(pid > 0);
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 100;
}

static void test_std_fds_guard(void **state)
{
    (void)state;
    /* the test may itself have been started without one (no stdin in CI) */
    assert_int_equal(wk_posix_std_fds_open(NULL), WK_OK);
    assert_int_equal(guard_in_child(0u), 0);
    assert_int_equal(guard_in_child(WK_POSIX_STDIN_CLOSED), 0);
    assert_int_equal(guard_in_child(WK_POSIX_STDOUT_CLOSED), 0);
    assert_int_equal(guard_in_child(WK_POSIX_STDERR_CLOSED), 0);
    assert_int_equal(guard_in_child(WK_POSIX_STDIN_CLOSED | WK_POSIX_STDOUT_CLOSED |
                                    WK_POSIX_STDERR_CLOSED), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_ipv4_literal),
        cmocka_unit_test(test_round_trip_ipv6_literal),
        cmocka_unit_test(test_recv_timeout_would_block),
        cmocka_unit_test(test_peer_close_is_peer_closed),
        cmocka_unit_test(test_reset_is_io_error_and_no_sigpipe),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_invalid_name_is_dns_error),
        cmocka_unit_test(test_localhost_name_resolves),
        cmocka_unit_test(test_opener_resolves_name_without_waiting),
        cmocka_unit_test(test_opener_close_while_resolving),
        cmocka_unit_test(test_opener_step_dns_failure),
        cmocka_unit_test(test_literal_resolved_numerically),
        cmocka_unit_test(test_ambiguous_address_refused),
        cmocka_unit_test(test_ip_literal_agrees_with_libc),
        cmocka_unit_test(test_arguments_and_state),
        cmocka_unit_test(test_clocks_move_forward),
        cmocka_unit_test(test_random_fills),
        cmocka_unit_test(test_std_fds_guard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
