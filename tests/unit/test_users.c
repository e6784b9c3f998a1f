/* SPDX-License-Identifier: Apache-2.0 */
/* Streaming ListUsers parser: examples, every field, split invariance, a large
 * page, hostile documents and the JSONTestSuite vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>

#include "test_file.h"
#include "wk_internal.h"

/* ---- Recording what the parser delivers --------------------------------------- */

#define MAX_KEPT_USERS 8

typedef struct kept_user {
    uint32_t present;
    char user_id[64], first_name[64], last_name[64], username[64], scim_id[64], type[64];
    char cell[64], country_code[64], invite_code[64], uname[64];
    size_t first_name_len;
    char groups[4][32];
    size_t group_count;
    bool is_admin, suspended, otp_enabled, is_invite_expired, is_user, code_validation;
    int32_t status, challenge_failures;
} kept_user_t;

typedef struct recorder {
    char *log;          /* every callback, as text: compared across splits */
    size_t log_len, log_cap;
    size_t calls;
    size_t stop_after;  /* 0: never stop */
    wk_status_t stop_status;
    uint64_t name_hash; /* FNV-1a over usernames, in order */
    kept_user_t kept[MAX_KEPT_USERS];
    bool keep_log;
} recorder_t;

static void log_append(recorder_t *r, const char *s, size_t n)
{
    if (r->log_len + n + 1 > r->log_cap) {
        r->log_cap = (r->log_len + n + 1) * 2;
        r->log = realloc(r->log, r->log_cap);
        assert_non_null(r->log);
    }
    memcpy(r->log + r->log_len, s, n);
    r->log_len += n;
    r->log[r->log_len] = '\0';
}

static void log_str(recorder_t *r, const char *name, const wk_str_t *s)
{
    char hex[8];
    size_t i;
    log_append(r, name, strlen(name));
    log_append(r, "=", 1);
    for (i = 0; i < s->len; i++) {
        snprintf(hex, sizeof(hex), "%02x", (unsigned char)s->ptr[i]);
        log_append(r, hex, 2);
    }
    assert_int_equal(s->ptr[s->len], '\0'); /* NUL-terminated for convenience */
    log_append(r, ";", 1);
}

static void copy_str(char *dst, size_t cap, const wk_str_t *s)
{
    if (s->len < cap) {
        memcpy(dst, s->ptr, s->len);
        dst[s->len] = '\0';
    } else {
        snprintf(dst, cap, "(%zu bytes)", s->len);
    }
}

static void keep_user(kept_user_t *k, const wk_user_t *u)
{
    size_t i;
    k->present = u->present;
    copy_str(k->user_id, sizeof(k->user_id), &u->user_id);
    copy_str(k->first_name, sizeof(k->first_name), &u->first_name);
    k->first_name_len = u->first_name.len;
    copy_str(k->last_name, sizeof(k->last_name), &u->last_name);
    copy_str(k->username, sizeof(k->username), &u->username);
    copy_str(k->scim_id, sizeof(k->scim_id), &u->scim_id);
    copy_str(k->type, sizeof(k->type), &u->type);
    copy_str(k->cell, sizeof(k->cell), &u->cell);
    copy_str(k->country_code, sizeof(k->country_code), &u->country_code);
    copy_str(k->invite_code, sizeof(k->invite_code), &u->invite_code);
    copy_str(k->uname, sizeof(k->uname), &u->uname);
    k->group_count = u->security_group_count;
    for (i = 0; i < u->security_group_count && i < 4; i++) {
        copy_str(k->groups[i], sizeof(k->groups[i]), &u->security_groups[i]);
    }
    k->is_admin = u->is_admin;
    k->suspended = u->suspended;
    k->otp_enabled = u->otp_enabled;
    k->is_invite_expired = u->is_invite_expired;
    k->is_user = u->is_user;
    k->code_validation = u->code_validation;
    k->status = u->status;
    k->challenge_failures = u->challenge_failures;
}

static void log_user(recorder_t *r, const wk_user_t *u)
{
    char tmp[160];
    size_t i;
    int n = snprintf(tmp, sizeof(tmp), "{present=%x;admin=%d;susp=%d;st=%d;otp=%d;cf=%d;exp=%d;"
                     "isu=%d;cv=%d;groups=%zu;", (unsigned)u->present, u->is_admin, u->suspended,
                     u->status, u->otp_enabled, u->challenge_failures, u->is_invite_expired,
                     u->is_user, u->code_validation, u->security_group_count);
    log_append(r, tmp, (size_t)n);
    log_str(r, "id", &u->user_id);
    log_str(r, "fn", &u->first_name);
    log_str(r, "ln", &u->last_name);
    log_str(r, "un", &u->username);
    log_str(r, "scim", &u->scim_id);
    log_str(r, "type", &u->type);
    log_str(r, "cell", &u->cell);
    log_str(r, "cc", &u->country_code);
    log_str(r, "ic", &u->invite_code);
    log_str(r, "uname", &u->uname);
    for (i = 0; i < u->security_group_count; i++) {
        log_str(r, "g", &u->security_groups[i]);
    }
    log_append(r, "}", 1);
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    recorder_t *r = ctx;
    size_t i;
    if (r->calls < MAX_KEPT_USERS) {
        keep_user(&r->kept[r->calls], u);
    }
    if (r->keep_log) {
        log_user(r, u);
    }
    for (i = 0; i < u->username.len; i++) {
        r->name_hash = (r->name_hash ^ (unsigned char)u->username.ptr[i]) * 1099511628211u;
    }
    r->name_hash = (r->name_hash ^ 0xffu) * 1099511628211u; /* separator */
    r->calls++;
    return (r->stop_after != 0 && r->calls == r->stop_after) ? r->stop_status : WK_OK;
}

static void recorder_init(recorder_t *r)
{
    memset(r, 0, sizeof(*r));
    r->name_hash = 14695981039346656037u;
    r->keep_log = true;
}

