/* SPDX-License-Identifier: Apache-2.0 */
/* Lists users with temporary credentials from a provider, end to end: drives
 * the provider's exchange (wk_credentials.h) over a real connection through
 * the POSIX opener and the mbedTLS connector, blocking, then lists every page
 * from the Wickr endpoint, checking before each page whether the credentials
 * need a refresh (so a listing outlives its credentials). No key comes from
 * the environment or a file.
 *
 *   creds_e2e iot|container|imds NETWORK_ID
 *
 * Settings come from the environment, as a program on a device would take
 * them: AWS_ENDPOINT_URL (Wickr), AWS_REGION, AWS_CA_BUNDLE (trust for every
 * https endpoint); iot: WK_IOT_ENDPOINT, WK_IOT_ROLE_ALIAS, WK_IOT_THING_NAME,
 * WK_IOT_CERT, WK_IOT_KEY (PEM files; WK_IOT_IN_MEMORY=1 reads them into
 * memory first, as a target without a file system has them); container:
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, _FULL_URI (the tests': loopback),
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (wins) or _TOKEN; imds:
 * AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_EC2_METADATA_DISABLED.
 * WK_PAGE_DELAY_MS sleeps between pages (a listing that outlives its keys).
 *
 * Prints "users N fetches F" on success; on failure the status name and the
 * diagnostic (never a secret) on stderr, exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_client_t g_client;
static wk_posix_conn_t g_tcp_conn;
static wk_tls_connector_t g_net;
static wk_connector_t g_connector;
static wk_credentials_t g_creds;
static wk_cred_exchange_t g_x;
static char g_req[512 + CONFIG_WK_SESSION_TOKEN_MAX];
static uint8_t g_buf[CONFIG_WK_IO_BUF_SIZE];
static char g_token[CONFIG_WK_SESSION_TOKEN_MAX + 1];
static wk_diag_t g_diag;
static char *g_cert_mem;
static char *g_key_mem;

static wk_status_t send_all(const wk_transport_t *t, const char *data, size_t len, uint32_t timeout_ms)
{
    size_t off = 0u;
    wk_status_t status = WK_OK;
    while (status == WK_OK && off < len) {
        size_t sent = 0u;
        status = t->send(t->ctx, (const uint8_t *)data + off, len - off, &sent, timeout_ms);
        status = (status == WK_WOULD_BLOCK) ? WK_ERR_TIMEOUT : status;
        off += sent;
    }
    return status;
}

/* One request and its response on a new connection; WK_PARTIAL when another request follows. */
static wk_status_t one_round(uint32_t timeout_ms)
{
    const wk_endpoint_t *ep = NULL;
    wk_transport_t t;
    size_t n = 0u;
    uint32_t start;
    wk_status_t status = wk_cred_exchange_endpoint(&g_x, &ep, NULL);
    if (status == WK_OK) {
        status = wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &n);
    }
    if (status == WK_OK) {
        status = g_connector.open(g_connector.ctx, ep, timeout_ms, &t);
        if (status != WK_OK) {
            snprintf(g_diag.text, sizeof(g_diag.text), "%s", wk_tls_connector_diag(&g_net)->text);
        }
    }
    if (status != WK_OK) {
        return status;
    }
    status = send_all(&t, g_req, n, timeout_ms);
    memset(g_req, 0, sizeof(g_req)); /* it held the token */
    start = wk_port_now_ms();
    /* WK_PARTIAL: this response goes on, until it ends (WK_OK: the credentials
     * are stored; WK_PARTIAL with a request due: IMDS's next one) or fails. */
    status = (status == WK_OK) ? WK_PARTIAL : status;
    while (status == WK_PARTIAL && !wk_cred_exchange_wants_request(&g_x)) {
        size_t got = 0u;
        size_t used = 0u;
        uint32_t spent = wk_port_now_ms() - start;
        wk_status_t io;
        if (spent >= timeout_ms) {
            status = WK_ERR_TIMEOUT;
            snprintf(g_diag.text, sizeof(g_diag.text),
                     "the credentials provider %s did not answer within %u ms", ep->host,
                     (unsigned)timeout_ms);
            break;
        }
        io = t.recv(t.ctx, g_buf, sizeof(g_buf), &got, timeout_ms - spent);
        if (io == WK_OK) {
            status = wk_cred_exchange_feed(&g_x, g_buf, got, &used, &g_diag);
        } else if (io == WK_ERR_PEER_CLOSED) {
            status = wk_cred_exchange_feed(&g_x, NULL, 0u, &used, &g_diag);
        } else if (io != WK_WOULD_BLOCK) {
            status = io; /* a transport failure, as it is */
            snprintf(g_diag.text, sizeof(g_diag.text), "reading from %s failed", ep->host);
        } else {
            /* nothing yet: the deadline above decides */
        }
    }
    (void)g_connector.close(g_connector.ctx, &t);
    return status;
}

