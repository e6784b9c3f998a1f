/* SPDX-License-Identifier: Apache-2.0 */
/* An application that may be built with other CONFIG_WK_* values than the
 * installed library it links (test_package.sh builds it both ways). It prints
 * its own view of the build and what wk_client_init() says about it: with
 * other settings, WK_ERR_BUILD_MISMATCH and both sizes and fingerprints,
 * where an unchecked library would write past the application's smaller
 * wk_client_t. It needs only the core and a port, so it is also the
 * application of the core-only builds (core_consumer/, make/). */
#include <stdio.h>

#include "wk/wk.h"

static wk_client_t client;

static wk_status_t refuse_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                               wk_transport_t *out)
{
    (void)ctx;
    (void)ep;
    (void)timeout_ms;
    (void)out;
    return WK_ERR_CONNECT;
}

static wk_status_t close_nothing(void *ctx, wk_transport_t *t)
{
    (void)ctx;
    (void)t;
    return WK_OK;
}

int main(void)
{
    wk_client_config_t cfg = {0};
    wk_status_t status;

    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.endpoint.region = "eu-west-2";
    cfg.connector.open = refuse_open;
    cfg.connector.close = close_nothing;
    status = wk_client_init(&client, &cfg);
    printf("size=%zu fingerprint=%lu init=%s diag=%s\n", sizeof(wk_client_t),
           (unsigned long)WK_CONFIG_FINGERPRINT, wk_status_str(status), wk_client_diag(&client));
    (void)wk_client_deinit(&client);
    return 0;
}
