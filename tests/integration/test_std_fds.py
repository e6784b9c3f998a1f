#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The programs started with descriptor 0, 1 or 2 closed, or with a standard
output that cannot be written, against the stand-in server on 127.0.0.1.

    test_std_fds.py --cli PATH [--minimal PATH] [--gateway PATH] [--only SUBSTRING] [-v]

A program started with a standard descriptor closed gets that number for the
next thing it opens, its TLS socket say, and what it prints would then go into
the connection.  The stand-in records the raw bytes each client sent
(--record-dir); every recording must be whole TLS records, with no plaintext
from the program's output or log in it.  With standard output closed a
program must refuse to run (it would write its users nowhere) and contact no
one; a standard output that fails (ENOSPC, EBADF, EPIPE) must fail the run
with a message.
Usernames holding terminal controls (the stand-in's --hostile-usernames)
must reach the examples' standard output escaped.

Prints one line per check and ``N passed, M failed``; exits 1 on any failure.
"""

import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# The stand-in harness of the integration tests, reused.
from test_cli import (ACCESS_KEY, NETWORK_ID, SECRET_KEY, Cli, Runner, Standin,  # noqa: E402
                      expect, run_checks, suite_parser)

RUN_TIMEOUT = 60
NAMES = {0: "stdin", 1: "stdout", 2: "stderr"}
# Bytes of the programs' output and logs that must never be on the wire in clear.
PLAINTEXT = (b'"users"', b'"username"', b"@example.com", b"GET /networks", b"HTTP/1.1",
             b"wickr-list-users", b"Authorization", SECRET_KEY.encode())


def tls_record_flaw(data):
    """None when data is a whole sequence of TLS records (RFC 5246 6.2, RFC 8446
    5.1: type 20..23, version 3.x, at most 2^14 + 2048 bytes each), else why not."""
    offset = 0
    while offset < len(data):
        header = data[offset:offset + 5]
        if len(header) < 5:
            return f"{len(header)} bytes at offset {offset}, too few for a record header"
        length = int.from_bytes(header[3:5], "big")
        if header[0] not in (20, 21, 22, 23) or header[1] != 3 or header[2] > 4 or \
                length > 2 ** 14 + 2048:
            return f"offset {offset}: {data[offset:offset + 24]!r} is not a TLS record"
        offset += 5 + length
    return None if offset == len(data) else f"the last record is cut at {len(data)} bytes"


class Recordings:
    """The stand-in's per-connection recordings, taken run by run."""

    def __init__(self, directory):
        self.dir = directory
        self.seen = set()

    def new(self):
        """Recordings of connections since the last call, once each is complete."""
        deadline = time.monotonic() + 10
        while any(n.endswith(".part") for n in os.listdir(self.dir)):
            expect(time.monotonic() < deadline, "a connection's recording never completed")
            time.sleep(0.05)
        names = sorted(set(os.listdir(self.dir)) - self.seen)
        self.seen.update(names)
        result = []
        for name in names:
            with open(os.path.join(self.dir, name), "rb") as handle:
                result.append(handle.read())
        return result

    def expect_only_tls(self, connections_min):
        recordings = self.new()
        expect(len(recordings) >= connections_min,
               f"{len(recordings)} connections, expected at least {connections_min}")
        for i, data in enumerate(recordings):
            flaw = tls_record_flaw(data)
            expect(flaw is None, f"connection {i}: {flaw}")
            for needle in PLAINTEXT:
                expect(needle not in data, f"connection {i}: {needle!r} in clear")


def run(argv, env, closed=None, stdout=subprocess.PIPE, ignore_sigpipe=False):
    """Run with descriptor `closed` (0, 1, 2 or None) closed; (exit, stdout, stderr)."""
    def child_setup():
        if closed is not None:
            os.close(closed)
        if ignore_sigpipe:
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    proc = subprocess.run(argv, env=env, timeout=RUN_TIMEOUT, preexec_fn=child_setup,
                          stdin=subprocess.DEVNULL,
                          stdout=None if closed == 1 else stdout,
                          stderr=None if closed == 2 else subprocess.PIPE)
    err = proc.stderr.decode("utf-8", errors="replace") if proc.stderr is not None else ""
    return proc.returncode, proc.stdout or b"", err


def checks(runner, args, workdir):
    cli = Cli(args.cli, workdir, [])
    record_dir = os.path.join(workdir, "recordings")
    os.makedirs(record_dir)
    with Standin(workdir, "fds", "--record-dir", record_dir) as server:
        rec = Recordings(record_dir)
        env = cli.base_env()
        env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                   AWS_REGION="us-east-1", AWS_ENDPOINT_URL=server.url, AWS_CA_BUNDLE=server.ca)
        cli_argv = [args.cli, "--network-id", NETWORK_ID, "--max-results", "30", "--all"]
        # (name, argv, exit when stdout is closed, users written, how to count them)
        programs = [("cli", cli_argv + ["--debug"], 2, 250,
                     lambda out: len(json.loads(out)["users"]))]
        if args.minimal:
            programs.append(("minimal", [args.minimal, NETWORK_ID], 1, 25,
                             lambda out: len(out.splitlines())))
        if args.gateway:
            cursor = os.path.join(workdir, "gateway.cursor")
            programs.append(("gateway", [args.gateway, NETWORK_ID, cursor, "0", "50"], 1, 250,
                             lambda out: len(out.splitlines())))

        for name, argv, refused_exit, user_count, count in programs:
            def stdout_closed(argv=argv, refused_exit=refused_exit):
                code, _, err = run(argv, env, closed=1)
                expect(code == refused_exit, f"exit {code}, expected {refused_exit}: {err[:300]}")
                expect("standard output" in err, f"stderr {err[:300]!r}")
                expect(rec.new() == [], "the server was contacted")
            runner.check(f"{name}: stdout closed -> refused, nothing sent", stdout_closed)

            for fd in (0, 2):
                def other_closed(argv=argv, user_count=user_count, count=count, fd=fd):
                    code, out, err = run(argv, env, closed=fd)
                    expect(code == 0, f"exit {code}: {err[:300]}")
                    expect(count(out) == user_count, f"{count(out)} users, not {user_count}")
                    rec.expect_only_tls(1)
                runner.check(f"{name}: {NAMES[fd]} closed -> runs, only TLS on the wire",
                             other_closed)

            def full_disk(argv=argv):
                with open("/dev/full", "wb") as full:
                    code, _, err = run(argv, env, stdout=full)
                expect(code == 1, f"exit {code}: {err[:300]}")
                expect("cannot write the output: No space left on device" in err, err[:300])
                rec.new()
            runner.check(f"{name}: stdout on a full disk -> exit 1 with a message", full_disk)

        def failure_with_stderr_closed():
            code, out, _ = run([args.cli, "--network-id", "00000404", "--debug"], env, closed=2)
            expect(code == 3 and out == b"", f"exit {code}, {len(out)} bytes out")
            rec.expect_only_tls(1)
        runner.check("cli: stderr closed, a service error -> exit 3, only TLS on the wire",
                     failure_with_stderr_closed)

        for flag in ("--help", "--version"):
            def info_not_written(flag=flag):
                with open("/dev/full", "wb") as full:
                    code, _, err = run([args.cli, flag], env, stdout=full)
                expect(code == 1 and "cannot write the output" in err, f"exit {code}: {err!r}")
                code, _, err = run([args.cli, flag], env, closed=1)
                expect(code == 2 and "standard output is closed" in err, f"exit {code}: {err!r}")
            runner.check(f"cli: {flag} to a full disk or a closed stdout -> failure",
                         info_not_written)

        def read_only_stdout():
            with open(os.devnull, "rb") as read_only:
                code, _, err = run(cli_argv, env, stdout=read_only)
            expect(code == 1 and "cannot write the output: Bad file descriptor" in err,
                   f"exit {code}: {err[:300]}")
            rec.new()
        runner.check("cli: stdout open only for reading (EBADF) -> exit 1 with a message",
                     read_only_stdout)

        def broken_pipe():
            read_end, write_end = os.pipe()
            os.close(read_end)
            try:
                code, _, err = run(cli_argv, env, stdout=write_end, ignore_sigpipe=True)
            finally:
                os.close(write_end)
            expect(code == 1 and "cannot write the output: Broken pipe" in err,
                   f"exit {code}: {err[:300]}")
            rec.new()
        runner.check("cli: stdout a pipe nobody reads, SIGPIPE ignored (EPIPE) -> exit 1",
                     broken_pipe)

    # The examples print usernames, which are the service's text: a stand-in
    # whose usernames hold terminal controls must reach stdout escaped.
    with Standin(workdir, "fds-hostile", "--hostile-usernames") as server:
        env = cli.base_env()
        env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                   AWS_REGION="us-east-1", AWS_ENDPOINT_URL=server.url, AWS_CA_BUNDLE=server.ca)
        examples = [(name, argv) for name, argv in (
            ("minimal", [args.minimal, NETWORK_ID]),
            ("gateway", [args.gateway, NETWORK_ID, os.path.join(workdir, "hostile.cursor"),
                         "0", "50"])) if argv[0]]
        for name, argv in examples:
            def escaped(argv=argv):
                code, out, err = run(argv, env)
                expect(code == 0, f"exit {code}: {err[:300]}")
                text = out.decode("utf-8")  # raises on a byte that is not UTF-8
                raw = sorted({f"U+{ord(c):04X}" for c in text
                              if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F})
                expect(not raw, f"raw {raw} in {text[:300]!r}")
                expect(text.count("\\x1b[2J\\x07\\xc2\\x9b31m") >= 3, text[:300])
            runner.check(f"{name}: usernames with terminal controls are written escaped",
                         escaped)


def main():
    parser = suite_parser(__doc__, wrapper=False)
    parser.add_argument("--minimal", help="path to examples/minimal")
    parser.add_argument("--gateway", help="path to examples/gateway")
    args = parser.parse_args()
    runner = Runner(args.only, args.verbose)
    return run_checks(runner, "wickr-fds-", lambda workdir: checks(runner, args, workdir))


if __name__ == "__main__":
    sys.exit(main())
