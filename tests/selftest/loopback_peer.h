/* SPDX-License-Identifier: Apache-2.0 */
/* The far end for the self-test's transport checks on Linux: a listener on
 * 127.0.0.1 whose accepted socket is a plain transport (wk_port.h's rules,
 * waiting with poll()). */
#ifndef LOOPBACK_PEER_H
#define LOOPBACK_PEER_H

#include <stdint.h>

#include "wk_selftest.h"

typedef struct peer {
    int listener;
    int fd;
} peer_t;

/* Listens on 127.0.0.1 (a port the kernel picks) and fills @p t's host,
 * port and peer; 0, or -1 after printing why. */
int loopback_peer_start(peer_t *p, wk_selftest_target_t *t);
void loopback_peer_stop(peer_t *p);

/* Prints the report on stdout. */
void loopback_print(void *ctx, const char *text);

#endif
