/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the HTTP response parser. The first byte picks the piece
 * size (low six bits) and whether the input ends with EOF (top bit), so
 * splits are fuzzed too; every piece must be consumed whole unless the
 * message ended. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wk_status_t on_header(void *ctx, const char *n, size_t nl, const char *v, size_t vl)
{
    (void)ctx;
    if (nl == 0u || (vl > 0u && v == NULL) || n == NULL) {
        abort();
    }
    return WK_OK;
}

static wk_status_t on_body(void *ctx, const uint8_t *d, size_t len)
{
    volatile uint8_t sink = 0;
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) {
        sink ^= d[i]; /* ASan checks that the pointer covers len bytes */
    }
    (void)sink;
    return WK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const wk_http_callbacks_t cb = {on_header, NULL, on_body};
    static wk_http_parser_t p;
    wk_diag_t diag;
    size_t step, off = 1u;
    wk_status_t st = WK_PARTIAL;
    if (size < 1u) {
        return 0;
    }
    step = (size_t)(data[0] & 0x3Fu) + 1u;
    wk_http_parser_init(&p, &cb, NULL);
    while (st == WK_PARTIAL && off < size) {
        size_t n = size - off < step ? size - off : step;
        size_t used = 0u;
        st = wk_http_parser_feed(&p, data + off, n, &used, &diag);
        if (used > n || (st == WK_PARTIAL && used != n)) {
            abort();
        }
        off += n;
    }
    if (st == WK_PARTIAL && (data[0] & 0x80u) != 0u) {
        st = wk_http_parser_eof(&p, &diag);
    }
    if (st < 0 && memchr(diag.text, '\0', sizeof(diag.text)) == NULL) {
        abort(); /* the diagnostic is always terminated */
    }
    return 0;
}
