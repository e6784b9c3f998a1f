/* SPDX-License-Identifier: Apache-2.0 */
/* wickr-list-users: main() and the connector (TLS through wk_tls.h over POSIX
 * sockets); the rest is the CLI support library (wk_cli.h). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

static void print_version(FILE *out)
{
    char tls[WK_TLS_VERSION_MAX];
    fprintf(out, "%s %s\n", WK_CLI_NAME, WK_VERSION_STRING);
    if (wk_tls_version(tls, sizeof(tls)) == WK_OK) {
        fprintf(out, "%s\n", tls);
    }
}

/* TLS (wk_tls.h) over POSIX sockets, then the listing. */
static int run_posix(void *ctx, const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
                     FILE *out, FILE *err)
{
    static wk_posix_conn_t tcp_conn;
    static wk_posix_conn_t provider_conn; /* the credential providers' own connection */
    wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
    wk_tcp_opener_t provider_tcp = wk_posix_opener(&provider_conn);
    (void)ctx;
    return wk_cli_run_tls(&tcp, &provider_tcp, opts, cfg, out, err);
}

int main(int argc, char **argv)
{
    static const wk_cli_program_t program = {WK_CLI_NAME, wk_cli_print_usage, print_version,
                                             run_posix, NULL};
    /* A file or pipe takes the users in large writes: stdio's default buffer
     * (4 KiB) would mean many per page, and each page is flushed anyway
     * (wk_cli_writer_page_done()). A terminal keeps its line buffering. */
    static char out_buf[64 * 1024];
    int rc = wk_cli_std_fds(WK_CLI_NAME);
    if (rc != WK_CLI_EXIT_OK) {
        return rc;
    }
    if (!isatty(fileno(stdout))) {
        (void)setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
    }
    return wk_cli_main(&program, argc, argv, stdout, stderr);
}
