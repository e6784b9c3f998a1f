/* SPDX-License-Identifier: Apache-2.0 */
/* TCP over BSD sockets as a wk_transport_t; see wk_port_posix.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "wk_port_posix.h"
#include "../sockets/wk_port_sockets.h"

/* Linux suppresses SIGPIPE per call; BSDs and macOS per socket (SO_NOSIGPIPE). */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

/* poll() takes an int; clamp so a huge uint32_t timeout does not turn negative (= forever). */
static int poll_ms(uint32_t ms)
{
    return ms > (uint32_t)INT32_MAX ? INT32_MAX : (int)ms;
}

/* Short, fixed explanations: strerror() is neither thread-safe nor needed here. */
static const char *errno_text(int err)
{
    const char *text = NULL;
    switch (err) {
    case ECONNREFUSED: text = "connection refused"; break;
    case ENETUNREACH: text = "network unreachable"; break;
    case EHOSTUNREACH: text = "host unreachable"; break;
    case ETIMEDOUT: text = "timed out"; break;
    case EADDRNOTAVAIL: text = "address not available"; break;
    case EAFNOSUPPORT: text = "address family not supported"; break;
    case ECONNRESET: text = "connection reset"; break;
    case EPIPE: text = "broken pipe"; break;
    case EMFILE: text = "too many open files"; break;
    default: break;
    }
    return text;
}

/* Non-blocking is required: connect() and send() must never wait past poll(). */
static int set_socket_flags(int fd)
{
    int err = 0;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        err = errno;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#if defined(SO_NOSIGPIPE)
    {
        int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, (socklen_t)sizeof(one));
    }
#endif
    return err;
}

/* Starts a connect to @p ai. Returns 0 (connected at once) or EINPROGRESS
 * with *fd_out set, else an errno value with nothing open. */
static int connect_start(const struct addrinfo *ai, int *fd_out)
{
    int err = 0;
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        return errno;
    }
    err = set_socket_flags(fd);
    if (err == 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        /* EINTR: the connect goes on in the background, exactly like EINPROGRESS. */
        err = (errno == EINTR) ? EINPROGRESS : errno;
    }
    if (err == 0 || err == EINPROGRESS) {
        *fd_out = fd;
    } else {
        (void)close(fd);
    }
    return err;
}

/* Waits at most @p wait_ms for the connect in progress on @p fd. Returns 0
 * when connected, EINPROGRESS when still going, else an errno value. */
static int connect_check(int fd, uint32_t wait_ms)
{
    uint32_t start = wk_port_now_ms();
    int err = 0;
    int ready = 0;
    do {
        struct pollfd p = { fd, POLLOUT, 0 };
        ready = poll(&p, 1u, poll_ms(wk_sock_ms_left(start, wait_ms)));
        if (ready < 0 && errno != EINTR) {
            err = errno;
        }
    } while (err == 0 && ready <= 0 && wk_sock_ms_left(start, wait_ms) > 0u);
    if (err == 0 && ready <= 0) {
        err = EINPROGRESS;
    } else if (err == 0) {
        /* Writable means finished, either way; SO_ERROR says which. */
        socklen_t len = (socklen_t)sizeof(err);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
            err = errno;
        }
    }
    return err;
}

/* Goes through the addresses from c->next_addr on, one connect at a time,
 * until one connects, all failed, or (EINPROGRESS) @p timeout_ms is spent:
 * 0 does not wait. Returns 0 or the errno value of the last address tried. */
static int connect_addresses(wk_posix_conn_t *c, uint32_t start, uint32_t timeout_ms)
{
    int err = ECONNREFUSED;
    const struct addrinfo *ai;
    for (;;) {
        if (c->fd < 0) {
            ai = c->next_addr;
            if (ai == NULL) {
                break;
            }
            c->next_addr = ai->ai_next;
            err = connect_start(ai, &c->fd);
        } else {
            err = EINPROGRESS; /* a connect started by an earlier call */
        }
        if (err == EINPROGRESS) {
            err = connect_check(c->fd, wk_sock_ms_left(start, timeout_ms));
        }
        if (err == 0 || err == EINPROGRESS) {
            break;
        }
        if (c->fd >= 0) {
            (void)close(c->fd);
            c->fd = -1;
        }
        if (timeout_ms != 0u && wk_sock_ms_left(start, timeout_ms) == 0u) {
            break;
        }
    }
    return err;
}

