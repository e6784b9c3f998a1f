/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A scripted transport: the response bytes are handed out in steps chosen by
 * the test (fixed chunk size, zero-byte "would block" returns, a close or an
 * error after N bytes); everything sent is recorded.
 */
#ifndef FAKE_TRANSPORT_H
#define FAKE_TRANSPORT_H
#include <stddef.h>
#include <stdint.h>
#include "wk_port.h"

typedef struct fake_transport {
    const uint8_t *rx;       /* bytes to deliver */
    size_t rx_len;
    size_t rx_pos;
    size_t chunk;            /* most bytes per recv (0: all) */
    unsigned would_block_every; /* every Nth recv returns WK_WOULD_BLOCK (0: never) */
    unsigned recv_calls;
    size_t fail_after;       /* deliver this many bytes, then fail_status (0: never) */
    wk_status_t fail_status;
    wk_status_t end_status;  /* returned once rx is exhausted (WK_ERR_PEER_CLOSED default) */
    char tx[65536];          /* what the client sent */
    size_t tx_len;
} fake_transport_t;

void fake_transport_init(fake_transport_t *f, const void *rx, size_t rx_len, size_t chunk);
wk_transport_t fake_transport_as_transport(fake_transport_t *f);
#endif
