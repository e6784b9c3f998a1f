/* SPDX-License-Identifier: Apache-2.0 */
/* Service error decoding: type precedence and sanitizing, status mapping,
 * message and reasons, non-JSON bodies, cuts that are reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wk_internal.h"

static wk_service_error_t g_err;

static void header(const char *name, const char *value)
{
    assert_int_equal(wk_service_error_header(&g_err, name, strlen(name), value, strlen(value)),
                     WK_OK);
}

static wk_status_t finish(const char *body)
{
    return wk_service_error_finish(&g_err, (const uint8_t *)body, strlen(body));
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != 0) {
        int n = (*p < 0x80) ? 0 : (*p >= 0xF0) ? 3 : (*p >= 0xE0) ? 2 : (*p >= 0xC0) ? 1 : -1;
        if (n < 0) {
            return false;
        }
        for (p++; n > 0; n--, p++) {
            if ((*p & 0xC0) != 0x80) {
                return false;
            }
        }
    }
    return true;
}

static void test_type_precedence(void **state)
{
    (void)state;
    /* Header first. */
    wk_service_error_begin(&g_err, 400);
    header("X-Amzn-ErrorType", "ForbiddenError");
    assert_int_equal(finish("{\"code\":\"ValidationError\",\"__type\":\"RateLimitError\"}"),
                     WK_ERR_FORBIDDEN);
    assert_string_equal(g_err.type, "ForbiddenError");
    assert_int_equal(g_err.status, WK_ERR_FORBIDDEN);

    /* Then body "code", whatever its letter case, even after __type. */
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"__type\":\"RateLimitError\",\"Code\":\"ValidationError\"}"),
                     WK_ERR_VALIDATION);
    assert_string_equal(g_err.type, "ValidationError");
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"CODE\":\"ResourceNotFoundError\"}"), WK_ERR_NOT_FOUND);

    /* Then "__type". A "code" that is not a string does not count. */
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"code\":404,\"__type\":\"RateLimitError\"}"), WK_ERR_RATE_LIMIT);
    assert_string_equal(g_err.type, "RateLimitError");

    /* An empty header names nothing: the body decides. */
    wk_service_error_begin(&g_err, 400);
    header("x-amzn-errortype", "");
    assert_int_equal(finish("{\"__type\":\"ForbiddenError\"}"), WK_ERR_FORBIDDEN);

    /* The header also wins when the body is not JSON at all. */
    wk_service_error_begin(&g_err, 502);
    header("x-amzn-errortype", "InternalServerError");
    assert_int_equal(finish("<html><body>Bad Gateway</body></html>"), WK_ERR_INTERNAL);
    assert_string_equal(g_err.message, "");
}

static void test_sanitizing(void **state)
{
    static const struct {
        const char *raw;
        const char *clean;
    } cases[] = {
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
         "FooError"},
        {"aws.protocoltests#FooError:http://x", "FooError"},
        {"FooError:http://internal.amazon.com/", "FooError"},
        {"FooError,BarError", "FooError"},
        {"com.amazonaws.wickr#ValidationError", "ValidationError"},
        {"a#b#c", "b#c"},
        {"ns#Name,other:x#y", "Name"},
        {"PlainName", "PlainName"},
    };
    char body[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_service_error_begin(&g_err, 400);
        header("X-Amzn-Errortype", cases[i].raw);
        (void)finish("");
        assert_string_equal(g_err.type, cases[i].clean);

        wk_service_error_begin(&g_err, 400);
        snprintf(body, sizeof(body), "{\"__type\":\"%s\"}", cases[i].raw);
        (void)finish(body);
        assert_string_equal(g_err.type, cases[i].clean);
        assert_false(g_err.message_truncated);
    }
    /* Escaped separators are the same characters once decoded. */
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"code\":\"ns\\u0023ForbiddenError\\u003ahttp\"}"), WK_ERR_FORBIDDEN);
    assert_string_equal(g_err.type, "ForbiddenError");
    /* Sanitized type from a real message. */
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"__type\":\"aws.protocoltests.restjson#FooError:http://internal."
                            "amazon.com/coral/com.amazon.coral.validate/\"}"),
                     WK_ERR_SERVICE);
    assert_string_equal(g_err.type, "FooError");
}

