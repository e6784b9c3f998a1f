#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""TLS session resumption, end to end: the CLI against the stand-in.

    test_resume.py --cli PATH [--only SUBSTRING] [-v]

Each check reads both sides: the CLI's --debug line for every TLS open (what
the connector says, wk_tls_connector_resumed()) and the stand-in's
``session_reused`` for every connection (what OpenSSL says).  A reconnect
within a run and the next run (--tls-session-file) resume; a server that
refuses resumption, another host, and a changed, foreign or unprotected
session file all get full handshakes and the same users.
"""

import json
import os
import re
import sys

from test_cli import (NETWORK_ID, USER_COUNT, Cli, Runner, Standin, check_users, expect,
                      expected_users, generate_users, run_checks, suite_parser)

NET = ["--network-id", NETWORK_ID]


def handshakes(stderr):
    """The CLI's word on each TLS open, in order: 'full' or 'session resumed'."""
    return re.findall(r"^wickr-list-users: \* TLS handshake: (.*)$", stderr, re.M)


def reused(server, since):
    """The stand-in's session_reused of each connection after the first `since` events."""
    return [e["session_reused"] for e in server.events()[since:] if e.get("event") == "connection"]


def listing(cli, server, users, *args, url=None, expect_hs=None):
    """One run with --debug; checks the users and that both sides agree on
    every handshake (and, when given, that they were expect_hs). Returns the
    handshakes and stderr."""
    before = len(server.events())
    # one page unless the case asks for all (every page is the CLI's default)
    argv = NET + ["--debug", *args] + ([] if "--all" in args else ["--no-paginate"])
    if url is not None:
        argv += ["--endpoint-url", url, "--ca-bundle", server.ca, "--region", "us-east-1"]
    code, out, err = cli.run(argv, server=None if url else server)
    expect(code == 0, f"exit {code}: {err[-500:]}")
    doc = json.loads(out.decode("utf-8"))
    want = expected_users(users, {})
    check_users(doc["users"], want if "--all" in args else want[:len(doc["users"])])
    said = handshakes(err)
    seen = reused(server, before)
    expect([s == "session resumed" for s in said] == seen,
           f"the CLI said {said}, the server saw session_reused {seen}")
    if expect_hs is not None:
        expect(said == expect_hs, f"handshakes {said}, expected {expect_hs}")
    return said, err


def resume_tests(runner, workdir, cli_path):
    users = generate_users(NETWORK_ID, USER_COUNT)
    cli = Cli(cli_path, workdir, [])
    session = os.path.join(workdir, "tls-session")
    with Standin(workdir, "keepalive-closed", "--close-after", "1") as closing, \
            Standin(workdir, "plain") as server, \
            Standin(workdir, "refusing", "--no-resumption") as refusing:

        def reconnects_resume():
            said, _ = listing(cli, closing, users, "--all", "--max-results", "50")
            expect(len(said) == USER_COUNT // 50, f"{len(said)} connections")
            expect(said == ["full"] + ["session resumed"] * (len(said) - 1), str(said))
        runner.check("resume: reconnects within a run resume the first handshake",
                     reconnects_resume)

        def next_run_resumes():
            if os.path.exists(session):
                os.remove(session)
            listing(cli, server, users, "--tls-session-file", session, expect_hs=["full"])
            mode = os.stat(session).st_mode & 0o777
            expect(mode == 0o600, f"session file mode {oct(mode)}")
            listing(cli, server, users, "--tls-session-file", session,
                    expect_hs=["session resumed"])
            listing(cli, server, users, "--tls-session-file", session,
                    expect_hs=["session resumed"])
            # without the file, a new run starts with a full handshake
            listing(cli, server, users, expect_hs=["full"])
        runner.check("resume: the next run resumes from --tls-session-file (0600)",
                     next_run_resumes)

        def refused_resumption_works():
            listing(cli, refusing, users, "--tls-session-file", session, expect_hs=["full"])
            listing(cli, refusing, users, "--tls-session-file", session, expect_hs=["full"])
            said, _ = listing(cli, refusing, users, "--all", "--max-results", "100")
            expect(set(said) == {"full"}, str(said))
        runner.check("resume: a server that refuses resumption gets full handshakes",
                     refused_resumption_works)

        def other_host_not_offered():
            # the same server would resume it (it did above): only the host differs
            listing(cli, server, users, "--tls-session-file", session, expect_hs=["full"])
            listing(cli, server, users, "--tls-session-file", session,
                    expect_hs=["session resumed"])
            by_name = f"https://localhost:{server.port}"
            listing(cli, server, users, "--tls-session-file", session, url=by_name,
                    expect_hs=["full"])
            listing(cli, server, users, "--tls-session-file", session, url=by_name,
                    expect_hs=["session resumed"])
            # and the other stand-in, at another port, is not offered it either
            listing(cli, closing, users, "--tls-session-file", session, expect_hs=["full"])
        runner.check("resume: a session is not offered to another host or port",
                     other_host_not_offered)

        def changed_file_falls_back():
            listing(cli, server, users, "--tls-session-file", session)
            with open(session, "r+b") as handle:
                data = bytearray(handle.read())
                data[len(data) // 2] ^= 0x20
                handle.seek(0)
                handle.write(data)
            code, _, err = cli.run(NET + ["--debug", "--no-paginate", "--tls-session-file", session],
                                   server=server)
            expect(code == 0, f"exit {code}: {err[-300:]}")
            expect("saved TLS session refused: checksum mismatch" in err, err[-500:])
            expect(handshakes(err) == ["full"], str(handshakes(err)))
            # rewritten from the full handshake
            listing(cli, server, users, "--tls-session-file", session,
                    expect_hs=["session resumed"])
            with open(session, "wb") as handle:
                handle.write(b"not a session")
            listing(cli, server, users, "--tls-session-file", session, expect_hs=["full"])
        runner.check("resume: a changed or foreign session file falls back to a full handshake",
                     changed_file_falls_back)

        def unprotected_file_not_used():
            listing(cli, server, users, "--tls-session-file", session)
            os.chmod(session, 0o644)
            _, err = listing(cli, server, users, "--tls-session-file", session,
                             expect_hs=["full"])
            expect("not used: not a regular file of this user with mode 0600" in err, err[-300:])
            mode = os.stat(session).st_mode & 0o777
            expect(mode == 0o600, f"rewritten with mode {oct(mode)}")
            listing(cli, server, users, "--tls-session-file", session,
                    expect_hs=["session resumed"])
        runner.check("resume: a session file others may read is not used, and is rewritten 0600",
                     unprotected_file_not_used)


def main():
    args = suite_parser(__doc__, wrapper=False).parse_args()
    runner = Runner(args.only, args.verbose)
    return run_checks(runner, "wickr-resume-",
                      lambda workdir: resume_tests(runner, workdir, os.path.abspath(args.cli)))


if __name__ == "__main__":
    sys.exit(main())