static wk_status_t start_exchange(const char *kind)
{
    if (strcmp(kind, "iot") == 0) {
        wk_iot_cred_params_t p = {getenv("WK_IOT_ENDPOINT"), getenv("WK_IOT_ROLE_ALIAS"),
                                  getenv("WK_IOT_THING_NAME")};
        return wk_cred_exchange_iot(&g_x, &p, &g_creds, &g_diag);
    }
    if (strcmp(kind, "container") == 0) {
        wk_container_cred_params_t p = {getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                                        getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"), NULL, 0u};
        const char *file = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        wk_status_t status;
        if (file != NULL) {
            FILE *f = fopen(file, "rb");
            p.auth_token_len = (f != NULL) ? fread(g_token, 1u, sizeof(g_token), f) : 0u;
            if (f == NULL) {
                snprintf(g_diag.text, sizeof(g_diag.text), "cannot read the token file");
                return WK_ERR_CREDENTIALS_SOURCE;
            }
            (void)fclose(f);
            p.auth_token = g_token;
        } else if (getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN") != NULL) {
            p.auth_token = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
            p.auth_token_len = strlen(p.auth_token);
        }
        status = wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag);
        memset(g_token, 0, sizeof(g_token));
        return status;
    }
    if (strcmp(kind, "imds") == 0) {
        wk_imds_cred_params_t p = {getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                                   getenv("AWS_EC2_METADATA_DISABLED")};
        return wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag);
    }
    snprintf(g_diag.text, sizeof(g_diag.text), "unknown provider");
    return WK_ERR_ARG;
}

/* The SDKs' attempts: IMDS once, the container endpoint three times. */
static wk_status_t fetch(const char *kind)
{
    unsigned attempts = (strcmp(kind, "container") == 0) ? 3u : 1u;
    wk_status_t status = WK_ERR_STATE;
    while (attempts-- > 0u) {
        uint32_t timeout_ms = 0u;
        const wk_endpoint_t *ep = NULL;
        status = start_exchange(kind);
        if (status == WK_OK) {
            (void)wk_cred_exchange_endpoint(&g_x, &ep, &timeout_ms);
            do {
                status = one_round(timeout_ms);
            } while (status == WK_PARTIAL);
        }
        (void)wk_cred_exchange_end(&g_x);
        /* Only the transport is worth another try: a refusal or a bad document stays one. */
        if (status != WK_ERR_TIMEOUT && status != WK_ERR_CONNECT && status != WK_ERR_PEER_CLOSED &&
            status != WK_ERR_IO && status != WK_ERR_HTTP_TRUNCATED) {
            break;
        }
    }
    return status;
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = calloc((size_t)size + 1u, 1u);
        if (buf != NULL && fread(buf, 1u, (size_t)size, f) == (size_t)size) {
            *len = (size_t)size + 1u; /* PEM: the NUL counts */
        } else {
            free(buf);
            buf = NULL;
        }
    }
    if (f != NULL) {
        (void)fclose(f);
    }
    return buf;
}

static wk_status_t count_user(void *ctx, const wk_user_t *user)
{
    (void)user;
    ++*(unsigned *)ctx;
    return WK_OK;
}

/* (Re)start the client with the credentials in hand. */
static wk_status_t client_with_credentials(void)
{
    wk_client_config_t cfg = {0};
    (void)wk_client_deinit(&g_client);
    cfg.endpoint.region = getenv("AWS_REGION");
    cfg.endpoint.endpoint_url = getenv("AWS_ENDPOINT_URL");
    cfg.connector = g_connector;
    (void)wk_credentials_sigv4(&g_creds, &cfg.credentials);
    return wk_client_init(&g_client, &cfg);
}

