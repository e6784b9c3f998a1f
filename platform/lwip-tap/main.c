/* SPDX-License-Identifier: Apache-2.0 */
/* wickr-list-users-lwip: the wickr-list-users CLI with lwIP, run in user space
 * on a TAP device, as its TCP/IP stack (lwIP sockets + mbedTLS). Arguments,
 * configuration, output and exit codes are the CLI's (platform/linux); this
 * file adds the interface flags, starts lwIP and supplies the connector. */
#define _GNU_SOURCE /* getrandom() */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "wk_cli.h"
#include "wk_lwip_tap.h"
#include "wk_port_lwip.h"
#include "wk_tls.h"

#define PROGRAM "wickr-list-users-lwip"
#define ERR_PREFIX PROGRAM ": "

/* ---- The interface flags ---------------------------------------------------------- */

typedef struct tap_options {
    const char *address;
    const char *netmask;
    const char *gateway;
} tap_options_t;

/* Takes --lwip-address / --lwip-netmask / --lwip-gateway (as "--f v" or
 * "--f=v") out of argv, leaving the CLI's own arguments in place. */
static int take_tap_flags(int *argc, char **argv, tap_options_t *t, char *err, size_t cap)
{
    static const char *const names[] = {"--lwip-address", "--lwip-netmask", "--lwip-gateway"};
    const char **slots[] = {&t->address, &t->netmask, &t->gateway};
    int in;
    int out = 1;
    for (in = 1; in < *argc; in++) {
        size_t k;
        bool taken = false;
        for (k = 0u; k < sizeof(names) / sizeof(names[0]) && !taken; k++) {
            size_t n = strlen(names[k]);
            if (strncmp(argv[in], names[k], n) != 0 || (argv[in][n] != '\0' && argv[in][n] != '=')) {
                continue;
            }
            taken = true;
            if (argv[in][n] == '=') {
                *slots[k] = argv[in] + n + 1u;
            } else if (in + 1 < *argc) {
                *slots[k] = argv[++in];
            } else {
                (void)snprintf(err, cap, "%s needs a value", names[k]);
                return WK_CLI_EXIT_USAGE;
            }
        }
        if (!taken) {
            argv[out++] = argv[in];
        }
    }
    argv[out] = NULL;
    *argc = out;
    return WK_CLI_EXIT_OK;
}

static void print_usage(FILE *out)
{
    fputs(PROGRAM ": wickr-list-users over lwIP, run in this process on a TAP device.\n"
          "\n"
          "Interface (the TAP device is named by PRECONFIGURED_TAPIF and must exist,\n"
          "with the host side's address configured; e.g. ip tuntap add dev tap0 mode tap):\n"
          "  --lwip-address A         lwIP's IPv4 address on the device (required)\n"
          "  --lwip-netmask M         its netmask (default 255.255.255.0)\n"
          "  --lwip-gateway G         router for other subnets (default: none)\n"
          "This lwIP build has no DNS: give --endpoint-url with an IP address.\n"
          "Everything else is as for wickr-list-users:\n\n",
          out);
    wk_cli_print_usage(out);
}

static void print_version(FILE *out)
{
    char tls[WK_TLS_VERSION_MAX];
    if (wk_tls_version(tls, sizeof(tls)) != WK_OK) {
        tls[0] = '\0';
    }
    fprintf(out, "%s %s\n%s, lwIP unix port (tapif)\n", PROGRAM, WK_VERSION_STRING, tls);
}

/* ---- What lwIP does not provide: entropy and UTC ----------------------------------- */

/* The kernel's random bytes stand in for a target's hardware RNG. */
static wk_status_t linux_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t done = 0u;
    (void)ctx;
    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0u);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            /* interrupted before any byte: again */
        } else {
            return WK_ERR_CRYPTO;
        }
    }
    return WK_OK;
}

/* The host's clock stands in for an RTC or SNTP. When it is not set the hook
 * refuses it, and signing then fails with WK_ERR_CLOCK, as on a target
 * without time. */
static void set_utc_from_host(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
        (void)wk_lwip_set_utc((int64_t)ts.tv_sec);
    }
}

/* ---- Program ------------------------------------------------------------------------- */

static int start_lwip(const tap_options_t *tap)
{
    wk_diag_t diag;
    wk_status_t status;
    if (tap->address == NULL) {
        fputs(ERR_PREFIX "--lwip-address is required\n" ERR_PREFIX "try '" PROGRAM " --help'\n",
              stderr);
        return WK_CLI_EXIT_USAGE;
    }
    (void)wk_lwip_set_entropy(linux_entropy, NULL);
    set_utc_from_host();
    status = wk_lwip_tap_start(tap->address, tap->netmask, tap->gateway, &diag);
    if (status != WK_OK) {
        fprintf(stderr, ERR_PREFIX "cannot start lwIP: %s: ", wk_status_str(status));
        wk_cli_print_safe(stderr, diag.text);
        fputc('\n', stderr);
        return status == WK_ERR_ARG ? WK_CLI_EXIT_USAGE : WK_CLI_EXIT_NETWORK;
    }
    return WK_CLI_EXIT_OK;
}

/* Starts lwIP on the TAP device, then TLS (mbedTLS) over lwIP sockets, then the listing. */
static int run_lwip(void *ctx, const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
                    FILE *out, FILE *err)
{
    static wk_lwip_conn_t tcp_conn;
    const tap_options_t *tap = ctx;
    wk_tcp_opener_t tcp;
    int rc = start_lwip(tap);
    if (rc == WK_CLI_EXIT_OK) {
        tcp = wk_lwip_opener(&tcp_conn);
        rc = wk_cli_run_tls(&tcp, NULL, opts, cfg, out, err);
    }
    /* lwIP's threads have no stop; returning ends them with the process. */
    return rc;
}

int main(int argc, char **argv)
{
    static tap_options_t tap = {NULL, "255.255.255.0", NULL};
    static const wk_cli_program_t program = {PROGRAM, print_usage, print_version, run_lwip, &tap};
    char msg[WK_CLI_ERR_MAX];
    /* before lwIP opens the TAP device: a closed stdout would become it */
    int rc = wk_cli_std_fds(PROGRAM);

    if (rc == WK_CLI_EXIT_OK) {
        rc = take_tap_flags(&argc, argv, &tap, msg, sizeof(msg));
        if (rc != WK_CLI_EXIT_OK) {
            fprintf(stderr, ERR_PREFIX "%s\n" ERR_PREFIX "try '" PROGRAM " --help'\n", msg);
        }
    }
    if (rc == WK_CLI_EXIT_OK) {
        rc = wk_cli_main(&program, argc, argv, stdout, stderr);
    }
    return rc;
}
