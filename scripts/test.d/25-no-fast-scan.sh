#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The parser's size profile: with CONFIG_WK_JSON_FAST_SCAN off every byte takes
# the state machine, and the JSON, property and client suites must give the
# same results as with the fast path.
set -euo pipefail
root=${WK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir="$root/build-no-fast-scan"
mkdir -p "$dir"
printf '# CONFIG_WK_JSON_FAST_SCAN is not set\n' >"$dir/kconfig"
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWK_KCONFIG_FILE="$dir/kconfig" \
  -DWK_BUILD_BENCH=OFF -DWK_BUILD_EXAMPLES=OFF -DWK_WERROR=ON -DWK_REQUIRE_ALL=ON >/dev/null
grep -q '#define CONFIG_WK_JSON_FAST_SCAN 0' "$dir/generated/wk_config.h" ||
  { echo "the fast path is still on in $dir"; exit 1; }
targets=(test_users test_service_error test_client test_json_suite test_split_client)
cmake --build "$dir" -j"${WK_JOBS:-$(nproc)}" --target "${targets[@]}" >"$dir/build.log" 2>&1 ||
  { cat "$dir/build.log"; exit 1; }
(cd "$dir" && ctest --output-on-failure -R "^($(IFS='|'; echo "${targets[*]}"))\$")
