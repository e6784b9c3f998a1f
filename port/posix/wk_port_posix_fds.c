/* SPDX-License-Identifier: Apache-2.0 */
/* Descriptors 0, 1 and 2 for programs; see wk_posix_std_fds_open(). In a file
 * of its own so that a program with another port's singletons (lwIP) can link
 * it without them. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "wk_port_posix.h"

/* see wk_port_posix.h */
wk_status_t wk_posix_std_fds_open(unsigned *closed)
{
    wk_status_t status = WK_OK;
    unsigned mask = 0u;
    int fd;
    for (fd = 0; fd <= 2 && status == WK_OK; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            /* open() takes the lowest free number: this one, as those below are open */
            int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (got != fd) {
                if (got >= 0) {
                    (void)close(got);
                }
                status = WK_ERR_IO;
            } else {
                mask |= 1u << fd;
            }
        }
    }
    if (closed != NULL) {
        *closed = mask;
    }
    return status;
}
