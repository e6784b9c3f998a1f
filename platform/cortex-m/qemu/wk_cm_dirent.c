/* SPDX-License-Identifier: Apache-2.0 */
/* See dirent.h and wk_cm_posix.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirent.h"
#include "wk_cm_dirent_table.h"
#include "wk_cm_posix.h"

/* Compare directory names ignoring one trailing '/' on either side. */
static int same_dir(const char *a, const char *b)
{
    size_t na = strlen(a);
    size_t nb = strlen(b);
    while (na > 1u && a[na - 1u] == '/') {
        na--;
    }
    while (nb > 1u && b[nb - 1u] == '/') {
        nb--;
    }
    return na == nb && memcmp(a, b, na) == 0;
}

DIR *opendir(const char *path)
{
    DIR *dir = NULL;
    for (size_t i = 0; wk_cm_dir_table[i].dir != NULL; i++) {
        if (same_dir(wk_cm_dir_table[i].dir, path)) {
            dir = calloc(1u, sizeof(*dir));
            if (dir != NULL) {
                dir->path = path;
            }
            break;
        }
    }
    return dir;
}

struct dirent *readdir(DIR *dir)
{
    for (; wk_cm_dir_table[dir->next].dir != NULL; dir->next++) {
        const wk_cm_dir_entry_t *e = &wk_cm_dir_table[dir->next];
        if (same_dir(e->dir, dir->path) && strlen(e->name) < sizeof(dir->entry.d_name)) {
            strcpy(dir->entry.d_name, e->name);
            dir->next++;
            return &dir->entry;
        }
    }
    return NULL;
}

int closedir(DIR *dir)
{
    free(dir);
    return 0;
}

static int vprint(FILE *f, const char *fmt, va_list ap)
{
    char line[1024];
    int n = wk_cm_vsnprintf(line, sizeof(line), fmt, ap);
    if (n >= 0) {
        /* A longer text is cut here, and its full length still returned. */
        (void)fputs(line, f);
    }
    return n;
}

int wk_cm_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprint(f, fmt, ap);
    va_end(ap);
    return n;
}

int wk_cm_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprint(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int wk_cm_sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    /* sprintf's contract: the caller's buffer is large enough. */
    n = wk_cm_vsnprintf(buf, SIZE_MAX, fmt, ap);
    va_end(ap);
    return n;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil algorithm). */
time_t timegm(struct tm *tm)
{
    int64_t y = (int64_t)tm->tm_year + 1900;
    int64_t m = (int64_t)tm->tm_mon + 1;
    int64_t era;
    int64_t yoe;
    int64_t doy;
    int64_t doe;
    int64_t days;
    y -= m <= 2 ? 1 : 0;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + tm->tm_mday - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    days = era * 146097 + doe - 719468;
    return (time_t)(days * 86400 + (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 +
                    tm->tm_sec);
}
