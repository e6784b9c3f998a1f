/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The port self-test (wk_selftest.h) against the POSIX port, as firmware
 * would run it against its own: the port's opener connects to a listener
 * this program makes on 127.0.0.1, whose accepted end is the peer; the
 * hashing is port/mbedtls's. Exit status 0 only when every check ran and
 * passed; the report goes to stdout.
 */
#include <stdio.h>
#include <string.h>

#include "loopback_peer.h"
#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_selftest.h"

int main(void)
{
    static wk_posix_conn_t conn;
    static wk_client_t scratch;
    static wk_cred_fetch_t fetch;
    static wk_credentials_t credentials;
    static peer_t peer;
    wk_selftest_target_t t;
    wk_status_t s;

    memset(&t, 0, sizeof(t));
    t.print = loopback_print;
    t.opener = wk_posix_opener(&conn);
    if (loopback_peer_start(&peer, &t) != 0) {
        return 1;
    }
    t.client = &scratch;
    t.fetch = &fetch;
    t.credentials = &credentials;
    s = wk_selftest_run(&t);
    loopback_peer_stop(&peer);
    printf("wk_selftest_run: %s\n", wk_status_str(s));
    return s == WK_OK ? 0 : 1;
}
