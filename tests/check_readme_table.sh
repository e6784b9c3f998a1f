#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every row the size printer writes must stand, as is, in the README.
set -eu
rows=$("$1")
missing=0
printf '%s\n' "$rows" | while IFS= read -r row; do
  grep -qxF -- "$row" "$2" || { echo "README lacks: $row"; exit 1; }
done || missing=1
if [ "$missing" -ne 0 ]; then
  echo "README memory table is stale; it should read:"; printf '%s\n' "$rows"; exit 1
fi
echo "README memory table matches the build"
