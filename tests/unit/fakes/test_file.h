/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a test's data (tests/vectors and others) whole. */
#ifndef TEST_FILE_H
#define TEST_FILE_H
#include <stddef.h>

/* The file at @p path in a malloc'd buffer with a NUL after its *len bytes
 * (for text), which the caller frees; NULL when it cannot be read whole. */
char *test_read_file(const char *path, size_t *len);

#endif
