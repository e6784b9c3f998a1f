#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cortex-M4F: build the bare-metal image (default and minimal Kconfig), run
# its self-check and the core unit tests on QEMU mps2-an386, and fail if the
# image links a heap function or the core outgrows its flash ceiling
# (docs/FOOTPRINT.md).
set -euo pipefail
root=${WK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec "$root/scripts/footprint" --check --tests
