/* SPDX-License-Identifier: Apache-2.0 */
/* Changing a client's keys between pages (wk_client_set_credentials()), kept
 * apart from the request flow in wk_client.c. */
#include "wk/wk_client.h"
#include "wk_port.h"

wk_status_t wk_client_set_credentials(wk_client_t *c, const wk_sigv4_credentials_t *cred)
{
    wk_sigv4_t fresh; /* a hundred-odd bytes */
    wk_status_t status;
    if (c == NULL || cred == NULL) {
        return WK_ERR_ARG;
    }
    /* the region and service stay; only the keys, and the key derived from them, change */
    status = wk_sigv4_init(&fresh, cred, c->signer.region, c->signer.service);
    if (status == WK_OK) {
        (void)wk_sigv4_deinit(&c->signer);
        c->signer = fresh;
        c->cfg.credentials = *cred;
    }
    wk_port_zeroize(&fresh, sizeof(fresh));
    return status;
}
