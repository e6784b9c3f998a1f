/* SPDX-License-Identifier: Apache-2.0 */
/* credential_process: split its command line as botocore does, run it without
 * a shell, read its Version 1 JSON document with the core's exchange
 * (wk_cred_exchange_process()); see wk_cli.h. */
#define _GNU_SOURCE /* pipe2 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port.h"


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
                wk_cli_set_err(err, err_cap, "credential_process ends in a lone backslash");
                return -1;
            }
            c = *++s;
        }
        if (!in_word) {
            if (argc + 1u >= argv_cap) {
                wk_cli_set_err(err, err_cap,
                               "credential_process has more than %zu words", argv_cap - 1u);
                return -1;
            }
            argv[argc++] = buf + out;
            in_word = true;
        }
        if (out + 2u > buf_cap) { /* room for this byte and a NUL */
            wk_cli_set_err(err, err_cap,
                           "credential_process is longer than %zu bytes", buf_cap - 2u);
            return -1;
        }
        if (keep) {
            buf[out++] = c;
        }
    }
    if (quote != '\0') {
        wk_cli_set_err(err, err_cap, "credential_process has no closing quotation (%c)", quote);
        return -1;
    }
    if (in_word) {
        buf[out] = '\0';
    }
    if (argc == 0u) {
        wk_cli_set_err(err, err_cap, "credential_process is empty");
        return -1;
    }
    argv[argc] = NULL;
    return 0;
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

/* Read the document with the core's reader into @p out (untouched on failure). */
static wk_status_t read_document(const char *output, size_t len, wk_credentials_t *out,
                                 wk_diag_t *diag)
{
    static wk_cred_exchange_t x; /* a session token's worth: keep it off the stack */
    size_t used = 0u;
    wk_status_t status = wk_cred_exchange_process(&x, out);
    if (status == WK_OK) {
        status = wk_cred_exchange_feed(&x, (const uint8_t *)output, len, &used, diag);
    }
    if (status == WK_PARTIAL) {
        status = wk_cred_exchange_feed(&x, NULL, 0u, &used, diag); /* the helper closed it */
    }
    (void)wk_cred_exchange_end(&x);
    return status;
}

int wk_cli_run_credential_process(const char *cmd, uint32_t timeout_ms, wk_credentials_t *out,
                                  char *err, size_t err_cap)
{
    static char words[WK_CLI_PROCESS_MAX + 1u];
    static char output[WK_CLI_PROCESS_OUTPUT_MAX];
    wk_diag_t diag;
    wk_status_t doc = WK_ERR_STATE;
    char *argv[WK_CLI_PROCESS_ARGS + 1u];
    int fd = -1;
    pid_t pid;
    int status;
    int rc = -1;
    int64_t deadline;
    bool timed_out = false;
    bool too_long = false;
    size_t len;
    memset(&diag, 0, sizeof(diag));
    if (wk_cli_split_command(cmd, words, sizeof(words), argv, WK_CLI_PROCESS_ARGS + 1u, err,
                             err_cap) != 0) {
        return WK_CLI_EXIT_USAGE;
    }
    pid = start(argv, &fd, &status);
    if (pid < 0) {
        wk_cli_set_err(err, err_cap,
                       "cannot run credential_process '%s': %s", argv[0], strerror(status));
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
        wk_cli_set_err(err, err_cap,
                       "credential_process '%s' did not finish within %u.%03u s; it was "
                "stopped", argv[0], (unsigned)(timeout_ms / 1000u), (unsigned)(timeout_ms % 1000u));
    } else if (too_long) {
        wk_cli_set_err(err, err_cap, "credential_process '%s' printed more than %zu bytes", argv[0],
                sizeof(output));
    } else if (WIFSIGNALED(status)) {
        wk_cli_set_err(err, err_cap, "credential_process '%s' was killed by signal %d", argv[0],
                WTERMSIG(status));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        wk_cli_set_err(err, err_cap, "credential_process '%s' failed with exit status %d (its own "
                "messages, if any, are above)", argv[0], WEXITSTATUS(status));
    } else if ((doc = read_document(output, len, out, &diag)) != WK_OK) {
        wk_cli_set_err(err, err_cap,
                       "credential_process '%s' printed a document that is not what it "
                "must be: %s (%s)", argv[0], diag.text, wk_status_str(doc));
    } else {
        rc = 0;
    }
    wk_port_zeroize(output, sizeof(output));
    wk_port_zeroize(words, sizeof(words));
    return rc == 0 ? WK_CLI_EXIT_OK : WK_CLI_EXIT_CREDENTIALS;
}
