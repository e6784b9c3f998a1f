#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A build without CMake or Kconfig, as firmware projects have: make/Makefile
# compiles the core from sources.mk with a wk_config.h copied from
# core/config/wk_config.h, links it with a port of its own, and the program
# runs. The same build with that header missing one bool (as a hand-written
# one might leave out an option that is "not set") must fail, naming it,
# instead of taking the bool's default (on).
#   test_make.sh SOURCE_DIR WORK_DIR C_COMPILER
set -euo pipefail
tree=$1 work=$2 cc=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work/config" "$work/config-partial"
fail() { echo "FAIL: $*"; exit 1; }
build() { # build CONFIG_DIR OUT
  make -f "$here/make/Makefile" WICKRLITE_ROOT="$tree" CONFIG_DIR="$1" \
    OUT="$2" CC="$cc" -j2 "$2/core_app"
}

cp "$tree/core/config/wk_config.h" "$work/config/"
build "$work/config" "$work/out" >"$work/make.log" 2>&1 || { cat "$work/make.log"; fail "make"; }
got=$("$work/out/core_app")
[[ $got =~ \ init=WK_OK\ diag=$ ]] ||
  fail "core_app printed '$got'"
echo "ok   make with sources.mk and a copy of core/config/wk_config.h: $got"

grep -q '^#define CONFIG_WK_DIAG_TEXT ' "$work/config/wk_config.h" ||
  fail "the template has no CONFIG_WK_DIAG_TEXT to leave out"
grep -v '^#define CONFIG_WK_DIAG_TEXT ' "$work/config/wk_config.h" \
  >"$work/config-partial/wk_config.h"
if build "$work/config-partial" "$work/out-partial" >"$work/make-partial.log" 2>&1; then
  fail "a wk_config.h without CONFIG_WK_DIAG_TEXT builds (the option would be on)"
fi
grep -qE 'error: (#error )?"the configuration header does not define CONFIG_WK_DIAG_TEXT' \
  "$work/make-partial.log" || { cat "$work/make-partial.log"; fail "the failure does not name the option"; }
echo "ok   a wk_config.h without CONFIG_WK_DIAG_TEXT stops the build, naming it"
