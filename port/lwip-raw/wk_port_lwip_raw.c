/* SPDX-License-Identifier: Apache-2.0 */
/* TCP over lwIP's raw API; see wk_port_lwip_raw.h. */
#include "wk_port_lwip_raw.h"

#include <string.h>

#include "lwip/opt.h"

#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"

#include "wk/wk_endpoint.h" /* wk_host_ip_literal() */

#if !NO_SYS || !LWIP_TCP || !LWIP_CALLBACK_API
#error "wk_port_lwip_raw.c needs NO_SYS 1, LWIP_TCP 1 and LWIP_CALLBACK_API 1 (wk_port_lwip_raw.h)"
#endif

enum {
    ST_IDLE,       /* no connection */
    ST_CONNECTING, /* tcp_connect() sent the SYN */
    ST_OPEN,       /* established */
    ST_PEER_DONE,  /* the peer's FIN arrived: what came before it is still readable */
    ST_FAILED      /* reset, aborted or refused: lwIP freed the PCB */
};

/* ---- lwIP's callbacks -------------------------------------------------------- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    wk_lwip_raw_conn_t *c = arg;
    (void)pcb;
    (void)err; /* lwIP 2.1 passes only ERR_OK */
    if (p == NULL) {
        if (c->state == ST_OPEN) {
            c->state = ST_PEER_DONE;
        }
    } else if (c->rx == NULL) {
        c->rx = p;
    } else {
        pbuf_cat(c->rx, p);
    }
    return ERR_OK;
}

/* The PCB is already freed when this runs (reset, abort, or a failed connect). */
static void on_err(void *arg, err_t err)
{
    wk_lwip_raw_conn_t *c = arg;
    c->pcb = NULL;
    c->state = ST_FAILED;
    c->err = (int8_t)err;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    wk_lwip_raw_conn_t *c = arg;
    (void)pcb;
    if (err == ERR_OK && c->state == ST_CONNECTING) {
        c->state = ST_OPEN;
    }
    return ERR_OK;
}

/* ---- Helpers --------------------------------------------------------------------- */

static uint32_t ms_left(uint32_t start, uint32_t budget)
{
    uint32_t spent = wk_port_now_ms() - start;
    return spent >= budget ? 0u : budget - spent;
}

/* Runs the stack once, when there is time left to wait and a way to. */
static bool run_stack(const wk_lwip_raw_conn_t *c, uint32_t start, uint32_t timeout_ms)
{
    if (c->service == NULL || ms_left(start, timeout_ms) == 0u) {
        return false;
    }
    c->service(c->service_ctx);
    return true;
}

static void diag_where(wk_diag_t *diag, const char *host, uint16_t port, const char *what)
{
    wk_diag_str(diag, "TCP connect to ");
    wk_diag_str(diag, host);
    wk_diag_str(diag, " port ");
    wk_diag_u64(diag, port);
    wk_diag_str(diag, what);
}

/* Forgets the PCB without lwIP calling back into a context that is gone. */
static void detach(struct tcp_pcb *pcb)
{
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_err(pcb, NULL);
}

/* ---- Connect --------------------------------------------------------------------- */

/* see wk_port_lwip_raw.h */
wk_status_t wk_lwip_raw_init(wk_lwip_raw_conn_t *c, wk_lwip_raw_service_fn service,
                             void *service_ctx)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    memset(c, 0, sizeof(*c));
    c->service = service;
    c->service_ctx = service_ctx;
    return WK_OK;
}

