/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Cortex-M firmware: lists users over the network, as a device would.
 * QEMU mps2-an386 with its LAN9118 attached (-nic tap), lwIP on bare metal
 * (raw API, NO_SYS 1, static IPv4), mbedTLS over a static arena, the core.
 * One superloop, the firmware's own (superloop() below): each turn polls
 * the controller, runs lwIP's timers and steps the client, which lists
 * every page over TLS with full certificate verification without ever
 * waiting itself. Users go to the host's console through
 * semihosting, one line each, then what the listing cost; exit status 0
 * when the listing completed, 1 when it failed, 2 for a bad configuration.
 *
 * Configuration comes from the command line QEMU passes (-append), as
 * key=value words, and from host files it names (semihosting):
 *   ip=A mask=M [gw=G]   the board's static IPv4 address
 *   url=https://H:P      the endpoint (an IP literal: there is no DNS)
 *   region=R network=N [page=K]
 *   ca=PATH              PEM trust anchors (the server's CA)
 *   cred=PATH            access key id and secret access key, one a line
 *   [arena=BYTES]        use only this much of the TLS arena
 *   [listings=N]         list N times (1 or 2), each on a new client and
 *                        connection; the TLS session is kept between them,
 *                        so the second handshake resumes it
 * The board has no TRNG: this image seeds TLS from a fixed generator
 * (WK_CM_EMULATOR_TEST_ENTROPY) and is for the emulator only.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/mem.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "mbedtls/memory_buffer_alloc.h"

#include "wk/wk.h"
#include "wk_cm_board.h"
#include "wk_cm_lan9118.h"
#include "wk_cm_measure.h"
#include "wk_port_lwip_raw.h"
#include "wk_tls.h"

#define EXIT_LISTED 0
#define EXIT_FAILED 1
#define EXIT_CONFIG 2

#ifndef WK_CM_TLS_ARENA_SIZE
#define WK_CM_TLS_ARENA_SIZE (40u * 1024u)
#endif
#define PAINT 0xA5u
/* Painted below main()'s frame; the listing's deepest stack must fit. */
#define STACK_PAINT_SIZE (24u * 1024u)

extern uint32_t __stack; /* the stack's top (mps2.ld) */

static unsigned char tls_arena[WK_CM_TLS_ARENA_SIZE];
static wk_client_t client;
static wk_tls_connector_t tls;
/* The session a later connection resumes: the firmware's, as a device's
 * would be (it holds the session's secret; wiped at the end). */
static wk_tls_resume_t tls_session;
static wk_lwip_raw_conn_t tcp_conn;
static struct netif netif;

/* ---- Output: one line at a time, hostile bytes escaped ------------------------------ */

static char line[512];
static size_t line_len;

static void flush(void)
{
    line[line_len] = '\0';
    wk_cm_puts(line);
    line_len = 0u;
}

static void put_char(char ch)
{
    if (line_len == sizeof(line) - 1u) {
        flush();
    }
    line[line_len++] = ch;
}

static void put_text(const char *s)
{
    while (*s != '\0') {
        put_char(*s++);
    }
}

/* Printable ASCII as is; every other byte, and the escape and field
 * separators themselves, as \xNN: nothing the service sends can end a line,
 * forge a field or reach the terminal as a control sequence. */
static void put_escaped(const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0u; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        /* ',' separates the security groups, '~' marks an absent field */
        if (b < 0x20u || b >= 0x7fu || b == '\\' || b == '~' || b == ',') {
            put_char('\\');
            put_char('x');
            put_char(hex[b >> 4]);
            put_char(hex[b & 15u]);
        } else {
            put_char((char)b);
        }
    }
}

