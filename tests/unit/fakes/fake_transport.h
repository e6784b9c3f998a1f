/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The tests' one scripted server, behind a wk_connector_t. Each request the
 * client sends releases the next scripted response, so keep-alive, stale
 * connections, retries and paging behave as on a socket:
 * - recv returns WK_WOULD_BLOCK until a whole request ("\r\n\r\n") has come,
 *   then hands out the response in pieces (chunk, or the cyclic sizes in
 *   pieces), then waits for the next request, or closes (close_after);
 * - a connection opened while a response was partly delivered loses the
 *   rest of it: the new one serves the next response;
 * - with no response left, recv waits (WK_WOULD_BLOCK) for ever: a silent server.
 * Everything sent on the current connection is kept in tx (NUL-terminated).
 * Plain C, no cmocka: the fuzz targets and the Cortex-M images use it too.
 */
#ifndef FAKE_TRANSPORT_H
#define FAKE_TRANSPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk.h"

#define FAKE_MAX_RESPONSES 8

typedef struct fake_server {
    /* The script, set by the test (fake_server_init() clears it). */
    const char *responses[FAKE_MAX_RESPONSES];
    size_t response_len[FAKE_MAX_RESPONSES]; /* 0: strlen(responses[i]) */
    size_t count;                            /* responses in the script */
    bool close_after[FAKE_MAX_RESPONSES];    /* the peer closes once this one is out */
    bool drop_before[FAKE_MAX_RESPONSES];    /* the connection dies before this one
                                                (stale keep-alive), the first time only */
    uint32_t drip_ms[FAKE_MAX_RESPONSES];    /* each piece of this one takes that long:
                                                a wk_port_wait() in recv */
    size_t chunk;                            /* most bytes per recv; 0: all */
    const size_t *pieces;                    /* sizes per recv, used in turn (cyclic);
                                                overrides chunk; NULL: chunk */
    size_t piece_count;
    bool pause_between;                      /* recv returns WK_WOULD_BLOCK once before each
                                                piece: one piece per readiness, as a
                                                non-blocking socket gives them */
    wk_status_t connect_status;              /* every open fails with it (WK_OK: none) */
    int connect_fail_from;                   /* opens from this number on fail with
                                                WK_ERR_CONNECT (0: never) */
    bool unverified;                         /* connections claim no verified peer */
    /* What happened. */
    size_t current;                          /* the response being delivered */
    size_t pos;                              /* its bytes delivered */
    size_t next_piece;
    bool paused;                             /* the WK_WOULD_BLOCK before this piece was given */
    bool awaiting_request;                   /* nothing released for the current response yet */
    bool closed;
    int open_calls;
    int close_calls;
    char tx[16384];                          /* sent on the current connection */
    size_t tx_len;
    size_t requests_seen;                    /* whole requests in tx */
    char request_targets[FAKE_MAX_RESPONSES][512]; /* their request targets */
} fake_server_t;

/* An empty script: no response (a silent server), every open succeeds. */
void fake_server_init(fake_server_t *s);

/* A connector whose open and close are the scripted server's. */
wk_connector_t fake_server_connector(fake_server_t *s);

/* A client configuration over the scripted server, signing with the AWS
 * documentation's example keys for us-east-1; everything else zero (the
 * test sets its timeouts). */
void fake_client_config(wk_client_config_t *cfg, fake_server_t *s);

#endif
