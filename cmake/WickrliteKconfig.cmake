# SPDX-License-Identifier: Apache-2.0
# wk_config.h for a build, used by the project's CMakeLists.txt and by
# platform/cortex-m:
#
#   wk_kconfig_header(ROOT OUT_DIR CONFIG)
#
# writes OUT_DIR/wk_config.h from ROOT/Kconfig and the .config CONFIG (empty:
# the defaults) with scripts/kconfig.py, when python3 with kconfiglib is
# there. Without kconfiglib the defaults are copied from
# core/config/wk_config.h, the same text kconfig.py writes without a .config
# (the config_headers test keeps them equal); a .config is then an error,
# never ignored. Sets WK_PYTHON (python3, or NOTFOUND) and WK_KCONFIG_FOUND.

# Debian's python3-kconfiglib is a module of /usr/bin/python3, which a
# python3 earlier in PATH (a virtualenv, pyenv) may not see.
find_program(WK_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT WK_PYTHON)
  find_program(WK_PYTHON NAMES python3)
endif()
set(WK_KCONFIG_FOUND FALSE)
if(WK_PYTHON)
  execute_process(COMMAND "${WK_PYTHON}" -c "import kconfiglib"
                  RESULT_VARIABLE wk_kconfig_rc OUTPUT_QUIET ERROR_QUIET)
  if(wk_kconfig_rc EQUAL 0)
    set(WK_KCONFIG_FOUND TRUE)
  endif()
endif()

function(wk_kconfig_header root out_dir config)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${root}/Kconfig" "${root}/port/Kconfig")
  set(config_arg)
  if(config)
    if(NOT EXISTS "${config}")
      message(FATAL_ERROR "Kconfig file ${config} does not exist")
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${config}")
    set(config_arg --config "${config}")
  endif()
  if(WK_KCONFIG_FOUND)
    execute_process(
      COMMAND "${WK_PYTHON}" "${root}/scripts/kconfig.py" "${root}/Kconfig" ${config_arg}
              --header "${out_dir}/wk_config.h"
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "Kconfig: scripts/kconfig.py failed")
    endif()
  elseif(config)
    message(FATAL_ERROR "Kconfig: applying ${config} needs python3 with kconfiglib "
                        "(Debian: python3-kconfiglib)")
  else()
    configure_file("${root}/core/config/wk_config.h" "${out_dir}/wk_config.h" COPYONLY)
  endif()
endfunction()
