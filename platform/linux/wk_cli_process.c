/* SPDX-License-Identifier: Apache-2.0 */
/* credential_process: split its command line as botocore does, run it without
 * a shell, read its Version 1 JSON document with the core's reader; see wk_cli.h. */
#define _GNU_SOURCE /* timegm, pipe2 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wk/wk_json.h"
#include "wk_cli.h"
#include "wk_port.h"

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

/* ---- The command line: Python's shlex.split() ------------------------------------------ */

int wk_cli_split_command(const char *cmd, char *buf, size_t buf_cap, char **argv,
                         size_t argv_cap, char *err, size_t err_cap)
{
    size_t out = 0u;
    size_t argc = 0u;
    char quote = '\0';
    bool in_word = false;
    const char *s;
    for (s = cmd; *s != '\0'; s++) {
        char c = *s;
        bool keep = true;
        if (quote == '\'') {
            keep = c != '\'';
            quote = keep ? quote : '\0';
        } else if (quote == '"') {
            if (c == '"') {
                keep = false;
                quote = '\0';
            } else if (c == '\\' && (s[1] == '"' || s[1] == '\\')) {
                c = *++s; /* in double quotes only \" and \\ are escapes */
            }
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (in_word) {
                buf[out++] = '\0';
                in_word = false;
            }
            continue;
        } else if (c == '\'' || c == '"') {
            keep = false;
            quote = c;
        } else if (c == '\\') {
            if (s[1] == '\0') {
                set_err(err, err_cap, "credential_process ends in a lone backslash");
                return -1;
            }
            c = *++s;
        }
        if (!in_word) {
            if (argc + 1u >= argv_cap) {
                set_err(err, err_cap, "credential_process has more than %zu words", argv_cap - 1u);
                return -1;
            }
            argv[argc++] = buf + out;
            in_word = true;
        }
        if (out + 2u > buf_cap) { /* room for this byte and a NUL */
            set_err(err, err_cap, "credential_process is longer than %zu bytes", buf_cap - 2u);
            return -1;
        }
        if (keep) {
            buf[out++] = c;
        }
    }
    if (quote != '\0') {
        set_err(err, err_cap, "credential_process has no closing quotation (%c)", quote);
        return -1;
    }
    if (in_word) {
        buf[out] = '\0';
    }
    if (argc == 0u) {
        set_err(err, err_cap, "credential_process is empty");
        return -1;
    }
    argv[argc] = NULL;
    return 0;
}

/* ---- Expiration: RFC 3339 ------------------------------------------------------------- */

static bool digits(const char *s, size_t n, int lo, int hi, int *out)
{
    int v = 0;
    size_t i;
    for (i = 0u; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return v >= lo && v <= hi;
}

int wk_cli_parse_rfc3339(const char *s, size_t len, int64_t *unix_seconds)
{
    static const char k_shape[] = "dddd-dd-ddTdd:dd:dd";
    static const int k_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct tm tm;
    int year, mon, day, hour, min, sec, off_h = 0, off_m = 0;
    size_t i = 19u;
    int64_t offset = 0;
    time_t t;
    if (len < 20u || memchr(s, '\0', len) != NULL) {
        return -1;
    }
    for (i = 0u; i < 19u; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (k_shape[i] == 'd' ? !digit : (k_shape[i] == 'T' ? (s[i] != 'T' && s[i] != 't')
                                                              : s[i] != k_shape[i])) {
            return -1;
        }
    }
    if (!digits(s, 4u, 1970, 9999, &year) || !digits(s + 5, 2u, 1, 12, &mon) ||
        !digits(s + 8, 2u, 1, k_days[mon - 1], &day) || !digits(s + 11, 2u, 0, 23, &hour) ||
        !digits(s + 14, 2u, 0, 59, &min) || !digits(s + 17, 2u, 0, 60, &sec) ||
        (mon == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))) {
        return -1;
    }
    if (s[i] == '.') { /* a fraction of a second: at least one digit, dropped */
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
        }
        if (i == start) {
            return -1;
        }
    }
    if (i + 1u == len && (s[i] == 'Z' || s[i] == 'z')) {
        offset = 0;
    } else if (i + 6u == len && (s[i] == '+' || s[i] == '-') && s[i + 3u] == ':' &&
               digits(s + i + 1u, 2u, 0, 23, &off_h) && digits(s + i + 4u, 2u, 0, 59, &off_m)) {
        offset = (int64_t)(off_h * 3600 + off_m * 60) * (s[i] == '-' ? -1 : 1);
    } else {
        return -1; /* no time zone: a local time the helper meant is unknown */
    }
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec == 60 ? 59 : sec; /* a leap second: its second's start */
    t = timegm(&tm);
    if (t == (time_t)-1) {
        return -1;
    }
    *unix_seconds = (int64_t)t - offset;
    return 0;
}