static void recorder_free(recorder_t *r)
{
    free(r->log);
    r->log = NULL;
}

/* One parse. Parsers are big: keep them off the stack. */
static wk_users_parser_t g_parser;
static wk_diag_t g_diag;

/* Feeds doc in pieces of `step` bytes (0: whole), then finishes. */
static wk_status_t parse_steps(recorder_t *r, const char *doc, size_t len, size_t step)
{
    wk_status_t st = WK_PARTIAL;
    size_t off = 0;
    assert_int_equal(wk_users_parser_init(&g_parser, on_user, r), WK_OK);
    wk_diag_clear(&g_diag);
    if (step == 0) {
        step = len;
    }
    while (off < len && (st == WK_PARTIAL || st == WK_OK)) {
        size_t n = (len - off < step) ? len - off : step;
        st = wk_users_parser_feed(&g_parser, (const uint8_t *)doc + off, n, &g_diag);
        off += n;
    }
    if (st == WK_PARTIAL || st == WK_OK) {
        st = wk_users_parser_finish(&g_parser, &g_diag);
    }
    return st;
}

static wk_status_t parse_doc(recorder_t *r, const char *doc)
{
    return parse_steps(r, doc, strlen(doc), 0);
}

static wk_status_t parse_status(const char *doc)
{
    recorder_t r;
    wk_status_t st;
    recorder_init(&r);
    st = parse_doc(&r, doc);
    recorder_free(&r);
    return st;
}

static void assert_no_token(void)
{
    const char *t = NULL;
    size_t n = 99;
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &n), WK_PARTIAL);
    assert_int_equal(n, 0);
}

static void assert_token(const char *expected, size_t expected_len)
{
    const char *t = NULL;
    size_t n = 0;
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &n), WK_OK);
    assert_int_equal(n, expected_len);
    assert_memory_equal(t, expected, n);
    assert_int_equal(t[n], '\0');
}

#define BIT(f) (1u << (f))

/* ---- The API reference examples -------------------------------------------------- */

static void check_example_user(const kept_user_t *k, const char *first, const char *last,
                               const char *username, bool admin, int32_t status)
{
    assert_int_equal(k->present, BIT(WK_USER_FIRST_NAME) | BIT(WK_USER_LAST_NAME) |
                                 BIT(WK_USER_USERNAME) | BIT(WK_USER_IS_ADMIN) |
                                 BIT(WK_USER_SUSPENDED) | BIT(WK_USER_STATUS) | BIT(WK_USER_TYPE));
    assert_string_equal(k->first_name, first);
    assert_string_equal(k->last_name, last);
    assert_string_equal(k->username, username);
    assert_int_equal(k->is_admin, admin);
    assert_false(k->suspended);
    assert_int_equal(k->status, status);
    assert_string_equal(k->type, "user");
}

static void test_example_1(void **state)
{
    recorder_t r;
    size_t len;
    char *doc = test_read_file(WK_SOURCE_DIR "/tests/vectors/api/list-users-example-1.json", &len);
    assert_non_null(doc);
    (void)state;
    recorder_init(&r);
    assert_int_equal(parse_steps(&r, doc, len, 0), WK_OK);
    assert_int_equal(r.calls, 3);
    check_example_user(&r.kept[0], "Alice", "Anderson", "alice.anderson@example.com", false, 2);
    check_example_user(&r.kept[1], "Bob", "Brown", "bob.brown@example.com", false, 2);
    check_example_user(&r.kept[2], "Charlie", "Chen", "charlie.chen@example.com", true, 2);
    assert_token("v1:pagination:6ba7b810-9dad-11d1-80b4-00c04fd430c8", 50);
    recorder_free(&r);
    free(doc);
}

static void test_example_2(void **state)
{
    recorder_t r;
    size_t len;
    const kept_user_t *k;
    char *doc = test_read_file(WK_SOURCE_DIR "/tests/vectors/api/list-users-example-2.json", &len);
    assert_non_null(doc);
    (void)state;
    recorder_init(&r);
    assert_int_equal(parse_steps(&r, doc, len, 0), WK_OK);
    assert_int_equal(r.calls, 1);
    k = &r.kept[0];
    assert_int_equal(k->present, BIT(WK_USER_FIRST_NAME) | BIT(WK_USER_LAST_NAME) |
                                 BIT(WK_USER_USERNAME) | BIT(WK_USER_IS_ADMIN) |
                                 BIT(WK_USER_SUSPENDED) | BIT(WK_USER_STATUS) | BIT(WK_USER_TYPE) |
                                 BIT(WK_USER_INVITE_CODE) | BIT(WK_USER_IS_INVITE_EXPIRED));
    assert_string_equal(k->first_name, "David");
    assert_string_equal(k->last_name, "Davis");
    assert_string_equal(k->username, "david.davis@example.com");
    assert_false(k->is_admin);
    assert_false(k->suspended);
    assert_int_equal(k->status, 1);
    assert_string_equal(k->type, "user");
    assert_string_equal(k->invite_code, "INVITE789");
    assert_false(k->is_invite_expired);
    assert_no_token();
    recorder_free(&r);
    free(doc);
}

static void test_example_3(void **state)
{
    recorder_t r;
    size_t len;
    char *doc = test_read_file(WK_SOURCE_DIR "/tests/vectors/api/list-users-example-3.json", &len);
    assert_non_null(doc);
    (void)state;
    recorder_init(&r);
    assert_int_equal(parse_steps(&r, doc, len, 0), WK_OK);
    assert_int_equal(r.calls, 0);
    assert_no_token();
    recorder_free(&r);
    free(doc);
}

/* ---- Every field, escapes, unknown members ---------------------------------------- */

