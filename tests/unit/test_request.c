/* SPDX-License-Identifier: Apache-2.0 */
/* ListUsers input validation, request target and percent-encoding. Expected
 * strings are written from the API reference and RFC 3986 / SigV4 rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wk/wk_request.h"

#define NETWORK_ID "12345678"
#define MINIMAL_PATH "/networks/12345678/users"

static wk_list_users_request_t minimal_request(void)
{
    wk_list_users_request_t req;
    memset(&req, 0, sizeof(req));
    req.network_id = NETWORK_ID;
    return req;
}

/* Validates and returns the status; the diagnostic lands in *diag. */
static wk_status_t validate(const wk_list_users_request_t *req, wk_diag_t *diag)
{
    wk_status_t status = wk_list_users_request_validate(req, diag);
    assert_int_equal(diag->len, strlen(diag->text));
    if (status == WK_OK) {
        assert_string_equal(diag->text, "");
    } else {
        assert_true(diag->len > 0u);
    }
    return status;
}

/* ---- validation ------------------------------------------------------------------- */

static void test_minimal_request_is_valid(void **state)
{
    wk_list_users_request_t req = minimal_request();
    wk_diag_t diag;
    (void)state;
    assert_int_equal(validate(&req, &diag), WK_OK);
    assert_int_equal(wk_list_users_request_validate(&req, NULL), WK_OK);
}

static void test_null_request_is_arg_error(void **state)
{
    wk_diag_t diag;
    (void)state;
    assert_int_equal(validate(NULL, &diag), WK_ERR_ARG);
}

static void test_network_id(void **state)
{
    static const struct {
        const char *id;
        wk_status_t status;
        const char *diag;
    } cases[] = {
        {"12345678", WK_OK, ""},
        {"00000000", WK_OK, ""},
        {"99999999", WK_OK, ""},
        {NULL, WK_ERR_NETWORK_ID, "networkId is required"},
        {"", WK_ERR_NETWORK_ID, "networkId has 0 characters, not 8"},
        {"1234567", WK_ERR_NETWORK_ID, "networkId has 7 characters, not 8"},
        {"123456789", WK_ERR_NETWORK_ID, "networkId has 9 characters, not 8"},
        {"1234567a", WK_ERR_NETWORK_ID, "networkId byte offset 7 is \"a\""},
        {"a2345678", WK_ERR_NETWORK_ID, "networkId byte offset 0 is \"a\""},
        {"1234 678", WK_ERR_NETWORK_ID, "networkId byte offset 4 is \" \""},
        {"-1234567", WK_ERR_NETWORK_ID, "networkId byte offset 0 is \"-\""},
        /* Eight bytes but seven characters: the count is of characters. */
        {"123456\xc3\xa9", WK_ERR_NETWORK_ID, "networkId has 7 characters, not 8"},
        /* Eight characters in nine bytes, the last an Arabic-Indic digit three. */
        {"1234567\xd9\xa3", WK_ERR_NETWORK_ID,
         "networkId byte offset 7 is \"\\xd9\\xa3\""},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        wk_diag_t diag;
        req.network_id = cases[i].id;
        assert_int_equal(validate(&req, &diag), cases[i].status);
        assert_string_equal(diag.text, cases[i].diag);
    }
}

static void test_max_results_bounds(void **state)
{
    static const struct {
        int32_t value;
        wk_status_t status;
    } cases[] = {
        {0, WK_OK},   {1, WK_OK},   {2, WK_OK},   {99, WK_OK},
        {100, WK_OK}, {101, WK_ERR_MAX_RESULTS}, {-1, WK_ERR_MAX_RESULTS},
        {INT32_MIN, WK_ERR_MAX_RESULTS}, {INT32_MAX, WK_ERR_MAX_RESULTS},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        wk_diag_t diag;
        req.max_results = cases[i].value;
        assert_int_equal(validate(&req, &diag), cases[i].status);
    }
}

static void test_max_results_diag(void **state)
{
    wk_list_users_request_t req = minimal_request();
    wk_diag_t diag;
    (void)state;
    req.max_results = 101;
    validate(&req, &diag);
    assert_string_equal(diag.text, "maxResults not 1..100: 101");
    req.max_results = -5;
    validate(&req, &diag);
    assert_string_equal(diag.text, "maxResults not 1..100: -5");
}

