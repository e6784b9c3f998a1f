/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signs one request described on the command line and prints the results, so
 * a reference signer (tests/unit/sigv4_botocore.py) can compare them:
 *
 *   sigv4_tool --access-key K --secret S [--token T] --region R --service N
 *              --time UNIX_SECONDS --method M --path P [--query Q]
 *              [--header Name:Value]... [--body TEXT] [--omit-token]
 *
 * Output, one per line: "Authorization: ...", "X-Amz-Date: ...", then the
 * canonical request after a line "--- canonical request". Exit status 0 on
 * WK_OK, 1 on a signing failure (its status and diag on stderr), 2 on usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk_sigv4.h"
#include "wk_port.h"

#define MAX_HEADERS 16

typedef struct tool_args {
    wk_sigv4_credentials_t cred;
    const char *region;
    const char *service;
    wk_sigv4_input_t in;
    wk_header_t headers[MAX_HEADERS];
    bool have_time;
} tool_args_t;

static int usage(const char *why)
{
    fprintf(stderr, "sigv4_tool: %s\n", why);
    return 2;
}

/* Takes the value after option argv[*i]; NULL when there is none. */
static const char *option_value(int argc, char **argv, int *i)
{
    const char *value = NULL;
    if (*i + 1 < argc) {
        *i += 1;
        value = argv[*i];
    }
    return value;
}

static bool add_header(tool_args_t *a, const char *spec)
{
    const char *colon = strchr(spec, ':');
    wk_header_t *h;
    if (colon == NULL || a->in.header_count == MAX_HEADERS) {
        return false;
    }
    h = &a->headers[a->in.header_count++];
    h->name = spec;
    h->name_len = (size_t)(colon - spec);
    h->value = colon + 1;
    h->value_len = strlen(colon + 1);
    return true;
}

static int parse_args(int argc, char **argv, tool_args_t *a)
{
    int i;
    memset(a, 0, sizeof(*a));
    a->in.headers = a->headers;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *v = NULL;
        if (strcmp(opt, "--omit-token") == 0) {
            a->in.omit_session_token = true;
            continue;
        }
        v = option_value(argc, argv, &i);
        if (v == NULL) {
            return usage("an option lacks its value");
        } else if (strcmp(opt, "--access-key") == 0) {
            a->cred.access_key_id = v;
        } else if (strcmp(opt, "--secret") == 0) {
            a->cred.secret_access_key = v;
        } else if (strcmp(opt, "--token") == 0) {
            a->cred.session_token = v;
        } else if (strcmp(opt, "--region") == 0) {
            a->region = v;
        } else if (strcmp(opt, "--service") == 0) {
            a->service = v;
        } else if (strcmp(opt, "--time") == 0) {
            a->in.unix_time = strtoll(v, NULL, 10);
            a->have_time = true;
        } else if (strcmp(opt, "--method") == 0) {
            a->in.method = v;
        } else if (strcmp(opt, "--path") == 0) {
            a->in.path = v;
            a->in.path_len = strlen(v);
        } else if (strcmp(opt, "--query") == 0) {
            a->in.query = v;
            a->in.query_len = strlen(v);
        } else if (strcmp(opt, "--body") == 0) {
            a->in.body = (const uint8_t *)v;
            a->in.body_len = strlen(v);
        } else if (strcmp(opt, "--header") == 0) {
            if (!add_header(a, v)) {
                return usage("--header wants Name:Value (and at most 16)");
            }
        } else {
            return usage("unknown option");
        }
    }
    if (a->region == NULL || a->service == NULL || !a->have_time || a->in.method == NULL ||
        a->in.path == NULL) {
        return usage("--region, --service, --time, --method and --path are required");
    }
    return 0;
}

int main(int argc, char **argv)
{
    static tool_args_t args;
    static char authorization[4096];
    static char canonical[16384];
    wk_sigv4_t signer;
    wk_sigv4_output_t out;
    wk_diag_t diag;
    wk_status_t status;
    int rc = parse_args(argc, argv, &args);

    if (rc != 0) {
        return rc;
    }
    memset(&out, 0, sizeof(out));
    out.authorization = authorization;
    out.authorization_cap = sizeof(authorization);
    out.canonical_request = canonical;
    out.canonical_request_cap = sizeof(canonical);
    diag.text[0] = '\0';
    status = wk_sigv4_init(&signer, &args.cred, args.region, args.service);
    if (status == WK_OK) {
        status = wk_sigv4_sign(&signer, &args.in, &out, &diag);
    }
    (void)wk_sigv4_deinit(&signer);
    if (status != WK_OK) {
        fprintf(stderr, "sigv4_tool: %s %s\n", wk_status_str(status), diag.text);
        return 1;
    }
    printf("Authorization: %s\nX-Amz-Date: %s\n--- canonical request\n%s\n", authorization,
           out.amz_date, canonical);
    return 0;
}
