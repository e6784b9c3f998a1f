#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds core_consumer (this folder) in BUILD_DIR, then: its
# program runs on the core and its own port; the same program with a port
# that forgot wk_port_now_ms() fails to link, naming that function; nothing
# of wickr-lite but its libraries reaches the including project (no tests,
# CLI, examples, benchmarks, whole-stack library or menuconfig target, and
# not its build type); the core is compiled as C11 whatever that project's
# CMAKE_C_STANDARD (99, with extensions), and raises the application to C11
# (its usage requirement) without taking its extensions away.
#   check.sh NAME BUILD_DIR C_COMPILER CMAKE_ARGS...
set -euo pipefail
name=$1 dir=$2 cc=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL $name: $*"; exit 1; }
cmake -S "$here" -B "$dir" -DCMAKE_C_COMPILER="$cc" "$@" >"$dir.log" 2>&1 ||
  { cat "$dir.log"; fail "configure"; }
cmake --build "$dir" -j2 >>"$dir.log" 2>&1 || { cat "$dir.log"; fail "build"; }
got=$("$dir/core_app")
[[ $got =~ \ init=WK_OK\ diag=$ ]] ||
  fail "core_app printed '$got'"
grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$dir/CMakeCache.txt" ||
  fail "wickr-lite set the including project's build type"
std_of() { # the -std= of the files named $1 in the compile commands
  grep -E "\"command\": .* -c [^ ]*/$1\"" "$dir/compile_commands.json" |
    grep -oE -- '-std=[a-z0-9]+' | sort -u
}
[ "$(std_of mismatch.c)" = "-std=gnu11" ] || fail "the application is compiled with '$(std_of mismatch.c)'"
if grep -q '/core/src/wk_client.c"' "$dir/compile_commands.json"; then
  [ "$(std_of 'wk_[a-z_]*\.c')" = "-std=c11" ] ||
    fail "wickr-lite's sources are compiled with '$(std_of 'wk_[a-z_]*\.c')'"
fi
targets=$(cmake --build "$dir" --target help)
for t in wickr-list-users wk_example_minimal test_util bench_parse wickrlite wickrlite_static \
         menuconfig; do
  if grep -qE "^\.\.\. $t( |\$)" <<<"$targets"; then
    fail "the including project gets wickr-lite's target $t"
  fi
done
if cmake --build "$dir" --target core_app_forgetful >"$dir-forgetful.log" 2>&1; then
  fail "a port without wk_port_now_ms() links"
fi
grep -qE "undefined (reference to|symbol:) .?wk_port_now_ms" "$dir-forgetful.log" ||
  { cat "$dir-forgetful.log"; fail "the failed link does not name wk_port_now_ms"; }
echo "ok   $name: $got; only the libraries; a port function left out fails the link, named"
