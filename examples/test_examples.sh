#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs both examples against the stand-in Wickr server on 127.0.0.1 (HTTPS
# with its own test CA). The gateway is cut after 2 pages, resumed from its
# cursor file, and the two runs together must print exactly what one
# uninterrupted run prints, with the cursor file gone at the end. Against a
# stand-in whose pages come back reordered after a cut, each gateway run
# stops and the next one starts that page again: with its repeats dropped,
# the output is again that of one complete run.
# The event loop lists while its timer ticks, and says how late the timer got.
#   test_examples.sh PYTHON STANDIN MINIMAL GATEWAY WORK_DIR EVENT_LOOP
set -euo pipefail
python=$1 standin=$2 minimal=$3 gateway=$4 work=$5 event_loop=$6
rm -rf "$work"
mkdir -p "$work"
servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true; done' EXIT
start_standin() { # start_standin NAME ARGS...: its port in $work/NAME.port
  local name=$1; shift
  "$python" "$standin" --bind 127.0.0.1 --port 0 --port-file "$work/$name.port" \
    --cert-dir "$work/certs" --users 45 --page-size 10 "$@" 2>"$work/$name.log" &
  servers+=($!)
  for _ in $(seq 100); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  [ -s "$work/$name.port" ] || { echo "FAIL: stand-in $name did not start"; cat "$work/$name.log"; exit 1; }
}
start_standin standin
start_standin reorder --fault reorder --fault-every 3
cp "$work/standin.port" "$work/port"

export AWS_ACCESS_KEY_ID=AKIDSTANDINEXAMPLE AWS_SECRET_ACCESS_KEY=standin-secret-key-not-real
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL="https://127.0.0.1:$(cat "$work/port")"
export AWS_CA_BUNDLE=$work/certs/ca.pem
unset AWS_SESSION_TOKEN

fail() { echo "FAIL: $*"; exit 1; }

# minimal: one page of at most 25 usernames.
"$minimal" 12345678 >"$work/minimal.out" || fail "minimal exited $?"
n=$(wc -l <"$work/minimal.out")
[ "$n" = 25 ] || fail "minimal printed $n lines, expected one page of 25"
grep -qv '^$' "$work/minimal.out" || fail "minimal printed no usernames"

# gateway: the whole listing in one run.
"$gateway" 12345678 "$work/full.cursor" >"$work/full.out" || fail "gateway (one run) exited $?"
[ "$(wc -l <"$work/full.out")" = 45 ] || fail "gateway printed $(wc -l <"$work/full.out") users, expected 45"
[ "$(sort -u "$work/full.out" | wc -l)" = 45 ] || fail "gateway printed a user twice"
[ ! -e "$work/full.cursor" ] || fail "cursor file left after a complete listing"

# gateway: pages of 10, stopped after 2 pages, must leave a cursor ...
set +e
"$gateway" 12345678 "$work/cut.cursor" 2 10 >"$work/cut1.out"
rc=$?
set -e
[ "$rc" = 2 ] || fail "gateway with MAX_PAGES 2 exited $rc, expected 2"
grep -qE '^wk[12]:' "$work/cut.cursor" || fail "no cursor saved after the page limit"
[ "$(wc -l <"$work/cut1.out")" = 20 ] || fail "2 pages of 10 printed $(wc -l <"$work/cut1.out") users"
# ... and a second run continues from it.
"$gateway" 12345678 "$work/cut.cursor" 0 10 >"$work/cut2.out" || fail "resumed gateway exited $?"
cat "$work/cut1.out" "$work/cut2.out" | cmp -s - "$work/full.out" ||
  fail "stopped + resumed output differs from one complete run"
[ ! -e "$work/cut.cursor" ] || fail "cursor file left after the resumed listing"

# gateway: every third request cut, its retry reordered; each run stops with
# WK_ERR_PAGE_CHANGED and saves the page's start, until one completes.
runs=0
: >"$work/changed.out"
while :; do
  runs=$((runs + 1))
  [ "$runs" -le 10 ] || fail "gateway made no progress against reordered pages"
  set +e
  AWS_ENDPOINT_URL="https://127.0.0.1:$(cat "$work/reorder.port")" \
    "$gateway" 12345678 "$work/changed.cursor" 0 10 >>"$work/changed.out" 2>"$work/changed.err"
  rc=$?
  set -e
  [ "$rc" = 0 ] && break
  [ "$rc" = 1 ] && grep -q '^WK_ERR_PAGE_CHANGED: ' "$work/changed.err" ||
    fail "gateway against reordered pages exited $rc: $(cat "$work/changed.err")"
  grep -qE '^wk1:0:' "$work/changed.cursor" || fail "not the page's start: $(cat "$work/changed.cursor")"
done
[ "$runs" -ge 2 ] || fail "no page changed under the gateway"
awk '!seen[$0]++' "$work/changed.out" | cmp -s - "$work/full.out" ||
  fail "runs against reordered pages, repeats dropped, differ from one complete run"
# event-loop: the whole listing from a poll() loop whose timer keeps ticking.
"$event_loop" 12345678 5 >"$work/loop.out" 2>"$work/loop.err" ||
  fail "event-loop exited $?: $(cat "$work/loop.err")"
# (the gateway prints "userId username"; the event loop the username alone)
sed 's/^[^ ]* //' "$work/full.out" | cmp -s - "$work/loop.out" ||
  fail "event-loop printed other users, or in another order, than the gateway"
grep -qE '^timer: [1-9][0-9]* ticks of 5 ms; the latest was [0-9]+ ms late$' "$work/loop.err" ||
  fail "event-loop: no timer report: $(cat "$work/loop.err")"

echo "examples: $(cat "$work/loop.err"); minimal printed 25 usernames; gateway 45 users in one run, in $(wc -l <"$work/cut1.out") + $(wc -l <"$work/cut2.out") across a resume, and in $runs runs against reordered pages"
