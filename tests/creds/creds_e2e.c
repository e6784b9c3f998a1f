/* SPDX-License-Identifier: Apache-2.0 */
/* Lists users with temporary credentials from a provider, end to end: the
 * client asks the provider itself (wk_client_use_provider()) before it
 * signs, over its own connector (the POSIX opener and the mbedTLS connector,
 * with the device certificate for AWS IoT), and again when the credentials'
 * refresh policy says so (so a listing outlives its credentials). No key
 * comes from the environment or a file.
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
 * Prints "users N fetches F" on success (F: the client's credential_fetches);
 * on failure the status name and the diagnostic (never a secret) on stderr,
 * exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_client_t g_client;
static wk_posix_conn_t g_tcp_conn;
static wk_posix_conn_t g_provider_tcp_conn;
static wk_tls_connector_t g_net;
static wk_tls_connector_t g_provider_net; /* the device certificate is for the provider only */
static wk_cred_provider_t g_provider;
static wk_credentials_t g_creds;
static wk_cred_fetch_t g_fetch;
static char g_token[CONFIG_WK_SESSION_TOKEN_MAX + 1];
static char *g_cert_mem;
static char *g_key_mem;

static wk_status_t start_iot(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out, wk_diag_t *diag)
{
    wk_iot_cred_params_t p = {getenv("WK_IOT_ENDPOINT"), getenv("WK_IOT_ROLE_ALIAS"),
                              getenv("WK_IOT_THING_NAME")};
    (void)ctx;
    return wk_cred_exchange_iot(x, &p, out, diag);
}

/* The token file is read at each ask: it may have been rotated. */
static wk_status_t start_container(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out,
                                   wk_diag_t *diag)
{
    wk_container_cred_params_t p = {getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                                    getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"), NULL, 0u};
    const char *file = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    wk_status_t status;
    (void)ctx;
    if (file != NULL) {
        FILE *f = fopen(file, "rb");
        if (f == NULL) {
            wk_diag_str(diag, "cannot read the token file");
            return WK_ERR_CREDENTIALS_SOURCE;
        }
        p.auth_token_len = fread(g_token, 1u, sizeof(g_token), f);
        (void)fclose(f);
        p.auth_token = g_token;
    } else if (getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN") != NULL) {
        p.auth_token = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        p.auth_token_len = strlen(p.auth_token);
    }
    status = wk_cred_exchange_container(x, &p, out, diag);
    memset(g_token, 0, sizeof(g_token));
    return status;
}

static wk_status_t start_imds(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out, wk_diag_t *diag)
{
    wk_imds_cred_params_t p = {getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                               getenv("AWS_EC2_METADATA_DISABLED")};
    (void)ctx;
    return wk_cred_exchange_imds(x, &p, out, diag);
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

static wk_status_t page_delay(void *ctx, const wk_client_stats_t *stats)
{
    const char *delay = getenv("WK_PAGE_DELAY_MS");
    (void)ctx;
    (void)stats;
    if (delay != NULL) {
        uint32_t ms = (uint32_t)atoi(delay);
        wk_wait_t pause = {WK_WAIT_NO_HANDLE, 0u, wk_port_now_ms() + ms, ms};
        (void)wk_port_wait(&pause);
    }
    return WK_OK;
}

static wk_status_t list_all(const wk_connector_t *connector, const char *kind, const char *network_id,
                            unsigned *users)
{
    wk_client_config_t cfg = {0};
    wk_list_users_request_t req = {0};
    wk_status_t status;
    g_provider.start = strcmp(kind, "iot") == 0         ? start_iot
                       : strcmp(kind, "container") == 0 ? start_container
                       : strcmp(kind, "imds") == 0      ? start_imds
                                                        : NULL;
    if (g_provider.start == NULL) {
        fprintf(stderr, "unknown provider %s\n", kind);
        return WK_ERR_ARG;
    }
    /* no keys of its own: the provider gives them */
    cfg.endpoint.region = getenv("AWS_REGION");
    cfg.endpoint.endpoint_url = getenv("AWS_ENDPOINT_URL");
    cfg.connector = *connector;
    req.network_id = network_id;
    req.max_results = 10;
    status = wk_client_init(&g_client, &cfg);
    if (status == WK_OK) {
        status = wk_client_use_provider(&g_client, &g_provider, &g_creds, &g_fetch);
    }
    if (status == WK_OK) {
        status = wk_client_list_all_users(&g_client, &req, NULL, count_user, page_delay, users);
    }
    return status;
}

int main(int argc, char **argv)
{
    wk_tcp_opener_t tcp = wk_posix_opener(&g_tcp_conn);
    wk_tcp_opener_t provider_tcp = wk_posix_opener(&g_provider_tcp_conn);
    wk_tls_trust_t trust = {getenv("AWS_CA_BUNDLE"), NULL, 0u};
    wk_connector_t connector;
    const char *why = "";
    unsigned users = 0u;
    wk_status_t status;
    if (argc != 3) {
        fprintf(stderr, "usage: %s iot|container|imds NETWORK_ID\n", argv[0]);
        return 2;
    }
    status = wk_tls_connector_init(&g_net, &tcp, &trust, &connector);
    if (status == WK_OK) {
        status = wk_tls_connector_init(&g_provider_net, &provider_tcp, &trust, &g_provider.connector);
    }
    if (status == WK_OK && strcmp(argv[1], "iot") == 0 && getenv("WK_IOT_CERT") != NULL) {
        wk_tls_client_cert_t device = {getenv("WK_IOT_CERT"), getenv("WK_IOT_KEY"), NULL, 0u, NULL, 0u};
        if (getenv("WK_IOT_IN_MEMORY") != NULL) {
            device.cert = (const unsigned char *)(g_cert_mem = read_whole(device.cert_file, &device.cert_len));
            device.key = (const unsigned char *)(g_key_mem = read_whole(device.key_file, &device.key_len));
            device.cert_file = NULL;
            device.key_file = NULL;
        }
        status = wk_tls_connector_client_cert(&g_provider_net, &device);
        if (status == WK_OK) {
            status = wk_tls_connector_load_ca(&g_provider_net);
        }
        why = wk_tls_connector_diag(&g_provider_net)->text;
    }
    if (status == WK_OK) {
        status = list_all(&connector, argv[1], argv[2], &users);
        why = wk_client_diag(&g_client);
    }
    if (status == WK_OK) {
        printf("users %u fetches %u\n", users, (unsigned)wk_client_stats(&g_client)->credential_fetches);
    } else {
        /* the provider's TLS connector says why its handshake failed */
        const char *tls = wk_tls_connector_diag(&g_provider_net)->text;
        fprintf(stderr, "%s: %s%s%s\n", wk_status_str(status), why,
                tls[0] != '\0' && strstr(why, tls) == NULL ? "; " : "",
                tls[0] != '\0' && strstr(why, tls) == NULL ? tls : "");
    }
    (void)wk_client_deinit(&g_client);
    (void)wk_tls_connector_free(&g_net);
    (void)wk_tls_connector_free(&g_provider_net);
    (void)wk_credentials_wipe(&g_creds);
    free(g_cert_mem);
    free(g_key_mem);
    return status == WK_OK ? 0 : 1;
}
