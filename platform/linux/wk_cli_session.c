/* SPDX-License-Identifier: Apache-2.0 */
/* The TLS session a run resumes on its reconnects, kept across runs in an
 * opt-in private file (--tls-session-file), and the --debug line that says
 * whether a handshake resumed; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port.h"

/* ---- --debug: full or abbreviated handshake --------------------------------------- */

static wk_status_t report_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                               wk_transport_t *out)
{
    wk_cli_tls_report_t *t = ctx;
    wk_status_t status = t->inner.open(t->inner.ctx, ep, timeout_ms, out);
    if (status == WK_OK && ep->tls) {
        fprintf(t->out, WK_CLI_ERR_PREFIX "* TLS handshake: %s\n",
                wk_tls_connector_resumed(t->net) ? "session resumed" : "full");
    }
    return status;
}

static wk_status_t report_close(void *ctx, wk_transport_t *t)
{
    wk_cli_tls_report_t *r = ctx;
    return r->inner.close(r->inner.ctx, t);
}

void wk_cli_tls_report_wrap(wk_cli_tls_report_t *t, const wk_tls_connector_t *net,
                            const wk_connector_t *inner, FILE *out, wk_connector_t *wrapped)
{
    t->net = net;
    t->inner = *inner;
    t->out = out;
    wrapped->open = report_open;
    wrapped->close = report_close;
    wrapped->ctx = t;
}

/* ---- --tls-session-file ----------------------------------------------------------- */

/* Reads the file into @p buf; false (said on @p err) when it is not a private
 * regular file of this user: bytes others could read or write are not used. */
static bool read_private(const char *path, uint8_t *buf, size_t cap, size_t *len, FILE *err)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    bool ok = false;
    *len = 0u;
    if (fd < 0) {
        if (errno != ENOENT) { /* none yet: the first run makes it */
            fprintf(err, WK_CLI_ERR_PREFIX "warning: TLS session file ");
            wk_cli_print_safe(err, path);
            fprintf(err, " not read: %s\n", strerror(errno));
        }
        return false;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 077) != 0) {
        fprintf(err, WK_CLI_ERR_PREFIX "warning: TLS session file ");
        wk_cli_print_safe(err, path);
        fprintf(err, " not used: not a regular file of this user with mode 0600\n");
    } else {
        ssize_t n;
        do {
            n = read(fd, &buf[*len], cap - *len);
            *len += n > 0 ? (size_t)n : 0u;
        } while (n > 0 && *len < cap);
        ok = n >= 0;
    }
    (void)close(fd);
    return ok;
}

void wk_cli_session_load(wk_tls_resume_t *r, const char *path, bool debug, FILE *err)
{
    static uint8_t buf[WK_TLS_RESUME_EXPORT_MAX + 1u];
    size_t len = 0u;
    wk_diag_t diag;
    if (path != NULL && read_private(path, buf, sizeof(buf), &len, err) &&
        wk_tls_resume_import(r, buf, len, &diag) != WK_OK && debug) {
        /* not worth a warning: the handshake is a full one, and the file is rewritten */
        fprintf(err, WK_CLI_ERR_PREFIX "* TLS session file ");
        wk_cli_print_safe(err, path);
        fprintf(err, ": %s\n", diag.text);
    }
    wk_port_zeroize(buf, len);
}

/* Writes @p len bytes to a new file beside @p path, mode 0600, and renames
 * it over @p path, so a reader sees the old bytes or the new ones. */
static bool write_private(const char *path, const uint8_t *buf, size_t len)
{
    char tmp[WK_CLI_PATH_MAX + 8u];
    size_t done = 0u;
    int fd;
    bool ok;
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return false;
    }
    (void)unlink(tmp); /* left by a run that was killed */
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return false;
    }
    while (done < len) {
        ssize_t n = write(fd, &buf[done], len - done);
        if (n <= 0) {
            break;
        }
        done += (size_t)n;
    }
    ok = done == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        int saved = errno;
        (void)unlink(tmp);
        errno = saved;
    }
    return ok;
}

void wk_cli_session_save(const wk_tls_resume_t *r, const char *path, FILE *err)
{
    static uint8_t buf[WK_TLS_RESUME_EXPORT_MAX];
    size_t len = 0u;
    bool ok;
    if (path == NULL) {
        return;
    }
    if (wk_tls_resume_export(r, buf, sizeof(buf), &len) != WK_OK) {
        len = 0u;
    }
    /* no session (it failed, or the endpoint is http://): none to offer next time */
    ok = len > 0u ? write_private(path, buf, len) : (unlink(path) == 0 || errno == ENOENT);
    if (!ok) {
        fprintf(err, WK_CLI_ERR_PREFIX "warning: TLS session file ");
        wk_cli_print_safe(err, path);
        fprintf(err, " not written: %s\n", strerror(errno));
    }
    wk_port_zeroize(buf, len);
}
