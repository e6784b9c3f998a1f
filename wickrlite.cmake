# SPDX-License-Identifier: Apache-2.0
# wickr-lite's source lists: the one place that names the files of the core
# and of the ports. Everything compiles from here: this repository's CMake
# build (core/, port/, the whole-stack library), the Cortex-M build
# (platform/cortex-m), the ESP-IDF and Zephyr manifests, an application's own
# CMake project, and Make builds through sources.mk, which is written from
# this file (cmake -P cmake/WickrliteSourcesMk.cmake; the
# package_source_lists test fails when it is out of date, or when a source
# in core/src or a port folder is missing here). Plain variables only: no
# targets, no options, nothing found. One file is one line.
#
# To compile:
#   core      WICKRLITE_CORE_SOURCES with WICKRLITE_CORE_INCLUDE_DIRS public
#             and WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS private.
#             Options: define WK_HAVE_CONFIG_H and put a wk_config.h that
#             defines every option on the include path (Kconfig writes one;
#             without Kconfig copy core/config/wk_config.h), or
#             WK_CONFIG_FILE="name.h", or nothing (the defaults); see
#             core/include/wk/wk_config_defaults.h.
#   ports     the core plus the lists below that a platform uses, each with
#             WICKRLITE_CORE_INCLUDE_DIRS and never the core's private
#             directory: a port sees the public headers only. A platform
#             without a port here implements docs/PORTING.md itself, starting
#             from WICKRLITE_TEMPLATE_SOURCES.

set(WICKRLITE_ROOT "${CMAKE_CURRENT_LIST_DIR}")

set(WICKRLITE_CORE_SOURCES
  "${WICKRLITE_ROOT}/core/src/wk_client.c"
  "${WICKRLITE_ROOT}/core/src/wk_client_credentials.c"
  "${WICKRLITE_ROOT}/core/src/wk_cred_exchange.c"
  "${WICKRLITE_ROOT}/core/src/wk_credentials.c"
  "${WICKRLITE_ROOT}/core/src/wk_cursor.c"
  "${WICKRLITE_ROOT}/core/src/wk_endpoint.c"
  "${WICKRLITE_ROOT}/core/src/wk_http_parser.c"
  "${WICKRLITE_ROOT}/core/src/wk_http_writer.c"
  "${WICKRLITE_ROOT}/core/src/wk_json.c"
  "${WICKRLITE_ROOT}/core/src/wk_request.c"
  "${WICKRLITE_ROOT}/core/src/wk_retry.c"
  "${WICKRLITE_ROOT}/core/src/wk_service_error.c"
  "${WICKRLITE_ROOT}/core/src/wk_service_status.c"
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
  "${WICKRLITE_ROOT}/port/mbedtls/wk_tls_mbedtls.c"
  "${WICKRLITE_ROOT}/port/mbedtls/wk_tls_mbedtls_client_cert.c"
  "${WICKRLITE_ROOT}/port/mbedtls/wk_tls_resume.c")
set(WICKRLITE_MBEDTLS_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/mbedtls")

# POSIX sockets, clocks, getrandom(), nanosleep() and the standard descriptor guard.
set(WICKRLITE_POSIX_SOURCES
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix.c"
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix_fds.c"
  "${WICKRLITE_ROOT}/port/posix/wk_port_posix_sys.c")
set(WICKRLITE_POSIX_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/posix")
# Only for a shared library that holds the POSIX port (libwickrlite.so):
# at load, aborts a program whose own port replaces some of its clock and
# random functions but not all (needs dladdr(); -ldl before glibc 2.34).
set(WICKRLITE_POSIX_SEALED_SOURCES "${WICKRLITE_ROOT}/port/posix/wk_port_posix_sealed.c")

# lwIP sockets, sys_now() clock, UTC and entropy hooks; compiled with the
# application's lwIP include paths and lwipopts.h (docs/PORTING.md).
set(WICKRLITE_LWIP_SOURCES
  "${WICKRLITE_ROOT}/port/lwip/wk_port_lwip.c"
  "${WICKRLITE_ROOT}/port/lwip/wk_port_lwip_sys.c")
set(WICKRLITE_LWIP_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/lwip")

# lwIP raw API (NO_SYS 1: tcp_* callbacks, pbuf chains, no threads), for bare
# metal; compiled with the application's lwIP include paths and lwipopts.h.
set(WICKRLITE_LWIP_RAW_SOURCES "${WICKRLITE_ROOT}/port/lwip-raw/wk_port_lwip_raw.c")
set(WICKRLITE_LWIP_RAW_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/lwip-raw")

# A connector from any opener, without TLS of its own (wk_tcp_connector.h).
set(WICKRLITE_CONNECTOR_SOURCES "${WICKRLITE_ROOT}/port/connector/wk_tcp_connector.c")

# The port self-test, run on the target (wk_selftest.h).
set(WICKRLITE_SELFTEST_SOURCES "${WICKRLITE_ROOT}/port/selftest/wk_selftest.c")

# A port with every function stubbed: to copy and fill in, never to link
# beside another port (both define the wk_port_* functions).
set(WICKRLITE_TEMPLATE_SOURCES "${WICKRLITE_ROOT}/port/template/wk_port_template.c")
set(WICKRLITE_TEMPLATE_INCLUDE_DIRS "${WICKRLITE_ROOT}/port/template")
