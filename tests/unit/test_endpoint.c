/* SPDX-License-Identifier: Apache-2.0 */
/* Endpoint resolution: the rule set's own test table, aws.partition() cases
 * from partitions.json, region checks, and custom endpoint URL parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wk/wk_endpoint.h"

#define E_FIPS_CUSTOM "Invalid Configuration: FIPS and custom endpoint are not supported"
#define E_DUALSTACK_CUSTOM "Invalid Configuration: Dualstack and custom endpoint are not supported"
#define E_MISSING_REGION "Invalid Configuration: Missing Region"
#define E_FIPS_DUALSTACK "FIPS and DualStack are enabled, but this partition does not support one or both"
#define E_DUALSTACK "DualStack is enabled but this partition does not support DualStack"
#define IPV4_FORM "endpoint URL host is non-canonical IPv4 at byte offset 8"

typedef struct resolve_case {
    const char *region;
    bool fips;
    bool dualstack;
    const char *endpoint;
    const char *url;   /* expected URL, or NULL for an error */
    const char *error; /* exact rule-set text when url is NULL */
} resolve_case_t;

static void check_resolve_cases(const resolve_case_t *cases, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        wk_endpoint_params_t params = {cases[i].region, cases[i].fips, cases[i].dualstack,
                                       cases[i].endpoint};
        wk_endpoint_t ep;
        wk_diag_t diag;
        char url[256];
        wk_status_t status = wk_endpoint_resolve(&params, &ep, &diag);
        if (cases[i].url != NULL) {
            assert_int_equal(status, WK_OK);
            assert_string_equal(diag.text, "");
            assert_int_equal(wk_endpoint_url(&ep, url, sizeof(url)), WK_OK);
            assert_string_equal(url, cases[i].url);
            assert_true(ep.tls);
            assert_int_equal(ep.port, 443);
            assert_false(ep.port_explicit);
            assert_string_equal(ep.base_path, "");
        } else {
            assert_int_equal(status, WK_ERR_ENDPOINT_CONFIG);
            assert_string_equal(diag.text, cases[i].error);
            assert_string_equal(ep.host, "");
        }
    }
}

