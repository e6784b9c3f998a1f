#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_spdx.sh on a small repository of its own: it judges tracked files
# only (a build tree of any name inside the checkout is not the project's),
# excuses a vector set that has its LICENSE and README.md, and fails on a
# vector set without its LICENSE or a tracked source without an SPDX line.
#   test_check_spdx.sh CHECK_SPDX WORK_DIR
set -eu
check=$1
work=$2
rm -rf "$work"
mkdir -p "$work/tests/vectors/set" "$work/out"
cd "$work"
git init -q .
printf '/* SPDX-License-Identifier: Apache-2.0 */\n' >main.c
printf 'MIT\n' >tests/vectors/set/LICENSE
printf 'origin, commit, licence\n' >tests/vectors/set/README.md
printf 'int upstream_case;\n' >tests/vectors/set/case.c
git add main.c tests
printf 'int generated;\n' >out/generated.c

# expect pass|fail TEXT: check_spdx.sh ends so and prints TEXT.
expect() {
  if "$check" "$work" >"$work.log" 2>&1; then got=pass; else got=fail; fi
  if [ "$got" != "$1" ] || ! grep -qF "$2" "$work.log"; then
    echo "FAIL: wanted $1 with \"$2\", got $got:"; cat "$work.log"; exit 1
  fi
  echo "ok: $1, \"$2\""
}
expect pass "4 tracked files"
git rm -q --cached tests/vectors/set/LICENSE
expect fail "tests/vectors/set: no LICENSE"
git add tests/vectors/set/LICENSE
printf 'int unlabelled;\n' >lib.c
git add lib.c
expect fail "lib.c"
