/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Many listings at once from one thread and one poll() loop, through the step
 * API: each listing has its own client, TLS connector and socket, and every
 * wk_client_step() call is timed. Driven by test_step_loop.py.
 *
 *   step_loop LISTING...
 *
 * LISTING is key=value pairs separated by commas: url (required), ca
 * (required), network (required), max, first, last, user, status, group,
 * sort, dir, connect, read, call (timeouts in ms), all (0: the first page
 * only), blocking (1: the blocking call instead, before the loop; the
 * benchmark's comparison, bench/run_bench.py), resume (1: reconnects resume
 * the TLS session, wk_tls_connector_set_resume()), dns (milliseconds: names
 * resolve that much late, a slow resolver, wk_posix_set_resolver()).
 * Credentials and region
 * come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION.
 *
 * Prints "N user USERID USERNAME" for each user of listing N (bytes outside
 * printable ASCII as \xNN), "N end STATUS MS" when listing N ends MS
 * milliseconds after the start, and last
 * "steps COUNT max_step_us MICROSECONDS". Exit status 0 when every listing
 * ended with WK_OK.
 */
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

#define MAX_LISTINGS 20

typedef struct listing {
    int index;
    bool active;
    bool one_page;
    bool blocking;
    bool resume;
    bool slow_dns;
    wk_wait_t wait;
    wk_list_users_request_t req;
    wk_client_config_t cfg;
    char spec[512]; /* the argument, cut into the strings req and cfg point to */
} listing_t;

static listing_t g_listings[MAX_LISTINGS];
static wk_client_t g_clients[MAX_LISTINGS];
static wk_tls_connector_t g_nets[MAX_LISTINGS];
static wk_posix_conn_t g_tcp[MAX_LISTINGS];
static wk_tls_resume_t g_sessions[MAX_LISTINGS];

/* How late names resolve for listings with dns=MS: set before any starts. */
static uint32_t g_dns_delay_ms;

/* A slow resolver: the stand-in for DNS that takes its time, in the port's
 * resolver thread. */
static int slow_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res)
{
    struct timespec delay;
    delay.tv_sec = (time_t)(g_dns_delay_ms / 1000u);
    delay.tv_nsec = (long)(g_dns_delay_ms % 1000u) * 1000000L;
    while (nanosleep(&delay, &delay) != 0) {
        /* a signal: sleep the rest */
    }
    return getaddrinfo(host, service, hints, res);
}