/* The 21 cases of the rule set's smithy.rules#endpointTests, verbatim. */
static void test_rule_set_endpoint_tests(void **state)
{
    static const resolve_case_t cases[] = {
        {"us-east-1", true, true, NULL, "https://admin.wickr-fips.us-east-1.api.aws", NULL},
        {"us-east-1", true, false, NULL, "https://admin.wickr-fips.us-east-1.amazonaws.com", NULL},
        {"us-east-1", false, true, NULL, "https://admin.wickr.us-east-1.api.aws", NULL},
        {"us-east-1", false, false, NULL, "https://admin.wickr.us-east-1.amazonaws.com", NULL},
        {"cn-north-1", true, true, NULL,
         "https://admin.wickr-fips.cn-north-1.api.amazonwebservices.com.cn", NULL},
        {"cn-north-1", true, false, NULL, "https://admin.wickr-fips.cn-north-1.amazonaws.com.cn",
         NULL},
        {"cn-north-1", false, true, NULL,
         "https://admin.wickr.cn-north-1.api.amazonwebservices.com.cn", NULL},
        {"cn-north-1", false, false, NULL, "https://admin.wickr.cn-north-1.amazonaws.com.cn", NULL},
        {"us-gov-east-1", true, true, NULL, "https://admin.wickr-fips.us-gov-east-1.api.aws", NULL},
        {"us-gov-east-1", true, false, NULL,
         "https://admin.wickr-fips.us-gov-east-1.amazonaws.com", NULL},
        {"us-gov-east-1", false, true, NULL, "https://admin.wickr.us-gov-east-1.api.aws", NULL},
        {"us-gov-east-1", false, false, NULL, "https://admin.wickr.us-gov-east-1.amazonaws.com",
         NULL},
        {"us-iso-east-1", true, false, NULL, "https://admin.wickr-fips.us-iso-east-1.c2s.ic.gov",
         NULL},
        {"us-iso-east-1", false, false, NULL, "https://admin.wickr.us-iso-east-1.c2s.ic.gov", NULL},
        {"us-isob-east-1", true, false, NULL,
         "https://admin.wickr-fips.us-isob-east-1.sc2s.sgov.gov", NULL},
        {"us-isob-east-1", false, false, NULL, "https://admin.wickr.us-isob-east-1.sc2s.sgov.gov",
         NULL},
        {"us-east-1", false, false, "https://example.com", "https://example.com", NULL},
        {NULL, false, false, "https://example.com", "https://example.com", NULL},
        {"us-east-1", true, false, "https://example.com", NULL, E_FIPS_CUSTOM},
        {"us-east-1", false, true, "https://example.com", NULL, E_DUALSTACK_CUSTOM},
        {NULL, false, false, NULL, NULL, E_MISSING_REGION},
    };
    (void)state;
    assert_int_equal(sizeof(cases) / sizeof(cases[0]), 21);
    check_resolve_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* aws.partition() beyond the rule set's table, from partitions.json 1.1. */
static void test_partitions(void **state)
{
    static const resolve_case_t cases[] = {
        /* Newer aws prefixes. */
        {"il-central-1", false, false, NULL, "https://admin.wickr.il-central-1.amazonaws.com", NULL},
        {"mx-central-1", false, true, NULL, "https://admin.wickr.mx-central-1.api.aws", NULL},
        {"ap-southeast-7", true, false, NULL,
         "https://admin.wickr-fips.ap-southeast-7.amazonaws.com", NULL},
        {"cn-northwest-1", false, false, NULL,
         "https://admin.wickr.cn-northwest-1.amazonaws.com.cn", NULL},
        {"us-gov-west-1", true, true, NULL, "https://admin.wickr-fips.us-gov-west-1.api.aws", NULL},
        /* The iso partitions, the eusc partition. */
        {"us-iso-west-1", false, false, NULL, "https://admin.wickr.us-iso-west-1.c2s.ic.gov", NULL},
        {"eu-isoe-west-1", false, false, NULL, "https://admin.wickr.eu-isoe-west-1.cloud.adc-e.uk",
         NULL},
        {"eu-isoe-west-1", true, false, NULL,
         "https://admin.wickr-fips.eu-isoe-west-1.cloud.adc-e.uk", NULL},
        {"us-isof-south-1", false, false, NULL,
         "https://admin.wickr.us-isof-south-1.csp.hci.ic.gov", NULL},
        {"us-isof-east-1", true, false, NULL,
         "https://admin.wickr-fips.us-isof-east-1.csp.hci.ic.gov", NULL},
        {"eusc-de-east-1", false, false, NULL, "https://admin.wickr.eusc-de-east-1.amazonaws.eu",
         NULL},
        {"eusc-de-east-1", true, false, NULL,
         "https://admin.wickr-fips.eusc-de-east-1.amazonaws.eu", NULL},
        /* No dual-stack in the iso and eusc partitions. */
        {"us-iso-east-1", false, true, NULL, NULL, E_DUALSTACK},
        {"us-iso-east-1", true, true, NULL, NULL, E_FIPS_DUALSTACK},
        {"us-isob-east-1", false, true, NULL, NULL, E_DUALSTACK},
        {"us-isob-east-1", true, true, NULL, NULL, E_FIPS_DUALSTACK},
        {"eu-isoe-west-1", false, true, NULL, NULL, E_DUALSTACK},
        {"us-isof-south-1", true, true, NULL, NULL, E_FIPS_DUALSTACK},
        {"eusc-de-east-1", false, true, NULL, NULL, E_DUALSTACK},
        /* Listed region names the patterns do not cover. */
        {"aws-global", false, false, NULL, "https://admin.wickr.aws-global.amazonaws.com", NULL},
        {"aws-cn-global", false, true, NULL,
         "https://admin.wickr.aws-cn-global.api.amazonwebservices.com.cn", NULL},
        {"aws-us-gov-global", true, false, NULL,
         "https://admin.wickr-fips.aws-us-gov-global.amazonaws.com", NULL},
        {"aws-iso-global", false, false, NULL, "https://admin.wickr.aws-iso-global.c2s.ic.gov",
         NULL},
        {"aws-iso-global", false, true, NULL, NULL, E_DUALSTACK},
        {"aws-iso-b-global", false, false, NULL,
         "https://admin.wickr.aws-iso-b-global.sc2s.sgov.gov", NULL},
        {"aws-iso-e-global", false, false, NULL,
         "https://admin.wickr.aws-iso-e-global.cloud.adc-e.uk", NULL},
        {"aws-iso-f-global", false, false, NULL,
         "https://admin.wickr.aws-iso-f-global.csp.hci.ic.gov", NULL},
        /* Near misses of a pattern fall back to aws (dual-stack then works). */
        {"us-iso-east", false, true, NULL, "https://admin.wickr.us-iso-east.api.aws", NULL},
        {"us-isob-east-1a", false, true, NULL, "https://admin.wickr.us-isob-east-1a.api.aws", NULL},
        {"cn-north-x", false, false, NULL, "https://admin.wickr.cn-north-x.amazonaws.com", NULL},
        {"cn--1", false, false, NULL, "https://admin.wickr.cn--1.amazonaws.com", NULL},
        {"eusc-fr-east-1", false, true, NULL, "https://admin.wickr.eusc-fr-east-1.api.aws", NULL},
        {"eu-isoe-1", false, true, NULL, "https://admin.wickr.eu-isoe-1.api.aws", NULL},
        {"aws-eusc-global", false, true, NULL, "https://admin.wickr.aws-eusc-global.api.aws", NULL},
        {"localhost", false, false, NULL, "https://admin.wickr.localhost.amazonaws.com", NULL},
        {"xx-east-1", true, true, NULL, "https://admin.wickr-fips.xx-east-1.api.aws", NULL},
    };
    (void)state;
    check_resolve_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_region_must_be_a_dns_label(void **state)
{
    static const char *const bad[] = {
        "", "US-EAST-1", "us-East-1", "-us-east-1", "us-east-1-", "us_east_1", "us east 1",
        "us-east-1.", "us-east-1.evil.example", "us-east-1/x", "us-east-1\n", "\xc3\xa9u-west-1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 64 */
    };
    char longest[64];
    size_t i;
    wk_endpoint_params_t params = {NULL, false, false, NULL};
    wk_endpoint_t ep;
    wk_diag_t diag;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        params.region = bad[i];
        assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_REGION);
        assert_non_null(strstr(diag.text, "region"));
        assert_string_equal(ep.host, "");
    }
    params.region = "us-East-1";
    wk_endpoint_resolve(&params, &ep, &diag);
    assert_string_equal(diag.text,
                        "region byte offset 3 is E");
    /* 63 bytes is the most a label holds, and it fits the host. */
    memset(longest, 'a', 63);
    longest[63] = '\0';
    params.region = longest;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
    assert_int_equal(strlen(ep.host), strlen("admin.wickr..amazonaws.com") + 63);
    params.region = "1";
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
    assert_string_equal(ep.host, "admin.wickr.1.amazonaws.com");
}

