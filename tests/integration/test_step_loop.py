#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The step API from one thread and one poll() loop (step_loop.c): every
fault mode of test_faults.py, a server that stalls, and listings with filters
and sort orders, all at once, each against its own stand-in or sharing one.
Each listing must deliver exactly its users, in order, once each, the server
must see what test_faults.py demands of the blocking CLI, the listings must
really interleave, and no single step may take long while servers stall.

    test_step_loop.py --step-loop PATH [-v]
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from test_cli import (NETWORK_ID, Runner, Standin, expect, expected_users,  # noqa: E402
                      run_checks)
from test_faults import FAULT_CASES, PAGE, USERS, check_fault_case  # noqa: E402
from wickr_standin import generate_users  # noqa: E402

# A step does what is possible at once; a stalled server makes it return, not
# wait. The bound is generous (sanitizers, a loaded machine) and far below the
# 3 s read timeout a blocking wait on the stalled listing would take.
MAX_STEP_MS = 1000

# How late the slow resolver answers for the listing by name: longer than
# MAX_STEP_MS, so a step that waited for it breaks the bound.
SLOW_DNS_MS = 1500

# Listings that share one clean stand-in: (name, step_loop keys, stand-in query).
FILTERED = [
    ("firstName alice, pages of 7", {"first": "alice", "max": "7"}, {"firstName": "alice"}),
    ("status 2, sorted by username ASC", {"status": "2", "sort": "username", "dir": "ASC"},
     {"status": "2", "sortFields": "username", "sortDirection": "ASC"}),
    ("lastName b + sort lastName+firstName",
     {"last": "b", "sort": "lastName+firstName", "max": "50"},
     {"lastName": "b", "sortFields": "lastName+firstName"}),
]

OPTION_KEYS = {"--call-timeout": "call", "--read-timeout": "read", "--connect-timeout": "connect"}


def listing_arg(server, keys):
    """step_loop's argument for one listing against server."""
    fields = {"url": server.url, "ca": server.ca, "network": NETWORK_ID, "max": str(PAGE),
              "connect": "2000", "read": "3000"}
    fields.update(keys)
    return ",".join(f"{k}={v}" for k, v in fields.items())


def cli_keys(cli_args):
    """test_faults.py's CLI options as step_loop keys (seconds to ms)."""
    keys = {}
    for option, value in zip(cli_args[::2], cli_args[1::2]):
        keys[OPTION_KEYS[option]] = str(int(float(value) * 1000))
    return keys


def escaped(text):
    """A string as step_loop prints it."""
    return "".join(chr(b) if 0x20 < b < 0x7f and b != 0x5c else f"\\x{b:02x}"
                   for b in text.encode("utf-8"))


def identities(users):
    return [f"{escaped(u.get('userId', ''))} {escaped(u.get('username', ''))}" for u in users]


def parse(out):
    """Per listing: its user lines in order, its end status and time; the step figures."""
    users, ends, order, steps = {}, {}, [], None
    for line in out.decode("ascii").splitlines():
        head, _, rest = line.partition(" ")
        if head == "steps":
            parts = rest.split()
            steps = (int(parts[0]), int(parts[2]))
            continue
        kind, _, value = rest.partition(" ")
        index = int(head)
        if kind == "user":
            users.setdefault(index, []).append(value)
            order.append(index)
        else:
            status, millis = value.split()
            ends[index] = (status, int(millis) / 1000.0)
    return users, ends, order, steps


