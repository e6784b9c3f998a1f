/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_file.h"
#include "wk_internal.h"

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(wk_status_str(WK_OK), "WK_OK");
    assert_string_equal(wk_status_str(WK_ERR_NETWORK_ID), "WK_ERR_NETWORK_ID");
    assert_string_equal(wk_status_str(WK_ERR_JSON_FIELD_TOO_LONG), "WK_ERR_JSON_FIELD_TOO_LONG");
    assert_string_equal(wk_status_str((wk_status_t)-12345), "WK_STATUS_UNKNOWN");
}

/* Every status wk_status.h declares has its own name, read from the header. */
static void test_every_status_named(void **state)
{
    size_t len = 0u;
    char *header = test_read_file(WK_SOURCE_DIR "/core/include/wk/wk_status.h", &len);
    const char *p = header;
    size_t count = 0u;
    (void)state;
    assert_non_null(header);
    while ((p = strstr(p, "\n    WK_")) != NULL) {
        char name[64];
        int value = 0;
        if (sscanf(p + 5, "%63[A-Z0-9_] = %d", name, &value) == 2) {
            if (strcmp(wk_status_str((wk_status_t)value), name) != 0) {
                fail_msg("%d is %s, named %s", value, name, wk_status_str((wk_status_t)value));
            }
            count++;
        }
        p += 5;
    }
    assert_int_equal(count, 63);
    free(header);
}

static void test_diag_builds_and_escapes(void **state)
{
    wk_diag_t d;
    (void)state;
    wk_diag_clear(&d);
    wk_diag_str(&d, "field 'x' at offset ");
    wk_diag_u64(&d, 18446744073709551615u);
    wk_diag_str(&d, " ");
    wk_diag_i64(&d, INT64_MIN);
    wk_diag_strn(&d, "\n\x01", 2);
    assert_string_equal(d.text,
                        "field 'x' at offset 18446744073709551615 -9223372036854775808\\x0a\\x01");
    assert_int_equal(d.len, strlen(d.text));
    wk_diag_str(NULL, "ignored");
}

static void test_diag_cut_is_visible(void **state)
{
    wk_diag_t d;
    size_t i;
    (void)state;
    wk_diag_clear(&d);
    for (i = 0; i < 2u * CONFIG_WK_DIAG_MAX; i++) {
        wk_diag_str(&d, "a");
    }
    assert_int_equal(d.len, CONFIG_WK_DIAG_MAX - 1u);
    assert_memory_equal(d.text + d.len - 3u, "...", 3);
}

static void test_string_helpers(void **state)
{
    char hex[9] = {0};
    const uint8_t bytes[4] = {0x00, 0xab, 0x10, 0xff};
    (void)state;
    assert_int_equal(wk_strlen("abc"), 3);
    assert_true(wk_streq("abc", "abc"));
    assert_false(wk_streq("abc", "abcd"));
    assert_true(wk_ieq("X-Amzn-RequestId", 16, "x-amzn-requestid"));
    assert_false(wk_ieq("X-Amzn", 6, "x-amzn-requestid"));
    wk_hex_lower(bytes, 4, hex);
    assert_string_equal(hex, "00ab10ff");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_every_status_named),
        cmocka_unit_test(test_diag_builds_and_escapes),
        cmocka_unit_test(test_diag_cut_is_visible),
        cmocka_unit_test(test_string_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
