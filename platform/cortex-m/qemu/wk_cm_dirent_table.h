/* SPDX-License-Identifier: Apache-2.0 */
/* The generated table behind qemu/dirent.h: one row per file, {0, 0} last. */
#ifndef WK_CM_DIRENT_TABLE_H
#define WK_CM_DIRENT_TABLE_H

typedef struct wk_cm_dir_entry {
    const char *dir;
    const char *name;
} wk_cm_dir_entry_t;

extern const wk_cm_dir_entry_t wk_cm_dir_table[];

#endif /* WK_CM_DIRENT_TABLE_H */
