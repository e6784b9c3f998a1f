/* SPDX-License-Identifier: Apache-2.0 */
/* The endpoint, request, retry and HTTP parser modules built with
 * CONFIG_WK_CUSTOM_ENDPOINT, CONFIG_WK_OTHER_PARTITIONS,
 * CONFIG_WK_ENDPOINT_VARIANTS, CONFIG_WK_IPV6, CONFIG_WK_LIST_SORT,
 * CONFIG_WK_HTTP_CHUNK_EXTENSIONS and CONFIG_WK_RETRY_AFTER_DATE off
 * (wk_config_left_out.h): what they left out is refused with its status and
 * a diagnostic naming the option; everything else works as with them on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wk_internal.h"

_Static_assert(!CONFIG_WK_CUSTOM_ENDPOINT && !CONFIG_WK_OTHER_PARTITIONS &&
                   !CONFIG_WK_ENDPOINT_VARIANTS && !CONFIG_WK_IPV6 &&
                   !CONFIG_WK_LIST_SORT && !CONFIG_WK_HTTP_CHUNK_EXTENSIONS &&
                   !CONFIG_WK_RETRY_AFTER_DATE,
               "built with the options off");

static void resolve_refused(const char *region, const char *url, bool fips, bool dualstack,
                            const char *option)
{
    wk_endpoint_params_t params = {region, fips, dualstack, url};
    wk_endpoint_t ep;
    wk_diag_t diag;
    memset(&ep, 0xA5, sizeof(ep));
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT_CONFIG);
    assert_non_null(strstr(diag.text, option));
    assert_int_equal(ep.host[0], '\0');
    assert_int_equal(ep.port, 0);
}

static void test_endpoint_refusals(void **state)
{
    static const char *const other_partitions[] = {
        "cn-north-1",    "aws-cn-global",  "us-gov-west-1", "aws-us-gov-global", "us-iso-east-1",
        "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1",
        /* no partition claims these: aws with the other partitions, refused without */
        "local", "us-east", "xx-east-1",
    };
    size_t i;
    (void)state;
    resolve_refused("us-east-1", "https://example.com", false, false, "CONFIG_WK_CUSTOM_ENDPOINT");
    resolve_refused("us-east-1", "https://example.com", true, false, "CONFIG_WK_CUSTOM_ENDPOINT");
    resolve_refused("us-east-1", NULL, true, false, "CONFIG_WK_ENDPOINT_VARIANTS");
    resolve_refused("us-east-1", NULL, false, true, "CONFIG_WK_ENDPOINT_VARIANTS");
    resolve_refused("us-east-1", NULL, true, true, "CONFIG_WK_ENDPOINT_VARIANTS");
    for (i = 0; i < WK_ARRAY_LEN(other_partitions); i++) {
        print_message("%s\n", other_partitions[i]);
        resolve_refused(other_partitions[i], NULL, false, false, "CONFIG_WK_OTHER_PARTITIONS");
    }
}

