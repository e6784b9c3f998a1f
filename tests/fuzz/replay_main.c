/* SPDX-License-Identifier: Apache-2.0 */
/* Without libFuzzer: runs a fuzz target once on every file in the folders
 * given, so the seed corpus and every crash kept in regression/ are replayed
 * by ctest in the ordinary and sanitizer builds. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i;
    unsigned files = 0;
    for (i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        if (d == NULL) {
            perror(argv[i]);
            return 1;
        }
        while ((e = readdir(d)) != NULL) {
            char path[4096];
            char *data;
            size_t n = 0u;
            if (e->d_name[0] == '.') {
                continue;
            }
            snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
            data = test_read_file(path, &n);
            if (data == NULL) {
                perror(path);
                return 1;
            }
            LLVMFuzzerTestOneInput((const uint8_t *)data, n);
            free(data);
            files++;
        }
        closedir(d);
    }
    printf("replayed %u inputs\n", files);
    return files > 0 ? 0 : 1;
}