static const char k_full_page[] =
    " \r\n\t{\"extra\":{\"users\":[{\"firstName\":\"not a user\"}],\"nextToken\":\"not it\","
    "\"deep\":[[{\"a\":[null,true,false,-0.5e+3,1E9,{}]}],[]]},\n"
    "\"users\":[\n"
    " {\"userId\":\"1234567890\",\"firstName\":\"Ren\\u00e9e \\ud83d\\ude00\","
    "\"lastName\":\"M\xc3\xbcller-\xe6\x9d\x8e\",\"username\":\"a\\/b\\\\c\\\"d\\b\\f\\n\\r\\t\","
    "\"securityGroups\":[\"BCTY8Qhe\",\"g\\u0032\"],\"isAdmin\":true,\"suspended\":false,"
    "\"status\":2,\"otpEnabled\":true,\"scimId\":\"scim-1\",\"type\":\"user\","
    "\"cell\":\"5551234\",\"countryCode\":\"+1\",\"challengeFailures\":-7,"
    "\"isInviteExpired\":true,\"isUser\":false,\"inviteCode\":\"INV\\u0000ITE\","
    "\"codeValidation\":true,\"uname\":\"u-\xf0\x9f\x98\x80\","
    "\"unknown\":{\"firstName\":\"shadow\",\"nextToken\":\"no\",\"x\":[1,[2,[3]],{\"y\":null}]},"
    "\"more\":[\"a\",{\"b\":[]}],\"n\":null},\n"
    " {\"firstName\":null,\"lastName\":\"\",\"userId\":null,\"status\":-2147483648,"
    "\"challengeFailures\":2147483647,\"securityGroups\":[],\"isAdmin\":null,\"z\":1.5}\n"
    "],\"after\":[{\"users\":1}],\"nextToken\":\"tok\\u002Fen\"}  \n";

static void test_full_page(void **state)
{
    recorder_t r;
    const kept_user_t *k;
    (void)state;
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, k_full_page), WK_OK);
    assert_int_equal(r.calls, 2);
    k = &r.kept[0];
    assert_int_equal(k->present, (1u << WK_USER_FIELD_COUNT) - 1u);
    assert_string_equal(k->user_id, "1234567890");
    assert_string_equal(k->first_name, "Ren\xc3\xa9" "e \xf0\x9f\x98\x80");
    assert_string_equal(k->last_name, "M\xc3\xbcller-\xe6\x9d\x8e");
    assert_string_equal(k->username, "a/b\\c\"d\b\f\n\r\t");
    assert_int_equal(k->group_count, 2);
    assert_string_equal(k->groups[0], "BCTY8Qhe");
    assert_string_equal(k->groups[1], "g2");
    assert_true(k->is_admin);
    assert_false(k->suspended);
    assert_int_equal(k->status, 2);
    assert_true(k->otp_enabled);
    assert_string_equal(k->scim_id, "scim-1");
    assert_string_equal(k->type, "user");
    assert_string_equal(k->cell, "5551234");
    assert_string_equal(k->country_code, "+1");
    assert_int_equal(k->challenge_failures, -7);
    assert_true(k->is_invite_expired);
    assert_false(k->is_user);
    assert_memory_equal(k->invite_code, "INV\0ITE", 8);
    assert_true(k->code_validation);
    assert_string_equal(k->uname, "u-\xf0\x9f\x98\x80");

    k = &r.kept[1];
    assert_int_equal(k->present, BIT(WK_USER_LAST_NAME) | BIT(WK_USER_STATUS) |
                                 BIT(WK_USER_CHALLENGE_FAILURES) | BIT(WK_USER_SECURITY_GROUPS));
    assert_string_equal(k->last_name, "");
    assert_int_equal(k->status, INT32_MIN);
    assert_int_equal(k->challenge_failures, INT32_MAX);
    assert_int_equal(k->group_count, 0);
    assert_token("tok/en", 6);
    recorder_free(&r);
}

static void test_field_names(void **state)
{
    (void)state;
    assert_string_equal(wk_user_field_name(WK_USER_USER_ID), "userId");
    assert_string_equal(wk_user_field_name(WK_USER_SECURITY_GROUPS), "securityGroups");
    assert_string_equal(wk_user_field_name(WK_USER_CHALLENGE_FAILURES), "challengeFailures");
    assert_string_equal(wk_user_field_name(WK_USER_UNAME), "uname");
    assert_null(wk_user_field_name(WK_USER_FIELD_COUNT));
}

static void test_null_members_and_repeats(void **state)
{
    recorder_t r;
    (void)state;
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, "{\"users\":null,\"nextToken\":null,\"x\":[1,\"a\"]}"),
                     WK_OK);
    assert_int_equal(r.calls, 0);
    assert_no_token();
    recorder_free(&r);

    /* Member names are compared decoded. */
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, "{\"u\\u0073ers\":[{\"st\\u0061tus\":5}]}"), WK_OK);
    assert_int_equal(r.calls, 1);
    assert_int_equal(r.kept[0].status, 5);
    assert_int_equal(r.kept[0].present, BIT(WK_USER_STATUS));
    recorder_free(&r);

    /* A repeated field: the last value wins, null and a lone zero included. */
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, "{\"users\":[{\"status\":1,\"status\":2,\"type\":\"a\","
                                   "\"type\":null}],\"users\":[{\"status\":3,\"status\":0,"
                                   "\"challengeFailures\":0}]}"),
                     WK_OK);
    assert_int_equal(r.calls, 2);
    assert_int_equal(r.kept[0].status, 2);
    assert_int_equal(r.kept[0].present, BIT(WK_USER_STATUS));
    assert_int_equal(r.kept[1].status, 0);
    assert_int_equal(r.kept[1].challenge_failures, 0);
    assert_int_equal(r.kept[1].present, BIT(WK_USER_STATUS) | BIT(WK_USER_CHALLENGE_FAILURES));
    recorder_free(&r);
}

