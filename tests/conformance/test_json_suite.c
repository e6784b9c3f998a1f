/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSONTestSuite through wk_json_validate_*: every y_ file accepted, every n_
 * file rejected, and each i_ file answered as jsontestsuite_i.txt records
 * (accepted, or rejected with the status named there). Each file is fed whole
 * and one byte at a time; both must agree.
 */
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
#include "wk/wk.h"

#define SUITE_DIR WK_SOURCE_DIR "/tests/vectors/json/test_parsing"
#define I_FILE WK_SOURCE_DIR "/tests/conformance/jsontestsuite_i.txt"

static wk_json_validator_t g_v;

/* Feeds len bytes in pieces of step (0: all at once), then finishes. */
static wk_status_t validate(const char *doc, size_t len, size_t step, wk_diag_t *diag)
{
    size_t off = 0u;
    wk_status_t st = WK_PARTIAL;
    assert_int_equal(wk_json_validate_init(&g_v), WK_OK);
    memset(diag, 0, sizeof(*diag));
    while (st >= 0 && off < len) {
        size_t n = (step == 0u || len - off < step) ? len - off : step;
        st = wk_json_validate_feed(&g_v, (const uint8_t *)doc + off, n, diag);
        off += n;
    }
    if (st >= 0) {
        st = wk_json_validate_finish(&g_v, diag);
    }
    return st;
}

/* The recorded answer for an i_ file: WK_OK or a status name. */
static const char *recorded(const char *records, const char *name)
{
    static char status[64];
    const char *at = records;
    size_t n = strlen(name);
    while ((at = strstr(at, name)) != NULL) {
        if ((at == records || at[-1] == '\n') && at[n] == ' ') {
            const char *s = at + n;
            size_t k = 0u;
            while (*s == ' ') {
                s++;
            }
            while (s[k] != '\0' && s[k] != ' ' && s[k] != '\n' && k + 1u < sizeof(status)) {
                status[k] = s[k];
                k++;
            }
            status[k] = '\0';
            return status;
        }
        at += n;
    }
    return NULL;
}

