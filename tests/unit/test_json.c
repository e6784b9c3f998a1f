/* SPDX-License-Identifier: Apache-2.0 */
/* The JSON reader with tables of its own: credential documents (a nested
 * object, flat ones, an integer member), every kind of row, hooks, limits,
 * wrong types, and the same record at every split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wk_internal.h"

/* ---- AWS IoT credentials: {"credentials": {...}} -------------------------------- */

typedef struct iot {
    uint32_t top;   /* presence of the top object's members */
    uint32_t creds; /* presence of the credentials' members */
    wk_str_t access_key_id, secret_access_key, session_token, expiration;
    char strings[128];
} iot_t;

static const wk_json_member_t k_iot_creds_rows[] = {
    WK_JSON_TEXT("accessKeyId", offsetof(iot_t, access_key_id)),
    WK_JSON_TEXT("secretAccessKey", offsetof(iot_t, secret_access_key)),
    WK_JSON_TEXT("sessionToken", offsetof(iot_t, session_token)),
    WK_JSON_TEXT("expiration", offsetof(iot_t, expiration)),
};
static const wk_json_object_t k_iot_creds =
    WK_JSON_TABLE(k_iot_creds_rows, offsetof(iot_t, creds), 0u, NULL);
static const wk_json_member_t k_iot_top_rows[] = {WK_JSON_NESTED("credentials", &k_iot_creds)};
static const wk_json_object_t k_iot_top =
    WK_JSON_TABLE(k_iot_top_rows, offsetof(iot_t, top), 0u, NULL);
static const wk_json_doc_t k_iot = {&k_iot_top, offsetof(iot_t, strings),
                                    sizeof(((iot_t *)0)->strings), "credential strings"};

/* ---- credential_process: flat, with an integer and any-case names --------------- */

typedef struct process {
    uint32_t present;
    int32_t version;
    bool ok;
    wk_str_t access_key_id, session_token;
    char session_token_text[16]; /* its own bounded buffer */
    char strings[64];
} process_t;

static const wk_json_member_t k_process_rows[] = {
    WK_JSON_INT32("Version", offsetof(process_t, version)),
    WK_JSON_MEMBER("AccessKeyId", WK_JSON_KIND_STRING, WK_JSON_ANY_CASE,
                   offsetof(process_t, access_key_id), 0u),
    WK_JSON_BOUNDED_TEXT("SessionToken", offsetof(process_t, session_token), 15u,
                         "(the token buffer)"),
    WK_JSON_BOOL("Ok", offsetof(process_t, ok)),
};
static const wk_json_object_t k_process_top =
    WK_JSON_TABLE(k_process_rows, offsetof(process_t, present), 0u, NULL);
static const wk_json_doc_t k_process = {&k_process_top, offsetof(process_t, strings),
                                        sizeof(((process_t *)0)->strings), "credential strings"};

/* The same table, lenient: wrong types are skipped. */
static const wk_json_object_t k_lenient_top =
    WK_JSON_TABLE(k_process_rows, offsetof(process_t, present), WK_JSON_LENIENT, NULL);
static const wk_json_doc_t k_lenient = {&k_lenient_top, offsetof(process_t, strings),
                                        sizeof(((process_t *)0)->strings), "credential strings"};

static wk_json_reader_t g_reader;
static wk_diag_t g_diag;

/* Reads doc into record (zeroed first) in pieces of step (0: whole). */
static wk_status_t read_doc(const wk_json_doc_t *doc, void *record, size_t size, const char *text,
                            size_t step)
{
    size_t n = strlen(text);
    size_t off = 0u;
    size_t k;
    wk_status_t st = WK_PARTIAL;
    memset(record, 0, size);
    memset(&g_diag, 0, sizeof(g_diag));
    assert_int_equal(wk_json_reader_init(&g_reader, doc, record), WK_OK);
    step = (step == 0u) ? n + 1u : step;
    while (st >= 0 && off < n) {
        k = (n - off < step) ? n - off : step;
        st = wk_json_reader_feed(&g_reader, (const uint8_t *)text + off, k, &g_diag);
        off += k;
    }
    return (st >= 0) ? wk_json_reader_finish(&g_reader, &g_diag) : st;
}

static void assert_str(const wk_str_t *s, const char *want)
{
    assert_int_equal(s->len, strlen(want));
    assert_memory_equal(s->ptr, want, s->len);
    assert_int_equal(s->ptr[s->len], '\0');
}