/* ---- Split invariance ----------------------------------------------------------- */

static void check_splits(const char *doc, size_t len)
{
    recorder_t whole, piece;
    wk_status_t expected;
    char expected_diag[CONFIG_WK_DIAG_MAX];
    size_t cut;
    size_t step;

    recorder_init(&whole);
    expected = parse_steps(&whole, doc, len, 0);
    strcpy(expected_diag, g_diag.text);

    /* Even pieces: one byte, and sizes that cut objects, names, escapes and
     * UTF-8 sequences in many places, several times per object. */
    for (step = 1; step <= 64; step = step < 8 ? step + 1 : step * 2 - 1) {
        recorder_init(&piece);
        assert_int_equal(parse_steps(&piece, doc, len, step), expected);
        assert_string_equal(piece.log ? piece.log : "", whole.log ? whole.log : "");
        assert_string_equal(g_diag.text, expected_diag);
        recorder_free(&piece);
    }

    for (cut = 1; cut < len; cut++) {
        wk_status_t st;
        recorder_init(&piece);
        assert_int_equal(wk_users_parser_init(&g_parser, on_user, &piece), WK_OK);
        wk_diag_clear(&g_diag);
        st = wk_users_parser_feed(&g_parser, (const uint8_t *)doc, cut, &g_diag);
        if (st == WK_PARTIAL || st == WK_OK) {
            st = wk_users_parser_feed(&g_parser, (const uint8_t *)doc + cut, len - cut, &g_diag);
        }
        if (st == WK_PARTIAL || st == WK_OK) {
            st = wk_users_parser_finish(&g_parser, &g_diag);
        }
        assert_int_equal(st, expected);
        assert_string_equal(piece.log ? piece.log : "", whole.log ? whole.log : "");
        assert_string_equal(g_diag.text, expected_diag);
        recorder_free(&piece);
    }
    recorder_free(&whole);
}

static void test_split_invariance(void **state)
{
    static const char *const docs[] = {
        k_full_page,
        "{\"users\":[{\"status\":1},{\"status\":\"2\"}]}",
        "{\"users\":[{\"status\":0,\"challengeFailures\":0},{\"status\":0.5}]}",
        "{\"users\":[{\"status\":0e1}]}",
        "{\"users\":[{\"firstName\":\"\\ud83d\\ude00\"}],\"nextToken\":\"\\ud800x\"}",
        "{\"users\":[{\"n\":\"\xe2\x82\"}]}",
        "{\"users\":[{\"challengeFailures\":12345678901}]}",
        "{\"users\":[{\"a\":1e5,\"b\":-0,\"c\":0.25}]} x",
        "{\"users\":[{\"a\":tru}]}",
        "{\"users\":[{\"a\":1}",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        check_splits(docs[i], strlen(docs[i]));
    }
}

/* ---- A large page --------------------------------------------------------------- */

static void test_ten_thousand_users(void **state)
{
    enum { USERS = 10000 };
    size_t cap = (size_t)USERS * 260u + 64u;
    char *doc = malloc(cap);
    size_t len = 0;
    uint64_t hash = 14695981039346656037u;
    recorder_t r;
    size_t size_before = sizeof(g_parser);
    int i;
    (void)state;
    assert_non_null(doc);
    len += (size_t)snprintf(doc + len, cap - len, "{\"users\":[");
    for (i = 0; i < USERS; i++) {
        char name[48];
        size_t j, n = (size_t)snprintf(name, sizeof(name), "user%05d.%x@example.com", i, i * 7919);
        for (j = 0; j < n; j++) {
            hash = (hash ^ (unsigned char)name[j]) * 1099511628211u;
        }
        hash = (hash ^ 0xffu) * 1099511628211u;
        len += (size_t)snprintf(doc + len, cap - len,
                                "%s{\"userId\":\"%d\",\"firstName\":\"F%d\",\"lastName\":\"L\","
                                "\"username\":\"%s\",\"securityGroups\":[\"g1\",\"g2\"],"
                                "\"isAdmin\":%s,\"status\":%d,\"x\":{\"y\":[1,2,3]}}",
                                i ? "," : "", i, i, name, (i % 3) ? "false" : "true", 1 + i % 2);
    }
    len += (size_t)snprintf(doc + len, cap - len, "],\"nextToken\":\"next-%d\"}", USERS);
    assert_true(len < cap);

    recorder_init(&r);
    r.keep_log = false;
    /* An odd piece size so objects straddle feeds. */
    assert_int_equal(parse_steps(&r, doc, len, 997), WK_OK);
    assert_int_equal(r.calls, USERS);
    assert_true(r.name_hash == hash);
    assert_token("next-10000", 10);
    assert_int_equal(sizeof(g_parser), size_before);
    recorder_free(&r);
    free(doc);
}

/* ---- Hostile documents ------------------------------------------------------------ */

typedef struct bad_case {
    const char *doc;
    size_t len; /* 0: strlen */
    wk_status_t status;
} bad_case_t;

