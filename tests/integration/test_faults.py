#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Reliability tests: the CLI lists a 2,500-user network from a stand-in that
misbehaves (throttling, 5xx, resets, cut bodies, drips, stalls, a clock 16
minutes off, connections dropped between requests), and must print exactly
the network's users, in order, once each; or fail with a clear error and a
cursor from which a rerun continues without a gap or a duplicate.

    test_faults.py --cli PATH [--only SUBSTRING] [-v]

Prints one line per check with the attempts (page requests the server saw)
and the wall time, then ``N passed, M failed``; exits 1 on any failure.
"""

import json
import os
import re
import shlex
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# The server process wrapper, the CLI runner and the independent expectations.
from test_cli import (NETWORK_ID, SECRETS, Cli, Runner, Standin, check_users,  # noqa: E402
                      expect, expected_users, run_checks, suite_parser)
from wickr_standin import generate_users  # noqa: E402

USERS = 2500
PAGE = 100
PAGES = USERS // PAGE
CURSOR_RE = re.compile(r"--starting-token (wk1:[0-9]+:[A-Za-z0-9_-]*|"
                       r"wk2:[0-9]+:[0-9a-f]{16}:[A-Za-z0-9_-]*)$")

# name, stand-in arguments, CLI arguments. Short timeouts keep the suite fast;
# every burst is shorter than the 3 attempts a page gets.
FAULT_CASES = [
    ("no fault", [], []),
    ("429 bursts, Retry-After 1", ["--fault", "429", "--fault-every", "10", "--fault-burst", "2"],
     []),
    ("500", ["--fault", "500", "--fault-every", "6", "--fault-burst", "2"], []),
    ("502, 503, 504", ["--fault", "502,503,504", "--fault-every", "4", "--fault-burst", "2"], []),
    ("reset mid-body", ["--fault", "reset", "--fault-every", "3"], []),
    ("truncated body, then close", ["--fault", "truncate", "--fault-every", "3"], []),
    ("slow drip (1 byte/s)", ["--fault", "drip", "--fault-every", "12", "--drip-interval", "1"],
     ["--call-timeout", "2.5", "--read-timeout", "2"]),
    ("stall after headers", ["--fault", "stall", "--fault-every", "12"], ["--read-timeout", "1"]),
    ("server clock +16 min (Signature expired)", ["--clock-offset", "960"], []),
    ("server clock -16 min (RequestTimeTooSkewed)",
     ["--clock-offset", "-960", "--skew-error", "tooskewed"], []),
    ("keep-alive closed silently after 3 responses", ["--close-after", "3"], []),
    ("mix", ["--fault", "429,500,reset,503,truncate,stall,504", "--fault-every", "4",
             "--close-after", "5", "--clock-offset", "-930", "--retry-after", "0"],
     ["--read-timeout", "1"]),
]


def page_requests(server):
    return [r for r in server.requests() if r.get("status") is not None or r.get("fault")]


def connections(server):
    return sum(1 for e in server.events() if e.get("event") == "connection")


def ndjson_users(out):
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def cursor_of(stderr):
    lines = stderr.strip().splitlines()
    match = CURSOR_RE.search(lines[-1]) if lines else None
    expect(match, f"no cursor on the last stderr line: {lines[-1:]}")
    return match.group(1)


def check_fault_case(name, server_args, server, wall):
    """What the server saw of one complete listing under a FAULT_CASES entry:
    one request per page plus one per fault and skew rejection, Retry-After
    honoured, one clock correction, keep-alive as expected. Returns the
    report row."""
    sent = page_requests(server)
    faults = [r["fault"] for r in sent if r.get("fault")]
    rejected = [r for r in sent if r.get("error") in ("InvalidSignatureException",
                                                      "RequestTimeTooSkewed")]
    expect(len(sent) == PAGES + len(faults) + len(rejected),
           f"{len(sent)} requests for {PAGES} pages, {len(faults)} faults, "
           f"{len(rejected)} skew rejections")
    if "--fault" in server_args:
        expect(faults, "the schedule produced no fault")
    if "429" in server_args and "--retry-after" not in server_args:
        # Retry-After: 1 honoured on each throttled attempt
        expect(wall >= faults.count("429") * 1.0,
               f"{wall:.2f} s for {faults.count('429')} x Retry-After 1")
    if "--clock-offset" in server_args:
        expect(len(rejected) == 1, f"{len(rejected)} skew rejections (one correction)")
    if not server_args:
        expect(connections(server) == 1, f"{connections(server)} connections")
    if "--close-after" in server_args and "--fault" not in server_args:
        expect(connections(server) == -(-PAGES // 3), f"{connections(server)} connections")
    return (name, len(sent), len(faults) + len(rejected), wall, connections(server))


def fault_tests(runner, workdir, cli, report):
    users = generate_users(NETWORK_ID, USERS)
    expected = expected_users(users, {})
    base = ["--network-id", NETWORK_ID, "--all", "--max-results", str(PAGE), "--output", "ndjson",
            "--connect-timeout", "2", "--read-timeout", "3"]

    for index, (name, server_args, cli_args) in enumerate(FAULT_CASES):
        def case(name=name, server_args=server_args, cli_args=cli_args, index=index):
            with Standin(workdir, f"fault-{index}", "--users", str(USERS), *server_args) as server:
                start = time.monotonic()
                code, out, err = cli.run(base + cli_args, server=server)
                wall = time.monotonic() - start
                expect(code == 0, f"exit {code}: {err.strip()[-600:]}")
                check_users(ndjson_users(out), expected)
                report.append(check_fault_case(name, server_args, server, wall))
        runner.check(f"faults: {name}: all {USERS} users in order, once", case)

    def hundred_pages_one_handshake():
        with Standin(workdir, "one-handshake", "--users", str(USERS)) as server:
            start = time.monotonic()
            code, out, err = cli.run(["--network-id", NETWORK_ID, "--all", "--max-results", "25",
                                      "--output", "ndjson"], server=server)
            wall = time.monotonic() - start
            expect(code == 0, f"exit {code}: {err[-300:]}")
            check_users(ndjson_users(out), expected)
            expect(len(page_requests(server)) == 100, f"{len(page_requests(server))} requests")
            expect(connections(server) == 1, f"{connections(server)} TLS handshakes")
            report.append(("100 pages of 25, no fault", 100, 0, wall, connections(server)))
    runner.check("faults: 100 pages over one TLS handshake", hundred_pages_one_handshake)

    def resume_until_done(label, server_args, cli_args, want_code):
        """Faults outlast the retry budget: each run must fail (never a partial
        success) and print a cursor; reruns from it complete the listing."""
        with Standin(workdir, label, "--users", str(USERS), *server_args) as server:
            got, runs, start, cursor = [], 0, time.monotonic(), None
            while True:
                runs += 1
                expect(runs <= 10, "no progress after 10 runs")
                args = base + cli_args + (["--starting-token", cursor] if cursor else [])
                code, out, err = cli.run(args, server=server)
                lines = ndjson_users(out)
                got.extend(lines)
                if code == 0:
                    break
                expect(code == want_code, f"exit {code}, wanted {want_code}: {err[-400:]}")
                if not lines:
                    # nothing moved: the same command again is the way on, no cursor
                    expect("--starting-token" not in err, f"cursor after nothing: {err[-400:]}")
                    expect("attempts exhausted" in err, err[-400:])
                    continue
                expect("after 3 attempts" in err or "after 2 attempts" in err, err[-400:])
                cursor = cursor_of(err)
                # the cursor's index: users of the failed page already written
                index = int(cursor.split(":")[1])
                expect(index == len(got) % PAGE, f"cursor index {index}, {len(got)} users written")
            expect(runs >= 2, "the faults never outlasted the retries")
            check_users(got, expected)
            sent = page_requests(server)
            report.append((f"{label} ({runs} runs)", len(sent),
                           sum(1 for r in sent if r.get("fault")), time.monotonic() - start,
                           connections(server)))

    runner.check("faults: resets outlast 3 attempts -> exit 4, cursor, resume to the end",
                 lambda: resume_until_done("exhausted-reset",
                                           ["--fault", "reset", "--fault-every", "9",
                                            "--fault-burst", "3"], [], 4))
    runner.check("faults: 503s outlast 2 attempts -> exit 3, cursor, resume to the end",
                 lambda: resume_until_done("exhausted-503",
                                           ["--fault", "503", "--fault-every", "8",
                                            "--fault-burst", "2"], ["--max-attempts", "2"], 3))

    def page_changed_under_retry():
        """Each faulted page is cut after some users and comes back reversed:
        every run must stop with exit 6 having written only whole, earlier
        users, and offer the page's start; reruns from it (dropping the
        page's users they repeat) complete the listing."""
        with Standin(workdir, "reorder", "--users", str(USERS), "--fault", "reorder",
                     "--fault-every", "7") as server:
            got, runs, start, cursor, repeated = [], 0, time.monotonic(), None, 0
            while True:
                runs += 1
                expect(runs <= 10, "no progress after 10 runs")
                args = base + (["--starting-token", cursor] if cursor else [])
                code, out, err = cli.run(args, server=server)
                lines = ndjson_users(out)
                expect(lines[:repeated] == got[len(got) - repeated:],
                       "the rerun did not start with the page's users already written")
                got.extend(lines[repeated:])
                if code == 0:
                    break
                expect(code == 6, f"exit {code}, wanted 6: {err[-400:]}")
                repeated = len(got) % PAGE
                expect(repeated > 0, "the cut came before the page's first user")
                expect(f"WK_ERR_PAGE_CHANGED: the page changed under the retry at index {repeated}:"
                       in err, err[-400:])
                check_users(got, expected[:len(got)])
                cursor = cursor_of(err)
                expect(cursor.startswith("wk1:0:"), f"not the page's start: {cursor}")
            expect(runs >= 2, "no page changed under a retry")
            check_users(got, expected)
            sent = page_requests(server)
            expect(sum(1 for r in sent if r.get("reordered")) == runs - 1,
                   f"{sum(1 for r in sent if r.get('reordered'))} reversed pages, {runs} runs")
            report.append((f"reordered on retry ({runs} runs)", len(sent),
                           sum(1 for r in sent if r.get("fault")), time.monotonic() - start,
                           connections(server)))
    runner.check("faults: a page reordered under its retry -> exit 6, no gap, no repeat, "
                 "rerun from the page's start to the end", page_changed_under_retry)

    def clock_not_corrected(label, server_args, plain, why, then=""):
        """A skewed server clock that must not move the signing clock: one
        request, exit 3, the reason first (why, later then) and then the
        service's error."""
        with Standin(workdir, label, "--users", str(USERS), *server_args) as server:
            if plain:
                args = base + ["--endpoint-url", f"http://127.0.0.1:{server.port}",
                               "--region", "us-east-1"]
                code, out, err = cli.run(args)
            else:
                code, out, err = cli.run(base, server=server)
            expect(code == 3 and out == b"", f"exit {code}, {len(out)} bytes out: {err[-400:]}")
            expect(len(page_requests(server)) == 1, f"{len(page_requests(server))} requests")
            first = err.splitlines()[0] if err else ""
            expect(first.startswith("wickr-list-users: WK_ERR_CLOCK_SKEW: signing time refused, "
                                    "clock not corrected: " + why) and then in first, err[-400:])
            expect("service error InvalidSignatureException (HTTP 403): Signature expired" in err,
                   err[-400:])
    runner.check("faults: server clock +16 min over plain http -> not corrected, exit 3",
                 lambda: clock_not_corrected("skew-plain-http", ["--plain-http", "--clock-offset",
                                                                 "960"], True,
                                             "its Date came over a connection without a "
                                             "verified TLS peer"))
    runner.check("faults: server clock +25 h over TLS -> beyond the bound, exit 3",
                 lambda: clock_not_corrected("skew-25h", ["--clock-offset", "90000"], False,
                                             "the service's Date is ",
                                             " s ahead of our clock, more than the 86400 s the "
                                             "client corrects; set the clock"))

    def clear_error_when_exhausted():
        with Standin(workdir, "exhausted-stall", "--users", str(USERS), "--fault", "stall",
                     "--fault-every", "3", "--fault-burst", "3") as server:
            code, out, err = cli.run(base + ["--read-timeout", "0.5", "--max-attempts", "2"],
                                     server=server)
            expect(code == 4 and out == b"", f"exit {code}, {len(out)} bytes out")
            expect("WK_ERR_TIMEOUT" in err and "read timeout" in err, err[-300:])
            # nothing moved, so no cursor: the same command again is the way on
            expect("--starting-token" not in err, err[-300:])
    runner.check("faults: stalls on every attempt -> timeout, nothing written, no cursor",
                 clear_error_when_exhausted)

    def no_secrets():
        for argv, stderr in cli.stderr_seen:
            for secret in SECRETS:
                expect(secret not in stderr, f"secret on stderr of {argv[1:4]}")
    runner.check("faults: stderr never contains a secret", no_secrets)


def main():
    args = suite_parser(__doc__).parse_args()
    runner = Runner(args.only, args.verbose)
    report = []

    def body(workdir):
        try:
            cli = Cli(os.path.abspath(args.cli), workdir, shlex.split(args.wrapper))
            fault_tests(runner, workdir, cli, report)
        finally:  # what was measured, even when the harness failed
            print(f"{'mode':52} {'requests':>8} {'faults':>6} {'wall s':>7} {'conns':>5}")
            for name, requests, faults, wall, conns in report:
                print(f"{name:52} {requests:8d} {faults:6d} {wall:7.2f} {conns:5d}")
    return run_checks(runner, "wickr-faults-", body)


if __name__ == "__main__":
    sys.exit(main())