static void test_sort_fields(void **state)
{
    static const struct {
        const char *value;
        wk_status_t status;
    } cases[] = {
        {"username", WK_OK},
        {"firstName", WK_OK},
        {"lastName", WK_OK},
        {"status", WK_OK},
        {"groupId", WK_OK},
        {"username+status", WK_OK},
        {"lastName+firstName", WK_OK},
        {"username+firstName+lastName+status+groupId", WK_OK},
        {"", WK_ERR_SORT_FIELDS},
        {"+", WK_ERR_SORT_FIELDS},
        {"++", WK_ERR_SORT_FIELDS},
        {"username+", WK_ERR_SORT_FIELDS},
        {"+username", WK_ERR_SORT_FIELDS},
        {"username++status", WK_ERR_SORT_FIELDS},
        {"user", WK_ERR_SORT_FIELDS},
        {"usernames", WK_ERR_SORT_FIELDS},
        {"Username", WK_ERR_SORT_FIELDS},
        {"firstname", WK_ERR_SORT_FIELDS},
        {"username ", WK_ERR_SORT_FIELDS},
        {"username,status", WK_ERR_SORT_FIELDS},
        {"username status", WK_ERR_SORT_FIELDS},
        {"username+username", WK_ERR_SORT_FIELDS},
        {"status+username+status", WK_ERR_SORT_FIELDS},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        wk_diag_t diag;
        req.sort_fields = cases[i].value;
        assert_int_equal(validate(&req, &diag), cases[i].status);
        if (cases[i].status != WK_OK) {
            assert_non_null(strstr(diag.text, "sortFields"));
        }
    }
}

static void test_sort_fields_diag(void **state)
{
    static const struct {
        const char *value;
        const char *diag;
    } cases[] = {
        {"", "sortFields: empty field at byte offset 0"},
        {"username+", "sortFields: empty field at byte offset 9"},
        {"username++status", "sortFields: empty field at byte offset 9"},
        {"status+user", "sortFields: \"user\" is not a sort field"},
        {"groupId+status+groupId", "sortFields names \"groupId\" twice"},
        /* A long unknown part is cut in the echo. */
        {"abcdefghijklmnopqrstuvwxyz0123456789",
         "sortFields: \"abcdefghijklmnopqrstuvwx...\" is not a sort field"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        wk_diag_t diag;
        req.sort_fields = cases[i].value;
        assert_int_equal(validate(&req, &diag), WK_ERR_SORT_FIELDS);
        assert_string_equal(diag.text, cases[i].diag);
    }
}

static void test_sort_direction(void **state)
{
    static const struct {
        const char *value;
        wk_status_t status;
    } cases[] = {
        {NULL, WK_OK},
        {"ASC", WK_OK},
        {"DESC", WK_OK},
        {"", WK_ERR_SORT_DIRECTION},
        {"asc", WK_ERR_SORT_DIRECTION},
        {"Desc", WK_ERR_SORT_DIRECTION},
        {"AS", WK_ERR_SORT_DIRECTION},
        {"ASCENDING", WK_ERR_SORT_DIRECTION},
        {"DESC ", WK_ERR_SORT_DIRECTION},
    };
    size_t i;
    wk_diag_t diag;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        req.sort_direction = cases[i].value;
        assert_int_equal(validate(&req, &diag), cases[i].status);
    }
    {
        wk_list_users_request_t req = minimal_request();
        req.sort_direction = "up\n";
        validate(&req, &diag);
        assert_string_equal(diag.text, "sortDirection not ASC or DESC: \"up\\x0a\"");
    }
}

static void test_status_filter(void **state)
{
    static const struct {
        int32_t value;
        wk_status_t status;
    } cases[] = {
        {0, WK_OK},
        {1, WK_OK},
        {2, WK_OK},
        {3, WK_ERR_STATUS_FILTER},
        {-1, WK_ERR_STATUS_FILTER},
        {INT32_MAX, WK_ERR_STATUS_FILTER},
    };
    size_t i;
    wk_diag_t diag;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_list_users_request_t req = minimal_request();
        req.status = cases[i].value;
        assert_int_equal(validate(&req, &diag), cases[i].status);
    }
    {
        wk_list_users_request_t req = minimal_request();
        req.status = 3;
        validate(&req, &diag);
        assert_string_equal(diag.text,
                            "status not 1 or 2: 3");
    }
}