static void test_custom_endpoint_ignores_region(void **state)
{
    /* The rule set never looks at Region once Endpoint is set. */
    wk_endpoint_params_t params = {"NOT A REGION", false, false, "https://example.com/x"};
    wk_endpoint_t ep;
    wk_diag_t diag;
    (void)state;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
    assert_string_equal(ep.host, "example.com");
    assert_string_equal(ep.base_path, "/x");
    /* ... and FIPS/dual-stack are refused before the URL is even parsed. */
    params.endpoint_url = "not a url";
    params.use_fips = true;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT_CONFIG);
    assert_string_equal(diag.text, E_FIPS_CUSTOM);
    params.use_dualstack = true;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT_CONFIG);
    assert_string_equal(diag.text, E_FIPS_CUSTOM);
    params.use_fips = false;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT_CONFIG);
    assert_string_equal(diag.text, E_DUALSTACK_CUSTOM);
}

/* ---- custom endpoint URLs ----------------------------------------------------------- */

typedef struct url_case {
    const char *url;
    const char *host;
    uint16_t port;
    bool tls;
    bool port_explicit;
    const char *base_path;
    const char *round_trip; /* what wk_endpoint_url() writes back */
    const char *authority;  /* what wk_endpoint_authority() writes */
} url_case_t;