static void test_hostile_documents(void **state)
{
    static const bad_case_t cases[] = {
        /* structure */
        {"{\"users\":[{\"a\":1},]}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"users\":[],}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"users\":[{\"a\":1,}]}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"users\" []}", 0, WK_ERR_JSON_SYNTAX},
        {"{users:[]}", 0, WK_ERR_JSON_SYNTAX},
        {"{'users':[]}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"users\":[}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"users\":[{\"a\":1]]}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":1 \"b\":2}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\"::1}", 0, WK_ERR_JSON_SYNTAX},
        {"{,}", 0, WK_ERR_JSON_SYNTAX},
        {"{1:2}", 0, WK_ERR_JSON_SYNTAX},
        {"<html><body>502 Bad Gateway</body></html>", 0, WK_ERR_JSON_SYNTAX},
        {"\xef\xbb\xbf{}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":\x00}", 6, WK_ERR_JSON_SYNTAX},
        {"{\"a\":1}\x00", 8, WK_ERR_JSON_TRAILING},
        /* literals */
        {"{\"users\":[{\"isAdmin\":tru}]}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":True}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":nul}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":truex}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":NaN}", 0, WK_ERR_JSON_SYNTAX},
        /* numbers */
        {"{\"a\":01}", 0, WK_ERR_JSON_NUMBER},
        {"{\"users\":[{\"status\":01}]}", 0, WK_ERR_JSON_NUMBER}, /* the same in a member */
        {"{\"users\":[{\"status\":00}]}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":-}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":1.}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":1e}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":1e+}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":-a}", 0, WK_ERR_JSON_NUMBER},
        {"{\"a\":.5}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":+1}", 0, WK_ERR_JSON_SYNTAX},
        {"{\"a\":0x10}", 0, WK_ERR_JSON_SYNTAX},
        /* strings */
        {"{\"users\":[{\"firstName\":\"a\x01\"}]}", 0, WK_ERR_JSON_STRING},
        {"{\"users\":[{\"firstName\":\"a\nb\"}]}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"x\x00y\"}", 11, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\x\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\u12G4\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\U0041\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\xc0\xaf\"}", 0, WK_ERR_JSON_STRING},         /* overlong '/' */
        /* the same inside a known member of a user, which is decoded into its field */
        {"{\"users\":[{\"lastName\":\"x\xc0\xaf!\"}]}", 0, WK_ERR_JSON_STRING},
        {"{\"users\":[{\"lastName\":\"x\xc1\xbf!\"}]}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\xe0\x80\xaf\"}", 0, WK_ERR_JSON_STRING},     /* overlong, 3 bytes */
        {"{\"a\":\"\xf0\x80\x80\xaf\"}", 0, WK_ERR_JSON_STRING}, /* overlong, 4 bytes */
        {"{\"a\":\"\xed\xa0\x80\"}", 0, WK_ERR_JSON_STRING},     /* UTF-8 surrogate */
        {"{\"a\":\"\xf4\x90\x80\x80\"}", 0, WK_ERR_JSON_STRING}, /* above U+10FFFF */
        {"{\"a\":\"\xf5\x80\x80\x80\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\x80\"}", 0, WK_ERR_JSON_STRING},             /* stray continuation */
        {"{\"a\":\"\xe2\x82\"}", 0, WK_ERR_JSON_STRING},         /* cut sequence */
        {"{\"a\":\"\xff\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\ud800\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\udc00\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\ud800\\u0041\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\ud800\\n\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\ud800x\"}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":\"\\udbff\\udbff\"}", 0, WK_ERR_JSON_STRING},
        {"{\"\xff\":1}", 0, WK_ERR_JSON_STRING},
        {"{\"a\":1}\xc3\xa9", 0, WK_ERR_JSON_TRAILING},
        /* integers */
        {"{\"users\":[{\"status\":2147483648}]}", 0, WK_ERR_JSON_NUMBER},
        {"{\"users\":[{\"status\":-2147483649}]}", 0, WK_ERR_JSON_NUMBER},
        {"{\"users\":[{\"challengeFailures\":99999999999999999999999}]}", 0, WK_ERR_JSON_NUMBER},
        {"{\"users\":[{\"status\":2.0}]}", 0, WK_ERR_JSON_NUMBER},
        {"{\"users\":[{\"status\":2e0}]}", 0, WK_ERR_JSON_NUMBER},
        /* wrong types */
        {"[]", 0, WK_ERR_JSON_TYPE},
        {"\"users\"", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":{}}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":\"x\"}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":1}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":true}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[1]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[null]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[[]]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[\"a\"]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"status\":\"2\"}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"status\":true}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"status\":[2]}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"isAdmin\":1}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"isAdmin\":\"true\"}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"firstName\":true}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"firstName\":{}}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"username\":7}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"securityGroups\":\"g\"}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"securityGroups\":[1]}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"securityGroups\":[\"a\",null]}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"users\":[{\"securityGroups\":[[\"a\"]]}]}", 0, WK_ERR_JSON_TYPE},
        {"{\"nextToken\":5}", 0, WK_ERR_JSON_TYPE},
        {"{\"nextToken\":[\"a\"]}", 0, WK_ERR_JSON_TYPE},
        /* after the document */
        {"{}{}", 0, WK_ERR_JSON_TRAILING},
        {"{\"users\":[]}\n{\"users\":[]}", 0, WK_ERR_JSON_TRAILING},
        {"{} x", 0, WK_ERR_JSON_TRAILING},
        {"{}]", 0, WK_ERR_JSON_TRAILING},
        /* truncated: finish() says so */
        {"", 0, WK_ERR_JSON_TRUNCATED},
        {"   \n", 0, WK_ERR_JSON_TRUNCATED},
        {"{", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[{\"firstName\":\"Al", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[{\"firstName\":\"Al\\u00", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[{\"firstName\":\"\xc3", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[{\"status\":12", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[{\"isAdmin\":fal", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"users\":[]", 0, WK_ERR_JSON_TRUNCATED},
        {"{\"nextToken\":\"abc", 0, WK_ERR_JSON_TRUNCATED},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        recorder_t r;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].doc);
        wk_status_t st;
        recorder_init(&r);
        st = parse_steps(&r, cases[i].doc, len, 0);
        if (st != cases[i].status) {
            fail_msg("case %zu (%s): got %s, want %s; diag: %s", i, cases[i].doc,
                     wk_status_str(st), wk_status_str(cases[i].status), g_diag.text);
        }
        if (strstr(g_diag.text, "body offset ") == NULL) {
            fail_msg("case %zu: diag without an offset: %s", i, g_diag.text);
        }
        /* The same bytes one at a time give the same answer. */
        assert_int_equal(parse_steps(&r, cases[i].doc, len, 1), cases[i].status);
        recorder_free(&r);
    }
}

static void test_diag_names_field_user_and_offset(void **state)
{
    char want[CONFIG_WK_DIAG_MAX];
    const char *doc = "{\"users\":[{\"status\":1},{\"type\":\"bot\",\"status\":\"2\"}]}";
    (void)state;
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TYPE);
    snprintf(want, sizeof(want), "users[1] field \"status\": not int32 at body offset %zu",
             (size_t)(strstr(doc, "\"2\"") - doc));
    assert_string_equal(g_diag.text, want);

    doc = "{\"users\":[{\"challengeFailures\":2147483648}]}";
    assert_int_equal(parse_status(doc), WK_ERR_JSON_NUMBER);
    snprintf(want, sizeof(want),
             "users[0] field \"challengeFailures\": outside int32 at body offset %zu",
             (size_t)(strstr(doc, "2147483648") - doc));
    assert_string_equal(g_diag.text, want);

    doc = "{\"users\":[{},{},{\"lastName\":\"a\\qb\"}]}";
    assert_int_equal(parse_status(doc), WK_ERR_JSON_STRING);
    snprintf(want, sizeof(want),
             "users[2] field \"lastName\": bad escape at body offset %zu",
             (size_t)(strstr(doc, "q") - doc));
    assert_string_equal(g_diag.text, want);

    /* The index is the entry's place in its list (a repeated "users" starts over). */
    doc = "{\"users\":[{}],\"users\":[{},7]}";
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TYPE);
    assert_string_equal(g_diag.text, "users[1] not object at body offset 26");

    doc = "{\"users\":[]} ,";
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TRAILING);
    snprintf(want, sizeof(want), "trailing data at body offset %zu",
             (size_t)(strchr(doc, ',') - doc));
    assert_string_equal(g_diag.text, want);

    doc = "{\"users\":[{\"a\":";
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TRUNCATED);
    snprintf(want, sizeof(want),
             "users[0] field \"a\": truncated at body offset %zu",
             strlen(doc));
    assert_string_equal(g_diag.text, want);
}

/* The window holds the decoded strings of a user's known fields, each with its NUL. */
static void test_field_larger_than_window(void **state)
{
    const size_t big = 100u * 1024u;
    const char *head = "{\"users\":[{\"userId\":\"1\"},{\"userId\":\"2\",\"notes\":\"";
    const char *mid = "\",\"firstName\":\"";
    size_t head_len = strlen(head);
    size_t mid_len = strlen(mid);
    char *doc = malloc(head_len + 2u * big + 32u);
    char want[CONFIG_WK_DIAG_MAX];
    recorder_t r;
    size_t first_name;
    (void)state;
    assert_non_null(doc);
    /* A member the client does not know takes no room, however large... */
    memcpy(doc, head, head_len);
    memset(doc + head_len, 'x', big);
    memcpy(doc + head_len + big, mid, mid_len);
    first_name = head_len + big + mid_len;
    /* ...but a field's value does: "2" took 2 bytes, so the first byte of
     * firstName past the rest of the window fails. */
    memset(doc + first_name, 'y', big);
    strcpy(doc + first_name + big, "\"}]}");

    recorder_init(&r);
    assert_int_equal(parse_steps(&r, doc, strlen(doc), 4096), WK_ERR_JSON_FIELD_TOO_LONG);
    assert_int_equal(r.calls, 1); /* the first user fitted and was delivered */
    snprintf(want, sizeof(want),
             "users[1] field \"firstName\": over the %d-byte user window "
             "(CONFIG_WK_USER_WINDOW_SIZE) at body offset %zu",
             CONFIG_WK_USER_WINDOW_SIZE, first_name + CONFIG_WK_USER_WINDOW_SIZE - 2u - 1u);
    assert_string_equal(g_diag.text, want);
    /* Sticky: more bytes do not revive it. */
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)"}", 1, &g_diag),
                     WK_ERR_JSON_FIELD_TOO_LONG);
    assert_int_equal(wk_users_parser_finish(&g_parser, &g_diag), WK_ERR_JSON_FIELD_TOO_LONG);
    recorder_free(&r);

    /* A string as large as the window with its NUL still fits, whole or in
     * pieces, escaped or not; one byte more does not. */
    {
        const char *pre = "{\"users\":[{\"firstName\":\"\\u0079";
        size_t fill = CONFIG_WK_USER_WINDOW_SIZE - 1u - 1u; /* the escape gives one more */
        size_t n = 0;
        n += (size_t)sprintf(doc + n, "%s", pre);
        memset(doc + n, 'y', fill);
        n += fill;
        n += (size_t)sprintf(doc + n, "\"}]}");
        recorder_init(&r);
        assert_int_equal(parse_steps(&r, doc, n, 0), WK_OK);
        assert_int_equal(r.calls, 1);
        assert_int_equal(r.kept[0].first_name_len, fill + 1u);
        recorder_free(&r);
        recorder_init(&r);
        assert_int_equal(parse_steps(&r, doc, n, 7), WK_OK);
        assert_int_equal(r.kept[0].first_name_len, fill + 1u);
        recorder_free(&r);
        memmove(doc + strlen(pre) + 1, doc + strlen(pre), n - strlen(pre));
        recorder_init(&r);
        assert_int_equal(parse_steps(&r, doc, n + 1, 0), WK_ERR_JSON_FIELD_TOO_LONG);
        assert_non_null(strstr(g_diag.text, "users[0] field \"firstName\""));
        recorder_free(&r);
    }
    free(doc);
}

