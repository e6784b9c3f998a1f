/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the whole client (request, signing, HTTP, JSON, paging)
 * against the scripted server (fake_transport.h), which answers every
 * connection with the fuzz input, handed out in pieces whose size the first
 * byte picks. The clock is the frozen fake one from tests/unit/fakes, so runs
 * are reproducible. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_port.h"
#include "fake_transport.h"
#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    (void)ctx;
    return (u->username.ptr[u->username.len] == '\0') ? WK_OK : WK_ERR_STATE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wk_client_t client;
    static fake_server_t server;
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    wk_status_t st;
    const char *tok = NULL;
    size_t len = 0u;
    static char token[CONFIG_WK_NEXT_TOKEN_MAX];
    size_t i;
    if (size < 1u) {
        return 0;
    }
    /* Every connection gets the same response again, then the peer closes;
     * three connections at most, so retries and pages stay bounded. */
    fake_server_init(&server);
    for (i = 0u; i < 3u; i++) {
        server.responses[i] = size > 1u ? (const char *)data + 1 : "";
        server.response_len[i] = size - 1u;
        server.close_after[i] = true;
    }
    server.count = 3u;
    server.connect_fail_from = 4;
    server.chunk = (size_t)data[0] * 7u + 1u;
    fake_client_config(&cfg, &server);
    cfg.read_timeout_ms = 10;
    cfg.call_timeout_ms = 1000;
    if (wk_client_init(&client, &cfg) != WK_OK) {
        abort();
    }
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    req.max_results = 100;
    st = wk_client_list_users(&client, &req, on_user, NULL);
    if (st == WK_OK && (data[0] & 1u) != 0u && wk_client_next_token(&client, &tok, &len) == WK_OK) {
        /* follow one nextToken by hand (wk_client_list_all_users's signature is in flux) */
        memcpy(token, tok, len < sizeof(token) - 1u ? len : sizeof(token) - 1u);
        token[len < sizeof(token) - 1u ? len : sizeof(token) - 1u] = '\0';
        req.next_token = token;
        st = wk_client_list_users(&client, &req, on_user, NULL);
    }
    if (st < 0 && wk_client_diag(&client)[0] == '\0') {
        abort(); /* every failure is explained */
    }
    wk_client_deinit(&client);
    return 0;
}
