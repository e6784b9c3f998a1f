#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fails when the core library references the heap or stdio, or exports a
# symbol without the wk_ prefix.
set -eu
lib=$1
bad=$(nm -u "$lib" | awk '{print $2}' | grep -E '^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|printf|fprintf|sprintf|snprintf|puts|fopen|time|rand|sleep|usleep)$' || true)
if [ -n "$bad" ]; then
  echo "core references forbidden functions:"; echo "$bad"; exit 1
fi
exported=$(nm -g --defined-only "$lib" | awk 'NF==3 {print $3}' | grep -v '^wk_' || true)
if [ -n "$exported" ]; then
  echo "core exports symbols without the wk_ prefix:"; echo "$exported"; exit 1
fi
undef=$(nm -u "$lib" | awk '{print $2}' | sort -u | tr '\n' ' ')
echo "core: no heap or stdio references; undefined symbols: $undef"