static void put_u64(uint64_t v)
{
    char text[21];
    size_t n = sizeof(text);
    do {
        text[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    while (n < sizeof(text)) {
        put_char(text[n++]);
    }
}

/* "\t" + value; "~" for a field the user did not have. */
static void put_field(const wk_user_t *u, wk_user_field_t f, const wk_str_t *s)
{
    put_char('\t');
    if (!WK_USER_HAS(u, f)) {
        put_char('~');
    } else {
        put_escaped(s->ptr, s->len);
    }
}

static void put_flag(const wk_user_t *u, wk_user_field_t f, bool v)
{
    put_char('\t');
    put_text(!WK_USER_HAS(u, f) ? "~" : v ? "true" : "false");
}

/* ---- The network: the superloop's one turn, and what waiting cost ------------------- */

/* Ticks spent waiting: between two turns of the loop that found nothing to
 * do. Subtracted from each phase, so that the figures are work, not the
 * server's and the network's time. */
static uint64_t idle_ticks;
static uint64_t last_turn_end;
static bool last_turn_idle;

/* One turn: received frames into lwIP, due timers run. @return the frames.
 * From a turn that found nothing to the next such turn is waiting, unless
 * a deadline's work came between (last_turn_idle cleared). */
static uint32_t turn(void)
{
    uint32_t frames = wk_cm_lan9118_poll(&netif);
    uint64_t end;
    sys_check_timeouts();
    end = wk_cm_ticks();
    if (frames == 0u && last_turn_idle) {
        idle_ticks += end - last_turn_end;
    }
    last_turn_idle = (frames == 0u);
    last_turn_end = end;
    return frames;
}

/* The superloop: a turn, then a step, until the listing ends. The raw-API
 * stream has no descriptor (WK_WAIT_NO_HANDLE): any turn may have brought
 * what the client waits for, so it steps every turn; a step that finds
 * nothing costs little and is counted as waiting. With nothing to watch (a
 * backoff) only the deadline matters, and the loop just turns until then
 * (a device would sleep until its controller's interrupt or the deadline). */
static wk_status_t superloop(void)
{
    wk_wait_t w;
    wk_status_t status = wk_client_step(&client, &w);
    while (status == WK_PARTIAL) {
        bool due;
        (void)turn();
        due = (int32_t)(wk_port_now_ms() - w.deadline_ms) >= 0;
        if (due) {
            last_turn_idle = false; /* a deadline's work is not waiting */
        }
        if (due || w.events != 0u) {
            status = wk_client_step(&client, &w);
        }
    }
    return status;
}

/* The raw-API port's service function (wk_port_lwip_raw.h): the stream
 * calls run it only when they may wait, as in the blocking calls. */
static void service(void *ctx)
{
    (void)ctx;
    (void)turn();
}

/* The port contract's one wait, for the blocking calls
 * (wk_client_list_all_users() and the others): the firmware's own listings
 * step in superloop() and never come here. The stream has no descriptor,
 * so the stack runs until a frame came in (something may have happened) or,
 * with nothing to watch, until the deadline. */
wk_status_t wk_port_wait(const wk_wait_t *w)
{
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    while ((int32_t)(w->deadline_ms - wk_port_now_ms()) > 0) {
        if (turn() > 0u && w->events != 0u) {
            break;
        }
    }
    return WK_OK;
}

/* lwIP's clock (NO_SYS): the port's monotonic milliseconds. */
u32_t sys_now(void)
{
    return wk_port_now_ms();
}

uint32_t wk_cm_lwip_rand(void)
{
    uint32_t r = 0u;
    (void)wk_port_random((uint8_t *)&r, sizeof(r));
    return r;
}

void wk_cm_lwip_assert(void)
{
    wk_cm_puts("error\tlwIP assertion failed\n");
    wk_cm_exit(3);
}

/* ---- Phases: ticks of work, waiting and printing left out ---------------------------- */

typedef struct phase {
    uint64_t start;
    uint64_t idle_start;
    uint64_t app_start;
} phase_t;

static uint64_t app_ticks; /* spent printing users (the application's, not the client's) */

static void phase_begin(phase_t *p)
{
    p->start = wk_cm_ticks();
    p->idle_start = idle_ticks;
    p->app_start = app_ticks;
}

static uint64_t phase_work(const phase_t *p)
{
    uint64_t all = wk_cm_ticks() - p->start;
    uint64_t other = (idle_ticks - p->idle_start) + (app_ticks - p->app_start);
    return all > other ? all - other : 0u;
}

static void put_measure(const char *what, uint64_t v)
{
    put_text("measure\t");
    put_text(what);
    put_char('\t');
    put_u64(v);
    put_char('\n');
    flush();
}

/* Connection opens, timed: TCP connect + TLS handshake, work only. A step
 * opens with timeout 0: the first call starts the connect, the next ones
 * (one a turn, WK_WOULD_BLOCK until then) take it on until it completes or
 * fails. The phase runs from the first call to that one: the turns between
 * carry the open's packets and are its work, as the waits inside a
 * blocking open were; the idle ones are left out as everywhere. */
#define MAX_OPENS 8u
typedef struct timed_connector {
    wk_connector_t inner;
    phase_t open; /* of the open in progress */
    bool opening;
    uint64_t work[MAX_OPENS];
    wk_status_t status[MAX_OPENS];
    bool resumed[MAX_OPENS];
    uint32_t opens;
} timed_connector_t;

static void open_ended(timed_connector_t *t, wk_status_t status)
{
    if (t->opens < MAX_OPENS) {
        t->work[t->opens] = phase_work(&t->open);
        t->status[t->opens] = status;
        t->resumed[t->opens] = status == WK_OK && wk_tls_connector_resumed(&tls);
    }
    t->opens++;
    t->opening = false;
}

static wk_status_t timed_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                              wk_transport_t *out)
{
    timed_connector_t *t = ctx;
    wk_status_t status;
    if (!t->opening) {
        phase_begin(&t->open);
        t->opening = true;
    }
    status = t->inner.open(t->inner.ctx, ep, timeout_ms, out);
    if (status != WK_WOULD_BLOCK) {
        open_ended(t, status);
    }
    return status;
}

static wk_status_t timed_close(void *ctx, wk_transport_t *tr)
{
    timed_connector_t *t = ctx;
    if (t->opening) {
        /* Here the client gives up an open in progress only when its
         * connect budget is spent. */
        open_ended(t, WK_ERR_TIMEOUT);
    }
    return t->inner.close(t->inner.ctx, tr);
}

/* ---- The listing's callbacks ------------------------------------------------------------ */

#define MAX_PAGES 16u
typedef struct listing {
    phase_t page;
    uint64_t page_work[MAX_PAGES];
    uint32_t page_users[MAX_PAGES];
    uint32_t pages;
    uint32_t users_before;
} listing_t;

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    uint64_t start = wk_cm_ticks();
    (void)ctx;
    put_text("user");
    put_field(u, WK_USER_USER_ID, &u->user_id);
    put_field(u, WK_USER_USERNAME, &u->username);
    put_field(u, WK_USER_FIRST_NAME, &u->first_name);
    put_field(u, WK_USER_LAST_NAME, &u->last_name);
    put_char('\t');
    if (WK_USER_HAS(u, WK_USER_STATUS)) {
        put_u64((uint64_t)(uint32_t)u->status);
    } else {
        put_char('~');
    }
    put_flag(u, WK_USER_IS_ADMIN, u->is_admin);
    put_flag(u, WK_USER_SUSPENDED, u->suspended);
    put_char('\t');
    for (size_t i = 0u; i < u->security_group_count; i++) {
        if (i > 0u) {
            put_char(',');
        }
        put_escaped(u->security_groups[i].ptr, u->security_groups[i].len);
    }
    put_char('\n');
    flush();
    app_ticks += wk_cm_ticks() - start;
    return WK_OK;
}

