/* SPDX-License-Identifier: Apache-2.0 */
/* A connector over any opener, without TLS of its own; see wk_tcp_connector.h. */
#include <string.h>

#include "wk_tcp_connector.h"

static wk_status_t tcp_close(void *ctx, wk_transport_t *t)
{
    wk_tcp_connector_t *n = ctx;
    wk_status_t status = WK_OK;
    (void)t;
    if (n->open) {
        status = n->opener.close(n->opener.ctx) == WK_OK ? WK_OK : WK_ERR_IO;
        n->open = false;
    }
    return status;
}

static wk_status_t tcp_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                            wk_transport_t *out)
{
    wk_tcp_connector_t *n = ctx;
    wk_status_t status;
    wk_diag_clear(&n->diag);
    /* unverified unless the opener says otherwise */
    out->peer_verified = false;
    status = n->opener.connect(n->opener.ctx, ep->host, ep->port, timeout_ms, out, &n->diag);
    n->open = (status == WK_OK || status == WK_WOULD_BLOCK); /* close abandons a connect */
    if (status == WK_OK && ep->tls && !out->peer_verified) {
        /* Never plain TCP for https: close before the request is written. */
        (void)tcp_close(n, out);
        status = WK_ERR_TLS_VERIFY;
        wk_diag_str(&n->diag, "https://");
        wk_diag_str(&n->diag, ep->host);
        wk_diag_str(&n->diag, " needs TLS, and this opener gives plain TCP (no verified peer): "
                              "use a TLS connector (wk_tls.h) or an http:// endpoint URL");
    }
    return status;
}

/* see wk_tcp_connector.h */
wk_status_t wk_tcp_connector_init(wk_tcp_connector_t *n, const wk_tcp_opener_t *opener,
                                  wk_connector_t *out)
{
    if (n == NULL || opener == NULL || out == NULL || opener->connect == NULL ||
        opener->close == NULL) {
        return WK_ERR_ARG;
    }
    memset(n, 0, sizeof(*n));
    n->opener = *opener;
    out->open = tcp_open;
    out->close = tcp_close;
    out->ctx = n;
    return WK_OK;
}

/* see wk_tcp_connector.h */
const wk_diag_t *wk_tcp_connector_diag(const wk_tcp_connector_t *n)
{
    return n != NULL ? &n->diag : NULL;
}
