/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Runs raw response bytes through wk_http_parser_* and prints what it saw, one
 * event a line, for llhttp_vectors.py to compare with llhttp's expectations:
 *
 *   http_vector_driver FILE [--eof] [--step N]
 *
 * --step N feeds N bytes at a time (0, the default: all at once). After a
 * complete keep-alive message the rest of the input starts a new one
 * (pipelining); after one that closes the connection, more bytes are
 * WK_ERR_HTTP_EXTRA_BYTES, as the client reports them. Output:
 *   message                     a response starts
 *   status CODE                 on_head_done
 *   header HEXNAME HEXVALUE     on_header
 *   body HEX                    body bytes, joined per message
 *   complete KEEPALIVE          WK_OK for this message (0 or 1)
 *   result STATUS DIAG          the final status (WK_OK: input used up
 *                               after a complete message)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk.h"

static uint8_t g_body[1 << 20];
static size_t g_body_len;

static void hex(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    if (n == 0u) {
        fputs("-", stdout);
    }
    for (i = 0; i < n; i++) {
        printf("%02x", b[i]);
    }
}

static wk_status_t on_header(void *ctx, const char *name, size_t name_len, const char *value,
                             size_t value_len)
{
    (void)ctx;
    fputs("header ", stdout);
    hex(name, name_len);
    fputs(" ", stdout);
    hex(value, value_len);
    fputs("\n", stdout);
    return WK_OK;
}

static wk_status_t on_head_done(void *ctx, uint16_t status)
{
    (void)ctx;
    printf("status %u\n", (unsigned)status);
    return WK_OK;
}

static wk_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (g_body_len + len > sizeof(g_body)) {
        return WK_ERR_NO_SPACE;
    }
    memcpy(g_body + g_body_len, data, len);
    g_body_len += len;
    return WK_OK;
}

static void flush_body(void)
{
    if (g_body_len > 0u) {
        fputs("body ", stdout);
        hex(g_body, g_body_len);
        fputs("\n", stdout);
        g_body_len = 0u;
    }
}

int main(int argc, char **argv)
{
    static const wk_http_callbacks_t cb = {on_header, on_head_done, on_body};
    static uint8_t in[1 << 20];
    static wk_http_parser_t p;
    wk_diag_t diag;
    int eof = 0, i;
    size_t step = 0u, len, off = 0u;
    wk_status_t st = WK_PARTIAL;
    FILE *f;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [--eof] [--step N]\n", argv[0]);
        return 2;
    }
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--eof") == 0) {
            eof = 1;
        } else if (strcmp(argv[i], "--step") == 0 && i + 1 < argc) {
            step = (size_t)strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    len = fread(in, 1, sizeof(in), f);
    fclose(f);

    memset(&diag, 0, sizeof(diag));
    wk_http_parser_init(&p, &cb, NULL);
    puts("message");
    while (off < len) {
        size_t n = (step == 0u || len - off < step) ? len - off : step;
        size_t used = 0u;
        st = wk_http_parser_feed(&p, in + off, n, &used, &diag);
        off += used;
        if (st == WK_OK) {
            flush_body();
            printf("complete %d\n", wk_http_parser_keep_alive(&p) ? 1 : 0);
            if (off < len && !wk_http_parser_keep_alive(&p)) {
                st = WK_ERR_HTTP_EXTRA_BYTES;
                snprintf(diag.text, sizeof(diag.text), "byte %zu: data after a closing message", off);
                break;
            }
            if (off < len) {
                wk_http_parser_init(&p, &cb, NULL);
                puts("message");
                st = WK_PARTIAL;
            }
        } else if (st != WK_PARTIAL) {
            break;
        }
    }
    if (st == WK_PARTIAL && eof) {
        st = wk_http_parser_eof(&p, &diag);
        flush_body();
        if (st == WK_OK) {
            printf("complete %d\n", wk_http_parser_keep_alive(&p) ? 1 : 0);
        }
    }
    flush_body();
    printf("result %s %s\n", wk_status_str(st), st < 0 ? diag.text : "");
    return 0;
}