/* RFC 6761 section 6.4: names under "invalid." get an immediate negative
 * answer from the resolving library, never a query on the network. */
static bool is_reserved_invalid(const char *host)
{
    static const char tld[] = "invalid";
    size_t len = strlen(host);
    size_t tld_len = sizeof(tld) - 1u;
    if (len > 0u && host[len - 1u] == '.') {
        len--; /* the absolute form "x.invalid." */
    }
    return len >= tld_len && strncasecmp(host + len - tld_len, tld, tld_len) == 0 &&
           (len == tld_len || host[len - tld_len - 1u] == '.');
}

static void resolve_hints(struct addrinfo *hints, bool ip_literal)
{
    memset(hints, 0, sizeof(*hints));
    hints->ai_family = AF_UNSPEC;
    hints->ai_socktype = SOCK_STREAM;
    /* No AI_ADDRCONFIG: it hides ::1 on hosts whose only IPv6 address is
     * loopback. An IP literal is taken as it is, never looked up. */
    hints->ai_flags = AI_NUMERICSERV | (ip_literal ? AI_NUMERICHOST : 0);
}

static void diag_resolve(wk_diag_t *diag, const char *host, uint16_t port, int rc, int err)
{
    wk_sock_diag_host(diag, "cannot resolve", host, port);
    wk_diag_str(diag, rc == EAI_SYSTEM ? errno_text(err) : gai_strerror(rc));
}

static wk_status_t resolve(const wk_posix_conn_t *c, const char *host, uint16_t port,
                           bool ip_literal, struct addrinfo **list, wk_diag_t *diag)
{
    struct addrinfo hints;
    char service[6];
    int rc;
    wk_posix_resolve_fn lookup = (!ip_literal && c->resolve != NULL) ? c->resolve : getaddrinfo;
    resolve_hints(&hints, ip_literal);
    rc = EAI_NONAME; /* "invalid" is never looked up */
    if (!is_reserved_invalid(host)) {
        rc = lookup(host, wk_sock_port_text(port, service), &hints, list);
    }
    if (rc != 0) {
        diag_resolve(diag, host, port, rc, errno);
        return WK_ERR_DNS;
    }
    return WK_OK;
}

/* ---- Resolving a name without waiting (timeout 0) ---------------------------
 *
 * getaddrinfo() has no non-blocking form, so a thread runs it. The job is
 * shared by that thread and the connection, each holding one reference; the
 * last to let go frees it, so a connection closed while the thread still
 * waits for the resolver leaves the job (and the answer) to the thread. The
 * thread says it is done by closing the write end of a pipe: the read end,
 * which the connection holds and wait_on names, turns readable (end of
 * file), and nothing is ever written, so no SIGPIPE either. */
typedef struct resolve_job {
    pthread_mutex_t lock;
    unsigned refs;              /* under lock */
    bool done;                  /* under lock */
    int rc;                     /* getaddrinfo()'s result, once done */
    int err;                    /* errno for EAI_SYSTEM, once done */
    struct addrinfo *list;      /* the answer until taken or freed, once done */
    int done_read;              /* the connection's end */
    int done_write;             /* the thread's end, closed when done */
    wk_posix_resolve_fn resolve;
    struct addrinfo hints;
    char service[6];
    const char *service_text;   /* into service */
    char host[];                /* NUL-terminated copy */
} resolve_job_t;

/* Drops one reference; the last frees the job and any answer nobody took. */
static void job_release(resolve_job_t *job)
{
    bool last;
    (void)pthread_mutex_lock(&job->lock);
    last = --job->refs == 0u;
    (void)pthread_mutex_unlock(&job->lock);
    if (last) {
        if (job->list != NULL) {
            freeaddrinfo(job->list);
        }
        (void)pthread_mutex_destroy(&job->lock);
        free(job);
    }
}

