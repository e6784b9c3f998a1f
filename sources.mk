# SPDX-License-Identifier: Apache-2.0
# wickr-lite's source lists for Make, written from wickrlite.cmake by
# `cmake -P cmake/WickrliteSourcesMk.cmake`; do not edit (the
# package_source_lists test fails when this file is out of date). What to
# compile with what: wickrlite.cmake, and docs/PORTING.md (Building).
#
#   include path/to/wickr-lite/sources.mk
#   the core: $(WICKRLITE_CORE_SOURCES) as C11, with -DWK_HAVE_CONFIG_H and -I for
#     $(WICKRLITE_CORE_INCLUDE_DIRS), $(WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS) and
#     your wk_config.h's folder (a copy of core/config/wk_config.h)
#   a port: its _SOURCES as C11, with -DWK_HAVE_CONFIG_H and -I for
#     $(WICKRLITE_CORE_INCLUDE_DIRS), your wk_config.h's folder and its _INCLUDE_DIRS;
#     never the core's private folder (a port sees the public headers only)

ifndef WICKRLITE_ROOT
WICKRLITE_ROOT := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif

WICKRLITE_CONNECTOR_SOURCES := \
	$(WICKRLITE_ROOT)/port/connector/wk_tcp_connector.c

WICKRLITE_CORE_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/core/include \
	$(WICKRLITE_ROOT)/port/include

WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/core/src

WICKRLITE_CORE_SOURCES := \
	$(WICKRLITE_ROOT)/core/src/wk_client.c \
	$(WICKRLITE_ROOT)/core/src/wk_client_credentials.c \
	$(WICKRLITE_ROOT)/core/src/wk_cred_exchange.c \
	$(WICKRLITE_ROOT)/core/src/wk_credentials.c \
	$(WICKRLITE_ROOT)/core/src/wk_cursor.c \
	$(WICKRLITE_ROOT)/core/src/wk_endpoint.c \
	$(WICKRLITE_ROOT)/core/src/wk_http_parser.c \
	$(WICKRLITE_ROOT)/core/src/wk_http_writer.c \
	$(WICKRLITE_ROOT)/core/src/wk_json.c \
	$(WICKRLITE_ROOT)/core/src/wk_request.c \
	$(WICKRLITE_ROOT)/core/src/wk_retry.c \
	$(WICKRLITE_ROOT)/core/src/wk_service_error.c \
	$(WICKRLITE_ROOT)/core/src/wk_service_status.c \
	$(WICKRLITE_ROOT)/core/src/wk_sigv4.c \
	$(WICKRLITE_ROOT)/core/src/wk_status.c \
	$(WICKRLITE_ROOT)/core/src/wk_users.c \
	$(WICKRLITE_ROOT)/core/src/wk_util.c

WICKRLITE_LWIP_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/port/lwip

WICKRLITE_LWIP_RAW_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/port/lwip-raw

WICKRLITE_LWIP_RAW_SOURCES := \
	$(WICKRLITE_ROOT)/port/lwip-raw/wk_port_lwip_raw.c

WICKRLITE_LWIP_SOURCES := \
	$(WICKRLITE_ROOT)/port/lwip/wk_port_lwip.c \
	$(WICKRLITE_ROOT)/port/lwip/wk_port_lwip_sys.c

WICKRLITE_MBEDTLS_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/port/mbedtls

WICKRLITE_MBEDTLS_SOURCES := \
	$(WICKRLITE_ROOT)/port/mbedtls/wk_port_mbedtls_crypto.c \
	$(WICKRLITE_ROOT)/port/mbedtls/wk_tls_mbedtls.c \
	$(WICKRLITE_ROOT)/port/mbedtls/wk_tls_mbedtls_client_cert.c \
	$(WICKRLITE_ROOT)/port/mbedtls/wk_tls_resume.c

WICKRLITE_POSIX_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/port/posix

WICKRLITE_POSIX_SEALED_SOURCES := \
	$(WICKRLITE_ROOT)/port/posix/wk_port_posix_sealed.c

WICKRLITE_POSIX_SOURCES := \
	$(WICKRLITE_ROOT)/port/posix/wk_port_posix.c \
	$(WICKRLITE_ROOT)/port/posix/wk_port_posix_fds.c \
	$(WICKRLITE_ROOT)/port/posix/wk_port_posix_sys.c

WICKRLITE_SELFTEST_SOURCES := \
	$(WICKRLITE_ROOT)/port/selftest/wk_selftest.c

WICKRLITE_TEMPLATE_INCLUDE_DIRS := \
	$(WICKRLITE_ROOT)/port/template

WICKRLITE_TEMPLATE_SOURCES := \
	$(WICKRLITE_ROOT)/port/template/wk_port_template.c