/* Every split gives the record, status and diagnostic of the whole read. */
static void assert_any_split(const wk_json_doc_t *doc, void *record, size_t size, const char *text)
{
    static char whole[512];
    static wk_diag_t whole_diag;
    wk_status_t want = read_doc(doc, record, size, text, 0u);
    size_t step;
    assert_true(size <= sizeof(whole));
    memcpy(whole, record, size);
    whole_diag = g_diag;
    for (step = 1u; step <= strlen(text); step++) {
        assert_int_equal(read_doc(doc, record, size, text, step), want);
        assert_memory_equal(record, whole, size); /* pointers too: same record */
        assert_string_equal(g_diag.text, whole_diag.text);
    }
}

static void test_iot_credentials(void **state)
{
    static iot_t c;
    static const char body[] =
        "{\"other\": {\"credentials\": 5}, \"credentials\": {\"accessKeyId\": \"ASIA1\", "
        "\"secretAccessKey\": \"s\\/k\", \"sessionToken\": \"t\\u00e9\", \"roleAlias\": [1, {}], "
        "\"expiration\": \"2026-01-01T00:00:00Z\"}}";
    (void)state;
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), body, 0u), WK_OK);
    assert_int_equal(c.top, 1u);
    assert_int_equal(c.creds, 15u);
    assert_str(&c.access_key_id, "ASIA1");
    assert_str(&c.secret_access_key, "s/k");
    assert_str(&c.session_token, "t\xc3\xa9");
    assert_str(&c.expiration, "2026-01-01T00:00:00Z");
    assert_any_split(&k_iot, &c, sizeof(c), body);

    /* missing members read as absent; null is absent; the last value wins */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"accessKeyId\": \"a\", \"accessKeyId\": \"b\", "
                              "\"sessionToken\": null}}", 0u),
                     WK_OK);
    assert_int_equal(c.creds, 1u);
    assert_str(&c.access_key_id, "b");
    assert_str(&c.session_token, "");
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"accessKeyId\": \"a\"}, \"credentials\": null}", 0u),
                     WK_OK);
    assert_int_equal(c.top | c.creds, 0u);
    assert_str(&c.access_key_id, "");

    /* a wrong type names the member and where it is, never the value */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"expiration\": 1767225600}}", 0u),
                     WK_ERR_JSON_TYPE);
    assert_string_equal(g_diag.text, "field \"expiration\": not string at body offset 31");
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), "{\"credentials\": [\"secret\"]}", 0u),
                     WK_ERR_JSON_TYPE);
    assert_string_equal(g_diag.text, "field \"credentials\": not object at body offset 16");
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), "[\"credentials\"]", 0u), WK_ERR_JSON_TYPE);
    assert_string_equal(g_diag.text, "not object at body offset 0");
    /* a member's name is shown whole, an unknown one past WK_JSON_NAME_MAX cut visibly */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"an_unknown_member_name_x\": tru}}", 0u),
                     WK_ERR_JSON_SYNTAX);
    assert_string_equal(g_diag.text,
                        "field \"an_unknown_member_na...\": bad byte at body offset 48");
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"expiration\": \"\\q\"}}", 0u),
                     WK_ERR_JSON_STRING);
    assert_string_equal(g_diag.text, "field \"expiration\": bad escape at body offset 33");
    /* after a nested object, the member that holds it, whatever name was read last */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"sessionToken\": \"t\"}#}", 0u),
                     WK_ERR_JSON_SYNTAX);
    assert_string_equal(g_diag.text, "field \"credentials\": bad byte at body offset 37");

    /* the strings share the document's storage: full is a failure, not a cut */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c),
                              "{\"credentials\": {\"sessionToken\": \"0123456789012345678901234567890"
                              "1234567890123456789012345678901234567890123456789012345678901234567"
                              "89012345678901234567890123456789\"}}", 0u),
                     WK_ERR_JSON_FIELD_TOO_LONG);
    assert_string_equal(g_diag.text, "field \"sessionToken\": over the 128-byte "
                                     "credential strings at body offset 161");
}