/* ---- The document ------------------------------------------------------------------- */

/* Version 1, as botocore reads it (credentials.py, ProcessProvider). */
typedef struct process_doc {
    uint32_t present;
    int32_t version;
    wk_str_t access_key_id;
    char access_key_id_buf[WK_CLI_KEY_ID_MAX];
    wk_str_t secret_access_key;
    char secret_access_key_buf[WK_CLI_SECRET_MAX];
    wk_str_t session_token;
    char session_token_buf[WK_CLI_SESSION_TOKEN_MAX];
    wk_str_t expiration;
    char expiration_buf[64];
    char strings[1]; /* nothing is kept in the document's storage */
} process_doc_t;

enum { ROW_VERSION = 0, ROW_KEY_ID, ROW_SECRET, ROW_TOKEN, ROW_EXPIRATION };

#define BOUNDED(name, member, what)                                                          \
    WK_JSON_BOUNDED_TEXT(name, offsetof(process_doc_t, member),                              \
                         sizeof(((process_doc_t *)0)->member##_buf) - 1u, what)

static const wk_json_member_t k_process_members[] = {
    WK_JSON_INT32("Version", offsetof(process_doc_t, version)),
    BOUNDED("AccessKeyId", access_key_id, "(WK_CLI_KEY_ID_MAX - 1)"),
    BOUNDED("SecretAccessKey", secret_access_key, "(WK_CLI_SECRET_MAX - 1)"),
    BOUNDED("SessionToken", session_token, "(WK_CLI_SESSION_TOKEN_MAX - 1)"),
    BOUNDED("Expiration", expiration, "(63)"),
};
static const wk_json_object_t k_process_table =
    WK_JSON_TABLE(k_process_members, offsetof(process_doc_t, present), 0u, NULL);
static const wk_json_doc_t k_process_doc = {&k_process_table, offsetof(process_doc_t, strings),
                                            sizeof(((process_doc_t *)0)->strings),
                                            "credential_process strings"};

/* A string member that must be there, non-empty and without NUL. */
static bool doc_text(const process_doc_t *d, unsigned row, const wk_str_t *v, bool required,
                     char *err, size_t err_cap)
{
    const char *name = k_process_members[row].name;
    if ((d->present & (1u << row)) == 0u) {
        if (required) {
            set_err(err, err_cap, "has no %s", name);
        }
        return !required;
    }
    if (v->len == 0u || memchr(v->ptr, '\0', v->len) != NULL) {
        set_err(err, err_cap, "%s is %s", name, v->len == 0u ? "empty" : "not text (NUL)");
        return false;
    }
    return true;
}

int wk_cli_process_document(const char *text, size_t len, int64_t now, wk_cli_process_creds_t *out,
                            char *err, size_t err_cap)
{
    static process_doc_t doc; /* a session token's worth: keep it off the stack */
    static wk_json_reader_t reader;
    wk_diag_t diag;
    wk_status_t st;
    int rc = -1;
    memset(&doc, 0, sizeof(doc));
    memset(&diag, 0, sizeof(diag));
    memset(out, 0, sizeof(*out));
    (void)wk_json_reader_init(&reader, &k_process_doc, &doc);
    st = wk_json_reader_feed(&reader, (const uint8_t *)text, len, &diag);
    if (st >= 0) {
        st = wk_json_reader_finish(&reader, &diag);
    }
    if (st != WK_OK) {
        set_err(err, err_cap, "printed a document that is not what it must be: %s (%s)", diag.text,
                wk_status_str(st));
    } else if ((doc.present & (1u << ROW_VERSION)) == 0u || doc.version != 1) {
        set_err(err, err_cap, (doc.present & (1u << ROW_VERSION)) == 0u
                                  ? "has no Version (1 is the version supported)"
                                  : "has Version %d; 1 is the version supported",
                (int)doc.version);
    } else if (doc_text(&doc, ROW_KEY_ID, &doc.access_key_id, true, err, err_cap) &&
               doc_text(&doc, ROW_SECRET, &doc.secret_access_key, true, err, err_cap) &&
               doc_text(&doc, ROW_TOKEN, &doc.session_token, false, err, err_cap) &&
               doc_text(&doc, ROW_EXPIRATION, &doc.expiration, false, err, err_cap)) {
        out->expiration = 0;
        if ((doc.present & (1u << ROW_EXPIRATION)) != 0u &&
            wk_cli_parse_rfc3339(doc.expiration.ptr, doc.expiration.len, &out->expiration) != 0) {
            set_err(err, err_cap, "has an Expiration that is not an RFC 3339 time with a time "
                                  "zone (e.g. 2026-12-03T14:00:00Z)");
        } else if ((doc.present & (1u << ROW_EXPIRATION)) != 0u && out->expiration <= now) {
            set_err(err, err_cap, "printed credentials that expired %lld s ago (Expiration)",
                    (long long)(now - out->expiration));
        } else {
            /* the buffers have the same sizes */
            memcpy(out->access_key_id, doc.access_key_id.ptr, doc.access_key_id.len + 1u);
            memcpy(out->secret_access_key, doc.secret_access_key.ptr,
                   doc.secret_access_key.len + 1u);
            memcpy(out->session_token, doc.session_token.ptr, doc.session_token.len + 1u);
            rc = 0;
        }
    }
    wk_port_zeroize(&doc, sizeof(doc));
    wk_port_zeroize(&reader, sizeof(reader));
    if (rc != 0) {
        wk_port_zeroize(out, sizeof(*out));
    }
    return rc;
}

/* ---- Running it ------------------------------------------------------------------- */

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Start argv[0] (found on PATH) with its standard output on a pipe whose
 * reading end goes to *fd; standard input and error stay ours, so that it
 * can ask for an MFA code and its messages reach the user. An exec failure
 * comes back through a close-on-exec pipe. @return the pid, or -1 with
 * *error set. */
static pid_t start(char **argv, int *fd, int *error)
{
    int out[2];
    int report[2];
    pid_t pid;
    ssize_t n;
    if (pipe2(out, O_CLOEXEC) != 0) {
        *error = errno;
        return -1;
    }
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error = errno;
        (void)close(out[0]);
        (void)close(out[1]);
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        if (dup2(out[1], STDOUT_FILENO) >= 0) {
            (void)execvp(argv[0], argv);
        }
        *error = errno;
        (void)!write(report[1], error, sizeof(*error));
        _exit(127);
    }
    if (pid < 0) {
        *error = errno;
    }
    (void)close(out[1]);
    (void)close(report[1]);
    if (pid < 0) {
        (void)close(out[0]);
        (void)close(report[0]);
        return -1;
    }
    do {
        n = read(report[0], error, sizeof(*error));
    } while (n < 0 && errno == EINTR);
    (void)close(report[0]);
    if (n == (ssize_t)sizeof(*error)) { /* exec failed: the child is gone */
        (void)close(out[0]);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return -1;
    }
    *fd = out[0];
    return pid;
}

/* Wait for @p pid until @p deadline; kill it then. */
static int reap(pid_t pid, int64_t deadline, bool *timed_out)
{
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) {
            return status;
        }
        if (monotonic_ms() >= deadline) {
            *timed_out = true;
            (void)kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return status;
        }
        (void)poll(NULL, 0, 10);
    }
}

