/* SPDX-License-Identifier: Apache-2.0 */
/* The lwIP port's host handling, with lwIP's stack running but no network
 * interface: nothing can connect, so what is looked at is how far a host
 * gets (refused, not resolved, or handed to lwIP and unroutable). */
#include "lwip/opt.h"

#include "lwip/sys.h"
#include "lwip/tcpip.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wk_port_lwip.h"

static void tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

static int lwip_up(void **state)
{
    sys_sem_t ready;
    (void)state;
    assert_int_equal(sys_sem_new(&ready, 0), ERR_OK);
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);
    sys_sem_free(&ready);
    return 0;
}

/* Each host fails with @p status, the diagnostic holding @p text (or the host). */
static void expect_connect_fails(const char *const *hosts, size_t count, wk_status_t status,
                                 const char *text)
{
    wk_lwip_conn_t c;
    wk_diag_t diag;
    size_t i;
    for (i = 0; i < count; i++) {
        print_message("host %s\n", hosts[i]);
        assert_int_equal(wk_lwip_connect(&c, hosts[i], 443u, 1000u, &diag), status);
        assert_non_null(strstr(diag.text, text != NULL ? text : hosts[i]));
        assert_false(c.open);
    }
}

/* lwIP's own inet_pton() reads the IPv4 ones as 192.0.2.1: refused before
 * lwIP sees them, as resolvers do not agree on them. */
static void test_ambiguous_address_refused(void **state)
{
    static const char *const hosts[] = {
        "0xc0.0.2.1", "0xc0000201", "192.0.2.010", "192.0.513", "3221225985", "0300.0.2.1",
        "192.0.2.1.", "fe80::1%en0", "0:0:0:0::0:0:0:1",
    };
    (void)state;
    expect_connect_fails(hosts, sizeof(hosts) / sizeof(hosts[0]), WK_ERR_ARG, NULL);
}

/* A literal reaches lwIP as its address (no interface: no route); a name,
 * in this lwIP without DNS, does not. */
static void test_literal_reaches_lwip(void **state)
{
    static const char *const literals[] = {"192.0.2.1", "2001:db8::1"};
    static const char *const names[] = {"example.com"};
    (void)state;
    expect_connect_fails(literals, sizeof(literals) / sizeof(literals[0]), WK_ERR_CONNECT,
                         "no route to host");
    expect_connect_fails(names, 1u, WK_ERR_DNS, "no DNS");
}

/* The opener takes timeout 0 (a stepping client): it does not wait, and a
 * connect lwIP refuses at once fails at once; the blocking call still
 * refuses 0. */
static void test_opener_steps(void **state)
{
    wk_lwip_conn_t c;
    wk_tcp_opener_t opener = wk_lwip_opener(&c);
    wk_transport_t t;
    wk_diag_t diag;
    (void)state;
    memset(&c, 0, sizeof(c));
    memset(&t, 0, sizeof(t));
    assert_int_equal(opener.connect(opener.ctx, "192.0.2.1", 443u, 0u, &t, &diag), WK_ERR_CONNECT);
    assert_non_null(strstr(diag.text, "no route to host"));
    assert_false(c.connecting);
    assert_false(c.open);
    assert_int_equal(opener.close(opener.ctx), WK_OK);
    assert_int_equal(wk_lwip_connect(&c, "192.0.2.1", 443u, 0u, &diag), WK_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ambiguous_address_refused),
        cmocka_unit_test(test_literal_reaches_lwip),
        cmocka_unit_test(test_opener_steps),
    };
    return cmocka_run_group_tests(tests, lwip_up, NULL);
}
