# SPDX-License-Identifier: Apache-2.0
# wickr-lite source lists, for build systems that compile the sources
# themselves (ESP-IDF and Zephyr manifests, an application's own CMake
# project) instead of using this repository's CMakeLists.txt. Plain variables
# only: no targets, no options, nothing found. The library's own build makes
# its shared library from these lists, so they stay complete.
#
# To compile:
#   core      WICKRLITE_CORE_SOURCES with WICKRLITE_CORE_INCLUDE_DIRS public
#             and WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS plus the directory
#             holding jsmn.h (https://github.com/zserge/jsmn, 1.1.0) private.
#             Options: define WK_HAVE_CONFIG_H and put a wk_config.h on the
#             include path, or WK_CONFIG_FILE="name.h", or nothing (defaults);
#             see core/include/wk/wk_config_defaults.h.
#   ports     the core plus the lists below that a platform uses, each with
#             WICKRLITE_CORE_INCLUDE_DIRS and never the core's private
#             directory: a port sees the public headers only. A platform
#             without a port here implements docs/PORTING.md itself, starting
#             from WICKRLITE_TEMPLATE_SOURCES.

set(WICKRLITE_ROOT "${CMAKE_CURRENT_LIST_DIR}")

set(WICKRLITE_CORE_SOURCES
  "${WICKRLITE_ROOT}/core/src/wk_client.c"
  "${WICKRLITE_ROOT}/core/src/wk_cursor.c"
  "${WICKRLITE_ROOT}/core/src/wk_endpoint.c"
  "${WICKRLITE_ROOT}/core/src/wk_http.c"
  "${WICKRLITE_ROOT}/core/src/wk_request.c"
  "${WICKRLITE_ROOT}/core/src/wk_retry.c"
  "${WICKRLITE_ROOT}/core/src/wk_service_error.c"
  "${WICKRLITE_ROOT}/core/src/wk_sigv4.c"
  "${WICKRLITE_ROOT}/core/src/wk_status.c"
  "${WICKRLITE_ROOT}/core/src/wk_users.c"
  "${WICKRLITE_ROOT}/core/src/wk_util.c")
set(WICKRLITE_CORE_INCLUDE_DIRS
  "${WICKRLITE_ROOT}/core/include"
  "${WICKRLITE_ROOT}/port/include")
set(WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS
  "${WICKRLITE_ROOT}/core/src")

# mbedTLS 2.28 or 3.x: SHA-256/HMAC singletons and the TLS decorator.
set(WICKRLITE_MBEDTLS_SOURCES
  "${WICKRLITE_ROOT}/port/mbedtls/wk_port_mbedtls_crypto.c"
  "${WICKRLITE_ROOT}/port/mbedtls/wk_tls_mbedtls.c")
set(WICKRLITE_MBEDTLS_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/mbedtls")

# POSIX sockets, clocks, getrandom(), nanosleep() and the standard descriptor guard.
set(WICKRLITE_POSIX_SOURCES
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix.c"
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix_fds.c"
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix_sys.c")
set(WICKRLITE_POSIX_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/posix")

# A connector from any opener, without TLS of its own (wk_tcp_connector.h).
set(WICKRLITE_CONNECTOR_SOURCES "${WICKRLITE_ROOT}/port/connector/wk_tcp_connector.c")

# The port self-test, run on the target (wk_selftest.h).
set(WICKRLITE_SELFTEST_SOURCES "${WICKRLITE_ROOT}/port/selftest/wk_selftest.c")

# A port with every function stubbed: to copy and fill in, never to link
# beside another port (both define the wk_port_* functions).
set(WICKRLITE_TEMPLATE_SOURCES "${WICKRLITE_ROOT}/port/template/wk_port_template.c")
set(WICKRLITE_TEMPLATE_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/template")