static void test_custom_urls(void **state)
{
    static const url_case_t cases[] = {
        {"https://example.com", "example.com", 443, true, false, "", "https://example.com",
         "example.com"},
        {"https://example.com/", "example.com", 443, true, false, "", "https://example.com",
         "example.com"},
        {"https://example.com:8443", "example.com", 8443, true, true, "",
         "https://example.com:8443", "example.com:8443"},
        {"https://example.com:443/", "example.com", 443, true, false, "", "https://example.com",
         "example.com"},
        {"https://example.com:1", "example.com", 1, true, true, "", "https://example.com:1",
         "example.com:1"},
        {"https://example.com:65535", "example.com", 65535, true, true, "",
         "https://example.com:65535", "example.com:65535"},
        {"https://example.com:00080", "example.com", 80, true, true, "", "https://example.com:80",
         "example.com:80"},
        {"http://localhost:8080/api/v1/", "localhost", 8080, false, true, "/api/v1",
         "http://localhost:8080/api/v1", "localhost:8080"},
        {"http://127.0.0.1", "127.0.0.1", 80, false, false, "", "http://127.0.0.1", "127.0.0.1"},
        {"http://127.0.0.1:80", "127.0.0.1", 80, false, false, "", "http://127.0.0.1",
         "127.0.0.1"},
        {"http://10.0.0.1:443", "10.0.0.1", 443, false, true, "", "http://10.0.0.1:443",
         "10.0.0.1:443"},
        {"HTTPS://Example.COM/Base", "Example.COM", 443, true, false, "/Base",
         "https://Example.COM/Base", "Example.COM"},
        {"https://my_service.local:9000/a-b/c_d/e.f/~g", "my_service.local", 9000, true, true,
         "/a-b/c_d/e.f/~g", "https://my_service.local:9000/a-b/c_d/e.f/~g",
         "my_service.local:9000"},
        {"https://[::1]:8443/x", "::1", 8443, true, true, "/x", "https://[::1]:8443/x",
         "[::1]:8443"},
        {"https://[::1]", "::1", 443, true, false, "", "https://[::1]", "[::1]"},
        {"http://[2001:db8::1]/", "2001:db8::1", 80, false, false, "", "http://[2001:db8::1]",
         "[2001:db8::1]"},
        {"https://[1:2:3:4:5:6:7:8]", "1:2:3:4:5:6:7:8", 443, true, false, "",
         "https://[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8]"},
        {"https://[::]", "::", 443, true, false, "", "https://[::]", "[::]"},
        {"https://[1::]", "1::", 443, true, false, "", "https://[1::]", "[1::]"},
        {"https://[1:2:3:4:5:6:7::]", "1:2:3:4:5:6:7::", 443, true, false, "",
         "https://[1:2:3:4:5:6:7::]", "[1:2:3:4:5:6:7::]"},
        {"https://[::ffff:192.0.2.1]:9", "::ffff:192.0.2.1", 9, true, true, "",
         "https://[::ffff:192.0.2.1]:9", "[::ffff:192.0.2.1]:9"},
        {"https://[1:2:3:4:5:6:1.2.3.4]", "1:2:3:4:5:6:1.2.3.4", 443, true, false, "",
         "https://[1:2:3:4:5:6:1.2.3.4]", "[1:2:3:4:5:6:1.2.3.4]"},
        {"https://[FE80::AbCd]", "FE80::AbCd", 443, true, false, "", "https://[FE80::AbCd]",
         "[FE80::AbCd]"},
        {"https://0.0.0.0", "0.0.0.0", 443, true, false, "", "https://0.0.0.0", "0.0.0.0"},
        {"https://255.255.255.255", "255.255.255.255", 443, true, false, "",
         "https://255.255.255.255", "255.255.255.255"},
        {"https://1.2.3.4.example", "1.2.3.4.example", 443, true, false, "",
         "https://1.2.3.4.example", "1.2.3.4.example"},
        {"https://example.0x10", "example.0x10", 443, true, false, "", "https://example.0x10",
         "example.0x10"},
        {"https://0x7f.example", "0x7f.example", 443, true, false, "", "https://0x7f.example",
         "0x7f.example"},
        {"https://a/.x/..y", "a", 443, true, false, "/.x/..y", "https://a/.x/..y", "a"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_endpoint_params_t params = {NULL, false, false, cases[i].url};
        wk_endpoint_t ep;
        wk_endpoint_t again;
        wk_diag_t diag;
        char text[256];
        size_t len = 0;
        assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
        assert_string_equal(ep.host, cases[i].host);
        assert_int_equal(ep.port, cases[i].port);
        assert_int_equal(ep.tls, cases[i].tls);
        assert_int_equal(ep.port_explicit, cases[i].port_explicit);
        assert_string_equal(ep.base_path, cases[i].base_path);
        assert_int_equal(wk_endpoint_authority(&ep, text, sizeof(text), &len), WK_OK);
        assert_string_equal(text, cases[i].authority);
        assert_int_equal(len, strlen(cases[i].authority));
        assert_int_equal(wk_endpoint_url(&ep, text, sizeof(text)), WK_OK);
        assert_string_equal(text, cases[i].round_trip);
        /* The written URL resolves to the same endpoint. */
        params.endpoint_url = text;
        assert_int_equal(wk_endpoint_resolve(&params, &again, &diag), WK_OK);
        assert_string_equal(again.host, ep.host);
        assert_string_equal(again.base_path, ep.base_path);
        assert_int_equal(again.port, ep.port);
        assert_int_equal(again.tls, ep.tls);
        assert_int_equal(again.port_explicit, ep.port_explicit);
    }
}

static void test_bad_urls(void **state)
{
    static const struct {
        const char *url;
        const char *diag;
    } cases[] = {
        {"", "endpoint URL not https:// or http://"},
        {"example.com", "endpoint URL not https:// or http://"},
        {"ftp://example.com", "endpoint URL not https:// or http://"},
        {"https:/example.com", "endpoint URL not https:// or http://"},
        {"https//example.com", "endpoint URL not https:// or http://"},
        {"https://", "endpoint URL has no host at byte offset 8"},
        {"https:///x", "endpoint URL has no host at byte offset 8"},
        {"https://:443", "endpoint URL has no host at byte offset 8"},
        {"https://user@example.com", "endpoint URL has user information at byte offset 12"},
        {"https://example.com?x=1", "endpoint URL has a query at byte offset 19"},
        {"https://example.com/?", "endpoint URL has a query at byte offset 20"},
        {"https://example.com#top", "endpoint URL has a fragment at byte offset 19"},
        {"https://exa mple.com", "endpoint URL has a non-visible-ASCII byte at byte offset 11"},
        {"https://example.com/a b", "endpoint URL has a non-visible-ASCII byte at byte offset 21"},
        {"https://example.com\t", "endpoint URL has a non-visible-ASCII byte at byte offset 19"},
        {"https://example.com\r\nX: y", "endpoint URL has a non-visible-ASCII byte at byte offset 19"},
        {"https://ex\x7fmple.com", "endpoint URL has a non-visible-ASCII byte at byte offset 10"},
        {"https://b\xc3\xbc" "cher.example", "endpoint URL has a non-visible-ASCII byte at byte offset 9"},
        {"https://example.com:0", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:65536", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:999999", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:/x", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:12a", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:-1", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:+1", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://example.com:1:2", "endpoint URL port not 1..65535 at byte offset 20"},
        {"https://[::1", "endpoint URL has a malformed IPv6 literal at byte offset 8"},
        {"https://[::1]x", "endpoint URL has a malformed IPv6 literal at byte offset 8"},
        {"https://[::1]:", "endpoint URL port not 1..65535 at byte offset 14"},
        {"https://[]", "endpoint URL has no host at byte offset 9"},
        {"https://[:]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[:::]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[:1]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1:]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1::2::3]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1:2:3:4:5:6:7]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1:2:3:4:5:6:7:8:9]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1:2:3:4:5:6:7:8::]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[12345::]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[::g]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[::1%25eth0]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[1.2.3.4]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[::1.2.3]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://[::1.2.3.4:5]", "endpoint URL has a malformed IPv6 literal at byte offset 9"},
        {"https://::1", "endpoint URL has no host at byte offset 8"},
        {"https://256.1.1.1", IPV4_FORM},
        {"https://1.2.3", IPV4_FORM},
        {"https://1.2.3.4.5", IPV4_FORM},
        {"https://01.2.3.4", IPV4_FORM},
        {"https://12345", IPV4_FORM},
        {"https://127.0.0.01", IPV4_FORM},
        {"https://127.000.0.1", IPV4_FORM},
        {"https://010.0.0.1", IPV4_FORM},
        {"https://0177.0.0.1", IPV4_FORM},
        {"https://0x7f.0.0.1", IPV4_FORM},
        {"https://0X7F.0.0.1", IPV4_FORM},
        {"https://0x7f000001", IPV4_FORM},
        {"https://0x7f.1", IPV4_FORM},
        {"https://127.1", IPV4_FORM},
        {"https://127.0.1", IPV4_FORM},
        {"https://2130706433", IPV4_FORM},
        {"https://017700000001", IPV4_FORM},
        {"https://0x", IPV4_FORM},
        {"https://0x.0x.0x.0x", IPV4_FORM},
        {"https://08.0.0.1", IPV4_FORM},
        {"https://0x7f.0.0.1:8443/x", IPV4_FORM},
        {"https://127.0.0.1.", "endpoint URL has a malformed host at byte offset 17"},
        {"https://-example.com", "endpoint URL has a malformed host at byte offset 8"},
        {"https://example-.com", "endpoint URL has a malformed host at byte offset 8"},
        {"https://example..com", "endpoint URL has a malformed host at byte offset 16"},
        {"https://.example.com", "endpoint URL has a malformed host at byte offset 8"},
        {"https://example.com.", "endpoint URL has a malformed host at byte offset 19"},
        {"https://exa%6dple.com", "endpoint URL has a malformed host at byte offset 11"},
        {"https://example.com\\x", "endpoint URL has a malformed host at byte offset 19"},
        {"https://example.com//a", "endpoint URL has a refused path segment or byte at byte offset 20"},
        {"https://example.com/a//", "endpoint URL has a refused path segment or byte at byte offset 21"},
        {"https://example.com/a/../b", "endpoint URL has a refused path segment or byte at byte offset 22"},
        {"https://example.com/./b", "endpoint URL has a refused path segment or byte at byte offset 20"},
        {"https://example.com/..", "endpoint URL has a refused path segment or byte at byte offset 20"},
        {"https://example.com/a%20b", "endpoint URL has a refused path segment or byte at byte offset 21"},
        {"https://example.com/a+b", "endpoint URL has a refused path segment or byte at byte offset 21"},
        {"https://example.com/a@b", "endpoint URL has a refused path segment or byte at byte offset 21"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_endpoint_params_t params = {"us-east-1", false, false, cases[i].url};
        wk_endpoint_t ep;
        wk_diag_t diag;
        memset(&ep, 0x5A, sizeof(ep));
        assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT);
        assert_string_equal(diag.text, cases[i].diag);
        /* Nothing half-filled is left behind. */
        assert_string_equal(ep.host, "");
        assert_string_equal(ep.base_path, "");
        assert_int_equal(ep.port, 0);
    }
}

static void test_userinfo_password_not_in_diag(void **state)
{
    wk_endpoint_params_t params = {NULL, false, false, "https://admin:hunter2@example.com/x"};
    wk_endpoint_t ep;
    wk_diag_t diag;
    (void)state;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_ENDPOINT);
    assert_null(strstr(diag.text, "hunter2"));
    assert_null(strstr(diag.text, "admin:"));
}

static void test_host_and_path_capacity(void **state)
{
    char url[512];
    char host[CONFIG_WK_HOST_MAX + 1];
    char expected[128];
    wk_endpoint_params_t params = {NULL, false, false, url};
    wk_endpoint_t ep;
    wk_diag_t diag;
    size_t n;
    (void)state;
    /* A host of exactly CONFIG_WK_HOST_MAX - 1 bytes fits; one more does not.
     * Labels of 50 'a' joined by dots keep every label valid. */
    for (n = CONFIG_WK_HOST_MAX - 1u; n <= CONFIG_WK_HOST_MAX; n++) {
        size_t i;
        for (i = 0; i < n; i++) {
            host[i] = (i % 51u == 50u && i + 1u < n) ? '.' : 'a';
        }
        host[n] = '\0';
        snprintf(url, sizeof(url), "https://%s/p", host);
        if (n < CONFIG_WK_HOST_MAX) {
            assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
            assert_string_equal(ep.host, host);
        } else {
            assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_NO_SPACE);
            snprintf(expected, sizeof(expected),
                     "endpoint URL host has %zu bytes; CONFIG_WK_HOST_MAX allows %zu", n,
                     (size_t)CONFIG_WK_HOST_MAX - 1u);
            assert_string_equal(diag.text, expected);
            assert_string_equal(ep.host, "");
        }
    }
    /* The same for the path prefix; a trailing '/' does not count. */
    for (n = CONFIG_WK_ENDPOINT_PATH_MAX - 1u; n <= CONFIG_WK_ENDPOINT_PATH_MAX; n++) {
        int written = snprintf(url, sizeof(url), "https://h/%0*d/", (int)n - 1, 0);
        assert_true(written > 0);
        if (n < CONFIG_WK_ENDPOINT_PATH_MAX) {
            assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
            assert_int_equal(strlen(ep.base_path), n);
        } else {
            assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_ERR_NO_SPACE);
            snprintf(expected, sizeof(expected),
                     "endpoint URL path has %zu bytes; CONFIG_WK_ENDPOINT_PATH_MAX allows %zu", n,
                     (size_t)CONFIG_WK_ENDPOINT_PATH_MAX - 1u);
            assert_string_equal(diag.text, expected);
        }
    }
}

