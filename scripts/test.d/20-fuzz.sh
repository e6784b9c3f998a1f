#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Each libFuzzer target for a short fixed budget under ASan+UBSan (about 75 s
# in all, plus the clang build); a failure leaves its input in
# tests/fuzz/regression/ for ctest to replay. Longer runs: scripts/fuzz TARGET SECONDS.
set -euo pipefail
root=${WK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
budget=${WK_FUZZ_SECONDS:-25}
# A fixed seed makes the test command's fuzzing repeatable run to run.
export WK_FUZZ_SEED=${WK_FUZZ_SEED:-1}
for target in http users client; do
  "$root/scripts/fuzz" "$target" "$budget"
done
