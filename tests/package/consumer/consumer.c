/* SPDX-License-Identifier: Apache-2.0 */
/* A program built against an installed wickr-lite, as an adopter would build
 * it. It touches every installed component without leaving the machine:
 * endpoint rules and request encoding (core), SigV4 over the mbedTLS crypto
 * singletons, the TLS connector (wk_tls.h; system CA bundle) and a POSIX
 * connection attempt to a name under the reserved "invalid" domain, which
 * the POSIX port refuses without asking a resolver.
 *
 * WK_EXPECTED_VERSION is the version the package manager reported (the
 * CMake package version or `pkg-config --modversion`); the program fails
 * when the installed wk.h disagrees. */
#include <stdio.h>
#include <string.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_client_t client;
static wk_posix_conn_t tcp;
static wk_tls_connector_t tls;

static wk_status_t open_tcp(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                            wk_transport_t *out)
{
    wk_status_t s = wk_posix_connect(&tcp, ep->host, ep->port, timeout_ms, ctx);
    if (s == WK_OK) {
        *out = wk_posix_transport(&tcp);
    }
    return s;
}

static wk_status_t close_tcp(void *ctx, wk_transport_t *t)
{
    (void)ctx;
    (void)t;
    return wk_posix_close(&tcp);
}

static wk_status_t ignore_user(void *ctx, const wk_user_t *u)
{
    (void)ctx;
    (void)u;
    return WK_OK;
}

int main(void)
{
    wk_endpoint_params_t params = {0};
    wk_endpoint_t ep;
    wk_diag_t diag;
    wk_client_config_t cfg = {0};
    wk_list_users_request_t req = {0};
    wk_tcp_opener_t tls_opener;
    wk_connector_t tls_connector;
    wk_status_t tls_status;
    wk_status_t list_status;

    if (strcmp(WK_VERSION_STRING, WK_EXPECTED_VERSION) != 0) {
        printf("version mismatch: wk.h %s, package %s\n", WK_VERSION_STRING, WK_EXPECTED_VERSION);
        return 1;
    }
    params.region = "eu-west-2";
    if (wk_endpoint_resolve(&params, &ep, &diag) != WK_OK) {
        printf("resolve: %s\n", diag.text);
        return 1;
    }
    tls_opener = wk_posix_opener(&tcp);
    tls_status = wk_tls_connector_init(&tls, &tls_opener, NULL, &tls_connector);
    if (tls_status == WK_OK) {
        tls_status = wk_tls_connector_load_ca(&tls);
    }
    (void)wk_tls_connector_free(&tls);

    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.endpoint.region = "eu-west-2";
    cfg.endpoint.endpoint_url = "https://wickr.invalid";
    cfg.connector.open = open_tcp;
    cfg.connector.close = close_tcp;
    cfg.connector.ctx = &diag;
    list_status = wk_client_init(&client, &cfg);
    if (list_status == WK_OK) {
        req.network_id = "12345678";
        list_status = wk_client_list_users(&client, &req, ignore_user, NULL);
    }
    (void)wk_client_deinit(&client);

    printf("wickrlite %s host=%s tls=%s list=%s\n", WK_VERSION_STRING, ep.host,
           wk_status_str(tls_status), wk_status_str(list_status));
    return 0;
}