static void test_url_and_authority_no_space(void **state)
{
    wk_endpoint_params_t params = {NULL, false, false, "http://[::1]:8080/base"};
    const char *expected_url = "http://[::1]:8080/base";
    const char *expected_authority = "[::1]:8080";
    wk_endpoint_t ep;
    wk_diag_t diag;
    char buf[64];
    size_t cap;
    size_t len;
    (void)state;
    assert_int_equal(wk_endpoint_resolve(&params, &ep, &diag), WK_OK);
    for (cap = 1; cap <= strlen(expected_url); cap++) {
        memset(buf, 0x5A, sizeof(buf));
        assert_int_equal(wk_endpoint_url(&ep, buf, cap), WK_ERR_NO_SPACE);
        assert_int_equal((unsigned char)buf[cap], 0x5A);
        assert_non_null(memchr(buf, '\0', cap));
    }
    assert_int_equal(wk_endpoint_url(&ep, buf, strlen(expected_url) + 1u), WK_OK);
    assert_string_equal(buf, expected_url);
    for (cap = 1; cap <= strlen(expected_authority); cap++) {
        memset(buf, 0x5A, sizeof(buf));
        len = 0;
        assert_int_equal(wk_endpoint_authority(&ep, buf, cap, &len), WK_ERR_NO_SPACE);
        assert_int_equal(len, strlen(expected_authority));
        assert_int_equal((unsigned char)buf[cap], 0x5A);
    }
    assert_int_equal(wk_endpoint_authority(&ep, buf, strlen(expected_authority) + 1u, &len),
                     WK_OK);
    assert_string_equal(buf, expected_authority);
}