static void test_process_credentials(void **state)
{
    static process_t c;
    static const char body[] = "{\"Version\": 1, \"accesskeyid\": \"AKIA\", \"Ok\": true, "
                               "\"SessionToken\": \"0123456789abcde\", \"Expiration\": null}";
    (void)state;
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), body, 0u), WK_OK);
    assert_int_equal(c.present, 15u);
    assert_int_equal(c.version, 1);
    assert_true(c.ok);
    assert_str(&c.access_key_id, "AKIA"); /* WK_JSON_ANY_CASE */
    assert_str(&c.session_token, "0123456789abcde");
    assert_ptr_equal(c.session_token.ptr, c.session_token_text);
    assert_any_split(&k_process, &c, sizeof(c), body);

    /* names are decoded before they are looked up; a longer name is unknown */
    assert_int_equal(read_doc(&k_process, &c, sizeof(c),
                              "{\"Vers\\u0069on\": -2147483648, \"Version_______________x\": 1}", 0u),
                     WK_OK);
    assert_int_equal(c.present, 1u);
    assert_int_equal(c.version, INT32_MIN);

    /* int32 only: no fraction, no exponent, nothing outside the range */
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"Version\": 2147483648}", 0u),
                     WK_ERR_JSON_NUMBER);
    assert_string_equal(g_diag.text, "field \"Version\": outside int32 at body offset 12");
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"Version\": 2.0}", 0u),
                     WK_ERR_JSON_NUMBER);
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"Version\": 2e0}", 0u),
                     WK_ERR_JSON_NUMBER);
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"Version\": \"1\"}", 0u),
                     WK_ERR_JSON_TYPE);
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"Ok\": 1}", 0u), WK_ERR_JSON_TYPE);

    /* a bounded string: one byte more than its limit fails, naming the limit */
    assert_int_equal(read_doc(&k_process, &c, sizeof(c), "{\"SessionToken\": \"0123456789abcdef\"}",
                              0u),
                     WK_ERR_JSON_FIELD_TOO_LONG);
    assert_string_equal(g_diag.text, "field \"SessionToken\": longer than 15 bytes "
                                     "(the token buffer) at body offset 33");

    /* a lenient table skips wrong types */
    assert_int_equal(read_doc(&k_lenient, &c, sizeof(c),
                              "{\"Version\": \"x\", \"Ok\": [true], \"AccessKeyId\": \"a\"}", 0u),
                     WK_OK);
    assert_int_equal(c.present, 2u);
    assert_str(&c.access_key_id, "a");
}

/* ---- Lists, hooks, and a table below a list of objects ------------------------- */

typedef struct roles {
    uint32_t top, role;
    wk_str_t name;
    wk_str_t tags[2];
    size_t tag_count;
    char log[256]; /* what the hook was told */
    size_t log_len;
    int stop_at_end; /* the hook stops at this OBJECT_END (1-based; 0 never) */
    int ends;
    char strings[64];
} roles_t;

static void log_add(roles_t *r, const char *s, size_t n)
{
    assert_true(r->log_len + n < sizeof(r->log));
    memcpy(r->log + r->log_len, s, n);
    r->log_len += n;
}

static wk_status_t role_hook(void *record, wk_json_event_t event, const wk_json_member_t *m,
                             const char *bytes, size_t n)
{
    static const char *const names[] = {"{", "}", "<", "", ">"};
    roles_t *r = record;
    log_add(r, names[event], strlen(names[event]));
    if (event == WK_JSON_TEXT) {
        log_add(r, bytes, n);
    }
    if (event == WK_JSON_OBJECT_BEGIN) {
        assert_string_equal(m->name, "roles");
    }
    if (event == WK_JSON_OBJECT_END && ++r->ends == r->stop_at_end) {
        return WK_STOPPED;
    }
    return WK_OK;
}

static const wk_json_member_t k_role_rows[] = {
    WK_JSON_TEXT("name", offsetof(roles_t, name)),
    WK_JSON_STRING_LIST("tags", offsetof(roles_t, tags), 2u, "(two tags)"),
    WK_JSON_HOOKED_TEXT("note", 0u),
};
static const wk_json_object_t k_role =
    WK_JSON_TABLE(k_role_rows, offsetof(roles_t, role), WK_JSON_OWN_STRINGS, role_hook);
static const wk_json_member_t k_roles_top_rows[] = {WK_JSON_OBJECT_LIST("roles", &k_role)};
static const wk_json_object_t k_roles_top =
    WK_JSON_TABLE(k_roles_top_rows, offsetof(roles_t, top), 0u, NULL);