static void test_limits(void **state)
{
    char doc[8192];
    size_t n;
    int i;
    recorder_t r;
    (void)state;

    /* securityGroups: the configured count fits, one more does not. */
    n = (size_t)sprintf(doc, "{\"users\":[{\"securityGroups\":[");
    for (i = 0; i < CONFIG_WK_MAX_SECURITY_GROUPS; i++) {
        n += (size_t)sprintf(doc + n, "%s\"g%d\"", i ? "," : "", i);
    }
    strcpy(doc + n, "]}]}");
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, doc), WK_OK);
    assert_int_equal(r.kept[0].group_count, CONFIG_WK_MAX_SECURITY_GROUPS);
    recorder_free(&r);
    n += (size_t)sprintf(doc + n, ",\"extra\"");
    strcpy(doc + n, "]}]}");
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TOO_MANY_ITEMS);
    assert_non_null(strstr(g_diag.text, "users[0] field \"securityGroups\""));

    /* No count of values per user: a user object of many members (and
     * values inside them) is read like any other, in bounded memory. */
    n = (size_t)sprintf(doc, "{\"users\":[{");
    for (i = 0; i < 400; i++) {
        n += (size_t)sprintf(doc + n, "\"k%d\":[%d,{}],", i, i);
    }
    strcpy(doc + n, "\"status\":2}]}");
    recorder_init(&r);
    assert_int_equal(parse_doc(&r, doc), WK_OK);
    assert_int_equal(r.kept[0].status, 2);
    recorder_free(&r);

    /* Nesting: exactly CONFIG_WK_JSON_MAX_DEPTH levels, then one more. */
    n = (size_t)sprintf(doc, "{\"x\":");
    for (i = 0; i < CONFIG_WK_JSON_MAX_DEPTH - 1; i++) {
        doc[n++] = '[';
    }
    for (i = 0; i < CONFIG_WK_JSON_MAX_DEPTH - 1; i++) {
        doc[n++] = ']';
    }
    strcpy(doc + n, "}");
    assert_int_equal(parse_status(doc), WK_OK);
    n = (size_t)sprintf(doc, "{\"users\":[{\"x\":");
    for (i = 0; i < CONFIG_WK_JSON_MAX_DEPTH; i++) {
        doc[n++] = '{';
        n += (size_t)sprintf(doc + n, "\"a\":");
    }
    strcpy(doc + n, "1");
    assert_int_equal(parse_status(doc), WK_ERR_JSON_TOO_DEEP);
    assert_non_null(strstr(g_diag.text, "users[0] field \"x\""));
}