/* The IP literal rule: what is an address, which one, and what is refused. */
static void test_host_ip_literal(void **state)
{
    static const uint8_t loopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t doc6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a};
    static const uint8_t mixed6[16] = {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4};
    static const uint8_t head6[16] = {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0};
    static const uint8_t tail6[16] = {0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8};
    static const uint8_t zero6[16] = {0};
    static const uint8_t mapped6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    static const uint8_t doc4[4] = {192, 0, 2, 1};
    static const uint8_t top4[4] = {255, 255, 255, 255};
    static const struct {
        const char *host;
        size_t len;
        const uint8_t *addr;
    } literals[] = {
        {"192.0.2.1", 4, doc4},
        {"255.255.255.255", 4, top4},
        {"0.0.0.0", 4, zero6},
        {"::", 16, zero6},
        {"::1", 16, loopback6},
        {"0:0:0:0:0:0:0:1", 16, loopback6},
        {"0::1", 16, loopback6},
        {"::0:1", 16, loopback6},
        {"0:0:0:0:0:0::1", 16, loopback6}, /* "::" for one group */
        {"::0:0:0:0:0:0:1", 16, loopback6},
        {"0000:0000:0000:0000:0000:0000:0000:0001", 16, loopback6},
        {"::0.0.0.1", 16, loopback6},
        {"2001:db8::a", 16, doc6},
        {"2001:DB8::A", 16, doc6},
        {"2001:0db8:0:0::0:000a", 16, doc6},
        {"1:2:3:4:5:6:1.2.3.4", 16, mixed6},
        {"1:2:3:4:5:6:7::", 16, head6},
        {"::2:3:4:5:6:7:8", 16, tail6},
        {"::ffff:192.0.2.1", 16, mapped6},
    };
    static const char *const refused[] = {
        /* ':' but no IPv6 literal */
        ":", ":::", ":::1", "::1::", "1:::2", "1::2::3", "0:0:0:0::0:0:0:1",
        "::0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1::", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:", "1:", ":1", "12345::", "::g", "::1%lo",
        "fe80::1%eth0", "::1.2.3", "::1.2.3.4:5", "::01.2.3.4", "::256.0.0.1",
        "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "::1.2.3.4.", "[::1]",
        /* numbers and dots other than a dotted quad */
        "127.0.0.01", "127.000.0.1", "010.0.0.1", "0177.0.0.1", "08.0.0.1", "0x7f.0.0.1",
        "0X7F.0.0.1", "0x7f000001", "0x7f.1", "127.1", "127.0.1", "2130706433", "0", "0x",
        "0x.0x.0x.0x", "256.0.0.1", "1.2.3.4.5", "127.0.0.1.", "1.",
    };
    static const char *const names[] = {
        "localhost", "example.com", "1.2.3.4.example", "example.0x10", "0x7f.example", "0xg",
        "1e5", "1..2", "1.2..", ".1", "..", "",
    };
    uint8_t addr[16];
    size_t len;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
        print_message("%s\n", literals[i].host);
        len = 99u;
        assert_int_equal(wk_host_ip_literal(literals[i].host, strlen(literals[i].host), addr, &len),
                         WK_OK);
        assert_int_equal(len, literals[i].len);
        assert_memory_equal(addr, literals[i].addr, len);
    }
    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        print_message("%s\n", refused[i]);
        len = 99u;
        assert_int_equal(wk_host_ip_literal(refused[i], strlen(refused[i]), addr, &len),
                         WK_ERR_ENDPOINT);
        assert_int_equal(len, 0u);
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        print_message("%s\n", names[i]);
        len = 99u;
        assert_int_equal(wk_host_ip_literal(names[i], strlen(names[i]), addr, &len), WK_OK);
        assert_int_equal(len, 0u);
    }
    /* only the given bytes count: "127.0.0.1" cut short is "127.0.0." */
    assert_int_equal(wk_host_ip_literal("127.0.0.1", 8u, addr, &len), WK_ERR_ENDPOINT);
    assert_int_equal(wk_host_ip_literal("::1x", 3u, addr, &len), WK_OK);
    assert_int_equal(len, 16u);
    assert_int_equal(wk_host_ip_literal(NULL, 0u, addr, &len), WK_ERR_ARG);
    assert_int_equal(wk_host_ip_literal("::1", 3u, NULL, &len), WK_ERR_ARG);
    assert_int_equal(wk_host_ip_literal("::1", 3u, addr, NULL), WK_ERR_ARG);
}

