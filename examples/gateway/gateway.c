/* SPDX-License-Identifier: Apache-2.0 */
/* A gateway's sync job: page through every user of a network and persist
 * the resume cursor (wk_cursor_t) after each page, so a run that is cut
 * short (power, network, a page limit) continues where it stopped instead
 * of starting over.
 *
 *   gateway NETWORK_ID CURSOR_FILE [MAX_PAGES [PAGE_SIZE]]
 *
 * Settings come from the environment as in examples/minimal. Prints
 * "userId username" a line. Exit status: 0 the listing is complete (the
 * cursor file is removed, so the next run starts from the beginning);
 * 2 MAX_PAGES (0: no limit) reached, cursor saved; 1 failure (the cursor names the page
 * that failed and how many of its users were printed, so running again
 * continues with the next user; standard output closed or not writable is one;
 * when the page changed while it was read, WK_ERR_PAGE_CHANGED, no cursor
 * continues exactly after them, so it names the page's start and the next run
 * prints that page's users again).
 *
 * Output is flushed before the cursor is saved: a crash between the two
 * repeats users but never skips one. The cursor is saved as the text of
 * wk_cursor_format() into CURSOR_FILE.tmp, which is then renamed, so a crash
 * leaves either the old cursor or the new one, never half of one. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

enum { EXIT_DONE = 0, EXIT_FAILED = 1, EXIT_PAGE_LIMIT = 2 };

static wk_client_t client;
static wk_posix_conn_t tcp_conn; /* TCP from the POSIX port */
static wk_tls_connector_t net;   /* TLS on top (wk_tls.h); the TLS library allocates its records */
/* a reconnect (the server closed a kept-alive connection, a retry) resumes
 * the first handshake's TLS session instead of making a full one */
static wk_tls_resume_t tls_session;
static wk_cursor_t resume_from;
static char cursor_text[WK_CURSOR_TEXT_MAX];
static char tmp_path[4096];

typedef struct sync_state {
    const char *cursor_path;
    unsigned long max_pages; /* 0: no limit */
    unsigned long pages;
    int exit_code;
} sync_state_t;

/* The service's text as text only: a name may hold terminal escapes, so C0
 * and C1 controls, DEL and '\' are written as \xNN. */
static void print_escaped(wk_str_t s)
{
    for (size_t i = 0u; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == 0xc2u && i + 1u < s.len && (unsigned char)s.ptr[i + 1u] < 0xa0u) {
            printf("\\x%02x\\x%02x", c, (unsigned char)s.ptr[++i]); /* U+0080..U+009F */
        } else if (c < 0x20u || c == 0x7fu || c == '\\') {
            printf("\\x%02x", c);
        } else {
            putchar(c);
        }
    }
}

static wk_status_t print_user(void *ctx, const wk_user_t *user)
{
    (void)ctx;
    print_escaped(user->user_id);
    putchar(' ');
    print_escaped(user->username);
    putchar('\n');
    return WK_OK;
}

/* Reads the saved cursor. Returns 0 (none saved), 1 (loaded) or -1 (unusable:
 * refused rather than guessed at, since a wrong cursor skips or repeats users). */
static int load_cursor(const char *path)
{
    FILE *f = fopen(path, "rb");
    wk_diag_t diag;
    size_t n;
    if (f == NULL) {
        return errno == ENOENT ? 0 : -1;
    }
    n = fread(cursor_text, 1u, sizeof(cursor_text), f);
    fclose(f);
    if (n == sizeof(cursor_text) || wk_cursor_parse(&resume_from, cursor_text, n, &diag) != WK_OK) {
        fprintf(stderr, "%s: not a usable cursor: %s\n", path,
                n == sizeof(cursor_text) ? "too long" : diag.text);
        return -1;
    }
    return 1;
}

static int write_file_atomically(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(tmp_path, "wb");
    int ok = f != NULL && fwrite(text, 1u, len, f) == len;
    ok = f != NULL && fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
    if (f != NULL && fclose(f) != 0) {
        ok = 0;
    }
    return ok && rename(tmp_path, path) == 0 ? 0 : -1;
}

/* Makes the output durable, then records where the listing stands: the
 * cursor text (or, with from_page_start, the start of its page), or no file
 * at all once the last page is done. */