static void test_modeled_and_auth_errors(void **state)
{
    static const struct {
        const char *name;
        uint16_t http;
        wk_status_t status;
    } cases[] = {
        {"BadRequestError", 400, WK_ERR_BAD_REQUEST},
        {"UnauthorizedError", 401, WK_ERR_UNAUTHORIZED},
        {"ForbiddenError", 403, WK_ERR_FORBIDDEN},
        {"ResourceNotFoundError", 404, WK_ERR_NOT_FOUND},
        {"ValidationError", 422, WK_ERR_VALIDATION},
        {"RateLimitError", 429, WK_ERR_RATE_LIMIT},
        {"InternalServerError", 500, WK_ERR_INTERNAL},
        {"InvalidSignatureException", 403, WK_ERR_INVALID_SIGNATURE},
        {"UnrecognizedClientException", 403, WK_ERR_UNRECOGNIZED_CLIENT},
        {"ExpiredTokenException", 403, WK_ERR_EXPIRED_TOKEN},
        {"AccessDeniedException", 403, WK_ERR_ACCESS_DENIED},
        {"MissingAuthenticationTokenException", 403, WK_ERR_MISSING_AUTH_TOKEN},
    };
    char body[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* By header, by body, and by the status function; the HTTP code does not
         * override a type. */
        wk_service_error_begin(&g_err, 418);
        header("x-amzn-ErrorType", cases[i].name);
        assert_int_equal(finish("{}"), cases[i].status);

        wk_service_error_begin(&g_err, 400);
        snprintf(body, sizeof(body), "{\"__type\":\"com.amazon.coral.service#%s\",\"message\":\"m\"}",
                 cases[i].name);
        assert_int_equal(finish(body), cases[i].status);
        assert_string_equal(g_err.type, cases[i].name);
        assert_string_equal(g_err.message, "m");

        assert_int_equal(wk_service_error_status_for(cases[i].name, strlen(cases[i].name), 200),
                         cases[i].status);
        /* Exact names only. */
        assert_int_equal(wk_service_error_status_for(cases[i].name, strlen(cases[i].name) - 1, 400),
                         WK_ERR_SERVICE);
    }
    assert_int_equal(wk_service_error_status_for("forbiddenerror", 14, 403), WK_ERR_SERVICE);

    /* The usual SigV4 failure body. */
    wk_service_error_begin(&g_err, 403);
    header("x-amzn-RequestId", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    assert_int_equal(finish("{\"message\":\"The request signature we calculated does not match "
                            "the signature you provided.\",\"__type\":\"InvalidSignatureException\"}"),
                     WK_ERR_INVALID_SIGNATURE);
    assert_string_equal(g_err.request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    assert_string_equal(g_err.message, "The request signature we calculated does not match the "
                                       "signature you provided.");
}

static void test_http_status_without_type(void **state)
{
    static const struct {
        uint16_t http;
        wk_status_t status;
    } cases[] = {
        {400, WK_ERR_BAD_REQUEST}, {401, WK_ERR_UNAUTHORIZED}, {403, WK_ERR_FORBIDDEN},
        {404, WK_ERR_NOT_FOUND},   {422, WK_ERR_VALIDATION},   {429, WK_ERR_RATE_LIMIT},
        {500, WK_ERR_INTERNAL},    {502, WK_ERR_INTERNAL},     {503, WK_ERR_INTERNAL},
        {599, WK_ERR_INTERNAL},    {405, WK_ERR_SERVICE},      {418, WK_ERR_SERVICE},
        {600, WK_ERR_SERVICE},     {301, WK_ERR_SERVICE},      {0, WK_ERR_SERVICE},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_service_error_begin(&g_err, cases[i].http);
        assert_int_equal(finish("{\"message\":\"no type here\"}"), cases[i].status);
        assert_string_equal(g_err.type, "");
        assert_string_equal(g_err.message, "no type here");
        assert_int_equal(g_err.http_status, cases[i].http);
        assert_int_equal(wk_service_error_status_for("", 0, cases[i].http), cases[i].status);
        assert_int_equal(wk_service_error_status_for(NULL, 0, cases[i].http), cases[i].status);
    }
}

static void test_unknown_type_kept(void **state)
{
    (void)state;
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish("{\"__type\":\"com.amazonaws.wickr#ConflictError\",\"Message\":\"Busy\"}"),
                     WK_ERR_SERVICE);
    assert_string_equal(g_err.type, "ConflictError");
    assert_string_equal(g_err.message, "Busy");
}

static void test_message_sources_and_escapes(void **state)
{
    (void)state;
    /* "message" wins over "Message", in either order. */
    wk_service_error_begin(&g_err, 404);
    assert_int_equal(finish("{\"Message\":\"upper\",\"message\":\"lower\"}"), WK_ERR_NOT_FOUND);
    assert_string_equal(g_err.message, "lower");
    wk_service_error_begin(&g_err, 404);
    (void)finish("{\"message\":\"lower\",\"Message\":\"upper\"}");
    assert_string_equal(g_err.message, "lower");
    wk_service_error_begin(&g_err, 404);
    (void)finish("{\"MESSAGE\":\"not a message key\"}");
    assert_string_equal(g_err.message, "");
    /* Not a string: ignored. */
    wk_service_error_begin(&g_err, 404);
    (void)finish("{\"message\":{\"text\":\"x\"},\"Message\":\"fallback\"}");
    assert_string_equal(g_err.message, "fallback");

    /* Escapes decoded; U+0000 shown, not ending the text. */
    wk_service_error_begin(&g_err, 404);
    (void)finish("{\"message\":\"User \\\"x\\\" not found \\u00e9 \\ud83d\\ude00 a\\u0000b\\/c\"}");
    assert_string_equal(g_err.message, "User \"x\" not found \xc3\xa9 \xf0\x9f\x98\x80 a\\u0000b/c");
    assert_false(g_err.message_truncated);

    /* Members deeper down are not the message. */
    wk_service_error_begin(&g_err, 404);
    (void)finish("{\"detail\":{\"message\":\"deep\"},\"list\":[{\"message\":\"deeper\"}]}");
    assert_string_equal(g_err.message, "");
}

static void test_reasons(void **state)
{
    const char *field = NULL, *reason = NULL;
    (void)state;
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish("{\"reasons\": [{\"field\": \"username\", \"reason\": \"username is "
                            "unavailable\"}]}"),
                     WK_ERR_VALIDATION);
    assert_int_equal(g_err.reason_count, 1);
    assert_int_equal(wk_service_error_reason(&g_err, 0, &field, &reason), WK_OK);
    assert_string_equal(field, "username");
    assert_string_equal(reason, "username is unavailable");
    assert_int_equal(wk_service_error_reason(&g_err, 1, &field, &reason), WK_ERR_ARG);

    wk_service_error_begin(&g_err, 422);
    header("X-Amzn-Errortype", "ValidationError:http://x");
    assert_int_equal(finish("{\"message\":\"Invalid input\",\"reasons\":["
                            "{\"reason\":\"must be 8 digits\",\"field\":\"networkId\"},"
                            "7, null, \"x\","
                            "{\"field\":\"maxResults\",\"reason\":\"1-100\",\"extra\":[1,{}]},"
                            "{\"field\":\"sortFields\"},"
                            "{\"reason\":\"r\\u00e9ason\"}]}"),
                     WK_ERR_VALIDATION);
    assert_string_equal(g_err.message, "Invalid input");
    assert_int_equal(g_err.reason_count, 4);
    wk_service_error_reason(&g_err, 0, &field, &reason);
    assert_string_equal(field, "networkId");
    assert_string_equal(reason, "must be 8 digits");
    wk_service_error_reason(&g_err, 1, &field, &reason);
    assert_string_equal(field, "maxResults");
    assert_string_equal(reason, "1-100");
    wk_service_error_reason(&g_err, 2, &field, &reason);
    assert_string_equal(field, "sortFields");
    assert_string_equal(reason, "");
    wk_service_error_reason(&g_err, 3, &field, &reason);
    assert_string_equal(field, "");
    assert_string_equal(reason, "r\xc3\xa9" "ason");
    assert_false(g_err.message_truncated);

    assert_int_equal(wk_service_error_reason(NULL, 0, &field, &reason), WK_ERR_ARG);
    assert_int_equal(wk_service_error_reason(&g_err, 0, NULL, &reason), WK_ERR_ARG);
    assert_int_equal(wk_service_error_reason(&g_err, 0, &field, NULL), WK_ERR_ARG);
}

