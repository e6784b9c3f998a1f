/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The connector made from an opener (wk_tcp_connector.h): an http:// endpoint
 * gets the opener's stream; an https one only a stream the opener verified,
 * and from a plain opener nothing at all (closed before a byte is sent); the
 * opener's failures and explanations pass through; the client closes through
 * it. Driven by a scripted opener whose streams are the scripted server's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_transport.h"
#include "wk/wk.h"
#include "wk_tcp_connector.h"

typedef struct opener_script {
    wk_status_t connect_status; /* what connect returns */
    bool verified;              /* the stream it makes claims a verified peer */
    int connects;
    int closes;
    int open;                   /* connections open now */
    char host[64];
    uint16_t port;
    fake_server_t server;       /* what its streams talk to */
} opener_script_t;

static opener_script_t g;

static wk_status_t s_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                             wk_transport_t *out, wk_diag_t *diag)
{
    opener_script_t *s = ctx;
    wk_connector_t server = fake_server_connector(&s->server);
    wk_status_t status;
    s->connects++;
    strncpy(s->host, host, sizeof(s->host) - 1u);
    s->port = port;
    if (s->connect_status != WK_OK) {
        wk_diag_str(diag, "scripted refusal by ");
        wk_diag_str(diag, host);
        return s->connect_status;
    }
    status = server.open(server.ctx, NULL, timeout_ms, out);
    if (status != WK_OK) {
        return status;
    }
    out->peer_verified = s->verified;
    s->open++;
    return WK_OK;
}

static wk_status_t s_close(void *ctx)
{
    opener_script_t *s = ctx;
    s->closes++;
    if (s->open > 0) {
        s->open--;
    }
    return WK_OK;
}

static int setup(void **state)
{
    (void)state;
    memset(&g, 0, sizeof(g));
    fake_server_init(&g.server);
    return 0;
}

static wk_tcp_connector_t net;

/* The connector under test, over the scripted opener (g). */
static wk_connector_t scripted_connector(void)
{
    wk_tcp_opener_t o = {s_connect, s_close, &g};
    wk_connector_t c;
    assert_int_equal(wk_tcp_connector_init(&net, &o, &c), WK_OK);
    return c;
}

static wk_endpoint_t endpoint(const char *url)
{
    wk_endpoint_params_t p = {"us-east-1", false, false, url};
    wk_endpoint_t ep;
    assert_int_equal(wk_endpoint_resolve(&p, &ep, NULL), WK_OK);
    return ep;
}

static void test_http_gets_the_stream(void **state)
{
    wk_connector_t c;
    wk_transport_t t;
    wk_endpoint_t ep = endpoint("http://192.0.2.10:8080");
    (void)state;
    c = scripted_connector();
    memset(&t, 0xff, sizeof(t));
    assert_int_equal(c.open(c.ctx, &ep, 1000u, &t), WK_OK);
    assert_string_equal(g.host, "192.0.2.10");
    assert_int_equal(g.port, 8080);
    assert_ptr_equal(t.ctx, &g.server);
    assert_false(t.peer_verified); /* cleared, then left as the opener made it */
    assert_int_equal(c.close(c.ctx, &t), WK_OK);
    assert_int_equal(g.open, 0);
    assert_int_equal(c.close(c.ctx, &t), WK_OK); /* nothing open: nothing closed again */
    assert_int_equal(g.closes, 1);
}

/* A plain opener never carries an https request: refused, closed, explained. */
static void test_https_over_plain_refused(void **state)
{
    wk_connector_t c;
    wk_transport_t t;
    wk_endpoint_t ep = endpoint(NULL);
    (void)state;
    c = scripted_connector();
    assert_int_equal(c.open(c.ctx, &ep, 1000u, &t), WK_ERR_TLS_VERIFY);
    assert_int_equal(g.connects, 1);
    assert_int_equal(g.open, 0);
    assert_int_equal(g.server.tx_len, 0u);
    assert_non_null(strstr(wk_tcp_connector_diag(&net)->text,
                           "https://admin.wickr.us-east-1.amazonaws.com needs TLS"));
}

