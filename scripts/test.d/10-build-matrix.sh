#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Warnings as errors in the build types a user or a packager may pick, with
# GCC and with clang. Builds only: the suites in scripts/test run the tests in
# build/ (GCC RelWithDebInfo) and build-asan/ (GCC Debug, ASan+UBSan), which
# are not repeated here. Warnings differ with the optimisation level, so a
# type left out here is a build that can fail for a user.
set -euo pipefail
root=${WK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
for config in gcc:Debug gcc:Release gcc:MinSizeRel clang:Debug clang:Release; do
  cc=${config%%:*}
  type=${config#*:}
  dir="$root/build-matrix/$cc-$type"
  echo "== build $cc $type"
  cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE="$type" \
    -DWK_WERROR=ON -DWK_REQUIRE_ALL=ON >/dev/null
  cmake --build "$dir" -j"${WK_JOBS:-$(nproc)}" >"$dir/build.log" 2>&1 ||
    { cat "$dir/build.log"; exit 1; }
done
