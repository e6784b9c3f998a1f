/* SPDX-License-Identifier: Apache-2.0 */
/* A listing inside an event loop: one thread, one poll(), a timer that keeps
 * ticking while users arrive. The client never waits: each wk_client_step()
 * does what it can and says what to wait for, and the loop waits for that and
 * for its timer together.
 *
 *   event-loop NETWORK_ID [TICK_MS]
 *
 * Environment as in examples/minimal (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL, AWS_CA_BUNDLE). Prints one
 * username a line, then on standard error how often the timer (default every
 * 10 ms) ticked and how late it ever was. Exit status 0 on success. */
#define _POSIX_C_SOURCE 200809L

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_client_t client;
static wk_posix_conn_t tcp_conn;
static wk_tls_connector_t net;

/* The service's text as text only: a name may hold terminal escapes, so C0
 * and C1 controls, DEL and '\' are written as \xNN. */
static void print_escaped(wk_str_t s)
{
    for (size_t i = 0u; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == 0xc2u && i + 1u < s.len && (unsigned char)s.ptr[i + 1u] < 0xa0u) {
            printf("\\x%02x\\x%02x", c, (unsigned char)s.ptr[++i]); /* U+0080..U+009F */
        } else if (c < 0x20u || c == 0x7fu || c == '\\') {
            printf("\\x%02x", c);
        } else {
            putchar(c);
        }
    }
}

static wk_status_t print_username(void *ctx, const wk_user_t *user)
{
    (void)ctx;
    if (WK_USER_HAS(user, WK_USER_USERNAME)) {
        print_escaped(user->username);
        putchar('\n');
    }
    return WK_OK;
}

/* Milliseconds from @p now until @p deadline, 0 when it has passed. */
static int ms_until(uint32_t deadline, uint32_t now)
{
    int32_t left = (int32_t)(deadline - now);
    return left > 0 ? (int)left : 0;
}

int main(int argc, char **argv)
{
    wk_client_config_t cfg = {0};
    wk_tcp_opener_t tcp;
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_list_users_request_t req = {0};
    wk_wait_t w = {WK_WAIT_NO_HANDLE, 0u, 0u, 0u};
    wk_status_t status;
    uint32_t tick_ms = 10u;
    uint32_t next_tick;
    uint32_t ticks = 0u;
    uint32_t worst_late_ms = 0u;
    unsigned closed = 0u;

    if (wk_posix_std_fds_open(&closed) != WK_OK || (closed & WK_POSIX_STDOUT_CLOSED) != 0u) {
        fprintf(stderr, "standard output must be open: the usernames go there\n");
        return 1;
    }
    if (argc < 2 || argc > 3 || (argc == 3 && (tick_ms = (uint32_t)atoi(argv[2])) == 0u)) {
        fprintf(stderr, "usage: %s NETWORK_ID [TICK_MS]\n", argv[0]);
        return 1;
    }
    cfg.credentials.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    cfg.credentials.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    cfg.credentials.session_token = getenv("AWS_SESSION_TOKEN");
    cfg.endpoint.region = getenv("AWS_REGION");
    cfg.endpoint.endpoint_url = getenv("AWS_ENDPOINT_URL");
    tcp = wk_posix_opener(&tcp_conn);
    trust.ca_file = getenv("AWS_CA_BUNDLE");
    (void)wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);

    status = wk_client_init(&client, &cfg);
    if (status == WK_OK) {
        /* Parsing the CA bundle takes a while: before the loop, not in a step. */
        status = wk_tls_connector_load_ca(&net);
    }
    if (status == WK_OK) {
        req.network_id = argv[1];
        req.max_results = 10;
        status = wk_client_start_list_all_users(&client, &req, NULL, print_username, NULL, NULL);
    }
    if (status == WK_OK) {
        status = WK_PARTIAL; /* the first step runs at once */
        w.deadline_ms = wk_port_now_ms();
    }
    next_tick = wk_port_now_ms() + tick_ms;
    while (status == WK_PARTIAL) {
        struct pollfd p = {w.handle, 0, 0};
        uint32_t now = wk_port_now_ms();
        int timeout = ms_until(w.deadline_ms, now);
        bool watched = w.handle != WK_WAIT_NO_HANDLE && w.events != 0u;
        if (ms_until(next_tick, now) < timeout) {
            timeout = ms_until(next_tick, now);
        }
        if (watched) {
            p.events = (short)(((w.events & WK_WAIT_READ) != 0u ? POLLIN : 0) |
                               ((w.events & WK_WAIT_WRITE) != 0u ? POLLOUT : 0));
        } else if (w.events != 0u && timeout > 1) {
            timeout = 1; /* a stream nobody can watch: look again soon */
        }
        (void)poll(&p, watched ? 1u : 0u, timeout);

        now = wk_port_now_ms();
        if (ms_until(next_tick, now) == 0) { /* the timer: other work of the loop */
            uint32_t late = now - next_tick;
            worst_late_ms = late > worst_late_ms ? late : worst_late_ms;
            ticks++;
            next_tick += tick_ms * (late / tick_ms + 1u); /* skip the ticks missed */
        }
        if (p.revents != 0 || ms_until(w.deadline_ms, now) == 0 || (!watched && w.events != 0u)) {
            status = wk_client_step(&client, &w);
        }
    }
    if (status != WK_OK) {
        fprintf(stderr, "%s: %s %s\n", wk_status_str(status), wk_client_diag(&client),
                wk_tls_connector_diag(&net)->text);
    }
    fprintf(stderr, "timer: %u ticks of %u ms; the latest was %u ms late\n", (unsigned)ticks,
            (unsigned)tick_ms, (unsigned)worst_late_ms);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        status = WK_STOPPED;
    }
    (void)wk_client_deinit(&client);
    (void)wk_tls_connector_free(&net);
    return status == WK_OK ? 0 : 1;
}
