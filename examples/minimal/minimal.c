/* SPDX-License-Identifier: Apache-2.0 */
/* The smallest embedding: every buffer static, one page, one callback.
 *
 *   minimal NETWORK_ID
 *
 * Credentials and region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN (optional) and AWS_REGION; AWS_ENDPOINT_URL and
 * AWS_CA_BUNDLE optionally point it elsewhere (e.g. a local test server).
 * Prints one username a line; exit status 0 on success, 1 otherwise (also
 * when standard output is closed or cannot be written). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_client_t client; /* every buffer a call needs: no heap in the core */
static wk_posix_conn_t tcp_conn; /* TCP from the POSIX port */
static wk_tls_connector_t net;   /* TLS on top (wk_tls.h); the TLS library allocates its records */

/* The service's text as text only: a name may hold terminal escapes, so C0
 * and C1 controls, DEL and '\' are written as \xNN. */
static void print_escaped(wk_str_t s)
{
    for (size_t i = 0u; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == 0xc2u && i + 1u < s.len && (unsigned char)s.ptr[i + 1u] < 0xa0u) {
            printf("\\x%02x\\x%02x", c, (unsigned char)s.ptr[++i]); /* U+0080..U+009F */
        } else if (c < 0x20u || c == 0x7fu || c == '\\') {
            printf("\\x%02x", c);
        } else {
            putchar(c);
        }
    }
}

static wk_status_t print_username(void *ctx, const wk_user_t *user)
{
    (void)ctx;
    /* Strings point into the parser's window: use them now or copy them. */
    if (WK_USER_HAS(user, WK_USER_USERNAME)) {
        print_escaped(user->username);
        putchar('\n');
    }
    return WK_OK; /* any other status stops the listing */
}

int main(int argc, char **argv)
{
    wk_client_config_t cfg = {0};
    wk_tcp_opener_t tcp;
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_list_users_request_t req = {0};
    wk_status_t status;
    unsigned closed = 0u;

    /* First: a closed stdout would become the TLS socket, and printf() would
     * write the usernames into it. */
    if (wk_posix_std_fds_open(&closed) != WK_OK || (closed & WK_POSIX_STDOUT_CLOSED) != 0u) {
        fprintf(stderr, "standard output must be open: the usernames go there\n");
        return 1;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s NETWORK_ID\n", argv[0]);
        return 1;
    }
    cfg.credentials.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    cfg.credentials.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    cfg.credentials.session_token = getenv("AWS_SESSION_TOKEN");
    cfg.endpoint.region = getenv("AWS_REGION");
    cfg.endpoint.endpoint_url = getenv("AWS_ENDPOINT_URL");
    tcp = wk_posix_opener(&tcp_conn);
    trust.ca_file = getenv("AWS_CA_BUNDLE"); /* NULL: the system bundle */
    (void)wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);

    status = wk_client_init(&client, &cfg);
    if (status == WK_OK) {
        req.network_id = argv[1];
        req.max_results = 25;
        status = wk_client_list_users(&client, &req, print_username, NULL);
    }
    if (status != WK_OK) {
        /* The diagnostic names the field, offset or host; never a secret. */
        fprintf(stderr, "%s: %s\n", wk_status_str(status), wk_client_diag(&client));
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "cannot write the output: %s\n", strerror(errno));
        status = WK_STOPPED;
    }
    (void)wk_client_deinit(&client);
    (void)wk_tls_connector_free(&net);
    return status == WK_OK ? 0 : 1;
}