static void test_json_test_suite(void **state)
{
    DIR *dir = opendir(SUITE_DIR);
    struct dirent *ent;
    size_t records_len;
    char *records = test_read_file(I_FILE, &records_len);
    size_t y_ok = 0, y_all = 0, n_ok = 0, n_all = 0, i_ok = 0, i_all = 0, i_accepted = 0;
    (void)state;
    assert_non_null(dir);
    assert_non_null(records);
    while ((ent = readdir(dir)) != NULL) {
        char path[1024];
        size_t len;
        char *doc;
        wk_diag_t diag, diag1;
        wk_status_t whole, bytes;
        const char *want;
        const char *got;
        if (strlen(ent->d_name) < 6 || strcmp(ent->d_name + strlen(ent->d_name) - 5, ".json") != 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", SUITE_DIR, ent->d_name);
        doc = test_read_file(path, &len);
        assert_non_null(doc);
        whole = validate(doc, len, 0u, &diag);
        bytes = validate(doc, len, 1u, &diag1);
        if (whole != bytes || strcmp(diag.text, diag1.text) != 0) {
            fail_msg("%s: whole %s (%s), byte by byte %s (%s)", ent->d_name, wk_status_str(whole),
                     diag.text, wk_status_str(bytes), diag1.text);
        }
        got = (whole == WK_OK) ? "WK_OK" : wk_status_str(whole);
        if (whole != WK_OK && strstr(diag.text, "offset ") == NULL) {
            fail_msg("%s: %s without an offset: %s", ent->d_name, got, diag.text);
        }
        if (ent->d_name[0] == 'y') {
            y_all++;
            y_ok += whole == WK_OK;
            if (whole != WK_OK) {
                print_message("MISS %s: rejected %s (%s)\n", ent->d_name, got, diag.text);
            }
        } else if (ent->d_name[0] == 'n') {
            n_all++;
            n_ok += whole < 0;
            if (whole >= 0) {
                print_message("MISS %s: accepted\n", ent->d_name);
            }
        } else {
            i_all++;
            i_accepted += whole == WK_OK;
            want = recorded(records, ent->d_name);
            if (want != NULL && strcmp(want, got) == 0) {
                i_ok++;
            } else {
                print_message("MISS %s: got %s (%s), recorded %s\n", ent->d_name, got, diag.text,
                              want != NULL ? want : "nothing");
            }
        }
        free(doc);
    }
    closedir(dir);
    free(records);
    print_message("y_: %zu/%zu accepted; n_: %zu/%zu rejected; i_: %zu/%zu as recorded "
                  "(%zu accepted, %zu rejected)\n",
                  y_ok, y_all, n_ok, n_all, i_ok, i_all, i_accepted, i_all - i_accepted);
    assert_int_equal(y_all, 95);
    assert_int_equal(n_all, 188);
    assert_int_equal(i_all, 35);
    assert_int_equal(y_ok, y_all);
    assert_int_equal(n_ok, n_all);
    assert_int_equal(i_ok, i_all);
}

/* Top-level scalars, where a document ends, and the API's own rules. */
static void test_validator_edges(void **state)
{
    static const struct {
        const char *doc;
        wk_status_t want;
    } cases[] = {
        {"0", WK_OK}, {"-0.5e+3", WK_OK}, {" 12 ", WK_OK}, {"\"a\"", WK_OK}, {"null", WK_OK},
        {"[]", WK_OK}, {"{}", WK_OK}, {"[1,{\"a\":[true]}]\r\n", WK_OK},
        {"", WK_ERR_JSON_TRUNCATED}, {" ", WK_ERR_JSON_TRUNCATED}, {"-", WK_ERR_JSON_TRUNCATED},
        {"1.", WK_ERR_JSON_TRUNCATED}, {"1e", WK_ERR_JSON_TRUNCATED}, {"[", WK_ERR_JSON_TRUNCATED},
        {"\"a", WK_ERR_JSON_TRUNCATED}, {"tru", WK_ERR_JSON_TRUNCATED},
        {"1 2", WK_ERR_JSON_TRAILING}, {"\"a\"\"b\"", WK_ERR_JSON_TRAILING},
        {"[]]", WK_ERR_JSON_TRAILING}, {"{}{}", WK_ERR_JSON_TRAILING}, {"nullx", WK_ERR_JSON_TRAILING},
        {"01", WK_ERR_JSON_NUMBER}, {"1.e1", WK_ERR_JSON_NUMBER}, {"]", WK_ERR_JSON_SYNTAX},
        {"\"\\ud800\"", WK_ERR_JSON_STRING},
    };
    wk_diag_t diag;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wk_status_t st = validate(cases[i].doc, strlen(cases[i].doc), 0u, &diag);
        if (st != cases[i].want) {
            fail_msg("\"%s\": %s, want %s (%s)", cases[i].doc, wk_status_str(st),
                     wk_status_str(cases[i].want), diag.text);
        }
        assert_int_equal(validate(cases[i].doc, strlen(cases[i].doc), 1u, &diag), cases[i].want);
    }
    /* A top-level number is not complete until the input ends or a delimiter comes. */
    assert_int_equal(wk_json_validate_init(&g_v), WK_OK);
    assert_int_equal(wk_json_validate_feed(&g_v, (const uint8_t *)"12", 2, NULL), WK_PARTIAL);
    assert_int_equal(wk_json_validate_feed(&g_v, (const uint8_t *)" ", 1, NULL), WK_OK);
    /* Nesting: CONFIG_WK_JSON_MAX_DEPTH levels fit, one more does not. */
    {
        char doc[2 * CONFIG_WK_JSON_MAX_DEPTH + 4];
        memset(doc, '[', CONFIG_WK_JSON_MAX_DEPTH);
        memset(doc + CONFIG_WK_JSON_MAX_DEPTH, ']', CONFIG_WK_JSON_MAX_DEPTH);
        assert_int_equal(validate(doc, 2u * CONFIG_WK_JSON_MAX_DEPTH, 0u, &diag), WK_OK);
        memset(doc, '[', CONFIG_WK_JSON_MAX_DEPTH + 1);
        memset(doc + CONFIG_WK_JSON_MAX_DEPTH + 1, ']', CONFIG_WK_JSON_MAX_DEPTH + 1);
        assert_int_equal(validate(doc, 2u * CONFIG_WK_JSON_MAX_DEPTH + 2u, 0u, &diag),
                         WK_ERR_JSON_TOO_DEEP);
        assert_non_null(strstr(diag.text, "CONFIG_WK_JSON_MAX_DEPTH"));
    }
    /* Arguments, and a reader with tables is not a validator. */
    assert_int_equal(wk_json_validate_init(NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_validate_feed(NULL, NULL, 0, NULL), WK_ERR_ARG);
    assert_int_equal(wk_json_validate_finish(NULL, NULL), WK_ERR_ARG);
    {
        typedef struct {
            bool a;
            uint32_t present;
        } record_t;
        static const wk_json_member_t members[] = {WK_JSON_BOOL("a", offsetof(record_t, a))};
        static const wk_json_object_t table =
            WK_JSON_TABLE(members, offsetof(record_t, present), 0u, NULL);
        static const wk_json_doc_t doc = {&table, 0u, 0u, "none"};
        static record_t record;
        assert_int_equal(wk_json_reader_init(&g_v, &doc, NULL), WK_ERR_ARG);
        assert_int_equal(wk_json_reader_init(&g_v, &doc, &record), WK_OK);
        assert_int_equal(wk_json_validate_feed(&g_v, (const uint8_t *)"{}", 2, NULL), WK_ERR_ARG);
        assert_int_equal(wk_json_validate_finish(&g_v, NULL), WK_ERR_ARG);
    }
    assert_int_equal(wk_json_validate_init(&g_v), WK_OK);
    assert_int_equal(wk_json_validate_feed(&g_v, NULL, 1, NULL), WK_ERR_ARG);
    /* Failures stick. */
    assert_int_equal(wk_json_validate_feed(&g_v, (const uint8_t *)"[,", 2, &diag), WK_ERR_JSON_SYNTAX);
    assert_int_equal(wk_json_validate_feed(&g_v, (const uint8_t *)"]", 1, NULL), WK_ERR_JSON_SYNTAX);
    assert_int_equal(wk_json_validate_finish(&g_v, NULL), WK_ERR_JSON_SYNTAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_test_suite),
        cmocka_unit_test(test_validator_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