static wk_status_t on_page(void *ctx, const wk_client_stats_t *stats)
{
    listing_t *l = ctx;
    if (l->pages < MAX_PAGES) {
        l->page_work[l->pages] = phase_work(&l->page);
        l->page_users[l->pages] = stats->users - l->users_before;
    }
    l->pages++;
    l->users_before = stats->users;
    phase_begin(&l->page);
    return WK_OK;
}

/* ---- Configuration ------------------------------------------------------------------------- */

typedef struct config {
    const char *ip, *mask, *gw, *url, *region, *network, *page, *ca, *cred, *arena, *listings;
} config_t;

static char cmdline[768];
static unsigned char ca_pem[4096];
static char cred_text[512];

static bool parse_u32(const char *s, uint32_t *out)
{
    uint32_t v = 0u;
    if (s == NULL || *s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (UINT32_MAX - 9u) / 10u) {
            return false;
        }
        v = v * 10u + (uint32_t)(*s - '0');
    }
    *out = v;
    return true;
}

/* Splits the command line into key=value words in place; words without '='
 * (the image's own path comes first) are skipped. */
static bool read_config(config_t *cfg)
{
    static const char *const keys[] = {"ip", "mask", "gw", "url", "region", "network",
                                       "page", "ca", "cred", "arena", "listings"};
    const char **slots[] = {&cfg->ip, &cfg->mask, &cfg->gw, &cfg->url, &cfg->region,
                            &cfg->network, &cfg->page, &cfg->ca, &cfg->cred, &cfg->arena,
                            &cfg->listings};
    char *p = cmdline;
    memset(cfg, 0, sizeof(*cfg));
    if (wk_cm_cmdline(cmdline, sizeof(cmdline)) != 0) {
        return false;
    }
    while (*p != '\0') {
        char *word;
        char *eq;
        while (*p == ' ') {
            p++;
        }
        word = p;
        while (*p != '\0' && *p != ' ') {
            p++;
        }
        if (*p == ' ') {
            *p++ = '\0';
        }
        eq = strchr(word, '=');
        for (size_t k = 0u; eq != NULL && k < sizeof(keys) / sizeof(keys[0]); k++) {
            size_t n = strlen(keys[k]);
            if ((size_t)(eq - word) == n && memcmp(word, keys[k], n) == 0) {
                *slots[k] = eq + 1;
            }
        }
    }
    return cfg->ip != NULL && cfg->mask != NULL && cfg->url != NULL && cfg->region != NULL &&
           cfg->network != NULL && cfg->ca != NULL && cfg->cred != NULL;
}