/* Valid and invalid UTF-8 per RFC 3629, with the offset where it breaks. */
static const struct {
    const char *bytes;
    bool valid;
    size_t bad_offset;
} k_utf8_cases[] = {
    {"", true, 0},
    {"plain ascii \x01\x7f", true, 0},
    {"\xc2\x80", true, 0},                 /* U+0080, smallest 2-byte */
    {"caf\xc3\xa9", true, 0},              /* U+00E9 */
    {"\xdf\xbf", true, 0},                 /* U+07FF */
    {"\xe0\xa0\x80", true, 0},             /* U+0800, smallest 3-byte */
    {"\xe1\x88\xb4", true, 0},             /* U+1234 */
    {"\xed\x9f\xbf", true, 0},             /* U+D7FF, just below the surrogates */
    {"\xee\x80\x80", true, 0},             /* U+E000, just above them */
    {"\xef\xbf\xbf", true, 0},             /* U+FFFF */
    {"\xf0\x90\x80\x80", true, 0},         /* U+10000, smallest 4-byte */
    {"\xf0\x9f\x98\x80", true, 0},         /* U+1F600 */
    {"\xf4\x8f\xbf\xbf", true, 0},         /* U+10FFFF, the last code point */
    {"\x80", false, 0},                    /* lone continuation byte */
    {"ab\xbf", false, 2},
    {"\xc0\x80", false, 0},                /* overlong U+0000 */
    {"\xc1\xbf", false, 0},                /* overlong U+007F */
    {"\xe0\x80\x80", false, 0},            /* overlong U+0000 */
    {"\xe0\x9f\xbf", false, 0},            /* overlong U+07FF */
    {"\xf0\x80\x80\x80", false, 0},        /* overlong U+0000 */
    {"\xf0\x8f\xbf\xbf", false, 0},        /* overlong U+FFFF */
    {"\xed\xa0\x80", false, 0},            /* U+D800, high surrogate */
    {"\xed\xbf\xbf", false, 0},            /* U+DFFF, low surrogate */
    {"\xed\xa0\xbd\xed\xb8\x80", false, 0}, /* CESU-8 surrogate pair */
    {"\xf4\x90\x80\x80", false, 0},        /* U+110000 */
    {"\xf5\x80\x80\x80", false, 0},
    {"\xf8\x88\x80\x80\x80", false, 0},    /* old 5-byte form */
    {"\xfe", false, 0},
    {"\xff", false, 0},
    {"x\xc3", false, 1},                   /* truncated 2-byte */
    {"xy\xe1\x88", false, 2},              /* truncated 3-byte */
    {"\xf0\x9f\x98", false, 0},            /* truncated 4-byte */
    {"\xc3\x28", false, 0},                /* bad continuation */
    {"ok\xe1\x88\x28", false, 2},
    {"\xf0\x9f\x98\x28", false, 0},
    {"caf\xc3\xa9\xff", false, 5},
};

/* Every string field, with its API name, through one setter. */
static const char *const k_string_fields[] = {"networkId", "nextToken", "sortFields",
                                              "sortDirection", "firstName", "lastName",
                                              "username", "groupId"};

static void set_string_field(wk_list_users_request_t *req, size_t field, const char *value)
{
    const char **slots[] = {&req->network_id,     &req->next_token, &req->sort_fields,
                            &req->sort_direction, &req->first_name, &req->last_name,
                            &req->username,       &req->group_id};
    *slots[field] = value;
}

static void test_utf8_in_free_text_fields(void **state)
{
    /* The fields whose pattern is ^[\S\s]*$ take any valid UTF-8. */
    static const size_t free_text[] = {1, 4, 5, 6, 7};
    size_t f;
    size_t i;
    (void)state;
    for (f = 0; f < sizeof(free_text) / sizeof(free_text[0]); f++) {
        for (i = 0; i < sizeof(k_utf8_cases) / sizeof(k_utf8_cases[0]); i++) {
            wk_list_users_request_t req = minimal_request();
            wk_diag_t diag;
            char expected[96];
            set_string_field(&req, free_text[f], k_utf8_cases[i].bytes);
            if (k_utf8_cases[i].valid) {
                assert_int_equal(validate(&req, &diag), WK_OK);
            } else {
                assert_int_equal(validate(&req, &diag), WK_ERR_STRING);
                snprintf(expected, sizeof(expected), "%s: invalid UTF-8 at byte offset %zu",
                         k_string_fields[free_text[f]], k_utf8_cases[i].bad_offset);
                assert_string_equal(diag.text, expected);
            }
        }
    }
}