static wk_status_t list_all(const char *kind, const char *network_id, unsigned *users, unsigned *fetches)
{
    wk_list_users_request_t req = {0};
    const char *delay = getenv("WK_PAGE_DELAY_MS");
    wk_status_t status = WK_OK;
    bool more = true;
    req.network_id = network_id;
    req.max_results = 10;
    while (status == WK_OK && more) {
        wk_refresh_t need = WK_REFRESH_EXPIRED;
        int64_t now = 0;
        const char *token = NULL;
        size_t len = 0u;
        status = wk_port_utc_now(&now);
        if (status == WK_OK) {
            (void)wk_credentials_refresh_check(&g_creds, now, &need);
        }
        if (status == WK_OK && need != WK_REFRESH_NONE) {
            ++*fetches;
            status = fetch(kind);
            /* advisory: the keys in hand are still good when the provider fails */
            if (status != WK_OK && need == WK_REFRESH_ADVISORY) {
                fprintf(stderr, "advisory refresh failed (%s); using the current keys\n",
                        wk_status_str(status));
                status = WK_OK;
            } else if (status == WK_OK) {
                status = client_with_credentials();
                snprintf(g_diag.text, sizeof(g_diag.text), "%s", wk_client_diag(&g_client));
            } else {
                /* mandatory or expired: nothing is signed */
            }
        }
        if (status == WK_OK) {
            status = wk_client_list_users(&g_client, &req, count_user, users);
            snprintf(g_diag.text, sizeof(g_diag.text), "%s", wk_client_diag(&g_client));
        }
        more = status == WK_OK && wk_client_next_token(&g_client, &token, &len) == WK_OK;
        if (more) {
            static char next[CONFIG_WK_NEXT_TOKEN_MAX];
            memcpy(next, token, len + 1u);
            req.next_token = next;
            if (delay != NULL) {
                uint32_t ms = (uint32_t)atoi(delay);
                wk_wait_t pause = {WK_WAIT_NO_HANDLE, 0u, wk_port_now_ms() + ms, ms};
                (void)wk_port_wait(&pause);
            }
        }
    }
    return status;
}

int main(int argc, char **argv)
{
    wk_tcp_opener_t tcp = wk_posix_opener(&g_tcp_conn);
    wk_tls_trust_t trust = {getenv("AWS_CA_BUNDLE"), NULL, 0u};
    unsigned users = 0u;
    unsigned fetches = 0u;
    wk_status_t status;
    if (argc != 3) {
        fprintf(stderr, "usage: %s iot|container|imds NETWORK_ID\n", argv[0]);
        return 2;
    }
    status = wk_tls_connector_init(&g_net, &tcp, &trust, &g_connector);
    if (status == WK_OK && strcmp(argv[1], "iot") == 0 && getenv("WK_IOT_CERT") != NULL) {
        wk_tls_client_cert_t device = {getenv("WK_IOT_CERT"), getenv("WK_IOT_KEY"), NULL, 0u, NULL, 0u};
        if (getenv("WK_IOT_IN_MEMORY") != NULL) {
            device.cert = (const unsigned char *)(g_cert_mem = read_whole(device.cert_file, &device.cert_len));
            device.key = (const unsigned char *)(g_key_mem = read_whole(device.key_file, &device.key_len));
            device.cert_file = NULL;
            device.key_file = NULL;
        }
        status = wk_tls_connector_client_cert(&g_net, &device);
        if (status == WK_OK) {
            status = wk_tls_connector_load_ca(&g_net);
            snprintf(g_diag.text, sizeof(g_diag.text), "%s", wk_tls_connector_diag(&g_net)->text);
        }
    }
    if (status == WK_OK) {
        status = list_all(argv[1], argv[2], &users, &fetches);
    }
    if (status == WK_OK) {
        printf("users %u fetches %u\n", users, fetches);
    } else {
        fprintf(stderr, "%s: %s\n", wk_status_str(status), g_diag.text);
    }
    (void)wk_client_deinit(&g_client);
    (void)wk_tls_connector_free(&g_net);
    (void)wk_credentials_wipe(&g_creds);
    free(g_cert_mem);
    free(g_key_mem);
    return status == WK_OK ? 0 : 1;
}