/* The credentials file: access key id, newline, secret access key. */
static bool read_credentials(const char *path, wk_sigv4_credentials_t *cred)
{
    size_t len = 0u;
    char *nl;
    if (wk_cm_read_file(path, (unsigned char *)cred_text, sizeof(cred_text) - 1u, &len) != 0) {
        return false;
    }
    cred_text[len] = '\0';
    nl = strchr(cred_text, '\n');
    if (nl == NULL) {
        return false;
    }
    *nl = '\0';
    cred->access_key_id = cred_text;
    cred->secret_access_key = nl + 1;
    nl = strchr(nl + 1, '\n');
    if (nl != NULL) {
        *nl = '\0';
    }
    cred->session_token = NULL;
    return true;
}

static int config_error(const char *what)
{
    put_text("error\tconfiguration: ");
    put_text(what);
    put_char('\n');
    flush();
    return EXIT_CONFIG;
}

/* ---- Measurements -------------------------------------------------------------------------- */

/* Ticks to sign one ListUsers request from scratch (the signing key derived too). */
static uint64_t sign_once(const wk_sigv4_credentials_t *cred, const char *region)
{
    static wk_sigv4_t signer;
    static const wk_header_t host = {"host", 4u, "192.0.2.1", 9u};
    char auth[WK_SIGV4_AUTHORIZATION_MIN + 128];
    wk_sigv4_output_t out;
    wk_sigv4_input_t in;
    int64_t now = 0;
    phase_t p;
    uint64_t work = 0u;
    memset(&out, 0, sizeof(out));
    memset(&in, 0, sizeof(in));
    out.authorization = auth;
    out.authorization_cap = sizeof(auth);
    in.method = "GET";
    in.path = "/networks/12345678/users";
    in.path_len = strlen(in.path);
    in.query = "maxResults=100";
    in.query_len = strlen(in.query);
    in.headers = &host;
    in.header_count = 1u;
    (void)wk_port_utc_now(&now);
    in.unix_time = now;
    phase_begin(&p);
    if (wk_sigv4_init(&signer, cred, region, "wickr") == WK_OK &&
        wk_sigv4_sign(&signer, &in, &out, NULL) == WK_OK) {
        work = phase_work(&p);
    }
    (void)wk_sigv4_deinit(&signer);
    wk_port_zeroize(auth, sizeof(auth));
    return work;
}