static void test_utf8_checked_before_field_rules(void **state)
{
    size_t f;
    (void)state;
    /* Every string field reports bad UTF-8 as such, naming itself, even the
     * ones whose own rule would also fail. */
    for (f = 0; f < sizeof(k_string_fields) / sizeof(k_string_fields[0]); f++) {
        wk_list_users_request_t req = minimal_request();
        wk_diag_t diag;
        char expected[96];
        set_string_field(&req, f, "ab\xed\xa0\x80");
        assert_int_equal(validate(&req, &diag), WK_ERR_STRING);
        snprintf(expected, sizeof(expected), "%s: invalid UTF-8 at byte offset 2",
                 k_string_fields[f]);
        assert_string_equal(diag.text, expected);
    }
}

static void test_sensitive_names_never_echoed(void **state)
{
    wk_list_users_request_t req = minimal_request();
    wk_diag_t diag;
    (void)state;
    req.first_name = "Margarethe\xff";
    assert_int_equal(validate(&req, &diag), WK_ERR_STRING);
    assert_null(strstr(diag.text, "Margarethe"));
    req = minimal_request();
    req.last_name = "Featherstonehaugh\xc0\x80";
    assert_int_equal(validate(&req, &diag), WK_ERR_STRING);
    assert_null(strstr(diag.text, "Featherstone"));
    /* A valid name followed by another field's failure: still not in the text. */
    req.last_name = "Featherstonehaugh";
    req.first_name = "Margarethe";
    req.status = 9;
    assert_int_equal(validate(&req, &diag), WK_ERR_STATUS_FILTER);
    assert_null(strstr(diag.text, "Featherstone"));
    assert_null(strstr(diag.text, "Margarethe"));
}

static void test_first_failure_is_reported(void **state)
{
    wk_list_users_request_t req = minimal_request();
    wk_diag_t diag;
    (void)state;
    req.network_id = "1";
    req.max_results = 500;
    req.sort_fields = "nope";
    req.sort_direction = "up";
    req.status = 7;
    assert_int_equal(validate(&req, &diag), WK_ERR_NETWORK_ID);
    req.network_id = NETWORK_ID;
    assert_int_equal(validate(&req, &diag), WK_ERR_MAX_RESULTS);
    req.max_results = 10;
    assert_int_equal(validate(&req, &diag), WK_ERR_SORT_FIELDS);
    req.sort_fields = "status";
    assert_int_equal(validate(&req, &diag), WK_ERR_SORT_DIRECTION);
    req.sort_direction = "DESC";
    assert_int_equal(validate(&req, &diag), WK_ERR_STATUS_FILTER);
    req.status = 1;
    assert_int_equal(validate(&req, &diag), WK_OK);
}

/* ---- request target --------------------------------------------------------------- */

/* Builds the target into a buffer with guard bytes after cap and checks them. */
static wk_status_t build_target(const wk_list_users_request_t *req, const char *base_path,
                                char *out, size_t cap, size_t *path_len, size_t *total_len,
                                wk_diag_t *diag)
{
    char buf[1024];
    wk_status_t status;
    size_t i;
    assert_true(cap + 16u <= sizeof(buf));
    memset(buf, 0xA5, sizeof(buf));
    status = wk_list_users_request_target(req, base_path, buf, cap, path_len, total_len, diag);
    for (i = cap; i < cap + 16u; i++) {
        assert_int_equal((unsigned char)buf[i], 0xA5);
    }
    if (status == WK_OK) {
        assert_true(*total_len <= cap);
        memcpy(out, buf, *total_len);
        out[*total_len] = '\0';
    }
    return status;
}