static void test_arguments(void **state)
{
    wk_endpoint_params_t params = {"us-east-1", false, false, NULL};
    wk_endpoint_t ep;
    wk_diag_t diag;
    char buf[64];
    size_t len;
    (void)state;
    assert_int_equal(wk_endpoint_resolve(NULL, &ep, &diag), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_resolve(&params, NULL, &diag), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_resolve(&params, &ep, NULL), WK_OK);
    assert_string_equal(ep.host, "admin.wickr.us-east-1.amazonaws.com");
    assert_int_equal(wk_endpoint_url(NULL, buf, sizeof(buf)), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_url(&ep, NULL, sizeof(buf)), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_url(&ep, buf, 0), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_authority(NULL, buf, sizeof(buf), &len), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_authority(&ep, NULL, sizeof(buf), &len), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_authority(&ep, buf, 0, &len), WK_ERR_ARG);
    assert_int_equal(wk_endpoint_authority(&ep, buf, sizeof(buf), NULL), WK_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_set_endpoint_tests),
        cmocka_unit_test(test_partitions),
        cmocka_unit_test(test_region_must_be_a_dns_label),
        cmocka_unit_test(test_custom_endpoint_ignores_region),
        cmocka_unit_test(test_custom_urls),
        cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_userinfo_password_not_in_diag),
        cmocka_unit_test(test_host_and_path_capacity),
        cmocka_unit_test(test_url_and_authority_no_space),
        cmocka_unit_test(test_host_ip_literal),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
