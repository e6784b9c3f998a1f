/* SPDX-License-Identifier: Apache-2.0 */
/* see example_net.h */
#include "example_net.h"

#include <string.h>

static wk_status_t net_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                            wk_transport_t *out)
{
    example_net_t *n = ctx;
    uint32_t start = wk_port_now_ms();
    uint32_t spent;
    wk_status_t status;

    n->tls_open = false;
    status = wk_posix_connect(&n->tcp, ep->host, ep->port, timeout_ms, &n->diag);
    if (status == WK_OK && !ep->tls) {
        *out = wk_posix_transport(&n->tcp);
        return WK_OK;
    }
    if (status == WK_OK && !n->tls_config_ready) {
        status = wk_tls_config_init(&n->tls_config, n->ca_file, NULL, &n->diag);
        n->tls_config_ready = (status == WK_OK);
    }
    /* The handshake gets what the TCP connect left of the budget. */
    spent = wk_port_now_ms() - start;
    if (status == WK_OK && spent >= timeout_ms) {
        status = WK_ERR_TIMEOUT;
    }
    if (status == WK_OK) {
        n->tcp_transport = wk_posix_transport(&n->tcp);
        status = wk_tls_connect(&n->tls, &n->tls_config, &n->tcp_transport, ep->host,
                                timeout_ms - spent, &n->diag);
    }
    if (status == WK_OK) {
        n->tls_open = true;
        *out = wk_tls_transport(&n->tls);
    } else {
        /* A failed handshake still holds mbedTLS memory until closed. */
        (void)wk_tls_close(&n->tls);
        (void)wk_posix_close(&n->tcp);
    }
    return status;
}

static wk_status_t net_close(void *ctx, wk_transport_t *t)
{
    example_net_t *n = ctx;
    wk_status_t status = WK_OK;
    (void)t;
    if (n->tls_open) {
        status = wk_tls_close(&n->tls);
        n->tls_open = false;
    }
    if (wk_posix_close(&n->tcp) != WK_OK) {
        status = WK_ERR_IO;
    }
    return status;
}

wk_connector_t example_net_connector(example_net_t *net, const char *ca_file)
{
    wk_connector_t c;
    memset(net, 0, sizeof(*net));
    net->ca_file = ca_file;
    c.open = net_open;
    c.close = net_close;
    c.ctx = net;
    return c;
}

void example_net_free(example_net_t *net)
{
    if (net->tls_config_ready) {
        (void)wk_tls_config_free(&net->tls_config);
        net->tls_config_ready = false;
    }
}