/* A member repeated inside one reason: the last one wins, wherever the other
 * text is; a repeat finds the room the earlier text took. */
static void test_reasons_repeated_members(void **state)
{
    static char body[4096];
    const char *field = NULL, *reason = NULL;
    size_t n;
    (void)state;
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish("{\"reasons\":[{\"field\":\"a\",\"reason\":\"r1\",\"field\":\"bb\"},"
                            "{\"reason\":\"r2\",\"field\":\"c\",\"reason\":\"r3\"},"
                            "{\"reason\":\"r4\",\"reason\":\"r5\"}]}"),
                     WK_ERR_VALIDATION);
    assert_int_equal(g_err.reason_count, 3);
    wk_service_error_reason(&g_err, 0, &field, &reason);
    assert_string_equal(field, "bb");
    assert_string_equal(reason, "r1");
    wk_service_error_reason(&g_err, 1, &field, &reason);
    assert_string_equal(field, "c");
    assert_string_equal(reason, "r3");
    wk_service_error_reason(&g_err, 2, &field, &reason);
    assert_string_equal(field, "");
    assert_string_equal(reason, "r5");
    assert_false(g_err.message_truncated);

    /* A field longer than the pool is cut, visibly; its repeat finds no room
     * (said), and the reason still gets the room kept for it. */
    n = (size_t)sprintf(body, "{\"reasons\":[{\"field\":\"");
    memset(body + n, 'f', 2 * CONFIG_WK_ERROR_REASONS_MAX);
    n += 2 * CONFIG_WK_ERROR_REASONS_MAX;
    strcpy(body + n, "\",\"field\":\"g\",\"reason\":\"r\"}]}");
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish(body), WK_ERR_VALIDATION);
    assert_int_equal(g_err.reason_count, 1);
    wk_service_error_reason(&g_err, 0, &field, &reason);
    assert_true(strlen(field) > 3);
    assert_string_equal(field + strlen(field) - 3, "...");
    assert_int_equal(field[0], 'f');
    assert_string_equal(reason, "r");
    assert_true(g_err.message_truncated);
}