def step_loop_tests(runner, workdir, step_loop):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDSTANDINEXAMPLE",
               AWS_SECRET_ACCESS_KEY="standin-secret-key-not-real", AWS_REGION="us-east-1")
    all_users = generate_users(NETWORK_ID, USERS)
    servers, listings = [], []  # listings: (name, server, server_args, expected)
    try:
        for index, (name, server_args, cli_args) in enumerate(FAULT_CASES):
            server = Standin(workdir, f"fault-{index}", "--users", str(USERS), *server_args)
            servers.append(server.__enter__())
            listings.append((f"fault {name}", server, server_args, cli_keys(cli_args),
                             expected_users(all_users, {})))
        stall_args = ["--fault", "stall", "--fault-every", "9", "--stall-seconds", "30"]
        server = Standin(workdir, "stall", "--users", str(USERS), *stall_args)
        servers.append(server.__enter__())
        listings.append(("stalls, read timeout 3 s", server, stall_args, {},
                         expected_users(all_users, {})))
        server = Standin(workdir, "filtered", "--users", str(USERS))
        servers.append(server.__enter__())
        for name, keys, query in FILTERED:
            listings.append((name, server, None, keys, expected_users(all_users, query)))
        # By name, as real endpoints are: the opener resolves it in a thread
        # while the loop goes on ("localhost": ::1 is refused, 127.0.0.1 answers).
        listings.append((f"by name localhost, resolver {SLOW_DNS_MS} ms late", server, None,
                         {"url": f"https://localhost:{server.port}", "dns": str(SLOW_DNS_MS)},
                         expected_users(all_users, {})))
        resuming = Standin(workdir, "resume", "--users", str(USERS), "--close-after", "5")
        servers.append(resuming.__enter__())
        listings.append(("reconnects every 5 pages, resuming the TLS session", resuming, None,
                         {"resume": "1"}, expected_users(all_users, {})))

        argv = [step_loop] + [listing_arg(s, keys) for _, s, _, keys, _ in listings]
        start = time.monotonic()
        proc = subprocess.run(argv, env=env, capture_output=True, timeout=600)
        wall = time.monotonic() - start
        users, ends, order, steps = parse(proc.stdout)
        print(f"     {len(listings)} listings in one loop: {wall:.1f} s, "
              f"{steps[0] if steps else 0} steps, longest {steps[1] / 1000.0 if steps else 0:.1f} ms")

        def exit_ok():
            expect(proc.returncode == 0,
                   f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-800:]}")
        runner.check("step loop: every listing ends with WK_OK", exit_ok)

        for index, (name, server, server_args, _, expected) in enumerate(listings):
            def exact(index=index, server=server, server_args=server_args, expected=expected,
                      name=name):
                expect(ends.get(index, ("none",))[0] == "WK_OK", f"ended {ends.get(index)}")
                got = users.get(index, [])
                want = identities(expected)
                expect(len(want) > 0, "the query matches nobody: a weak check")
                for i, (g, w) in enumerate(zip(got, want)):
                    expect(g == w, f"user {i}: got {g}, expected {w}")
                expect(len(got) == len(want), f"{len(got)} users, expected {len(want)}")
                if server_args is not None:
                    check_fault_case(name, server_args, server, ends[index][1])
            runner.check(f"step loop: {name}: exact, in order, once", exact)

        def resumed():
            # Each reconnect of a stepped handshake resumed the session it kept.
            reused = [e["session_reused"] for e in resuming.events()
                      if e.get("event") == "connection"]
            expect(reused == [False] + [True] * (-(-(USERS // PAGE) // 5) - 1),
                   f"session_reused per connection: {reused}")
        runner.check("step loop: stepped handshakes resume the kept TLS session", resumed)

        def interleaved():
            # Every listing was still delivering when another had begun.
            first = {i: order.index(i) for i in users}
            last = {i: len(order) - 1 - order[::-1].index(i) for i in users}
            for i in users:
                expect(any(first[j] < last[i] for j in users if j != i),
                       f"listing {i} finished before any other began")
        runner.check("step loop: the listings ran interleaved", interleaved)

        def short_steps():
            expect(steps is not None, "no step figures")
            expect(steps[1] < MAX_STEP_MS * 1000,
                   f"a step took {steps[1] / 1000.0:.1f} ms (bound {MAX_STEP_MS} ms)")
        runner.check(f"step loop: no step took {MAX_STEP_MS} ms while servers stalled "
                     f"and a resolver took {SLOW_DNS_MS} ms",
                     short_steps)
    finally:
        for server in servers:
            server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step-loop", required=True, help="path to the step_loop program")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    runner = Runner(None, args.verbose)
    step_loop = os.path.abspath(args.step_loop)
    return run_checks(runner, "wickr-step-loop-",
                      lambda workdir: step_loop_tests(runner, workdir, step_loop))


if __name__ == "__main__":
    sys.exit(main())