static void expect_target(const wk_list_users_request_t *req, const char *base_path,
                          const char *expected, size_t expected_path_len)
{
    char out[1024];
    size_t path_len = 0;
    size_t total_len = 0;
    wk_diag_t diag;
    assert_int_equal(build_target(req, base_path, out, 900, &path_len, &total_len, &diag), WK_OK);
    assert_string_equal(out, expected);
    assert_int_equal(total_len, strlen(expected));
    assert_int_equal(path_len, expected_path_len);
    assert_string_equal(diag.text, "");
}

static void test_target_minimal(void **state)
{
    wk_list_users_request_t req = minimal_request();
    (void)state;
    expect_target(&req, "", MINIMAL_PATH, strlen(MINIMAL_PATH));
    expect_target(&req, "/wickr/v1", "/wickr/v1" MINIMAL_PATH, strlen("/wickr/v1" MINIMAL_PATH));
}

static void test_target_model_examples(void **state)
{
    wk_list_users_request_t req = minimal_request();
    (void)state;
    /* "Get paginated list of users" */
    req.max_results = 20;
    req.sort_fields = "username";
    req.sort_direction = "ASC";
    expect_target(&req, "", MINIMAL_PATH "?maxResults=20&sortDirection=ASC&sortFields=username",
                  strlen(MINIMAL_PATH));
    /* "Filter by status and group" */
    req = minimal_request();
    req.status = 1;
    req.group_id = "BCTY8Qhe";
    req.max_results = 10;
    expect_target(&req, "", MINIMAL_PATH "?groupId=BCTY8Qhe&maxResults=10&status=1",
                  strlen(MINIMAL_PATH));
}

static void test_target_every_parameter_sorted_and_encoded(void **state)
{
    wk_list_users_request_t req;
    (void)state;
    /* Filled in struct order, which is not key order. */
    req.network_id = NETWORK_ID;
    req.next_token = "v1:page/abc+def==";
    req.max_results = 100;
    req.sort_fields = "lastName+firstName";
    req.sort_direction = "DESC";
    req.first_name = "Ann Marie";
    req.last_name = "O'Brien/Smith";
    req.username = "alice+test@example.com";
    req.status = 2;
    req.group_id = "BCTY8Qhe";
    expect_target(&req, "/base",
                  "/base/networks/12345678/users"
                  "?firstName=Ann%20Marie"
                  "&groupId=BCTY8Qhe"
                  "&lastName=O%27Brien%2FSmith"
                  "&maxResults=100"
                  "&nextToken=v1%3Apage%2Fabc%2Bdef%3D%3D"
                  "&sortDirection=DESC"
                  "&sortFields=lastName%2BfirstName"
                  "&status=2"
                  "&username=alice%2Btest%40example.com",
                  strlen("/base/networks/12345678/users"));
}

static void test_target_key_order_pairs(void **state)
{
    wk_list_users_request_t req = minimal_request();
    (void)state;
    /* Neighbours whose order a sort on the struct or on a prefix would get wrong. */
    req.sort_direction = "ASC";
    req.sort_fields = "status";
    req.status = 1;
    expect_target(&req, "", MINIMAL_PATH "?sortDirection=ASC&sortFields=status&status=1",
                  strlen(MINIMAL_PATH));
    req = minimal_request();
    req.username = "u";
    req.first_name = "f";
    expect_target(&req, "", MINIMAL_PATH "?firstName=f&username=u", strlen(MINIMAL_PATH));
    req = minimal_request();
    req.next_token = "t";
    req.max_results = 1;
    req.last_name = "l";
    expect_target(&req, "", MINIMAL_PATH "?lastName=l&maxResults=1&nextToken=t",
                  strlen(MINIMAL_PATH));
}

static void test_target_utf8_and_empty_values(void **state)
{
    wk_list_users_request_t req = minimal_request();
    (void)state;
    req.username = "\xe1\x88\xb4";          /* U+1234 */
    req.first_name = "Zo\xc3\xab";          /* Zoë */
    req.last_name = "\xf0\x9f\x98\x80";     /* U+1F600 */
    req.next_token = "";
    expect_target(&req, "",
                  MINIMAL_PATH "?firstName=Zo%C3%AB&lastName=%F0%9F%98%80&nextToken="
                               "&username=%E1%88%B4",
                  strlen(MINIMAL_PATH));
}

