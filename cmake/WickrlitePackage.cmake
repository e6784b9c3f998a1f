# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` lays down (WK_INSTALL, on when wickr-lite is the
# top-level project), and how other projects find it:
#
#   include/wickrlite/        wk/*.h, wk_port.h and the other headers of
#                             port/include (wk_tls.h, wk_tcp_connector.h,
#                             wk_selftest.h), the headers of the ports built,
#                             and the wk_config.h this build was configured
#                             with (struct sizes depend on it, so it must
#                             travel with the libraries)
#   lib/libwk_core.a ...      one static library per component:
#                             find_package(wickrlite COMPONENTS ...) gives
#                             wickrlite::core, wickrlite::posix,
#                             wickrlite::mbedtls, wickrlite::tcp_connector,
#                             wickrlite::selftest (and wickrlite::lwip when
#                             that port was built); wickrlite-core.pc is the
#                             core alone, for an application with its own port
#   lib/libwickrlite.so, .a   the whole POSIX stack (core + POSIX port + mbedTLS
#                             port + TCP connector + self-test) as one library,
#                             for a program that uses those ports as they are:
#                             wickrlite.pc and wickrlite::wickrlite. It
#                             defines every port function, so it is no base
#                             for a port of one's own; mixing fails loudly:
#                             the static archive at link time (multiple
#                             definitions), the shared library at load time
#                             (wk_port_posix_sealed.c aborts, naming them).
#   lib/cmake/wickrlite/      the CMake package (config, version, targets, and
#                             the mbedTLS finder it shares with this build)
#   bin/wickr-list-users      the CLI (platform/linux), with its manual
#                             (share/man/man1) and bash completion
#                             (share/bash-completion/completions); those
#                             install rules are in platform/linux/CMakeLists.txt
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WK_INSTALL_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/wickrlite")
set(WK_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/wickrlite")
target_include_directories(wk_core INTERFACE "$<INSTALL_INTERFACE:${WK_INSTALL_INCLUDEDIR}>")
# pkg-config files find the prefix relative to themselves, so
# `cmake --install --prefix DIR` works for any DIR.
file(RELATIVE_PATH WK_PC_PREFIX_FROM_PCDIR "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")

# ---- Components: the core, each port that was built, the connector and self-test ----
set(wk_export_targets wk_core)
set(wk_port_headers)
foreach(component wk_port_posix wk_port_mbedtls_crypto wk_port_mbedtls wk_port_lwip
                  wk_tcp_connector wk_selftest)
  if(TARGET ${component})
    list(APPEND wk_export_targets ${component})
  endif()
endforeach()
if(TARGET wk_port_posix)
  list(APPEND wk_port_headers "${PROJECT_SOURCE_DIR}/port/posix/wk_port_posix.h")
endif()
if(TARGET wk_port_mbedtls)
  list(APPEND wk_port_headers "${PROJECT_SOURCE_DIR}/port/mbedtls/wk_tls_mbedtls.h")
endif()
if(TARGET wk_port_lwip)
  # lwIP itself is the application's (its lwipopts.h decides its ABI), so
  # the package carries only the adapter; the consumer links its own lwIP.
  file(GLOB wk_lwip_headers "${PROJECT_SOURCE_DIR}/port/lwip/wk_port_lwip*.h")
  list(APPEND wk_port_headers ${wk_lwip_headers})
endif()

# ---- The whole POSIX stack as one library (shared and static) -------------------------
# Made from the components' objects: nothing is compiled twice.
if(TARGET wk_port_posix AND TARGET wk_port_mbedtls)
  foreach(kind SHARED STATIC)
    if(kind STREQUAL "SHARED")
      set(tgt wickrlite)
    else()
      set(tgt wickrlite_static)
    endif()
    add_library(${tgt} ${kind}
      $<TARGET_OBJECTS:wk_core> $<TARGET_OBJECTS:wk_port_posix>
      $<TARGET_OBJECTS:wk_port_mbedtls_crypto> $<TARGET_OBJECTS:wk_port_mbedtls>
      $<TARGET_OBJECTS:wk_tcp_connector> $<TARGET_OBJECTS:wk_selftest>)
    add_library(wickrlite::${tgt} ALIAS ${tgt})
    target_include_directories(${tgt} PUBLIC
      "$<BUILD_INTERFACE:${WICKRLITE_CORE_INCLUDE_DIRS};${WK_GEN_DIR};${WICKRLITE_POSIX_INCLUDE_DIRS};${WICKRLITE_MBEDTLS_INCLUDE_DIRS}>"
      "$<INSTALL_INTERFACE:${WK_INSTALL_INCLUDEDIR}>")
    target_compile_definitions(${tgt} PUBLIC WK_HAVE_CONFIG_H)
    target_compile_features(${tgt} PUBLIC c_std_11)
    # wk_tls_mbedtls.h includes mbedTLS headers, so its users need them too
    # (wk_tls.h, what platforms use, does not).
    target_link_libraries(${tgt} PUBLIC MbedTLS::mbedtls MbedTLS::mbedx509 MbedTLS::mbedcrypto)
    set_target_properties(${tgt} PROPERTIES OUTPUT_NAME wickrlite EXPORT_NAME ${tgt})
    list(APPEND wk_export_targets ${tgt})
  endforeach()
  set_target_properties(wickrlite PROPERTIES
    VERSION "${PROJECT_VERSION}" SOVERSION "${PROJECT_VERSION_MAJOR}")
  # In the archive, a program's own clock or random function collides with
  # the POSIX port's object; in the shared library it would silently replace
  # it, so this check refuses a mix at load.
  target_sources(wickrlite PRIVATE ${WICKRLITE_POSIX_SEALED_SOURCES})
  target_link_libraries(wickrlite PRIVATE ${CMAKE_DL_LIBS} $<BUILD_INTERFACE:wk_warnings>)
  if(NOT WK_SANITIZE AND NOT WK_BUILD_FUZZ)
    # Every symbol must resolve inside the library or mbedTLS and libc
    # (sanitizer runtimes are only linked into programs, hence the condition).
    target_link_options(wickrlite PRIVATE "LINKER:--no-undefined")
  endif()
  configure_file("${PROJECT_SOURCE_DIR}/cmake/wickrlite.pc.in"
    "${PROJECT_BINARY_DIR}/wickrlite.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/wickrlite.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
  wk_left_out("the whole-stack library (libwickrlite, wickrlite.pc)"
              "needs the POSIX port and mbedTLS")
endif()

install(TARGETS ${wk_export_targets} EXPORT wickrlite-targets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/core/include/wk"
  DESTINATION "${WK_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.h")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/port/include/"
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

# ---- pkg-config: the core alone (wickrlite.pc, the whole stack, is above) ---------------
configure_file("${PROJECT_SOURCE_DIR}/cmake/wickrlite-core.pc.in"
  "${PROJECT_BINARY_DIR}/wickrlite-core.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/wickrlite-core.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
