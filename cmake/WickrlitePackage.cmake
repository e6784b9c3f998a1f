# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` lays down, and how other projects find it:
#
#   include/wickrlite/        wk/*.h, port/include's (wk_port.h, wk_tls.h,
#                             wk_tcp_connector.h, wk_selftest.h), the ports' headers and the
#                             wk_config.h this build was configured with (struct
#                             sizes depend on it, so it must travel with the libraries)
#   lib/libwk_core.a ...      one static library per component, for CMake users:
#                             find_package(wickrlite) gives wickrlite::core,
#                             wickrlite::posix, wickrlite::mbedtls,
#                             wickrlite::tcp_connector, wickrlite::selftest (and
#                             wickrlite::lwip when that port was built)
#   lib/libwickrlite.so, .a   the whole Linux stack (core + POSIX + mbedTLS) as one
#                             library, for pkg-config users (wickrlite.pc) and
#                             for wickrlite::wickrlite
#   lib/cmake/wickrlite/      the CMake package (config, version, targets, and
#                             the mbedTLS finder it shares with this build)
#   bin/wickr-list-users      the CLI (platform/linux), with its manual
#                             (share/man/man1) and bash completion
#                             (share/bash-completion/completions); those
#                             install rules are in platform/linux/CMakeLists.txt
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
include("${PROJECT_SOURCE_DIR}/wickrlite.cmake")