static void test_regions_unchanged(void **state)
{
    static const struct {
        const char *region;
        const char *host;
    } cases[] = {
        {"us-east-1", "admin.wickr.us-east-1.amazonaws.com"},
        {"eu-west-2", "admin.wickr.eu-west-2.amazonaws.com"},
        {"ap-southeast-5", "admin.wickr.ap-southeast-5.amazonaws.com"},
        {"mx-central-1", "admin.wickr.mx-central-1.amazonaws.com"},
        {"aws-global", "admin.wickr.aws-global.amazonaws.com"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < WK_ARRAY_LEN(cases); i++) {
        wk_endpoint_params_t params = {cases[i].region, false, false, NULL};
        wk_endpoint_t ep;
        char authority[CONFIG_WK_HOST_MAX + 8];
        size_t len;
        assert_int_equal(wk_endpoint_resolve(&params, &ep, NULL), WK_OK);
        assert_string_equal(ep.host, cases[i].host);
        assert_true(ep.tls);
        assert_int_equal(ep.port, 443);
        assert_int_equal(wk_endpoint_authority(&ep, authority, sizeof(authority), &len), WK_OK);
        assert_string_equal(authority, cases[i].host);
    }
}

/* The credential exchanges still read URLs, IPv6 literals aside. */
static void test_exchange_urls(void **state)
{
    wk_endpoint_t ep;
    wk_diag_t diag;
    (void)state;
    assert_int_equal(wk_endpoint_resolve_url("http://169.254.170.2:8080/v2/creds", &ep, &diag), WK_OK);
    assert_string_equal(ep.host, "169.254.170.2");
    assert_int_equal(ep.port, 8080);
    assert_false(ep.tls);
    assert_string_equal(ep.base_path, "/v2/creds");
    assert_int_equal(wk_endpoint_resolve_url("https://[fd00:ec2::23]/", &ep, &diag), WK_ERR_ENDPOINT);
    assert_non_null(strstr(diag.text, "CONFIG_WK_IPV6"));
    assert_int_equal(ep.host[0], '\0');
}

static void test_ipv6_refused(void **state)
{
    static const char *const v6[] = {"::1", "2001:db8::a", "::ffff:192.0.2.1", "fe80::1%eth0"};
    uint8_t addr[16];
    size_t len;
    size_t i;
    (void)state;
    for (i = 0; i < WK_ARRAY_LEN(v6); i++) {
        len = 99u;
        assert_int_equal(wk_host_ip_literal(v6[i], strlen(v6[i]), addr, &len), WK_ERR_ENDPOINT);
        assert_int_equal(len, 0u);
    }
    assert_int_equal(wk_host_ip_literal("192.0.2.1", 9u, addr, &len), WK_OK);
    assert_int_equal(len, 4u);
    assert_int_equal(wk_host_ip_literal("example.com", 11u, addr, &len), WK_OK);
    assert_int_equal(len, 0u);
    assert_int_equal(wk_host_ip_literal("127.1", 5u, addr, &len), WK_ERR_ENDPOINT);
}

static void test_sort_refused(void **state)
{
    wk_list_users_request_t req;
    wk_diag_t diag;
    char target[128];
    size_t path_len;
    size_t total_len;
    (void)state;
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    req.sort_fields = "username";
    assert_int_equal(wk_list_users_request_validate(&req, &diag), WK_ERR_SORT_FIELDS);
    assert_string_equal(diag.text, "sortFields: CONFIG_WK_LIST_SORT is off");
    assert_int_equal(wk_list_users_request_target(&req, "", target, sizeof(target), &path_len,
                                                  &total_len, &diag),
                     WK_ERR_SORT_FIELDS);
    req.sort_fields = NULL;
    req.sort_direction = "DESC";
    assert_int_equal(wk_list_users_request_validate(&req, &diag), WK_ERR_SORT_DIRECTION);
    assert_string_equal(diag.text, "sortDirection: CONFIG_WK_LIST_SORT is off");
    req.sort_direction = NULL;
    req.max_results = 20;
    assert_int_equal(wk_list_users_request_target(&req, "", target, sizeof(target), &path_len,
                                                  &total_len, &diag),
                     WK_OK);
    assert_int_equal(total_len, strlen("/networks/12345678/users?maxResults=20"));
    assert_memory_equal(target, "/networks/12345678/users?maxResults=20", total_len);
}

/* Only the seconds form; the Date header's parse (clock skew) is kept. */
static void test_retry_after_seconds_only(void **state)
{
    static const char date[] = "Sun, 06 Nov 1994 08:49:37 GMT";
    uint32_t delay = 7u;
    int64_t t = 0;
    (void)state;
    assert_int_equal(wk_retry_after_parse(date, strlen(date), 784111000, &delay),
                     WK_ERR_HTTP_HEADER);
    assert_int_equal(delay, 7u);
    assert_int_equal(wk_retry_after_parse("3", 1u, 0, &delay), WK_OK);
    assert_int_equal(delay, 3000u);
    assert_int_equal(wk_http_date_parse(date, strlen(date), &t), WK_OK);
    assert_int_equal(t, 784111777);
}

static wk_status_t collect_body(void *ctx, const uint8_t *data, size_t len)
{
    char *body = ctx;
    size_t have = strlen(body);
    assert_true(have + len < 16u);
    memcpy(&body[have], data, len);
    body[have + len] = '\0';
    return WK_OK;
}

/* A chunked body parses as before; an extension is refused, at its ';'. */
static void test_chunk_extension_refused(void **state)
{
    static const wk_http_callbacks_t cb = {NULL, NULL, collect_body};
    static const char plain[] =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n2 \r\n!!\r\n0\r\n\r\n";
    static const char *const extended[] = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 ;a\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0;last\r\n\r\n",
    };
    wk_http_parser_t parser;
    wk_diag_t diag;
    char body[16] = "";
    size_t used;
    size_t i;
    (void)state;
    assert_int_equal(wk_http_parser_init(&parser, &cb, body), WK_OK);
    assert_int_equal(wk_http_parser_feed(&parser, (const uint8_t *)plain, strlen(plain), &used, &diag),
                     WK_OK);
    assert_string_equal(body, "hello!!");
    for (i = 0; i < WK_ARRAY_LEN(extended); i++) {
        body[0] = '\0';
        assert_int_equal(wk_http_parser_init(&parser, &cb, body), WK_OK);
        assert_int_equal(wk_http_parser_feed(&parser, (const uint8_t *)extended[i],
                                             strlen(extended[i]), &used, &diag),
                         WK_ERR_HTTP_CHUNK);
        assert_non_null(strstr(diag.text, "CONFIG_WK_HTTP_CHUNK_EXTENSIONS"));
        assert_int_equal(extended[i][used - 1u], ';');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_endpoint_refusals), cmocka_unit_test(test_regions_unchanged),
        cmocka_unit_test(test_exchange_urls),     cmocka_unit_test(test_ipv6_refused),
        cmocka_unit_test(test_sort_refused),      cmocka_unit_test(test_retry_after_seconds_only),
        cmocka_unit_test(test_chunk_extension_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