static int save_progress(const char *path, int from_page_start)
{
    static wk_cursor_t page_start;
    const wk_cursor_t *cur;
    size_t len;
    wk_status_t where;

    /* ferror() too: a write that failed earlier, while printing, emptied the buffer */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "cannot write the output: %s\n", strerror(errno));
        return -1;
    }
    where = wk_client_cursor(&client, &cur);
    if (where == WK_PARTIAL) {
        if (remove(path) != 0 && errno != ENOENT) {
            fprintf(stderr, "%s: cannot remove the cursor: %s\n", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (where == WK_OK && from_page_start) {
        page_start = *cur;
        page_start.index = 0u; /* repeats the users of the page printed, skips none */
        cur = &page_start;
    }
    if (where != WK_OK || wk_cursor_format(cur, cursor_text, sizeof(cursor_text), &len) != WK_OK ||
        write_file_atomically(path, cursor_text, len) != 0) {
        fprintf(stderr, "%s: cannot save the cursor: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* After each complete page. */
static wk_status_t on_page(void *ctx, const wk_client_stats_t *stats)
{
    sync_state_t *st = ctx;
    (void)stats;
    st->pages++;
    if (save_progress(st->cursor_path, 0) != 0) {
        st->exit_code = EXIT_FAILED;
        return WK_STOPPED;
    }
    if (st->max_pages != 0u && st->pages >= st->max_pages) {
        st->exit_code = EXIT_PAGE_LIMIT;
        return WK_STOPPED;
    }
    return WK_OK;
}

int main(int argc, char **argv)
{
    wk_client_config_t cfg = {0};
    wk_tcp_opener_t tcp;
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_list_users_request_t req = {0};
    sync_state_t st = {0};
    wk_status_t status;
    int loaded;
    unsigned closed = 0u;

    /* First: a closed stdout would become the TLS socket (the users would go
     * into it), or /dev/null (the cursor would skip users never printed). */
    if (wk_posix_std_fds_open(&closed) != WK_OK || (closed & WK_POSIX_STDOUT_CLOSED) != 0u) {
        fprintf(stderr, "standard output must be open: the users go there\n");
        return EXIT_FAILED;
    }
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s NETWORK_ID CURSOR_FILE [MAX_PAGES [PAGE_SIZE]]\n", argv[0]);
        return EXIT_FAILED;
    }
    st.cursor_path = argv[2];
    st.max_pages = argc >= 4 ? strtoul(argv[3], NULL, 10) : 0u;
    if ((size_t)snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", argv[2]) >= sizeof(tmp_path)) {
        fprintf(stderr, "%s: path too long\n", argv[2]);
        return EXIT_FAILED;
    }
    loaded = load_cursor(st.cursor_path);
    if (loaded < 0) {
        return EXIT_FAILED;
    }

    cfg.credentials.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    cfg.credentials.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    cfg.credentials.session_token = getenv("AWS_SESSION_TOKEN");
    cfg.endpoint.region = getenv("AWS_REGION");
    cfg.endpoint.endpoint_url = getenv("AWS_ENDPOINT_URL");
    tcp = wk_posix_opener(&tcp_conn);
    trust.ca_file = getenv("AWS_CA_BUNDLE"); /* NULL: the system bundle */
    (void)wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);
    (void)wk_tls_resume_init(&tls_session);
    (void)wk_tls_connector_set_resume(&net, &tls_session);

    status = wk_client_init(&client, &cfg);
    if (status == WK_OK) {
        req.network_id = argv[1];
        /* 1..100, checked by the client; the rest of the query must stay the
         * same across resumes (the page size may change). */
        req.max_results = argc == 5 ? (int32_t)strtol(argv[4], NULL, 10) : 100;
        status = wk_client_list_all_users(&client, &req, loaded == 1 ? &resume_from : NULL,
                                          print_user, on_page, &st);
        if (status < 0) {
            /* Keep what this run printed: the next run continues after it. */
            (void)save_progress(st.cursor_path, status == WK_ERR_PAGE_CHANGED);
        }
    }
    if (status < 0 || (status != WK_OK && st.exit_code == EXIT_DONE)) {
        fprintf(stderr, "%s: %s\n", wk_status_str(status), wk_client_diag(&client));
        st.exit_code = EXIT_FAILED;
    }
    (void)wk_client_deinit(&client);
    (void)wk_tls_connector_free(&net);
    (void)wk_tls_resume_free(&tls_session); /* it held the session's secret */
    return st.exit_code;
}