set(WK_INSTALL_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/wickrlite")
set(WK_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/wickrlite")

# ---- The whole Linux stack as one library (built from the plain source lists,
# which keeps wickrlite.cmake complete: a missing file fails this link) -------------
# The core's sources see its private headers; the ports' do not.
add_library(wickrlite_objects OBJECT ${WICKRLITE_CORE_SOURCES})
target_include_directories(wickrlite_objects PRIVATE
  ${WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS} "${JSMN_INCLUDE_DIR}")
add_library(wickrlite_port_objects OBJECT ${WICKRLITE_POSIX_SOURCES} ${WICKRLITE_MBEDTLS_SOURCES}
  ${WICKRLITE_CONNECTOR_SOURCES} ${WICKRLITE_SELFTEST_SOURCES})
foreach(objects wickrlite_objects wickrlite_port_objects)
  target_include_directories(${objects} PUBLIC
    ${WICKRLITE_CORE_INCLUDE_DIRS} "${WK_GEN_DIR}"
    ${WICKRLITE_POSIX_INCLUDE_DIRS} ${WICKRLITE_MBEDTLS_INCLUDE_DIRS})
  target_compile_definitions(${objects} PUBLIC WK_HAVE_CONFIG_H)
  target_link_libraries(${objects} PUBLIC ${WK_MBEDTLS_LIBS})
  target_link_libraries(${objects} PRIVATE wk_warnings)
  set_target_properties(${objects} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endforeach()

foreach(kind SHARED STATIC)
  if(kind STREQUAL "SHARED")
    set(tgt wickrlite)
  else()
    set(tgt wickrlite_static)
  endif()
  add_library(${tgt} ${kind} $<TARGET_OBJECTS:wickrlite_objects>
              $<TARGET_OBJECTS:wickrlite_port_objects>)
  target_include_directories(${tgt} PUBLIC
    "$<BUILD_INTERFACE:${WICKRLITE_CORE_INCLUDE_DIRS};${WK_GEN_DIR};${WICKRLITE_POSIX_INCLUDE_DIRS};${WICKRLITE_MBEDTLS_INCLUDE_DIRS}>"
    "$<INSTALL_INTERFACE:${WK_INSTALL_INCLUDEDIR}>")
  target_compile_definitions(${tgt} PUBLIC WK_HAVE_CONFIG_H)
  # wk_tls_mbedtls.h includes mbedTLS headers, so its users need them too
  # (wk_tls.h, what platforms use, does not).
  target_link_libraries(${tgt} PUBLIC ${WK_MBEDTLS_LIBS})
  set_target_properties(${tgt} PROPERTIES OUTPUT_NAME wickrlite)
endforeach()
set_target_properties(wickrlite PROPERTIES
  VERSION "${PROJECT_VERSION}" SOVERSION "${PROJECT_VERSION_MAJOR}")
set_target_properties(wickrlite_static PROPERTIES EXPORT_NAME wickrlite_static)
if(NOT WK_SANITIZE)
  # Every symbol must resolve inside the library or mbedTLS and libc
  # (sanitizer runtimes are only linked into programs, hence the condition).
  target_link_options(wickrlite PRIVATE "LINKER:--no-undefined")
endif()

# ---- Per-component static libraries -------------------------------------------------
set_target_properties(wk_core PROPERTIES EXPORT_NAME core)
set_target_properties(wk_port_posix PROPERTIES EXPORT_NAME posix)
set_target_properties(wk_port_mbedtls PROPERTIES EXPORT_NAME mbedtls)
set_target_properties(wk_port_mbedtls_crypto PROPERTIES EXPORT_NAME mbedtls_crypto)
target_include_directories(wk_core INTERFACE "$<INSTALL_INTERFACE:${WK_INSTALL_INCLUDEDIR}>")
set_target_properties(wk_tcp_connector PROPERTIES EXPORT_NAME tcp_connector)
set_target_properties(wk_selftest PROPERTIES EXPORT_NAME selftest)
set(wk_export_targets wk_core wk_port_posix wk_port_mbedtls wk_port_mbedtls_crypto
    wk_tcp_connector wk_selftest wickrlite wickrlite_static)
file(GLOB wk_port_headers "${PROJECT_SOURCE_DIR}/port/include/wk_*.h")
list(APPEND wk_port_headers
  "${PROJECT_SOURCE_DIR}/port/posix/wk_port_posix.h"
  "${PROJECT_SOURCE_DIR}/port/mbedtls/wk_tls_mbedtls.h")
set(WK_PACKAGE_HAS_LWIP FALSE)
if(TARGET wk_port_lwip)
  # lwIP itself is the application's (its lwipopts.h decides its ABI), so
  # the package carries only the adapter; the consumer links its own lwIP.
  set_target_properties(wk_port_lwip PROPERTIES EXPORT_NAME lwip)
  list(APPEND wk_export_targets wk_port_lwip)
  file(GLOB wk_lwip_headers "${PROJECT_SOURCE_DIR}/port/lwip/wk_port_lwip*.h")
  list(APPEND wk_port_headers ${wk_lwip_headers})
  set(WK_PACKAGE_HAS_LWIP TRUE)
endif()

install(TARGETS ${wk_export_targets} EXPORT wickrlite-targets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/core/include/wk"
  DESTINATION "${WK_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.h")
install(FILES ${wk_port_headers} "${WK_GEN_DIR}/wk_config.h"
  DESTINATION "${WK_INSTALL_INCLUDEDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# ---- CMake package ------------------------------------------------------------------
install(EXPORT wickrlite-targets NAMESPACE wickrlite::
  FILE wickrlite-targets.cmake DESTINATION "${WK_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/wickrlite-config.cmake.in"
  "${PROJECT_BINARY_DIR}/wickrlite-config.cmake" INSTALL_DESTINATION "${WK_INSTALL_CMAKEDIR}")
# 0.x: a minor release may change the API, so only the same minor matches.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/wickrlite-config-version.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/wickrlite-config.cmake"
  "${PROJECT_BINARY_DIR}/wickrlite-config-version.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/WickrliteMbedTLS.cmake"
  DESTINATION "${WK_INSTALL_CMAKEDIR}")

# ---- pkg-config -----------------------------------------------------------------------
# Relative to the .pc file, so `cmake --install --prefix DIR` works for any DIR.
file(RELATIVE_PATH WK_PC_PREFIX_FROM_PCDIR "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file("${PROJECT_SOURCE_DIR}/cmake/wickrlite.pc.in"
  "${PROJECT_BINARY_DIR}/wickrlite.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/wickrlite.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
