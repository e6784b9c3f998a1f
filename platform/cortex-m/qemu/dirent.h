/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The directory listing the unit tests use (opendir/readdir/closedir), for
 * newlib on the emulator, which has none. Names come from a table written at
 * configure time (platform/cortex-m/CMakeLists.txt); file contents are still
 * read from the host through semihosting.
 */
#ifndef WK_CM_DIRENT_H
#define WK_CM_DIRENT_H

#include <stddef.h>

struct dirent {
    char d_name[256];
};

typedef struct wk_cm_dir {
    const char *path; /* the directory as opened, borrowed until closedir() */
    size_t next;      /* next table row to look at */
    struct dirent entry;
} DIR;

/** NULL (and no allocation) when the directory is not in the table. */
DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif /* WK_CM_DIRENT_H */