static uint64_t now_us(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void print_escaped(const wk_str_t *s)
{
    size_t i;
    for (i = 0; i < s->len; i++) {
        unsigned char ch = (unsigned char)s->ptr[i];
        if (ch > 0x20 && ch < 0x7f && ch != '\\') {
            putchar(ch);
        } else {
            printf("\\x%02x", ch);
        }
    }
}

static wk_status_t on_user(void *ctx, const wk_user_t *user)
{
    const listing_t *l = ctx;
    printf("%d user ", l->index);
    print_escaped(&user->user_id);
    putchar(' ');
    print_escaped(&user->username);
    putchar('\n');
    return WK_OK;
}

static uint32_t ms_value(const char *v)
{
    return (uint32_t)strtoul(v, NULL, 10);
}

/* Cuts l->spec into its fields; returns 0, or -1 naming the bad key. */
static int parse_listing(listing_t *l, const char *arg, const char **ca)
{
    char *save = NULL;
    char *pair;
    if (strlen(arg) >= sizeof(l->spec)) {
        return -1;
    }
    memcpy(l->spec, arg, strlen(arg) + 1u);
    for (pair = strtok_r(l->spec, ",", &save); pair != NULL; pair = strtok_r(NULL, ",", &save)) {
        char *v = strchr(pair, '=');
        if (v == NULL) {
            return -1;
        }
        *v++ = '\0';
        if (strcmp(pair, "url") == 0) {
            l->cfg.endpoint.endpoint_url = v;
        } else if (strcmp(pair, "ca") == 0) {
            *ca = v;
        } else if (strcmp(pair, "network") == 0) {
            l->req.network_id = v;
        } else if (strcmp(pair, "max") == 0) {
            l->req.max_results = (int32_t)strtol(v, NULL, 10);
        } else if (strcmp(pair, "first") == 0) {
            l->req.first_name = v;
        } else if (strcmp(pair, "last") == 0) {
            l->req.last_name = v;
        } else if (strcmp(pair, "user") == 0) {
            l->req.username = v;
        } else if (strcmp(pair, "status") == 0) {
            l->req.status = (int32_t)strtol(v, NULL, 10);
        } else if (strcmp(pair, "group") == 0) {
            l->req.group_id = v;
        } else if (strcmp(pair, "sort") == 0) {
            l->req.sort_fields = v;
        } else if (strcmp(pair, "dir") == 0) {
            l->req.sort_direction = v;
        } else if (strcmp(pair, "connect") == 0) {
            l->cfg.connect_timeout_ms = ms_value(v);
        } else if (strcmp(pair, "read") == 0) {
            l->cfg.read_timeout_ms = ms_value(v);
        } else if (strcmp(pair, "call") == 0) {
            l->cfg.call_timeout_ms = ms_value(v);
        } else if (strcmp(pair, "all") == 0) {
            l->one_page = strcmp(v, "0") == 0;
        } else if (strcmp(pair, "blocking") == 0) {
            l->blocking = strcmp(v, "1") == 0;
        } else if (strcmp(pair, "resume") == 0) {
            l->resume = strcmp(v, "1") == 0;
        } else if (strcmp(pair, "dns") == 0) {
            g_dns_delay_ms = ms_value(v);
            l->slow_dns = true;
        } else {
            return -1;
        }
    }
    return 0;
}

/* Starts listing @p i: 0 when it is to be stepped, 1 when the blocking call
 * ran it already, -1 on failure (said on standard error). */
static int start(int i, const char *arg)
{
    listing_t *l = &g_listings[i];
    const char *ca = NULL;
    wk_tcp_opener_t tcp = wk_posix_opener(&g_tcp[i]);
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_status_t status;

    l->index = i;
    if (parse_listing(l, arg, &ca) != 0 || ca == NULL) {
        fprintf(stderr, "listing %d: bad argument\n", i);
        return -1;
    }
    l->cfg.credentials.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    l->cfg.credentials.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    l->cfg.endpoint.region = getenv("AWS_REGION");
    trust.ca_file = ca;
    status = l->slow_dns ? wk_posix_set_resolver(&g_tcp[i], slow_getaddrinfo) : WK_OK;
    if (status == WK_OK) {
        status = wk_tls_connector_init(&g_nets[i], &tcp, &trust, &l->cfg.connector);
    }
    if (status == WK_OK && l->resume) {
        status = wk_tls_resume_init(&g_sessions[i]);
    }
    if (status == WK_OK && l->resume) {
        status = wk_tls_connector_set_resume(&g_nets[i], &g_sessions[i]);
    }
    if (status == WK_OK) {
        status = wk_client_init(&g_clients[i], &l->cfg);
    }
    if (status == WK_OK && l->blocking) {
        status = l->one_page ? wk_client_list_users(&g_clients[i], &l->req, on_user, l)
                             : wk_client_list_all_users(&g_clients[i], &l->req, NULL, on_user, NULL, l);
        printf("%d end %s 0\n", i, wk_status_str(status));
        return status == WK_OK ? 1 : -1;
    }
    if (status == WK_OK && l->one_page) {
        status = wk_client_start_list_users(&g_clients[i], &l->req, on_user, l);
    } else if (status == WK_OK) {
        status = wk_client_start_list_all_users(&g_clients[i], &l->req, NULL, on_user, NULL, l);
    }
    if (status != WK_OK) {
        fprintf(stderr, "listing %d: %s: %s\n", i, wk_status_str(status),
                wk_client_diag(&g_clients[i]));
        return -1;
    }
    l->active = true;
    l->wait.handle = WK_WAIT_NO_HANDLE;
    l->wait.events = 0u;
    l->wait.deadline_ms = wk_port_now_ms(); /* step at once */
    return 0;
}

static short poll_events(const wk_wait_t *w)
{
    return (short)(((w->events & WK_WAIT_READ) != 0u ? POLLIN : 0) |
                   ((w->events & WK_WAIT_WRITE) != 0u ? POLLOUT : 0));
}

int main(int argc, char **argv)
{
    struct pollfd fds[MAX_LISTINGS];
    int which[MAX_LISTINGS];
    int count = argc - 1;
    int active = 0;
    int failed = 0;
    int i;
    uint64_t steps = 0u;
    uint64_t max_step_us = 0u;
    uint64_t started = now_us();

    if (count < 1 || count > MAX_LISTINGS) {
        fprintf(stderr, "usage: %s LISTING... (1 to %d)\n", argv[0], MAX_LISTINGS);
        return 2;
    }
    for (i = 0; i < count; i++) {
        int ran = start(i, argv[i + 1]);
        if (ran < 0) {
            return 2;
        }
        active += ran == 0 ? 1 : 0; /* 1: done already, by the blocking call */
    }
    while (active > 0) {
        uint32_t now = wk_port_now_ms();
        int32_t timeout = 60000;
        nfds_t n = 0u;
        for (i = 0; i < count; i++) {
            const wk_wait_t *w = &g_listings[i].wait;
            int32_t left = (int32_t)(w->deadline_ms - now);
            if (!g_listings[i].active) {
                continue;
            }
            left = left < 0 ? 0 : left;
            if (w->handle != WK_WAIT_NO_HANDLE && w->events != 0u) {
                fds[n].fd = w->handle;
                fds[n].events = poll_events(w);
                fds[n].revents = 0;
                which[n] = i;
                n++;
            } else if (w->events != 0u && left > 1) {
                left = 1; /* a stream nobody can watch: look again soon */
            }
            timeout = left < timeout ? left : timeout;
        }
        (void)poll(fds, n, (int)timeout);
        now = wk_port_now_ms();
        for (i = 0; i < count; i++) {
            listing_t *l = &g_listings[i];
            /* its deadline, its handle ready, or a stream nobody can watch */
            bool due = l->active && ((int32_t)(l->wait.deadline_ms - now) <= 0 ||
                                     (l->wait.handle == WK_WAIT_NO_HANDLE && l->wait.events != 0u));
            nfds_t k;
            for (k = 0u; k < n && !due; k++) {
                due = which[k] == i && fds[k].revents != 0;
            }
            if (due) {
                uint64_t t0 = now_us();
                wk_status_t st = wk_client_step(&g_clients[i], &l->wait);
                uint64_t took = now_us() - t0;
                steps++;
                max_step_us = took > max_step_us ? took : max_step_us;
                if (st != WK_PARTIAL) {
                    printf("%d end %s %llu\n", i, wk_status_str(st),
                           (unsigned long long)((now_us() - started) / 1000u));
                    if (st != WK_OK) {
                        fprintf(stderr, "listing %d: %s\n", i, wk_client_diag(&g_clients[i]));
                        failed++;
                    }
                    l->active = false;
                    active--;
                }
            }
        }
    }
    printf("steps %llu max_step_us %llu\n", (unsigned long long)steps,
           (unsigned long long)max_step_us);
    for (i = 0; i < count; i++) {
        (void)wk_client_deinit(&g_clients[i]);
        (void)wk_tls_connector_free(&g_nets[i]);
    }
    return (fflush(stdout) == 0 && failed == 0) ? 0 : 1;
}