static void test_target_no_space_at_every_capacity(void **state)
{
    wk_list_users_request_t req = minimal_request();
    const char *expected = "/p" MINIMAL_PATH "?maxResults=5&nextToken=a%2Bb&sortFields=username";
    size_t needed = strlen(expected);
    size_t cap;
    char out[1024];
    (void)state;
    req.max_results = 5;
    req.next_token = "a+b";
    req.sort_fields = "username";
    for (cap = 0; cap < needed; cap++) {
        size_t path_len = 0;
        size_t total_len = 0;
        wk_diag_t diag;
        char text[96];
        assert_int_equal(build_target(&req, "/p", out, cap, &path_len, &total_len, &diag),
                         WK_ERR_NO_SPACE);
        assert_int_equal(total_len, needed);
        assert_int_equal(path_len, strlen("/p" MINIMAL_PATH));
        snprintf(text, sizeof(text), "request target has %zu bytes; the buffer allows %zu",
                 needed, cap);
        assert_string_equal(diag.text, text);
    }
    expect_target(&req, "/p", expected, strlen("/p" MINIMAL_PATH));
    {
        size_t path_len = 0;
        size_t total_len = 0;
        assert_int_equal(build_target(&req, "/p", out, needed, &path_len, &total_len, NULL), WK_OK);
        assert_string_equal(out, expected);
    }
}

static void test_target_measure_with_null_buffer(void **state)
{
    wk_list_users_request_t req = minimal_request();
    size_t path_len = 0;
    size_t total_len = 0;
    (void)state;
    req.status = 2;
    assert_int_equal(wk_list_users_request_target(&req, "", NULL, 0, &path_len, &total_len, NULL),
                     WK_ERR_NO_SPACE);
    assert_int_equal(total_len, strlen(MINIMAL_PATH "?status=2"));
    assert_int_equal(path_len, strlen(MINIMAL_PATH));
}

static void test_target_arguments(void **state)
{
    wk_list_users_request_t req = minimal_request();
    char buf[64];
    size_t path_len;
    size_t total_len;
    wk_diag_t diag;
    (void)state;
    assert_int_equal(wk_list_users_request_target(NULL, "", buf, sizeof(buf), &path_len,
                                                  &total_len, &diag),
                     WK_ERR_ARG);
    assert_true(diag.len > 0u);
    assert_int_equal(wk_list_users_request_target(&req, NULL, buf, sizeof(buf), &path_len,
                                                  &total_len, &diag),
                     WK_ERR_ARG);
    assert_int_equal(
        wk_list_users_request_target(&req, "", NULL, 8, &path_len, &total_len, &diag),
        WK_ERR_ARG);
    assert_int_equal(
        wk_list_users_request_target(&req, "", buf, sizeof(buf), NULL, &total_len, &diag),
        WK_ERR_ARG);
    assert_int_equal(
        wk_list_users_request_target(&req, "", buf, sizeof(buf), &path_len, NULL, &diag),
        WK_ERR_ARG);
}

static void test_target_revalidates(void **state)
{
    wk_list_users_request_t req = minimal_request();
    char out[1024];
    size_t path_len = 0;
    size_t total_len = 0;
    wk_diag_t diag;
    (void)state;
    req.sort_fields = "username+";
    assert_int_equal(build_target(&req, "", out, 100, &path_len, &total_len, &diag),
                     WK_ERR_SORT_FIELDS);
    req = minimal_request();
    req.group_id = "\xc0\xaf";
    assert_int_equal(build_target(&req, "", out, 100, &path_len, &total_len, &diag),
                     WK_ERR_STRING);
    assert_string_equal(diag.text, "groupId: invalid UTF-8 at byte offset 0");
}

/* ---- wk_uri_encode ---------------------------------------------------------------- */

static void expect_encoded(const char *in, size_t len, const char *expected)
{
    char out[1024];
    size_t out_len = 12345;
    assert_int_equal(wk_uri_encode(in, len, out, sizeof(out), &out_len), WK_OK);
    assert_int_equal(out_len, strlen(expected));
    assert_memory_equal(out, expected, out_len);
}

