# SPDX-License-Identifier: Apache-2.0
# wickrlite.cmake must list every source of the core and of the ports it
# covers, and nothing that does not exist: ESP-IDF, Zephyr and other builds
# that compile from it would otherwise fail (or miss a function) far from here.
#   cmake -DROOT=<checkout> -P check_source_lists.cmake
cmake_minimum_required(VERSION 3.20)
include("${ROOT}/wickrlite.cmake")
set(failed FALSE)
foreach(pair "core/src;WICKRLITE_CORE_SOURCES" "port/posix;WICKRLITE_POSIX_SOURCES"
             "port/mbedtls;WICKRLITE_MBEDTLS_SOURCES" "port/connector;WICKRLITE_CONNECTOR_SOURCES"
             "port/selftest;WICKRLITE_SELFTEST_SOURCES" "port/template;WICKRLITE_TEMPLATE_SOURCES")
  list(GET pair 0 dir)
  list(GET pair 1 var)
  file(GLOB on_disk "${ROOT}/${dir}/*.c")
  foreach(f IN LISTS on_disk)
    if(NOT f IN_LIST ${var})
      message(SEND_ERROR "${f} is not in ${var} (wickrlite.cmake)")
      set(failed TRUE)
    endif()
  endforeach()
  foreach(f IN LISTS ${var})
    if(NOT EXISTS "${f}")
      message(SEND_ERROR "${var} names ${f}, which does not exist")
      set(failed TRUE)
    endif()
  endforeach()
  list(LENGTH ${var} n)
  message(STATUS "${var}: ${n} files checked against ${dir}/*.c")
endforeach()
if(failed)
  message(FATAL_ERROR "wickrlite.cmake is out of date")
endif()