static void report(const timed_connector_t *tc, const listing_t *l, uint64_t sign_work,
                   size_t arena_len, const uint8_t *stack_low)
{
    for (uint32_t i = 0u; i < tc->opens && i < MAX_OPENS; i++) {
        put_text("measure\topen\t");
        put_text(wk_status_str(tc->status[i]));
        put_char('\t');
        put_u64(tc->work[i]);
        put_text(tc->resumed[i] ? "\tresumed\n" : "\tfull\n");
        flush();
    }
    for (uint32_t i = 0u; i < l->pages && i < MAX_PAGES; i++) {
        put_text("measure\tpage\t");
        put_u64(l->page_users[i]);
        put_char('\t');
        put_u64(l->page_work[i]);
        put_char('\n');
        flush();
    }
    put_measure("sign", sign_work);
    put_measure("arena_size", arena_len);
    put_measure("arena_peak", wk_cm_used_from_start(tls_arena, arena_len, PAINT));
    /* From the top of the stack: main()'s frame and the paint's margin included. */
    put_measure("stack_peak", (uintptr_t)&__stack - (uintptr_t)(stack_low + STACK_PAINT_SIZE -
                                                    wk_cm_used_from_end(stack_low, STACK_PAINT_SIZE,
                                                                        PAINT)));
    put_measure("client_size", sizeof(wk_client_t));
    put_measure("tls_connector_size", sizeof(wk_tls_connector_t));
    put_measure("lwip_heap_size", MEM_SIZE);
    put_measure("lwip_heap_peak", lwip_stats.mem.max);
    for (int i = 0; i < (int)MEMP_MAX; i++) {
        put_text("measure\tpool\t");
        put_u64((uint64_t)i);
        put_char('\t');
        put_u64(memp_pools[i]->size);
        put_char('\t');
        put_u64(memp_pools[i]->num);
        put_char('\t');
        put_u64(memp_pools[i]->stats->max);
        put_char('\n');
        flush();
    }
    put_measure("rx_frames", wk_cm_lan9118_stats()->rx_frames);
    put_measure("rx_dropped", wk_cm_lan9118_stats()->rx_dropped);
    put_measure("tx_frames", wk_cm_lan9118_stats()->tx_frames);
}

/* One listing on a new client, so a new connection: printed, then its
 * counters ("listed") or its failure ("error"). */
static wk_status_t list_once(const wk_client_config_t *ccfg, const wk_list_users_request_t *req,
                             listing_t *l)
{
    wk_status_t status = wk_client_init(&client, ccfg);
    l->users_before = 0u;
    phase_begin(&l->page);
    if (status == WK_OK) {
        status = wk_client_start_list_all_users(&client, req, NULL, on_user, on_page, l);
    }
    if (status == WK_OK) {
        status = superloop();
    }
    if (status == WK_OK) {
        const wk_client_stats_t *st = wk_client_stats(&client);
        put_text("listed\tusers\t");
        put_u64(st->users);
        put_text("\tpages\t");
        put_u64(st->pages);
        put_text("\trequests\t");
        put_u64(st->requests);
        put_text("\tconnections\t");
        put_u64(st->connections);
        put_text("\tretries\t");
        put_u64(st->retries);
        put_char('\n');
        flush();
    } else {
        /* The number too: a build without status names has one text for all. */
        put_text("error\t");
        put_text(wk_status_str(status));
        put_text(status < 0 ? " (-" : " (");
        put_u64((uint64_t)(status < 0 ? -(int64_t)status : (int64_t)status));
        put_text(")\t");
        put_escaped(wk_client_diag(&client), strlen(wk_client_diag(&client)));
        put_char('\n');
        flush();
        /* The connector's own words on its last failure (TLS's reasons). */
        if (wk_tls_connector_diag(&tls)->text[0] != '\0') {
            put_text("error\tconnector\t");
            put_escaped(wk_tls_connector_diag(&tls)->text, strlen(wk_tls_connector_diag(&tls)->text));
            put_char('\n');
            flush();
        }
    }
    (void)wk_client_deinit(&client);
    return status;
}

/* Paints the stack below the caller's frame; returns its lowest painted byte. */
static __attribute__((noinline)) uint8_t *paint_stack(void)
{
    uint8_t *sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    sp -= 256u; /* this frame and the calls it makes */
    memset(sp - STACK_PAINT_SIZE, PAINT, STACK_PAINT_SIZE);
    return sp - STACK_PAINT_SIZE;
}

/* ---- The device ------------------------------------------------------------------------- */

static int start_network(const config_t *cfg)
{
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;
    ip4_addr_set_any(&gw);
    if (ip4addr_aton(cfg->ip, &ip) == 0 || ip4addr_aton(cfg->mask, &mask) == 0 ||
        (cfg->gw != NULL && ip4addr_aton(cfg->gw, &gw) == 0)) {
        return config_error("ip, mask or gw is not an IPv4 address");
    }
    lwip_init();
    if (netif_add(&netif, &ip, &mask, &gw, NULL, wk_cm_lan9118_init, ethernet_input) == NULL) {
        return config_error("no LAN9118 at 0x40200000 (start QEMU with -nic)");
    }
    netif_set_default(&netif);
    netif_set_up(&netif);
    return EXIT_LISTED;
}

