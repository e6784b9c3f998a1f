# SPDX-License-Identifier: Apache-2.0
# sources.mk, the source lists of wickrlite.cmake for Make builds, is written
# from wickrlite.cmake by this script:
#
#   cmake -P cmake/WickrliteSourcesMk.cmake
#
# Included instead (tests/package/check_source_lists.cmake), it only defines
# wk_sources_mk(OUT_VAR), the text the file must hold.

function(wk_sources_mk out_var)
  include("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../wickrlite.cmake")
  string(CONCAT text
    "# SPDX-License-Identifier: Apache-2.0\n"
    "# wickr-lite's source lists for Make, written from wickrlite.cmake by\n"
    "# `cmake -P cmake/WickrliteSourcesMk.cmake`; do not edit (the\n"
    "# package_source_lists test fails when this file is out of date). What to\n"
    "# compile with what: wickrlite.cmake, and docs/PORTING.md (Building).\n"
    "#\n"
    "#   include path/to/wickr-lite/sources.mk\n"
    "#   the core: \$(WICKRLITE_CORE_SOURCES) as C11, with -DWK_HAVE_CONFIG_H and -I for\n"
    "#     \$(WICKRLITE_CORE_INCLUDE_DIRS), \$(WICKRLITE_CORE_PRIVATE_INCLUDE_DIRS) and\n"
    "#     your wk_config.h's folder (a copy of core/config/wk_config.h)\n"
    "#   a port: its _SOURCES as C11, with -DWK_HAVE_CONFIG_H and -I for\n"
    "#     \$(WICKRLITE_CORE_INCLUDE_DIRS), your wk_config.h's folder and its _INCLUDE_DIRS;\n"
    "#     never the core's private folder (a port sees the public headers only)\n"
    "\n"
    "ifndef WICKRLITE_ROOT\n"
    "WICKRLITE_ROOT := \$(patsubst %/,%,\$(dir \$(lastword \$(MAKEFILE_LIST))))\n"
    "endif\n")
  # Every list wickrlite.cmake sets, in name order.
  get_cmake_property(names VARIABLES)
  list(FILTER names INCLUDE REGEX "^WICKRLITE_[A-Z_]+_(SOURCES|INCLUDE_DIRS)$")
  list(SORT names)
  foreach(name IN LISTS names)
    string(APPEND text "\n${name} :=")
    foreach(path IN LISTS ${name})
      string(REPLACE "${WICKRLITE_ROOT}" "\$(WICKRLITE_ROOT)" path "${path}")
      string(APPEND text " \\\n\t${path}")
    endforeach()
    string(APPEND text "\n")
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  wk_sources_mk(text)
  file(WRITE "${CMAKE_CURRENT_LIST_DIR}/../sources.mk" "${text}")
endif()