static const wk_json_doc_t k_roles = {&k_roles_top, offsetof(roles_t, strings),
                                      sizeof(((roles_t *)0)->strings), "role strings"};

static void test_lists_and_hooks(void **state)
{
    static roles_t r;
    static const char body[] =
        "{\"roles\": [{\"name\": \"a\", \"note\": \"x\\ty\\u00e9z\", \"tags\": [\"t1\", \"t2\"]}, "
        "{\"tags\": []}, {\"note\": \"\"}]}";
    size_t step;
    (void)state;
    for (step = 0u; step <= sizeof(body); step++) {
        assert_int_equal(read_doc(&k_roles, &r, sizeof(r), body, step), WK_OK);
        /* the hook hears each object, and a hooked string's bytes in order
         * (how they are cut depends on the pieces) */
        assert_int_equal(r.log_len, strlen("{<x\ty\xc3\xa9z>}{}{<>}"));
        assert_memory_equal(r.log, "{<x\ty\xc3\xa9z>}{}{<>}", r.log_len);
        assert_int_equal(r.top, 1u);
        assert_int_equal(r.role, 4u); /* the last role: only its note */
    }

    /* a list of strings has a limit; a hook's status stops the reader for good */
    assert_int_equal(read_doc(&k_roles, &r, sizeof(r),
                              "{\"roles\": [{}, {\"tags\": [\"1\", \"2\", \"3\"]}]}", 0u),
                     WK_ERR_JSON_TOO_MANY_ITEMS);
    assert_string_equal(g_diag.text,
                        "roles[1] field \"tags\": more than 2 entries (two tags) at body offset 35");
    assert_int_equal(read_doc(&k_roles, &r, sizeof(r),
                              "{\"roles\": [{\"tags\": [\"1\", 2]}]}", 0u),
                     WK_ERR_JSON_TYPE);
    assert_string_equal(g_diag.text, "roles[0] field \"tags\": not string at body offset 26");
    memset(&r, 0, sizeof(r));
    r.stop_at_end = 1;
    assert_int_equal(wk_json_reader_init(&g_reader, &k_roles, &r), WK_OK);
    assert_int_equal(wk_json_reader_feed(&g_reader, (const uint8_t *)"{\"roles\": [{}, {", 16u, &g_diag),
                     WK_STOPPED);
    assert_int_equal(r.ends, 1);
    assert_int_equal(wk_json_reader_feed(&g_reader, (const uint8_t *)"}]}", 3u, &g_diag), WK_STOPPED);
    assert_int_equal(wk_json_reader_finish(&g_reader, &g_diag), WK_STOPPED);
    assert_int_equal(r.ends, 1);
}

/* ---- The API's edges -------------------------------------------------------------- */

static void test_arguments(void **state)
{
    static iot_t c;
    (void)state;
    assert_int_equal(wk_json_reader_init(NULL, &k_iot, &c), WK_ERR_ARG);
    assert_int_equal(wk_json_reader_init(&g_reader, &k_iot, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_reader_feed(NULL, NULL, 0u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_reader_finish(NULL, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_reader_init(&g_reader, &k_iot, &c), WK_OK);
    assert_int_equal(wk_json_reader_feed(&g_reader, NULL, 1u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_reader_feed(&g_reader, NULL, 0u, NULL), WK_PARTIAL);
    /* a reader with tables is not a validator */
    assert_int_equal(wk_json_validate_feed(&g_reader, (const uint8_t *)"{}", 2u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_validate_finish(&g_reader, NULL), WK_ERR_ARG);
    /* the document must be complete */
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), "", 0u), WK_ERR_JSON_TRUNCATED);
    assert_string_equal(g_diag.text, "empty body at body offset 0");
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), "{\"credentials\": {", 0u),
                     WK_ERR_JSON_TRUNCATED);
    assert_int_equal(read_doc(&k_iot, &c, sizeof(c), "{} {}", 0u), WK_ERR_JSON_TRAILING);
    /* without tables: any one document */
    assert_int_equal(wk_json_reader_init(&g_reader, NULL, NULL), WK_OK);
    assert_int_equal(wk_json_reader_feed(&g_reader, (const uint8_t *)" -0.5e+3 ", 9u, NULL), WK_OK);
    assert_int_equal(wk_json_reader_finish(&g_reader, NULL), WK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iot_credentials),
        cmocka_unit_test(test_process_credentials),
        cmocka_unit_test(test_lists_and_hooks),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
