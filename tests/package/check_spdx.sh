#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every source, build and script file names its licence in its first lines.
#   check_spdx.sh SOURCE_DIR
set -eu
cd "$1"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "not a git checkout: cannot list the project's files"; exit 1
fi
missing=$(git ls-files --cached --others --exclude-standard |
  grep -E '(\.(c|h|py|sh|cmake|in|yml)|CMakeLists\.txt|Kconfig|Doxyfile|^scripts/[a-z-]+|^\.ci/run)$' |
  while read -r f; do
    [ -f "$f" ] || continue
    head -n 5 "$f" | grep -q 'SPDX-License-Identifier:' || echo "$f"
  done)
if [ -n "$missing" ]; then
  echo "files without an SPDX-License-Identifier line:"; echo "$missing"; exit 1
fi
echo "spdx: $(git ls-files --cached --others --exclude-standard | wc -l) files listed, every source file has its SPDX line"
