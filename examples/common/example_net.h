/* SPDX-License-Identifier: Apache-2.0 */
/* A wk_connector_t over the POSIX and mbedTLS ports, shared by the examples.
 * An embedded target writes the same two functions over its own TCP stack
 * (see docs/PORTING.md); everything else in the examples stays as it is. */
#ifndef EXAMPLE_NET_H
#define EXAMPLE_NET_H

#include <stdbool.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls_mbedtls.h"

/* One connection at a time, as the client uses it. Static storage is fine. */
typedef struct example_net {
    const char *ca_file;         /* NULL: the system bundle; retained */
    bool tls_config_ready;
    bool tls_open;
    wk_tls_config_t tls_config;  /* loaded on the first TLS connection */
    wk_posix_conn_t tcp;
    wk_transport_t tcp_transport;
    wk_tls_session_t tls;
    wk_diag_t diag;              /* why the last open failed */
} example_net_t;

/* A connector whose ctx is @p net; @p ca_file is retained. */
wk_connector_t example_net_connector(example_net_t *net, const char *ca_file);

/* Releases the TLS configuration; call after wk_client_deinit(). */
void example_net_free(example_net_t *net);

#endif /* EXAMPLE_NET_H */
