/* SPDX-License-Identifier: Apache-2.0 */
/* The mbedTLS port's client certificate: the arguments it takes, and a
 * certificate or key that cannot be used, reported before anything is sent
 * and naming the file. (The handshake itself: tests/creds, against the IoT
 * credentials stand-in, which refuses a client without the CA's certificate.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wk_port_posix.h"
#include "wk_tls.h"

static wk_tls_connector_t g_net;
static wk_posix_conn_t g_tcp_conn;
static wk_connector_t g_connector;

static void setup_net(const char *ca_file)
{
    wk_tcp_opener_t tcp = wk_posix_opener(&g_tcp_conn);
    wk_tls_trust_t trust = {ca_file, NULL, 0u};
    assert_int_equal(wk_tls_connector_init(&g_net, &tcp, &trust, &g_connector), WK_OK);
}

static void test_arguments(void **state)
{
    static const unsigned char pem[] = "-----BEGIN CERTIFICATE-----\n";
    wk_tls_client_cert_t c = {"cert.pem", "key.pem", NULL, 0u, NULL, 0u};
    (void)state;
    setup_net(NULL);
    assert_int_equal(wk_tls_connector_client_cert(NULL, &c), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, NULL), WK_ERR_ARG);
    c.cert = pem; /* both sources */
    c.cert_len = sizeof(pem);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_ERR_ARG);
    c.cert_file = NULL;
    c.cert_len = 0u; /* bytes without a length */
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_ERR_ARG);
    c.cert_len = sizeof(pem);
    c.key_file = NULL; /* no key */
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_ERR_ARG);
    c.key = pem;
    c.key_len = sizeof(pem);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_OK);
    assert_int_equal(wk_tls_connector_free(&g_net), WK_OK);
}

static void test_unusable_certificate(void **state)
{
    static const unsigned char garbage[] = "not a certificate";
    wk_tls_client_cert_t c = {"/nonexistent/device.pem", "/nonexistent/device.key", NULL, 0u, NULL, 0u};
    const char *text;
    (void)state;
    /* a CA bundle that loads: the system's */
    setup_net(NULL);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&g_net), WK_ERR_CREDENTIALS_SOURCE);
    text = wk_tls_connector_diag(&g_net)->text;
    assert_non_null(strstr(text, "client certificate file /nonexistent/device.pem: mbedTLS -0x"));
    assert_int_equal(wk_tls_connector_free(&g_net), WK_OK);

    setup_net(NULL);
    c.cert_file = NULL;
    c.cert = garbage;
    c.cert_len = sizeof(garbage);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&g_net), WK_ERR_CREDENTIALS_SOURCE);
    assert_non_null(strstr(wk_tls_connector_diag(&g_net)->text, "client certificate in memory: "));
    /* refused again, not half-loaded */
    assert_int_equal(wk_tls_connector_load_ca(&g_net), WK_ERR_CREDENTIALS_SOURCE);
    assert_int_equal(wk_tls_connector_free(&g_net), WK_OK);

    /* loaded trust anchors: too late for a certificate */
    setup_net(NULL);
    assert_int_equal(wk_tls_connector_load_ca(&g_net), WK_OK);
    assert_int_equal(wk_tls_connector_client_cert(&g_net, &c), WK_ERR_STATE);
    assert_int_equal(wk_tls_connector_free(&g_net), WK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_unusable_certificate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