static wk_status_t start_connect(wk_lwip_raw_conn_t *c, const char *host, uint16_t port,
                                 wk_diag_t *diag)
{
    uint8_t ip[16];
    size_t ip_len = 0u;
    ip_addr_t addr;
    struct tcp_pcb *pcb;

    if (wk_host_ip_literal(host, strlen(host), ip, &ip_len) != WK_OK) {
        diag_where(diag, host, port, ": an address in a form resolvers read differently");
        return WK_ERR_ARG;
    }
    if (ip_len != 4u) {
        diag_where(diag, host, port, ip_len == 16u ? ": this lwIP build has no IPv6"
                                                   : ": not an IPv4 address, and there is no DNS");
        return WK_ERR_DNS;
    }
    IP_ADDR4(&addr, ip[0], ip[1], ip[2], ip[3]);
    pcb = tcp_new();
    if (pcb == NULL) {
        diag_where(diag, host, port, ": lwIP has no free TCP PCB (MEMP_NUM_TCP_PCB)");
        return WK_ERR_CONNECT;
    }
    c->pcb = pcb;
    c->state = ST_CONNECTING;
    c->err = ERR_OK;
    c->port = port;
    memcpy(c->addr, ip, sizeof(c->addr));
    tcp_arg(pcb, c);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_err);
    /* Requests are written whole: Nagle would only hold back their tail. */
    tcp_nagle_disable(pcb);
    if (tcp_connect(pcb, &addr, port, on_connected) != ERR_OK) {
        detach(pcb);
        tcp_abort(pcb);
        c->pcb = NULL;
        c->state = ST_IDLE;
        diag_where(diag, host, port, ": lwIP could not send the SYN (no route or no memory)");
        return WK_ERR_CONNECT;
    }
    return WK_OK;
}

/* see wk_port_lwip_raw.h */
wk_status_t wk_lwip_raw_connect(wk_lwip_raw_conn_t *c, const char *host, uint16_t port,
                                uint32_t timeout_ms, wk_diag_t *diag)
{
    uint32_t start = wk_port_now_ms();
    wk_status_t status = WK_OK;
    uint8_t ip[16];
    size_t ip_len = 0u;

    wk_diag_clear(diag);
    if (c == NULL || host == NULL || port == 0u) {
        wk_diag_str(diag, "wk_lwip_raw_connect: NULL argument or port 0");
        return WK_ERR_ARG;
    }
    /* A connect whose outcome the caller has not been told goes on, to the
     * same place: lwIP may have connected or failed it since the last call.
     * Anything else open is a misuse. */
    if (c->pending ? !(c->port == port &&
                       wk_host_ip_literal(host, strlen(host), ip, &ip_len) == WK_OK &&
                       ip_len == 4u && memcmp(ip, c->addr, 4u) == 0)
                   : c->state != ST_IDLE) {
        wk_diag_str(diag, "wk_lwip_raw_connect: the context is already in use");
        return WK_ERR_ARG;
    }
    if (!c->pending) {
        status = start_connect(c, host, port, diag);
    }
    while (status == WK_OK && c->state == ST_CONNECTING && run_stack(c, start, timeout_ms)) {
        /* the callbacks move the state on */
    }
    if (status != WK_OK) {
        /* nothing was started */
    } else if (c->state == ST_OPEN || c->state == ST_PEER_DONE) {
        /* connected (a server may close at once: the stream reports it) */
    } else if (c->state == ST_FAILED) {
        diag_where(diag, host, port, c->err == ERR_RST ? ": refused or reset" : ": failed");
        (void)wk_lwip_raw_close(c);
        status = WK_ERR_CONNECT;
    } else if (timeout_ms == 0u) {
        status = WK_WOULD_BLOCK;
    } else {
        diag_where(diag, host, port, ": timed out");
        (void)wk_lwip_raw_close(c);
        status = WK_ERR_TIMEOUT;
    }
    c->pending = status == WK_WOULD_BLOCK;
    return status;
}

static wk_status_t opener_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                                  wk_transport_t *out, wk_diag_t *diag)
{
    wk_status_t status = wk_lwip_raw_connect(ctx, host, port, timeout_ms, diag);
    /* In progress too: a caller that asks the stream what to wait for finds
     * it cannot say (no descriptor), and polls. */
    if (status == WK_OK || status == WK_WOULD_BLOCK) {
        *out = wk_lwip_raw_transport(ctx);
    }
    return status;
}