static void test_reasons_overflow_is_reported(void **state)
{
    static char body[16384];
    const char *field = NULL, *reason = NULL;
    size_t n, i;
    (void)state;
    /* More reasons than the pool holds (few tokens each, so the token limit is not the cut). */
    n = (size_t)sprintf(body, "{\"reasons\":[");
    for (i = 0; i < 12; i++) {
        n += (size_t)sprintf(body + n, "%s{\"field\":\"field%02zu\",\"reason\":\"%0120zu\"}",
                             i ? "," : "", i, i);
    }
    strcpy(body + n, "]}");
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish(body), WK_ERR_VALIDATION);
    assert_true(g_err.message_truncated);
    assert_true(g_err.reason_count >= 1);
    assert_true(g_err.reason_count < 12);
    assert_true(g_err.reasons_len <= sizeof(g_err.reasons));
    for (i = 0; i + 1 < g_err.reason_count; i++) {
        assert_int_equal(wk_service_error_reason(&g_err, i, &field, &reason), WK_OK);
        assert_int_equal(strlen(reason), 120);
    }
    /* The last one kept is cut, visibly. */
    assert_int_equal(wk_service_error_reason(&g_err, i, &field, &reason), WK_OK);
    assert_true(strlen(reason) >= 3);
    assert_string_equal(reason + strlen(reason) - 3, "...");

    /* One reason that fills the pool to its last byte, then one more. */
    n = (size_t)sprintf(body, "{\"reasons\":[{\"field\":\"\",\"reason\":\"");
    memset(body + n, 'r', CONFIG_WK_ERROR_REASONS_MAX - 5);
    n += CONFIG_WK_ERROR_REASONS_MAX - 5;
    strcpy(body + n, "\"},{\"field\":\"x\",\"reason\":\"y\"}]}");
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish(body), WK_ERR_VALIDATION);
    assert_int_equal(g_err.reason_count, 1);
    assert_int_equal(g_err.reasons_len, sizeof(g_err.reasons));
    assert_int_equal(wk_service_error_reason(&g_err, 0, &field, &reason), WK_OK);
    assert_string_equal(field, "");
    assert_int_equal(strlen(reason), CONFIG_WK_ERROR_REASONS_MAX - 5);
    assert_true(g_err.message_truncated); /* the second one was dropped */
}