static void *job_run(void *arg)
{
    resolve_job_t *job = arg;
    struct addrinfo *list = NULL;
    int rc = job->resolve(job->host, job->service_text, &job->hints, &list);
    int err = errno;
    (void)pthread_mutex_lock(&job->lock);
    job->rc = rc;
    job->err = err;
    job->list = rc == 0 ? list : NULL;
    job->done = true;
    (void)pthread_mutex_unlock(&job->lock);
    (void)close(job->done_write); /* wakes the watcher: the read end sees end of file */
    job_release(job);
    return NULL;
}

static void close_pipe(const int fds[2])
{
    (void)close(fds[0]);
    (void)close(fds[1]);
}

/* Starts resolving @p host in a thread of its own (c->job); 0 or an errno value. */
static int job_start(wk_posix_conn_t *c, const char *host, uint16_t port)
{
    size_t len = strlen(host);
    resolve_job_t *job = malloc(sizeof(*job) + len + 1u);
    int fds[2] = { -1, -1 };
    pthread_attr_t attr;
    pthread_t thread;
    sigset_t all;
    sigset_t old;
    int err;
    if (job == NULL) {
        return ENOMEM;
    }
    if (pipe(fds) != 0) {
        err = errno;
        free(job);
        return err;
    }
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    memset(job, 0, sizeof(*job));
    memcpy(job->host, host, len + 1u);
    job->service_text = wk_sock_port_text(port, job->service);
    resolve_hints(&job->hints, false);
    job->resolve = c->resolve != NULL ? c->resolve : getaddrinfo;
    job->done_read = fds[0];
    job->done_write = fds[1];
    job->refs = 2u; /* the connection's and the thread's */
    err = pthread_mutex_init(&job->lock, NULL);
    if (err != 0) {
        close_pipe(fds);
        free(job);
        return err;
    }
    /* Detached: nobody waits for it; signals stay with the program's threads. */
    (void)sigfillset(&all);
    err = pthread_attr_init(&attr);
    if (err == 0) {
        (void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        (void)pthread_sigmask(SIG_SETMASK, &all, &old);
        err = pthread_create(&thread, &attr, job_run, job);
        (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
        (void)pthread_attr_destroy(&attr);
    }
    if (err != 0) {
        (void)pthread_mutex_destroy(&job->lock);
        close_pipe(fds);
        free(job);
        return err;
    }
    c->job = job;
    return 0;
}

/* Lets go of c->job: closes the connection's end and drops its reference. */
static void job_abandon(wk_posix_conn_t *c)
{
    resolve_job_t *job = c->job;
    if (job != NULL) {
        (void)close(job->done_read);
        c->job = NULL;
        job_release(job);
    }
}

/* WK_WOULD_BLOCK while c->job runs; then its answer: WK_OK with *list, or
 * WK_ERR_DNS with the diagnostic. The job is let go of either way. */
static wk_status_t job_collect(wk_posix_conn_t *c, const char *host, uint16_t port,
                               struct addrinfo **list, wk_diag_t *diag)
{
    resolve_job_t *job = c->job;
    wk_status_t status = WK_WOULD_BLOCK;
    (void)pthread_mutex_lock(&job->lock);
    if (job->done && job->rc == 0) {
        *list = job->list;
        job->list = NULL;
        status = WK_OK;
    } else if (job->done) {
        diag_resolve(diag, host, port, job->rc, job->err);
        status = WK_ERR_DNS;
    }
    (void)pthread_mutex_unlock(&job->lock);
    if (status != WK_WOULD_BLOCK) {
        job_abandon(c);
    }
    return status;
}

/* wk_posix_connect(), where timeout 0 starts a connect or goes on with the
 * one in progress, returning WK_WOULD_BLOCK while it is (the opener's): a
 * name is then resolved by a thread (job_start()) while the caller steps. */
static wk_status_t connect_within(wk_posix_conn_t *c, const char *host, uint16_t port,
                                  uint32_t timeout_ms, wk_diag_t *diag)
{
    struct addrinfo *list = NULL;
    uint32_t start = wk_port_now_ms();
    uint8_t ip[16];
    size_t ip_len = 0u;
    bool ip_literal = false;
    int err = 0;
    wk_status_t status = WK_OK;

    if (wk_sock_check_args(c, host, port, "wk_posix_connect", diag) != WK_OK) {
        return WK_ERR_ARG;
    }
    if (timeout_ms != 0u || !c->connecting) {
        job_abandon(c); /* a step-mode resolution left without its close */
        c->open = false;
        c->connecting = false;
        c->fd = -1;
        status = wk_sock_check_host(host, port, ip, &ip_len, diag);
        ip_literal = ip_len != 0u;
        if (status == WK_OK && timeout_ms == 0u && !ip_literal && !is_reserved_invalid(host)) {
            err = job_start(c, host, port);
            c->connecting = err == 0;
            if (err != 0) {
                wk_sock_diag_host(diag, "cannot start resolving", host, port);
                wk_sock_diag_errno(diag, errno_text(err), err);
                return WK_ERR_DNS;
            }
            return WK_WOULD_BLOCK;
        }
        if (status == WK_OK) {
            status = resolve(c, host, port, ip_literal, &list, diag);
        }
        c->addrs = list;
        c->next_addr = list;
    } else if (c->job != NULL) {
        status = job_collect(c, host, port, &list, diag);
        if (status == WK_WOULD_BLOCK) {
            return status;
        }
        c->connecting = false;
        c->addrs = list;
        c->next_addr = list;
    }
    if (status == WK_OK) {
        err = connect_addresses(c, start, timeout_ms);
        c->connecting = err == EINPROGRESS && timeout_ms == 0u;
    }
    if (c->connecting) {
        return WK_WOULD_BLOCK; /* the addresses stay until it ends */
    }
    if (status == WK_OK && err == 0) {
        int one = 1;
        (void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof(one));
        c->open = true;
    } else if (status == WK_OK) {
        if (c->fd >= 0) {
            (void)close(c->fd); /* still in progress when the time ran out */
            c->fd = -1;
        }
        status = wk_sock_connect_failed(diag, host, port, err, errno_text(err), start, timeout_ms);
    } else {
        /* resolve() wrote the diagnostic */
    }
    if (c->addrs != NULL) {
        freeaddrinfo(c->addrs);
        c->addrs = NULL;
        c->next_addr = NULL;
    }
    return status;
}

/* see wk_port_posix.h */
wk_status_t wk_posix_connect(wk_posix_conn_t *c, const char *host, uint16_t port,
                             uint32_t timeout_ms, wk_diag_t *diag)
{
    if (timeout_ms == 0u) {
        return wk_sock_refuse_step("wk_posix_connect", diag);
    }
    if (c != NULL) {
        c->job = NULL; /* c is output only: nothing in it is read */
        c->resolve = NULL;
    }
    return connect_within(c, host, port, timeout_ms, diag);
}

static wk_status_t opener_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                                  wk_transport_t *out, wk_diag_t *diag)
{
    return wk_sock_opened(connect_within(ctx, host, port, timeout_ms, diag),
                          wk_posix_transport(ctx), out);
}

/* Waits until @p events is ready. WK_OK: ready (or an error is pending, which
 * the following call reports); WK_WOULD_BLOCK: timeout; WK_ERR_IO: poll failed. */
static wk_status_t wait_ready(int fd, short events, uint32_t timeout_ms)
{
    uint32_t start = wk_port_now_ms();
    wk_status_t status = WK_WOULD_BLOCK;
    int ready;
    do {
        struct pollfd p = { fd, events, 0 };
        ready = poll(&p, 1u, poll_ms(wk_sock_ms_left(start, timeout_ms)));
        if (ready > 0) {
            status = WK_OK;
        } else if (ready < 0 && errno != EINTR) {
            status = WK_ERR_IO;
        } else {
            /* timeout, or a signal: loop while time remains */
        }
    } while (status == WK_WOULD_BLOCK && wk_sock_ms_left(start, timeout_ms) > 0u);
    return status;
}

static wk_status_t status_from_errno(int err)
{
    wk_status_t status;
    if (err == EAGAIN || err == EWOULDBLOCK) {
        /* poll said ready but the data went elsewhere (or spurious wakeup). */
        status = WK_WOULD_BLOCK;
    } else if (err == EPIPE) {
        status = WK_ERR_PEER_CLOSED;
    } else {
        /* ECONNRESET and everything else: the stream is broken, not ended. */
        status = WK_ERR_IO;
    }
    return status;
}

/* One send() of out, or recv() into in, on the non-blocking socket, EINTR
 * retried. Returns the byte count, or -1 with *err set (EAGAIN when nothing
 * could move yet). */
static ssize_t io_once(int fd, const uint8_t *out, uint8_t *in, size_t len, int *err)
{
    ssize_t n;
    do {
        n = (out != NULL) ? send(fd, out, len, MSG_NOSIGNAL) : recv(fd, in, len, 0);
    } while (n < 0 && errno == EINTR);
    *err = n < 0 ? errno : 0;
    return n;
}

/* The call is tried first and poll() runs only when it would block: data that
 * is already there (the usual case while a response streams in) then costs
 * one system call instead of two. */
static wk_status_t posix_io(void *ctx, const uint8_t *out, uint8_t *in, size_t len,
                            size_t *moved, uint32_t timeout_ms)
{
    wk_posix_conn_t *c = ctx;
    wk_status_t status = WK_OK;
    bool sending = out != NULL;
    int err = 0;
    ssize_t n;
    if (c == NULL || (out == NULL && in == NULL) || moved == NULL || len == 0u) {
        return WK_ERR_ARG;
    }
    if (!c->open) {
        return WK_ERR_STATE;
    }
    n = io_once(c->fd, out, in, len, &err);
    if (n < 0 && (err == EAGAIN || err == EWOULDBLOCK) && timeout_ms != 0u) {
        status = wait_ready(c->fd, sending ? POLLOUT : POLLIN, timeout_ms);
        if (status == WK_OK) {
            n = io_once(c->fd, out, in, len, &err);
        }
    }
    if (status != WK_OK) {
        /* the wait timed out or failed */
    } else if (n > 0) {
        *moved = (size_t)n;
    } else if (n == 0) {
        /* recv: the peer's FIN; send: nothing taken */
        status = sending ? WK_WOULD_BLOCK : WK_ERR_PEER_CLOSED;
    } else {
        status = status_from_errno(err);
    }
    return status;
}

static wk_status_t posix_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                              uint32_t timeout_ms)
{
    return posix_io(ctx, buf, NULL, len, sent, timeout_ms);
}