/* ---- Callback stop ----------------------------------------------------------------- */

static void test_callback_stops(void **state)
{
    recorder_t r;
    const char *doc = "{\"users\":[{\"status\":1},{\"status\":2},{\"status\":1}]}";
    (void)state;
    recorder_init(&r);
    r.stop_after = 2;
    r.stop_status = WK_STOPPED;
    assert_int_equal(parse_doc(&r, doc), WK_STOPPED);
    assert_int_equal(r.calls, 2);
    assert_string_equal(g_diag.text, "callback stopped at users[1]");
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)" ", 1, &g_diag),
                     WK_STOPPED);
    assert_int_equal(wk_users_parser_finish(&g_parser, &g_diag), WK_STOPPED);
    recorder_free(&r);

    /* Any non-WK_OK status stops, and is returned as it is. */
    recorder_init(&r);
    r.stop_after = 1;
    r.stop_status = WK_ERR_NO_SPACE;
    assert_int_equal(parse_steps(&r, doc, strlen(doc), 1), WK_ERR_NO_SPACE);
    assert_int_equal(r.calls, 1);
    recorder_free(&r);
}

/* ---- nextToken ------------------------------------------------------------------- */

static void test_next_token_cases(void **state)
{
    char doc[4096];
    const char *t = NULL;
    size_t len = 0, n, i;
    recorder_t r;
    (void)state;

    assert_int_equal(parse_status("{\"users\":[]}"), WK_OK);
    assert_no_token();
    assert_int_equal(parse_status("{\"nextToken\":\"\"}"), WK_OK);
    assert_no_token(); /* empty: no next page (as the SDK paginators treat it) */
    assert_int_equal(parse_status("{\"nextToken\":\"a\",\"users\":[]}"), WK_OK);
    assert_token("a", 1);
    assert_int_equal(parse_status("{\"nextToken\":\"a\",\"nextToken\":\"b\\\"c\"}"), WK_OK);
    assert_token("b\"c", 3);
    assert_int_equal(parse_status("{\"nextToken\":\"a\",\"nextToken\":null}"), WK_OK);
    assert_no_token();
    assert_int_equal(parse_status("{\"next\\u0054oken\":\"esc\"}"), WK_OK);
    assert_token("esc", 3);
    assert_int_equal(parse_status("{\"nextTokens\":\"a\",\"nextToke\":\"b\"}"), WK_OK);
    assert_no_token();
    /* Not at the top level: not the page's token. */
    assert_int_equal(parse_status("{\"users\":[{\"nextToken\":\"u\"}],"
                                  "\"x\":{\"nextToken\":\"v\"},\"y\":[{\"nextToken\":\"w\"}]}"),
                     WK_OK);
    assert_no_token();
    assert_int_equal(parse_status("{\"nextToken\":\"\\u0000\\ud83d\\ude00\"}"), WK_OK);
    assert_token("\0\xf0\x9f\x98\x80", 5);

    /* Length: CONFIG_WK_NEXT_TOKEN_MAX - 1 decoded bytes fit, one more does not; the
     * limit counts decoded bytes, so escapes do not shrink it. */
    n = (size_t)sprintf(doc, "{\"nextToken\":\"");
    for (i = 0; i < CONFIG_WK_NEXT_TOKEN_MAX - 1; i++) {
        n += (size_t)sprintf(doc + n, (i % 2) ? "\\u0041" : "B");
    }
    strcpy(doc + n, "\"}");
    assert_int_equal(parse_status(doc), WK_OK);
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &len), WK_OK);
    assert_int_equal(len, CONFIG_WK_NEXT_TOKEN_MAX - 1);
    assert_memory_equal(t, "BABA", 4);
    strcpy(doc + n, "C\"}");
    assert_int_equal(parse_status(doc), WK_ERR_JSON_FIELD_TOO_LONG);
    assert_non_null(strstr(g_diag.text, "field \"nextToken\": longer than"));
    assert_non_null(strstr(g_diag.text, "CONFIG_WK_NEXT_TOKEN_MAX"));
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &len), WK_ERR_STATE);

    /* Only a complete, valid document gives a token. */
    assert_int_equal(wk_users_parser_init(&g_parser, on_user, &r), WK_OK);
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)"{\"nextToken\":\"a\"", 16,
                                          &g_diag),
                     WK_PARTIAL);
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &len), WK_ERR_STATE);
    assert_int_equal(parse_status("{\"nextToken\":\"a\",\"users\":[1]}"), WK_ERR_JSON_TYPE);
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, &len), WK_ERR_STATE);
    assert_int_equal(wk_users_parser_next_token(NULL, &t, &len), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_next_token(&g_parser, NULL, &len), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_next_token(&g_parser, &t, NULL), WK_ERR_ARG);
}