static void test_long_texts_are_cut_visibly(void **state)
{
    static char body[8192];
    char longid[300];
    size_t n, i;
    (void)state;
    /* ASCII */
    n = (size_t)sprintf(body, "{\"message\":\"");
    for (i = 0; i < 600; i++) {
        body[n++] = (char)('a' + i % 26);
    }
    strcpy(body + n, "\"}");
    wk_service_error_begin(&g_err, 400);
    assert_int_equal(finish(body), WK_ERR_BAD_REQUEST);
    assert_true(g_err.message_truncated);
    assert_int_equal(strlen(g_err.message), sizeof(g_err.message) - 1);
    assert_string_equal(g_err.message + strlen(g_err.message) - 3, "...");
    assert_memory_equal(g_err.message, "abcdefghij", 10);

    /* Two-byte characters: the cut falls on a character boundary. */
    n = (size_t)sprintf(body, "{\"message\":\"");
    for (i = 0; i < 400; i++) {
        n += (size_t)sprintf(body + n, (i % 2) ? "\xc3\xa9" : "\\u00e9");
    }
    strcpy(body + n, "\"}");
    wk_service_error_begin(&g_err, 400);
    (void)finish(body);
    assert_true(g_err.message_truncated);
    assert_true(valid_utf8(g_err.message));
    assert_string_equal(g_err.message + strlen(g_err.message) - 3, "...");
    assert_memory_equal(g_err.message, "\xc3\xa9\xc3\xa9", 4);

    /* Exactly the buffer: no cut. */
    n = (size_t)sprintf(body, "{\"message\":\"");
    memset(body + n, 'm', sizeof(g_err.message) - 1);
    n += sizeof(g_err.message) - 1;
    strcpy(body + n, "\"}");
    wk_service_error_begin(&g_err, 400);
    (void)finish(body);
    assert_false(g_err.message_truncated);
    assert_int_equal(strlen(g_err.message), sizeof(g_err.message) - 1);
    assert_int_equal(g_err.message[sizeof(g_err.message) - 2], 'm');

    /* Request id and type from headers. */
    memset(longid, 'r', sizeof(longid) - 1);
    longid[sizeof(longid) - 1] = '\0';
    wk_service_error_begin(&g_err, 400);
    header("X-AMZN-REQUESTID", longid);
    assert_true(g_err.message_truncated);
    assert_int_equal(finish("{}"), WK_ERR_BAD_REQUEST);
    assert_true(g_err.message_truncated);
    assert_int_equal(strlen(g_err.request_id), sizeof(g_err.request_id) - 1);
    assert_string_equal(g_err.request_id + strlen(g_err.request_id) - 3, "...");

    wk_service_error_begin(&g_err, 400);
    header("x-amzn-errortype", longid);
    assert_int_equal(finish("{}"), WK_ERR_SERVICE); /* a cut name matches nothing */
    assert_true(g_err.message_truncated);
    assert_string_equal(g_err.type + strlen(g_err.type) - 3, "...");
}