/* An opener that did the TLS itself (offload) and says so serves https. */
static void test_https_over_verified_opener(void **state)
{
    wk_connector_t c;
    wk_transport_t t;
    wk_endpoint_t ep = endpoint(NULL);
    (void)state;
    g.verified = true;
    c = scripted_connector();
    assert_int_equal(c.open(c.ctx, &ep, 1000u, &t), WK_OK);
    assert_true(t.peer_verified);
    assert_int_equal(g.port, 443);
    assert_string_equal(wk_tcp_connector_diag(&net)->text, "");
    assert_int_equal(c.close(c.ctx, &t), WK_OK);
    assert_int_equal(g.open, 0);
}

static void test_opener_failure_passes_through(void **state)
{
    wk_connector_t c;
    wk_transport_t t;
    wk_endpoint_t ep = endpoint("http://gateway.example:80");
    (void)state;
    g.connect_status = WK_ERR_DNS;
    c = scripted_connector();
    assert_int_equal(c.open(c.ctx, &ep, 1000u, &t), WK_ERR_DNS);
    assert_string_equal(wk_tcp_connector_diag(&net)->text, "scripted refusal by gateway.example");
    assert_int_equal(c.close(c.ctx, &t), WK_OK);
    assert_int_equal(g.closes, 0);
}

static void test_arguments(void **state)
{
    wk_tcp_opener_t o = {s_connect, s_close, &g};
    wk_tcp_opener_t half = {s_connect, NULL, &g};
    wk_connector_t c;
    (void)state;
    assert_int_equal(wk_tcp_connector_init(NULL, &o, &c), WK_ERR_ARG);
    assert_int_equal(wk_tcp_connector_init(&net, NULL, &c), WK_ERR_ARG);
    assert_int_equal(wk_tcp_connector_init(&net, &o, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tcp_connector_init(&net, &half, &c), WK_ERR_ARG);
    assert_null(wk_tcp_connector_diag(NULL));
}

/* The client lists over it: http:// through the opener, closed at deinit. */
static wk_status_t count_user(void *ctx, const wk_user_t *u)
{
    (void)u;
    (*(int *)ctx)++;
    return WK_OK;
}

static void test_client_over_it(void **state)
{
    static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 45\r\n\r\n"
                                   "{\"users\":[{\"userId\":\"u-1\"},{\"userId\":\"u-2\"}]}";
    static wk_client_t client;
    wk_tcp_opener_t o = {s_connect, s_close, &g};
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    int users = 0;
    (void)state;
    g.server.responses[0] = response;
    g.server.count = 1u;
    g.server.chunk = 7u;
    memset(&cfg, 0, sizeof(cfg));
    memset(&req, 0, sizeof(req));
    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.endpoint.region = "us-east-1";
    cfg.endpoint.endpoint_url = "http://127.0.0.1:8080";
    req.network_id = "12345678";
    assert_int_equal(wk_tcp_connector_init(&net, &o, &cfg.connector), WK_OK);
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
    assert_int_equal(wk_client_list_users(&client, &req, count_user, &users), WK_OK);
    assert_int_equal(users, 2);
    assert_true(strncmp(g.server.tx, "GET /networks/12345678/users HTTP/1.1\r\n", 39u) == 0);
    assert_int_equal(wk_client_deinit(&client), WK_OK);
    assert_int_equal(g.open, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_http_gets_the_stream, setup),
        cmocka_unit_test_setup(test_https_over_plain_refused, setup),
        cmocka_unit_test_setup(test_https_over_verified_opener, setup),
        cmocka_unit_test_setup(test_opener_failure_passes_through, setup),
        cmocka_unit_test_setup(test_arguments, setup),
        cmocka_unit_test_setup(test_client_over_it, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
