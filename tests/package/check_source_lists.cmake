# SPDX-License-Identifier: Apache-2.0
# wickrlite.cmake must list every source of the core and of the ports it
# covers, and nothing that does not exist: every build compiles from it (this
# repository's CMake build, the Cortex-M build, ESP-IDF, Zephyr, and Make
# through sources.mk), so a file missing there fails (or misses a function)
# far from here. sources.mk must be what cmake/WickrliteSourcesMk.cmake
# writes from it.
#   cmake -DROOT=<checkout> -P check_source_lists.cmake
cmake_minimum_required(VERSION 3.20)
include("${ROOT}/wickrlite.cmake")
include("${ROOT}/cmake/WickrliteSourcesMk.cmake")
set(failed FALSE)
# Each folder against the lists of its files (the first: what a platform
# compiles; the POSIX folder's second: only for the shared whole-stack library).
foreach(pair "core/src/*.c;WICKRLITE_CORE_SOURCES"
             "port/posix/*.c;WICKRLITE_POSIX_SOURCES;WICKRLITE_POSIX_SEALED_SOURCES"
             "port/mbedtls/*.c;WICKRLITE_MBEDTLS_SOURCES" "port/lwip/*.c;WICKRLITE_LWIP_SOURCES"
             "port/connector/*.c;WICKRLITE_CONNECTOR_SOURCES"
             "port/selftest/*.c;WICKRLITE_SELFTEST_SOURCES"
             "port/template/*.c;WICKRLITE_TEMPLATE_SOURCES")
  list(POP_FRONT pair pattern)
  set(listed)
  foreach(var IN LISTS pair)
    list(APPEND listed ${${var}})
    foreach(f IN LISTS ${var})
      if(NOT EXISTS "${f}")
        message(SEND_ERROR "${var} names ${f}, which does not exist")
        set(failed TRUE)
      endif()
    endforeach()
  endforeach()
  file(GLOB on_disk "${ROOT}/${pattern}")
  foreach(f IN LISTS on_disk)
    if(NOT f IN_LIST listed)
      message(SEND_ERROR "${f} is not in ${pair} (wickrlite.cmake)")
      set(failed TRUE)
    endif()
  endforeach()
  list(LENGTH listed n)
  message(STATUS "${pair}: ${n} files checked against ${pattern}")
endforeach()
wk_sources_mk(expected)
file(READ "${ROOT}/sources.mk" actual)
if(NOT actual STREQUAL expected)
  message(SEND_ERROR "sources.mk is out of date: run cmake -P cmake/WickrliteSourcesMk.cmake")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "the source lists are out of date")
endif()
message(STATUS "sources.mk matches wickrlite.cmake")