static void test_non_json_bodies(void **state)
{
    static const char *const bodies[] = {
        "<html><head><title>403 Forbidden</title></head></html>",
        "Service Unavailable",
        "",
        "   ",
        "[\"message\",\"x\"]",
        "\"just a string\"",
        "{\"message\":\"unterminated",
        "{\"message\":\"x\"} trailing",
        "{\"message\":\"lone \\ud800 surrogate\"}",
        "{\"message\":\"ctrl \x01 char\"}",
        "{\"message\":\"bad \xc0\xaf utf8\"}",
        "{\"message\":\"ok\",\"reasons\":[{\"field\":\"f\",\"reason\":\"bad \\udc00\"}]}",
    };
    char body[sizeof(g_err.message) + 32];
    size_t n;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        wk_service_error_begin(&g_err, 403);
        header("x-amzn-requestid", "req-1");
        assert_int_equal(finish(bodies[i]), WK_ERR_FORBIDDEN);
        assert_string_equal(g_err.message, "");
        assert_string_equal(g_err.type, "");
        assert_int_equal(g_err.reason_count, 0);
        assert_string_equal(g_err.request_id, "req-1");
        assert_false(g_err.message_truncated);
    }
    /* A text cut in a body that turns out malformed is not said to be cut. */
    n = (size_t)sprintf(body, "{\"message\":\"");
    memset(body + n, 'm', sizeof(g_err.message));
    strcpy(body + n + sizeof(g_err.message), "\"} trailing");
    wk_service_error_begin(&g_err, 403);
    assert_int_equal(finish(body), WK_ERR_FORBIDDEN);
    assert_string_equal(g_err.message, "");
    assert_false(g_err.message_truncated);
    /* A type taken from the header survives a body that turns out malformed. */
    wk_service_error_begin(&g_err, 400);
    header("x-amzn-errortype", "ForbiddenError");
    assert_int_equal(finish("{\"message\":\"\\ud800\"}"), WK_ERR_FORBIDDEN);
    assert_string_equal(g_err.type, "ForbiddenError");
    /* NULL body with no length: headers and HTTP status only. */
    wk_service_error_begin(&g_err, 429);
    assert_int_equal(wk_service_error_finish(&g_err, NULL, 0), WK_ERR_RATE_LIMIT);
}

static void test_many_tokens_read_partially(void **state)
{
    static char body[8192];
    size_t n, i;
    (void)state;
    n = (size_t)sprintf(body, "{\"__type\":\"ValidationError\",\"message\":\"first\",\"reasons\":[");
    for (i = 0; i < 200; i++) {
        n += (size_t)sprintf(body + n, "%s{\"field\":\"f\",\"reason\":\"r\"}", i ? "," : "");
    }
    strcpy(body + n, "]}");
    wk_service_error_begin(&g_err, 422);
    assert_int_equal(finish(body), WK_ERR_VALIDATION);
    assert_string_equal(g_err.message, "first");
    assert_true(g_err.reason_count > 0);
    assert_true(g_err.reason_count < 200);
    assert_true(g_err.message_truncated);
}

static void test_arguments(void **state)
{
    (void)state;
    assert_int_equal(wk_service_error_begin(NULL, 400), WK_ERR_ARG);
    assert_int_equal(wk_service_error_begin(&g_err, 400), WK_OK);
    assert_int_equal(wk_service_error_header(NULL, "a", 1, "b", 1), WK_ERR_ARG);
    assert_int_equal(wk_service_error_header(&g_err, NULL, 1, "b", 1), WK_ERR_ARG);
    assert_int_equal(wk_service_error_header(&g_err, "a", 1, NULL, 1), WK_ERR_ARG);
    assert_int_equal(wk_service_error_header(&g_err, "Content-Type", 12, "text/html", 9), WK_OK);
    assert_int_equal(wk_service_error_header(&g_err, "", 0, "", 0), WK_OK);
    assert_int_equal(wk_service_error_finish(NULL, (const uint8_t *)"{}", 2), WK_ERR_ARG);
    assert_int_equal(wk_service_error_finish(&g_err, NULL, 5), WK_ERR_ARG);
    assert_int_equal(finish("{}"), WK_ERR_BAD_REQUEST);
    assert_string_equal(g_err.type, "");
    assert_string_equal(g_err.request_id, "");
    /* Headers are matched by whole name. */
    wk_service_error_begin(&g_err, 400);
    header("X-Amzn-Errortype-Extra", "ForbiddenError");
    header("x-amzn-requestid2", "nope");
    assert_int_equal(finish(""), WK_ERR_BAD_REQUEST);
    assert_string_equal(g_err.request_id, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_precedence),
        cmocka_unit_test(test_sanitizing),
        cmocka_unit_test(test_modeled_and_auth_errors),
        cmocka_unit_test(test_http_status_without_type),
        cmocka_unit_test(test_unknown_type_kept),
        cmocka_unit_test(test_message_sources_and_escapes),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_reasons_repeated_members),
        cmocka_unit_test(test_reasons_overflow_is_reported),
        cmocka_unit_test(test_long_texts_are_cut_visibly),
        cmocka_unit_test(test_non_json_bodies),
        cmocka_unit_test(test_many_tokens_read_partially),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
