#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wickr-lite as a library of another CMake project, and on a machine without
# its optional dependencies ("bare": mbedTLS, cmocka, cJSON, lwIP and Doxygen
# out of reach of CMake's find commands through an empty find root, and a
# python3 that cannot import kconfiglib).
#  1. The tree itself, bare: configures, names each part it leaves out, uses
#     the defaults header as wk_config.h and builds; with WK_REQUIRE_ALL it
#     refuses to configure instead; a .config that does not exist, or that
#     cannot be applied without kconfiglib, is an error, never ignored.
#  2. core_consumer through add_subdirectory() (bare) and FetchContent (with
#     every dependency), checked by core_consumer/check.sh: only wickr-lite's
#     libraries reach the including project, the program runs on the core and
#     its own port, and with a port that forgot wk_port_now_ms() it fails to
#     link, naming that function.
#   test_subproject.sh SOURCE_DIR WORK_DIR C_COMPILER PYTHON
set -euo pipefail
tree=$1 work=$2 cc=$3 python=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work/root/usr/include"
# -S: without the site directories, where Debian's kconfiglib lives.
printf '#!/bin/sh\nexec "%s" -S "$@"\n' "$python" >"$work/python3"
chmod +x "$work/python3"
bare=(-DCMAKE_FIND_ROOT_PATH="$work/root" -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY
      -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY
      -DWK_PYTHON="$work/python3")
fail() { echo "FAIL: $*"; exit 1; }

# ---- 1. The tree on a bare machine -----------------------------------------------
cmake -S "$tree" -B "$work/tree" -DCMAKE_C_COMPILER="$cc" "${bare[@]}" >"$work/tree.log" 2>&1 ||
  { cat "$work/tree.log"; fail "the tree does not configure without its optional dependencies"; }
for part in "Kconfig" "the mbedTLS port" "the CLI" "the tests (missing: cmocka" \
            "the examples" "the benchmarks" "the whole-stack library" "the lwIP port"; do
  grep -q "^-- Not built: $part" "$work/tree.log" ||
    { cat "$work/tree.log"; fail "configuring bare does not say it leaves out $part"; }
done
cmp -s "$work/tree/generated/wk_config.h" "$tree/core/config/wk_config.h" ||
  fail "without kconfiglib, wk_config.h is not core/config/wk_config.h"
cmake --build "$work/tree" -j2 >"$work/tree-build.log" 2>&1 ||
  { cat "$work/tree-build.log"; fail "the tree does not build without its optional dependencies"; }
[ -f "$work/tree/core/libwk_core.a" ] || fail "the bare build made no libwk_core.a"
if cmake -S "$tree" -B "$work/tree-all" -DCMAKE_C_COMPILER="$cc" -DWK_REQUIRE_ALL=ON "${bare[@]}" \
     >"$work/tree-all.log" 2>&1; then
  fail "WK_REQUIRE_ALL=ON configures although dependencies are missing"
fi
grep -q "Missing a dependency for " "$work/tree-all.log" ||
  { cat "$work/tree-all.log"; fail "WK_REQUIRE_ALL=ON fails without saying what is missing"; }
echo "ok   bare tree: configures, names what it leaves out, builds the core; WK_REQUIRE_ALL refuses"
# A .config is applied or refused, never ignored: one that does not exist,
# or one that cannot be applied without kconfiglib.
printf '# CONFIG_WK_DIAG_TEXT is not set\n' >"$work/diag-off.config"
for config in "$work/missing.config" "$work/diag-off.config"; do
  if cmake -S "$tree" -B "$work/tree-config" -DCMAKE_C_COMPILER="$cc" -DWK_KCONFIG_FILE="$config" \
       "${bare[@]}" >"$work/tree-config.log" 2>&1; then
    fail "configured with the defaults although $config was asked for"
  fi
  # CMake wraps its messages: compare with the lines joined.
  tr -s ' \n' ' ' <"$work/tree-config.log" |
    grep -qE "Kconfig( file $config does not exist|: applying $config needs python3 with kconfiglib)" ||
    { cat "$work/tree-config.log"; fail "$config refused without a reason"; }
  rm -rf "$work/tree-config"
done
echo "ok   a .config that does not exist, or cannot be applied without kconfiglib, is an error"

# ---- 2. Inside another project -------------------------------------------------------
"$here/core_consumer/check.sh" subdirectory "$work/subdirectory" "$cc" -DWK_VIA=subdirectory \
  -DWK_TREE="$tree" "${bare[@]}"
"$here/core_consumer/check.sh" fetchcontent "$work/fetchcontent" "$cc" -DWK_VIA=fetchcontent \
  -DWK_TREE="$tree"