int main(void)
{
    static timed_connector_t timed;
    static listing_t listing;
    uint8_t *stack_low = paint_stack();
    wk_client_config_t ccfg;
    wk_list_users_request_t req;
    wk_tcp_opener_t opener;
    wk_tls_trust_t trust;
    config_t cfg;
    size_t ca_len = 0u;
    uint32_t page = 100u;
    uint32_t arena_len = sizeof(tls_arena);
    uint32_t listings = 1u;
    uint64_t sign_work;
    wk_status_t status;
    int rc;

    (void)wk_cm_ticks(); /* starts the clock */
    wk_cm_set_utc(wk_cm_host_time());
    memset(&ccfg, 0, sizeof(ccfg));
    if (!read_config(&cfg)) {
        return config_error("need ip= mask= url= region= network= ca= cred= on the command line");
    }
    if ((cfg.page != NULL && (!parse_u32(cfg.page, &page) || page == 0u || page > 100u)) ||
        (cfg.arena != NULL && (!parse_u32(cfg.arena, &arena_len) || arena_len < 1024u ||
                               arena_len > sizeof(tls_arena))) ||
        (cfg.listings != NULL &&
         (!parse_u32(cfg.listings, &listings) || listings == 0u || listings > 2u))) {
        return config_error("page= must be 1..100, arena= from 1024 to the built-in arena, "
                            "listings= 1 or 2");
    }
    if (wk_cm_read_file(cfg.ca, ca_pem, sizeof(ca_pem) - 1u, &ca_len) != 0) {
        return config_error("cannot read the ca= file (or it is larger than 4 KiB)");
    }
    ca_pem[ca_len++] = 0u; /* PEM for mbedTLS: NUL-terminated, NUL counted */
    if (!read_credentials(cfg.cred, &ccfg.credentials)) {
        return config_error("cannot read the cred= file (key id, newline, secret)");
    }
    rc = start_network(&cfg);
    if (rc != EXIT_LISTED) {
        wk_port_zeroize(cred_text, sizeof(cred_text)); /* the secret read above */
        return rc;
    }
    mbedtls_memory_buffer_alloc_init(tls_arena, arena_len);
    /* Init writes one block header at the start; paint the rest. */
    memset(&tls_arena[64], PAINT, arena_len - 64u);

    sign_work = sign_once(&ccfg.credentials, cfg.region);

    (void)wk_lwip_raw_init(&tcp_conn, service, NULL);
    opener = wk_lwip_raw_opener(&tcp_conn);
    trust.ca_file = NULL;
    trust.ca = ca_pem;
    trust.ca_len = ca_len;
    status = wk_tls_connector_init(&tls, &opener, &trust, &timed.inner);
    if (status == WK_OK) {
        status = wk_tls_resume_init(&tls_session);
    }
    if (status == WK_OK) {
        status = wk_tls_connector_set_resume(&tls, &tls_session);
    }
    if (status != WK_OK) {
        wk_port_zeroize(cred_text, sizeof(cred_text));
        return config_error("the TLS connector refused its settings");
    }
    ccfg.connector.open = timed_open;
    ccfg.connector.close = timed_close;
    ccfg.connector.ctx = &timed;
    ccfg.endpoint.region = cfg.region;
    ccfg.endpoint.endpoint_url = cfg.url;
    memset(&req, 0, sizeof(req));
    req.network_id = cfg.network;
    req.max_results = (int32_t)page;
    req.sort_direction = "ASC";
    status = WK_OK;
    for (uint32_t i = 0u; i < listings && status == WK_OK; i++) {
        status = list_once(&ccfg, &req, &listing);
    }
    (void)wk_tls_connector_free(&tls);
    (void)wk_tls_resume_free(&tls_session);
    wk_port_zeroize(cred_text, sizeof(cred_text));
    report(&timed, &listing, sign_work, arena_len, stack_low);
    mbedtls_memory_buffer_alloc_free();
    return status == WK_OK ? EXIT_LISTED : EXIT_FAILED;
}