static void test_arguments_and_states(void **state)
{
    recorder_t r;
    (void)state;
    recorder_init(&r);
    assert_int_equal(wk_users_parser_init(NULL, on_user, &r), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_init(&g_parser, NULL, &r), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_init(&g_parser, on_user, &r), WK_OK);
    assert_int_equal(wk_users_parser_feed(NULL, (const uint8_t *)"{", 1, NULL), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_feed(&g_parser, NULL, 1, NULL), WK_ERR_ARG);
    assert_int_equal(wk_users_parser_feed(&g_parser, NULL, 0, NULL), WK_PARTIAL);
    assert_int_equal(wk_users_parser_finish(NULL, NULL), WK_ERR_ARG);
    /* diag is optional */
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)"{}", 2, NULL), WK_OK);
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)" \n", 2, NULL), WK_OK);
    assert_int_equal(wk_users_parser_finish(&g_parser, NULL), WK_OK);
    assert_int_equal(wk_users_parser_feed(&g_parser, (const uint8_t *)"x", 1, NULL),
                     WK_ERR_JSON_TRAILING);
    assert_int_equal(wk_users_parser_finish(&g_parser, NULL), WK_ERR_JSON_TRAILING);
    recorder_free(&r);
}

/* ---- JSONTestSuite ------------------------------------------------------------------ */

/* Accepting a top-level non-object with WK_ERR_JSON_TYPE is right for ListUsers;
 * so each vector is also checked as the value of an unknown member, which the
 * scanner must validate in full. */
static wk_status_t parse_wrapped(const char *content, size_t len)
{
    static const char head[] = "{\"skip\":";
    recorder_t r;
    wk_status_t st;
    char *doc = malloc(len + sizeof(head) + 1);
    assert_non_null(doc);
    memcpy(doc, head, sizeof(head) - 1);
    memcpy(doc + sizeof(head) - 1, content, len);
    doc[sizeof(head) - 1 + len] = '}';
    recorder_init(&r);
    st = parse_steps(&r, doc, sizeof(head) + len, 0);
    recorder_free(&r);
    free(doc);
    return st;
}

/* n_ vectors that are only invalid as a whole document: inside an object they
 * read as a value followed by more members (checked by hand). */
static bool valid_as_member(const char *name)
{
    static const char *const names[] = {NULL};
    size_t i;
    for (i = 0; names[i] != NULL; i++) {
        if (strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static void test_json_test_suite(void **state)
{
    const char *dir_path = WK_SOURCE_DIR "/tests/vectors/json/test_parsing";
    DIR *dir = opendir(dir_path);
    struct dirent *ent;
    size_t yes = 0, no = 0, either = 0;
    (void)state;
    assert_non_null(dir);
    while ((ent = readdir(dir)) != NULL) {
        char path[1024];
        size_t len;
        char *content;
        wk_status_t raw, wrapped;
        recorder_t r;
        if (strstr(ent->d_name, ".json") == NULL) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir_path, ent->d_name);
        content = test_read_file(path, &len);
        assert_non_null(content);
        recorder_init(&r);
        raw = parse_steps(&r, content, len, 0);
        assert_int_equal(parse_steps(&r, content, len, 1), raw);
        recorder_free(&r);
        wrapped = parse_wrapped(content, len);
        if (ent->d_name[0] == 'y') {
            yes++;
            if (wrapped != WK_OK || (raw != WK_OK && raw != WK_ERR_JSON_TYPE)) {
                fail_msg("%s: raw %s, wrapped %s (%s)", ent->d_name, wk_status_str(raw),
                         wk_status_str(wrapped), g_diag.text);
            }
        } else if (ent->d_name[0] == 'n') {
            no++;
            if (raw >= 0 || (wrapped >= 0 && !valid_as_member(ent->d_name))) {
                fail_msg("%s: raw %s, wrapped %s", ent->d_name, wk_status_str(raw),
                         wk_status_str(wrapped));
            }
        } else {
            either++; /* any answer, but no crash, leak or hang */
        }
        free(content);
    }
    closedir(dir);
    assert_int_equal(yes, 95);
    assert_int_equal(no, 188);
    assert_int_equal(either, 35);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_1),
        cmocka_unit_test(test_example_2),
        cmocka_unit_test(test_example_3),
        cmocka_unit_test(test_full_page),
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_null_members_and_repeats),
        cmocka_unit_test(test_split_invariance),
        cmocka_unit_test(test_ten_thousand_users),
        cmocka_unit_test(test_hostile_documents),
        cmocka_unit_test(test_diag_names_field_user_and_offset),
        cmocka_unit_test(test_field_larger_than_window),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_next_token_cases),
        cmocka_unit_test(test_arguments_and_states),
        cmocka_unit_test(test_json_test_suite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