/* see wk_port_lwip_raw.h */
wk_status_t wk_lwip_raw_close(wk_lwip_raw_conn_t *c)
{
    struct tcp_pcb *pcb;
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    pcb = c->pcb;
    if (pcb != NULL) {
        detach(pcb);
        /* A connect in progress, or a close lwIP has no memory for: abort. */
        if (c->state == ST_CONNECTING || tcp_close(pcb) != ERR_OK) {
            tcp_abort(pcb);
        }
    }
    if (c->rx != NULL) {
        (void)pbuf_free(c->rx);
    }
    c->pcb = NULL;
    c->rx = NULL;
    c->state = ST_IDLE;
    c->pending = false;
    c->err = ERR_OK;
    return WK_OK;
}

static wk_status_t opener_close(void *ctx)
{
    return wk_lwip_raw_close(ctx);
}

/* ---- The stream ------------------------------------------------------------------ */

static wk_status_t raw_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t timeout_ms)
{
    wk_lwip_raw_conn_t *c = ctx;
    uint32_t start = wk_port_now_ms();
    if (c->state == ST_IDLE || c->state == ST_CONNECTING) {
        return WK_ERR_STATE;
    }
    while (c->rx == NULL && c->state == ST_OPEN && run_stack(c, start, timeout_ms)) {
        /* on_recv() chains what arrives */
    }
    if (c->rx != NULL) {
        struct pbuf *p = c->rx;
        u16_t n = (u16_t)(len < p->tot_len ? len : p->tot_len);
        (void)pbuf_copy_partial(p, buf, n, 0u);
        /* Frees the pbufs read to their end; the rest stays queued. */
        c->rx = pbuf_free_header(p, n);
        if (c->pcb != NULL) {
            tcp_recved(c->pcb, n); /* the window opens as the bytes are read */
        }
        *got = n;
        return WK_OK;
    }
    if (c->state == ST_PEER_DONE) {
        return WK_ERR_PEER_CLOSED;
    }
    return c->state == ST_FAILED ? WK_ERR_IO : WK_WOULD_BLOCK;
}

static wk_status_t raw_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                            uint32_t timeout_ms)
{
    wk_lwip_raw_conn_t *c = ctx;
    uint32_t start = wk_port_now_ms();
    if (c->state == ST_IDLE || c->state == ST_CONNECTING) {
        return WK_ERR_STATE;
    }
    do {
        struct tcp_pcb *pcb = c->pcb;
        u16_t room;
        u16_t n;
        if (c->state == ST_FAILED) {
            return WK_ERR_IO;
        }
        if (c->state == ST_PEER_DONE) {
            /* This client never half-closes; the server that did is done. */
            return WK_ERR_PEER_CLOSED;
        }
        room = tcp_sndbuf(pcb);
        n = (u16_t)(len < room ? len : room);
        /* ERR_MEM: the segment queue is full though bytes are free; wait. */
        if (n > 0u && tcp_write(pcb, buf, n, TCP_WRITE_FLAG_COPY) == ERR_OK) {
            (void)tcp_output(pcb);
            *sent = n;
            return WK_OK;
        }
    } while (run_stack(c, start, timeout_ms));
    return WK_WOULD_BLOCK;
}

/* see wk_port_lwip_raw.h */
wk_transport_t wk_lwip_raw_transport(wk_lwip_raw_conn_t *c)
{
    wk_transport_t t;
    /* Every other member, now or added later (what to wait on), empty. */
    memset(&t, 0, sizeof(t));
    t.send = raw_send;
    t.recv = raw_recv;
    t.ctx = c;
    t.peer_verified = false;
    return t;
}

/* see wk_port_lwip_raw.h */
wk_tcp_opener_t wk_lwip_raw_opener(wk_lwip_raw_conn_t *c)
{
    wk_tcp_opener_t o = {opener_connect, opener_close, c};
    return o;
}
