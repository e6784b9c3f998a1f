#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every source, build and script file the project tracks names its licence in
# its first lines. Untracked files (a build tree of any name, scratch files)
# are not the project's and are not looked at. The third-party data in
# tests/vectors/ keeps its own licence instead: each set there must have a
# LICENSE and a README.md (origin, commit, licence).
#   check_spdx.sh SOURCE_DIR
set -eu
cd "$1"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "not a git checkout: cannot list the project's files"; exit 1
fi
files() { git -c core.quotePath=false ls-files "$@"; }
missing=$(files | grep -v '^tests/vectors/' |
  grep -E '(\.(c|h|py|sh|cmake|in|yml|mk)|CMakeLists\.txt|Makefile|Kconfig|Doxyfile|^scripts/[a-z-]+|^\.ci/run)$' |
  while read -r f; do
    [ -f "$f" ] || continue
    head -n 5 "$f" | grep -q 'SPDX-License-Identifier:' || echo "$f"
  done)
if [ -n "$missing" ]; then
  echo "files without an SPDX-License-Identifier line:"; echo "$missing"; exit 1
fi
sets=$(files tests/vectors | sed -n 's|^\(tests/vectors/[^/]*\)/.*|\1|p' | sort -u)
unlicensed=$(for set in $sets; do
    files "$set" | grep -q '/LICENSE$' || echo "$set: no LICENSE"
    [ -n "$(files "$set/README.md")" ] || echo "$set: no README.md"
  done)
if [ -n "$unlicensed" ]; then
  echo "test vector sets without their licence or origin:"; echo "$unlicensed"; exit 1
fi
echo "spdx: $(files | wc -l) tracked files, every source file has its SPDX line;" \
  "$(echo "$sets" | grep -c .) vector sets with LICENSE and README.md"
