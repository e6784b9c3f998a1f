#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# scripts/demo installs only scripts/deps.d/core.txt and cli.txt, so its CMake
# configuration may look only for what those lists provide: it runs here end
# to end (its own build tree, the stand-in server, a listing), and then every
# path its configuration looked for (PATH and FILEPATH cache entries) must be
# one of the finds below. A find for tests, benchmarks or examples (cmocka,
# cJSON, doxygen) in the demo's configuration would fail on a machine with
# only the demo's packages.
#   test_demo_packages.sh SOURCE_DIR WORK_DIR
set -eu
root=$1
work=$2
rm -rf "$work"
WK_BUILD_DIR="$work" "$root/scripts/demo" --max-results 3 --output csv >"$work.out" 2>&1 ||
  { cat "$work.out"; echo "FAIL: scripts/demo failed"; exit 1; }
rows=$(grep -c '@example.com' "$work.out" || true)
[ "$rows" = 3 ] || { cat "$work.out"; echo "FAIL: the demo listed $rows users, not 3"; exit 1; }

# The finds that core.txt and cli.txt answer (lwIP is optional, and not found
# on a machine with only those), and the project's own cache settings.
allowed='WK_PYTHON|MbedTLS_DIR|WICKRLITE_MBEDTLS_INCLUDE_DIR|WICKRLITE_mbed(tls|x509|crypto)_LIBRARY|WK_LWIP_INCLUDE_DIR|WK_LWIP_LIB|WK_KCONFIG_FILE'
extra=$(sed -n 's/^\([A-Za-z0-9_]*\):\(PATH\|FILEPATH\)=.*/\1/p' "$work/CMakeCache.txt" |
  grep -v '^CMAKE_' | grep -Ev "^($allowed)\$" || true)
if [ -n "$extra" ]; then
  echo "FAIL: the demo's configuration looks for more than scripts/deps.d/core.txt and cli.txt install:"
  echo "$extra"
  echo "(add the package to one of those lists and the find here, or look for it only when the tests are on)"
  exit 1
fi
echo "ok: the demo listed 3 users; its configuration looked only for what core.txt and cli.txt install"