static wk_status_t posix_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                              uint32_t timeout_ms)
{
    return posix_io(ctx, NULL, buf, len, got, timeout_ms);
}

/* The socket, for the direction asked; a connect in progress waits to
 * write, a name being resolved to read the resolver's pipe. */
static wk_status_t posix_wait_on(void *ctx, wk_wait_t *w)
{
    const wk_posix_conn_t *c = ctx;
    if (c == NULL || w == NULL) {
        return WK_ERR_ARG;
    }
    if (c->job == NULL) {
        return wk_sock_wait_on(w, c->fd, c->connecting, c->open);
    }
    /* resolving: the pipe the resolver closes when done */
    w->handle = ((const resolve_job_t *)c->job)->done_read;
    w->events = (uint8_t)WK_WAIT_READ;
    return WK_OK;
}

/* see wk_port_posix.h */
wk_transport_t wk_posix_transport(wk_posix_conn_t *c)
{
    return wk_sock_transport(posix_send, posix_recv, posix_wait_on, c);
}

/* see wk_port_posix.h */
wk_status_t wk_posix_close(wk_posix_conn_t *c)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    if ((c->open || c->connecting) && c->fd >= 0) {
        /* close() may report EINTR, but on Linux the descriptor is gone even
         * then, and retrying could close someone else's: never retry. */
        (void)close(c->fd);
    }
    job_abandon(c); /* a resolution in progress finishes on its own */
    if (c->connecting && c->addrs != NULL) {
        freeaddrinfo(c->addrs); /* an abandoned connect */
    }
    c->open = false;
    c->connecting = false;
    c->addrs = NULL;
    c->next_addr = NULL;
    c->fd = -1;
    return WK_OK;
}

static wk_status_t opener_close(void *ctx)
{
    return wk_posix_close(ctx);
}

/* see wk_port_posix.h */
wk_status_t wk_posix_set_resolver(wk_posix_conn_t *c, wk_posix_resolve_fn resolve)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    c->resolve = resolve;
    return WK_OK;
}

/* see wk_port_posix.h */
wk_tcp_opener_t wk_posix_opener(wk_posix_conn_t *c)
{
    wk_tcp_opener_t o = {opener_connect, opener_close, c};
    return o;
}