static void test_uri_encode_examples(void **state)
{
    (void)state;
    expect_encoded("+/=:", 4, "%2B%2F%3D%3A");
    expect_encoded(" ", 1, "%20");
    expect_encoded("v1:page/abc+def==", 17, "v1%3Apage%2Fabc%2Bdef%3D%3D");
    expect_encoded("\xe1\x88\xb4", 3, "%E1%88%B4");
    expect_encoded("AZaz09-_.~", 10, "AZaz09-_.~");
    expect_encoded("!*'();@&$,?#[]%", 15, "%21%2A%27%28%29%3B%40%26%24%2C%3F%23%5B%5D%25");
    expect_encoded("a\0b", 3, "a%00b");
    expect_encoded(NULL, 0, "");
}

static void test_uri_encode_every_byte(void **state)
{
    static const char unreserved[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    unsigned int b;
    (void)state;
    for (b = 0; b < 256u; b++) {
        char in = (char)b;
        char expected[4];
        if (b != 0u && strchr(unreserved, (int)b) != NULL) {
            expected[0] = (char)b;
            expected[1] = '\0';
        } else {
            snprintf(expected, sizeof(expected), "%%%02X", b);
        }
        expect_encoded(&in, 1, expected);
    }
}

static void test_uri_encode_no_space(void **state)
{
    const char *in = "a b\xc3\xa9";
    const char *expected = "a%20b%C3%A9";
    size_t needed = strlen(expected);
    size_t cap;
    char out[32];
    size_t out_len;
    (void)state;
    for (cap = 0; cap < needed; cap++) {
        memset(out, 0x5A, sizeof(out));
        out_len = 0;
        assert_int_equal(wk_uri_encode(in, strlen(in), out, cap, &out_len), WK_ERR_NO_SPACE);
        assert_int_equal(out_len, needed);
        assert_int_equal((unsigned char)out[cap], 0x5A);
    }
    assert_int_equal(wk_uri_encode(in, strlen(in), out, needed, &out_len), WK_OK);
    assert_int_equal(out_len, needed);
    assert_memory_equal(out, expected, needed);
    assert_int_equal(wk_uri_encode(in, strlen(in), NULL, 0, &out_len), WK_ERR_NO_SPACE);
    assert_int_equal(out_len, needed);
}

static void test_uri_encode_arguments(void **state)
{
    char out[8];
    size_t out_len;
    (void)state;
    assert_int_equal(wk_uri_encode(NULL, 1, out, sizeof(out), &out_len), WK_ERR_ARG);
    assert_int_equal(wk_uri_encode("a", 1, NULL, 4, &out_len), WK_ERR_ARG);
    assert_int_equal(wk_uri_encode("a", 1, out, sizeof(out), NULL), WK_ERR_ARG);
    assert_int_equal(wk_uri_encode(NULL, 0, NULL, 0, &out_len), WK_OK);
    assert_int_equal(out_len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_request_is_valid),
        cmocka_unit_test(test_null_request_is_arg_error),
        cmocka_unit_test(test_network_id),
        cmocka_unit_test(test_max_results_bounds),
        cmocka_unit_test(test_max_results_diag),
        cmocka_unit_test(test_sort_fields),
        cmocka_unit_test(test_sort_fields_diag),
        cmocka_unit_test(test_sort_direction),
        cmocka_unit_test(test_status_filter),
        cmocka_unit_test(test_utf8_in_free_text_fields),
        cmocka_unit_test(test_utf8_checked_before_field_rules),
        cmocka_unit_test(test_sensitive_names_never_echoed),
        cmocka_unit_test(test_first_failure_is_reported),
        cmocka_unit_test(test_target_minimal),
        cmocka_unit_test(test_target_model_examples),
        cmocka_unit_test(test_target_every_parameter_sorted_and_encoded),
        cmocka_unit_test(test_target_key_order_pairs),
        cmocka_unit_test(test_target_utf8_and_empty_values),
        cmocka_unit_test(test_target_no_space_at_every_capacity),
        cmocka_unit_test(test_target_measure_with_null_buffer),
        cmocka_unit_test(test_target_arguments),
        cmocka_unit_test(test_target_revalidates),
        cmocka_unit_test(test_uri_encode_examples),
        cmocka_unit_test(test_uri_encode_every_byte),
        cmocka_unit_test(test_uri_encode_no_space),
        cmocka_unit_test(test_uri_encode_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
