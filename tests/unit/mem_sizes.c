/* SPDX-License-Identifier: Apache-2.0 */
/* Prints the README's memory table for the build's configuration. */
#include <stdio.h>

#include "wk/wk.h"

#define ROW(type, what) printf("| `%s` | %zu | %s |\n", #type, sizeof(type), what)

int main(void)
{
    printf("| object | bytes | what sets it |\n| --- | --- | --- |\n");
    ROW(wk_client_t, "everything one client needs: the rows below (the users parser and the service error share one area, as a response is one or the other) plus request and receive buffers");
    ROW(wk_users_parser_t, "`CONFIG_WK_USER_WINDOW_SIZE`, `CONFIG_WK_NEXT_TOKEN_MAX`, `CONFIG_WK_JSON_MAX_DEPTH`");
    ROW(wk_service_error_t, "`CONFIG_WK_ERROR_*`, `CONFIG_WK_JSON_MAX_DEPTH`");
    ROW(wk_http_parser_t, "`CONFIG_WK_HTTP_HEADER_LINE_MAX`");
    ROW(wk_sigv4_t, "region, cached signing key");
    ROW(wk_user_t, "`CONFIG_WK_MAX_SECURITY_GROUPS` (inside the users parser)");
    return 0;
}