/* Read the child's standard output into @p buf until EOF, @p deadline or @p cap bytes. */
static size_t read_output(int fd, char *buf, size_t cap, int64_t deadline, bool *timed_out,
                          bool *too_long)
{
    size_t len = 0u;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int64_t left = deadline - monotonic_ms();
        ssize_t n;
        if (left <= 0) {
            *timed_out = true;
            return len;
        }
        if (poll(&p, 1, left > 1000 ? 1000 : (int)left) <= 0) {
            continue; /* EINTR, or not yet: the deadline decides */
        }
        if (len == cap) {
            char extra;
            n = read(fd, &extra, 1u);
            *too_long = n > 0;
            return len;
        }
        n = read(fd, buf + len, cap - len);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
            return len;
        }
        len += n > 0 ? (size_t)n : 0u;
    }
}

int wk_cli_run_credential_process(const char *cmd, uint32_t timeout_ms, wk_cli_process_creds_t *out,
                                  char *err, size_t err_cap)
{
    static char words[WK_CLI_PROCESS_MAX + 1u];
    static char output[WK_CLI_PROCESS_OUTPUT_MAX];
    static char why[WK_CLI_ERR_MAX];
    char *argv[WK_CLI_PROCESS_ARGS + 1u];
    int fd = -1;
    pid_t pid;
    int status;
    int rc = -1;
    int64_t deadline;
    bool timed_out = false;
    bool too_long = false;
    size_t len;
    memset(out, 0, sizeof(*out));
    if (wk_cli_split_command(cmd, words, sizeof(words), argv, WK_CLI_PROCESS_ARGS + 1u, err,
                             err_cap) != 0) {
        return WK_CLI_EXIT_USAGE;
    }
    pid = start(argv, &fd, &status);
    if (pid < 0) {
        set_err(err, err_cap, "cannot run credential_process '%s': %s", argv[0], strerror(status));
        wk_port_zeroize(words, sizeof(words));
        return WK_CLI_EXIT_CREDENTIALS;
    }
    deadline = monotonic_ms() + (int64_t)timeout_ms;
    len = read_output(fd, output, sizeof(output), deadline, &timed_out, &too_long);
    (void)close(fd);
    if (timed_out || too_long) {
        (void)kill(pid, SIGKILL);
    }
    status = reap(pid, deadline, &timed_out);
    if (timed_out) {
        set_err(err, err_cap, "credential_process '%s' did not finish within %u.%03u s; it was "
                "stopped", argv[0], (unsigned)(timeout_ms / 1000u), (unsigned)(timeout_ms % 1000u));
    } else if (too_long) {
        set_err(err, err_cap, "credential_process '%s' printed more than %zu bytes", argv[0],
                sizeof(output));
    } else if (WIFSIGNALED(status)) {
        set_err(err, err_cap, "credential_process '%s' was killed by signal %d", argv[0],
                WTERMSIG(status));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        set_err(err, err_cap, "credential_process '%s' failed with exit status %d (its own "
                "messages, if any, are above)", argv[0], WEXITSTATUS(status));
    } else if (wk_cli_process_document(output, len, (int64_t)time(NULL), out, why,
                                       sizeof(why)) != 0) {
        set_err(err, err_cap, "credential_process '%s' %s", argv[0], why);
    } else {
        rc = 0;
    }
    wk_port_zeroize(output, sizeof(output));
    wk_port_zeroize(words, sizeof(words));
    return rc == 0 ? WK_CLI_EXIT_OK : WK_CLI_EXIT_CREDENTIALS;
}
