#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fails when the core library references the heap or stdio, or exports a
# symbol without the wk_ prefix. An unreadable or empty library fails too.
set -eu
lib=$1
undefined=$(nm -u "$lib")
defined=$(nm -g --defined-only "$lib")
if [ -z "$defined" ]; then
  echo "core: no symbols read from $lib"; exit 1
fi
bad=$(printf '%s\n' "$undefined" | awk '{print $2}' |
  grep -E '^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|time|rand|sleep|usleep|fopen|fwrite|fputs|puts|putchar|v?f?s?n?printf)$|_chk$' || true)
if [ -n "$bad" ]; then
  echo "core references forbidden functions:"; echo "$bad"; exit 1
fi
# ASan names the ODR indicator of an instrumented global after it.
exported=$(printf '%s\n' "$defined" | awk 'NF==3 {print $3}' | grep -Ev '^(__odr_asan\.)?wk_' || true)
if [ -n "$exported" ]; then
  echo "core exports symbols without the wk_ prefix:"; echo "$exported"; exit 1
fi
echo "core: no heap or stdio references; undefined symbols:" \
  $(printf '%s\n' "$undefined" | awk '{print $2}' | sort -u)
