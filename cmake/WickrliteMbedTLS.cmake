# SPDX-License-Identifier: Apache-2.0
# Finds mbedTLS and makes sure the targets MbedTLS::mbedtls, MbedTLS::mbedx509
# and MbedTLS::mbedcrypto exist, whatever the version:
# - 3.x installs a CMake package that defines them;
# - 2.28 (Debian 12) ships neither a CMake package nor a pkg-config file, so
#   they are made here from the header and the three libraries.
# Used by the build (port/CMakeLists.txt) and, installed, by
# wickrlite-config.cmake, so an installed wickrlite::mbedtls links the same
# way on either version. Sets WICKRLITE_MBEDTLS_FOUND.

set(WICKRLITE_MBEDTLS_FOUND FALSE)
if(NOT TARGET MbedTLS::mbedtls)
  find_package(MbedTLS CONFIG QUIET)
endif()
if(NOT TARGET MbedTLS::mbedtls)
  find_path(WICKRLITE_MBEDTLS_INCLUDE_DIR mbedtls/ssl.h)
  foreach(lib mbedtls mbedx509 mbedcrypto)
    find_library(WICKRLITE_${lib}_LIBRARY ${lib})
  endforeach()
  if(WICKRLITE_MBEDTLS_INCLUDE_DIR AND WICKRLITE_mbedtls_LIBRARY
     AND WICKRLITE_mbedx509_LIBRARY AND WICKRLITE_mbedcrypto_LIBRARY)
    # Dependency order: each library needs the next one.
    set(_wk_next "")
    foreach(lib mbedcrypto mbedx509 mbedtls)
      add_library(MbedTLS::${lib} UNKNOWN IMPORTED)
      set_target_properties(MbedTLS::${lib} PROPERTIES
        IMPORTED_LOCATION "${WICKRLITE_${lib}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${WICKRLITE_MBEDTLS_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${_wk_next}")
      set(_wk_next MbedTLS::${lib})
    endforeach()
    unset(_wk_next)
  endif()
endif()
if(TARGET MbedTLS::mbedtls AND TARGET MbedTLS::mbedx509 AND TARGET MbedTLS::mbedcrypto)
  set(WICKRLITE_MBEDTLS_FOUND TRUE)
endif()
