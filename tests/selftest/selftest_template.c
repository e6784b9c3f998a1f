/* SPDX-License-Identifier: Apache-2.0 */
/*
 * port/template linked as a whole port: the core and the self-test need no
 * function it does not define (the link proves it), and run against its
 * stubs the self-test must fail every port function rather than pass one,
 * until someone fills them in. Exit status 0 when that is so.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wk/wk.h"
#include "wk_port_template.h"
#include "wk_selftest.h"

/* The only checks stubs may pass: a clock that stands still never goes
 * back, sleeping that returns at once is allowed, NULL is refused, the wipe
 * the template ships is real, and a page never opened is not left open. */
static const char *const k_may_pass[] = {
    "ok   clock: wk_port_now_ms() never goes back\n",
    "ok   clock: wk_port_wait() returns WK_OK\n",
    "ok   clock: wk_port_utc_now(NULL) is WK_ERR_ARG\n",
    "ok   crypto: wk_port_zeroize() clears\n",
    "ok   page: the client closed its connection\n",
};

typedef struct report {
    unsigned unexpected_ok;
    unsigned fail_lines;
    char line[256];
    size_t len;
} report_t;

static bool may_pass(const char *line)
{
    size_t i;
    for (i = 0u; i < sizeof(k_may_pass) / sizeof(k_may_pass[0]); i++) {
        if (strcmp(line, k_may_pass[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Prints the report and judges each whole line of it. */
static void collect(void *ctx, const char *text)
{
    report_t *r = ctx;
    size_t n = strlen(text);
    fputs(text, stdout);
    if (r->len + n >= sizeof(r->line)) {
        n = sizeof(r->line) - 1u - r->len;
    }
    memcpy(&r->line[r->len], text, n);
    r->len += n;
    r->line[r->len] = '\0';
    if (r->len > 0u && r->line[r->len - 1u] == '\n') {
        if (strncmp(r->line, "ok   ", 5u) == 0 && !may_pass(r->line)) {
            r->unexpected_ok++;
            printf("^ a stub passed this check\n");
        }
        r->fail_lines += strncmp(r->line, "FAIL ", 5u) == 0;
        r->len = 0u;
    }
}

/* A peer that is never reached: the stub's connect fails first. */
static wk_status_t no_accept(void *ctx, uint32_t timeout_ms, wk_transport_t *out)
{
    (void)ctx;
    (void)timeout_ms;
    (void)out;
    return WK_ERR_CONNECT;
}

static wk_status_t no_close(void *ctx)
{
    (void)ctx;
    return WK_OK;
}

int main(void)
{
    static wk_template_conn_t conn;
    static wk_client_t scratch;
    static report_t report;
    wk_selftest_target_t t;
    wk_status_t s;

    memset(&t, 0, sizeof(t));
    t.print = collect;
    t.print_ctx = &report;
    t.opener = wk_template_opener(&conn);
    t.host = "127.0.0.1";
    t.port = 9u;
    t.peer.accept = no_accept;
    t.peer.close = no_close;
    t.client = &scratch;
    s = wk_selftest_run(&t);
    printf("template: %s, %u failed, %u passed that stubs must not\n", wk_status_str(s),
           report.fail_lines, report.unexpected_ok);
    return s < 0 && report.fail_lines > 0u && report.unexpected_ok == 0u ? 0 : 1;
}
