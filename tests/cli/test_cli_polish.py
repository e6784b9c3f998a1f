#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The CLI's manual, shell completion, progress line and --debug log.

    test_cli_polish.py --cli PATH --man PAGE --completion FILE [--only SUBSTRING] [-v]

- the man page renders with groff without a warning, and names every flag
  that --help lists (and no flag --help does not), so the two cannot drift;
- the bash completion offers exactly the --help flags and the fixed values of
  --output, --sort-direction, --status and --sort-fields;
- against the stand-in server on 127.0.0.1: --all with stderr on a
  pseudo-terminal draws a progress line and blanks it; with stderr not a
  terminal nothing at all goes there; --debug logs request and response heads
  and never the secret key, the session token or the signature;
- the messages a person reads: flags and limits instead of internals, a
  value with its source, a likely cause, a resume cursor only when it helps.

Prints one line per check and ``N passed, M failed``; exits 1 on any failure.
"""

import argparse
import errno
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

# The stand-in harness and expectations of the integration tests, reused.
from test_cli import (ACCESS_KEY, NETWORK_ID, SECRET_KEY, SESSION_TOKEN,  # noqa: E402
                      TOKEN_ACCESS_KEY, TOKEN_REGION, TOKEN_SECRET_KEY, USER_COUNT, Cli,
                      Runner, Standin, check_users, expect, expected_users, generate_users,
                      server_cert_dir)

RUN_TIMEOUT = 60


def help_flags(cli):
    out = subprocess.run([cli, "--help"], capture_output=True, check=True,
                         timeout=RUN_TIMEOUT).stdout.decode()
    flags = set(re.findall(r"(?m)^ {2}(--[a-z][a-z-]*)", out))
    expect(len(flags) >= 20, f"only {sorted(flags)} found in --help")
    return flags


# --------------------------------------------------------------------------
# Manual and completion
# --------------------------------------------------------------------------

def man_checks(runner, cli, page):
    def renders_cleanly():
        groff = shutil.which("groff")
        expect(groff is not None, "groff is not installed (Debian package groff-base)")
        proc = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", page], capture_output=True,
                              env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                   "LC_ALL": "C.UTF-8"}, timeout=RUN_TIMEOUT)
        expect(proc.returncode == 0 and proc.stderr == b"",
               f"groff exit {proc.returncode}: {proc.stderr.decode()[:500]}")
    runner.check("man: renders with groff -man -ww without a warning", renders_cleanly)

    def flags_match_help():
        with open(page, encoding="utf-8") as handle:
            source = handle.read()
        # the option entries: ".B \-\-flag", ".BI \-\-flag " ARG" or ".BR \-\-flag ..."
        documented = set(re.findall(r"(?m)^\.B[IR]? \\-\\-([a-z][a-z-]*)", source))
        documented = {"--" + name for name in documented}
        wanted = help_flags(cli)
        expect(wanted <= documented, f"in --help, not in the man page: {sorted(wanted - documented)}")
        expect(documented <= wanted, f"in the man page, not in --help: {sorted(documented - wanted)}")
        for section in ("NAME", "SYNOPSIS", "OPTIONS", "ENVIRONMENT", "FILES", "EXIT STATUS",
                        "EXAMPLES"):
            expect(f"\n.SH {section}\n" in source, f"no {section} section")
        for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                         "AWS_PROFILE", "AWS_REGION", "AWS_CA_BUNDLE", "AWS_ENDPOINT_URL_WICKR"):
            expect(variable in source, f"{variable} not in the man page")
    runner.check("man: documents exactly the flags of --help", flags_match_help)

    def short_help():
        want = subprocess.run([cli, "--help"], capture_output=True, timeout=RUN_TIMEOUT)
        got = subprocess.run([cli, "-h"], capture_output=True, timeout=RUN_TIMEOUT)
        expect(got.returncode == 0 and got.stdout == want.stdout and got.stderr == b"",
               f"-h exit {got.returncode}: {got.stderr.decode()[:300]}")
        expect(b"--help, -h " in got.stdout, "--help does not mention -h")
    runner.check("help: -h is --help", short_help)


def complete(completion, *words):
    """COMPREPLY after sourcing the completion, for the command line `words`
    with the cursor at the end of the last word."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
              '_wickr_list_users; printf "%s\\n" "${COMPREPLY[@]}"')
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", completion,
                           "wickr-list-users", *words],
                          capture_output=True, timeout=RUN_TIMEOUT)
    expect(proc.returncode == 0 and proc.stderr == b"", proc.stderr.decode()[:300])
    return [line for line in proc.stdout.decode().split("\n") if line]


def completion_checks(runner, cli, completion):
    def every_flag():
        expect(set(complete(completion, "")) == help_flags(cli),
               f"flags differ: {sorted(set(complete(completion, '')) ^ help_flags(cli))}")
        expect(complete(completion, "--out") == ["--output"], complete(completion, "--out"))
        expect(sorted(complete(completion, "--s")) ==
               ["--sort-direction", "--sort-fields", "--starting-token", "--status"],
               complete(completion, "--s"))
    runner.check("completion: every --help flag, by prefix", every_flag)

    cases = [
        (("--output", ""), ["json", "ndjson", "table", "csv"]),
        (("--output", "t"), ["table"]),
        (("--output", "=", "c"), ["csv"]),  # --output=c, as bash splits it
        (("--sort-direction", "D"), ["DESC"]),
        (("--status", ""), ["1", "2", "PENDING", "ACTIVE"]),
        (("--status", "A"), ["ACTIVE"]),
        (("--sort-fields", "l"), ["lastName"]),
        (("--sort-fields", "lastName+"), ["lastName+username", "lastName+firstName",
                                          "lastName+lastName", "lastName+status",
                                          "lastName+groupId"]),
        (("--sort-fields", "lastName+f"), ["lastName+firstName"]),
        (("--network-id", ""), []),
        (("--network-id", "12345678", "--a"), ["--all"]),
    ]
    for words, wanted in cases:
        def case(words=words, wanted=wanted):
            got = complete(completion, *words)
            expect(sorted(got) == sorted(wanted), f"{' '.join(words)!r}: {got} != {wanted}")
        runner.check(f"completion: {' '.join(words)!r}", case)


# --------------------------------------------------------------------------
# Progress line and --debug against the stand-in
# --------------------------------------------------------------------------

def run_on_pty(cli, args, server, workdir):
    """Run with stderr on a pseudo-terminal; (exit code, stdout, terminal bytes)."""
    master, slave = pty.openpty()
    out_path = os.path.join(workdir, "pty-stdout")
    env = cli.base_env()
    env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    argv = cli.wrapper + [cli.path, "--endpoint-url", server.url, "--ca-bundle", server.ca,
                          "--region", "us-east-1", *args]
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=slave, stdin=subprocess.DEVNULL,
                                env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError as error:  # EIO: the last holder of the terminal closed it
            if error.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    code = proc.wait(timeout=RUN_TIMEOUT)
    with open(out_path, "rb") as handle:
        return code, handle.read(), seen


def server_checks(runner, cli, workdir):
    users = generate_users(NETWORK_ID, USER_COUNT)
    net = ["--network-id", NETWORK_ID]
    with Standin(workdir, "polish") as server, \
            Standin(workdir, "polish-token", "--access-key-id", TOKEN_ACCESS_KEY,
                    "--secret-access-key", TOKEN_SECRET_KEY, "--session-token",
                    SESSION_TOKEN, "--region", TOKEN_REGION,
                    cert_dir=server_cert_dir(workdir, "polish")) as token_server:

        def progress_on_terminal():
            code, out, tty = run_on_pty(cli, net + ["--all", "--max-results", "10",
                                                    "--output", "ndjson"], server, workdir)
            expect(code == 0, f"exit {code}: {tty[-300:]!r}")
            check_users([json.loads(line) for line in out.decode().splitlines()],
                        expected_users(users, {}))
            text = tty.decode("utf-8", errors="replace")
            pages = -(-USER_COUNT // 10)
            lines = re.findall(r"\rwickr-list-users: pages: (\d+), users: (\d+)(?:, \d+ users/s)?",
                               text)
            expect(len(lines) == pages, f"{len(lines)} progress lines for {pages} pages: "
                                        f"{text[:200]!r}")
            expect(lines[-1] == (str(pages), str(USER_COUNT)), f"last line {lines[-1]}")
            expect(re.search(r"\d+ users/s", text), "no rate shown")
            expect(re.search(r"\r +\r$", text), f"not blanked at the end: {text[-80:]!r}")
            expect("\n" not in text, f"a line end on the terminal: {text!r}")
        runner.check("progress: --all on a terminal draws and blanks a progress line",
                     progress_on_terminal)

        def silent_without_terminal():
            for fmt in ("json", "table", "csv"):
                code, out, err = cli.run(net + ["--all", "--output", fmt], server=server)
                expect(code == 0 and out, f"exit {code}: {err[:300]}")
                expect(err == "", f"--output {fmt}: stderr not empty: {err[:300]!r}")
        runner.check("progress: nothing on stderr when it is not a terminal",
                     silent_without_terminal)

        def one_page_no_progress():
            code, _, tty = run_on_pty(cli, net + ["--no-paginate", "--max-results", "5"], server,
                                      workdir)
            expect(code == 0 and tty == b"", f"exit {code}, terminal got {tty[:200]!r}")
        runner.check("progress: none with --no-paginate", one_page_no_progress)

        def debug_redacts():
            code, out, err = cli.run(
                net + ["--all", "--max-results", "100", "--debug", "--endpoint-url",
                       token_server.url, "--ca-bundle", token_server.ca,
                       "--region", TOKEN_REGION], creds=False,
                env={"AWS_ACCESS_KEY_ID": TOKEN_ACCESS_KEY,
                     "AWS_SECRET_ACCESS_KEY": TOKEN_SECRET_KEY,
                     "AWS_SESSION_TOKEN": SESSION_TOKEN})
            expect(code == 0, f"exit {code}: {err[-500:]}")
            check_users(json.loads(out)["users"], expected_users(users, {}))
            lines = err.splitlines()
            requests = [ln for ln in lines if ln.startswith("wickr-list-users: > GET ")]
            expect(len(requests) == 3, f"{len(requests)} request lines")
            expect(requests[0] == f"wickr-list-users: > GET /networks/{NETWORK_ID}/users"
                                  "?maxResults=100 HTTP/1.1", requests[0])
            expect(sum(ln == "wickr-list-users: < HTTP/1.1 200 OK" for ln in lines) == 3,
                   "status lines")
            auth = [ln for ln in lines if ln.lower().startswith("wickr-list-users: > authorization:")]
            expect(len(auth) == 3 and all(
                re.fullmatch(r"wickr-list-users: > Authorization: AWS4-HMAC-SHA256 "
                             r"Credential=<redacted>/\d{8}/" + TOKEN_REGION +
                             r"/wickr/aws4_request, SignedHeaders=[a-z0-9;-]+, "
                             r"Signature=<redacted>", ln) for ln in auth), auth[:1])
            tokens = [ln for ln in lines if "x-amz-security-token:" in ln.lower()]
            expect(len(tokens) == 3 and all(ln.endswith(": <redacted>") for ln in tokens),
                   tokens[:1])
            for secret in (TOKEN_SECRET_KEY, SESSION_TOKEN, TOKEN_ACCESS_KEY):
                expect(secret not in err, "a credential in the debug log")
            # a SigV4 signature is 64 hex digits; nothing of that shape may appear
            expect(not re.search(r"[0-9a-f]{64}", err), "a signature-like value in the log")
            expect(all(ln.startswith("wickr-list-users: ") for ln in lines), "line prefixes")
            expect('"username"' not in err, "a body was logged")
        runner.check("debug: heads logged, key, token and signature redacted", debug_redacts)


def message_checks(runner, cli, workdir):
    """What a person reads when something is wrong: the flag and its limit, the
    value and where it came from, what probably happened; no build option or
    internal field name, no status name twice, a cursor only when it helps."""
    net = ["--network-id", NETWORK_ID]
    with Standin(workdir, "messages") as server:
        def nothing_reached(before):
            expect(len(server.events()) == before, "the server was contacted")

        def long_filter():
            before = len(server.events())
            code, _, err = cli.run(net + ["--first-name", "a" * 5000], server=server)
            expect(code == 2, f"exit {code}: {err[:300]}")
            expect(re.match(r"wickr-list-users: --first-name is 5000 bytes; at most \d+ fit", err),
                   err[:300])
            expect("CONFIG_WK" not in err and "first_name" not in err, err[:300])
            nothing_reached(before)
        runner.check("messages: a filter too long names the flag and what fits", long_filter)

        def long_token():
            before = len(server.events())
            code, _, err = cli.run(net + ["--next-token", "t" * 5000], server=server)
            expect(code == 2 and "--next-token is 5000 bytes; at most 1023 fit" in err, err[:300])
            expect("CONFIG_WK" not in err and "next_token" not in err, err[:300])
            nothing_reached(before)
        runner.check("messages: a --next-token too long names the flag and its limit", long_token)

        def empty_token():
            before = len(server.events())
            code, _, err = cli.run(net + ["--next-token", ""], server=server)
            expect(code == 2 and "--next-token must not be empty" in err, f"exit {code}: {err}")
            nothing_reached(before)
        runner.check("messages: an empty --next-token is refused locally (exit 2)", empty_token)

        def empty_filter_sent():
            code, out, err = cli.run(net + ["--first-name", ""], server=server)
            expect(code == 0, f"exit {code}: {err[:300]}")
            expect("firstName=" in server.requests()[-1]["query"],
                   f"query {server.requests()[-1]['query']!r}")
        runner.check("messages: an empty filter is sent as firstName=, as the AWS CLI does",
                     empty_filter_sent)

        def input_named_by_flag():
            code, _, err = cli.run(["--network-id", "1234567"], server=server)
            expect(code == 2 and err.startswith("wickr-list-users: WK_ERR_NETWORK_ID: "
                                                "--network-id has 7 characters, not 8"), err[:300])
        runner.check("messages: a refused input is named by its flag", input_named_by_flag)

        def ca_that_does_not_parse():
            bad = os.path.join(workdir, "bad-ca.pem")
            with open(bad, "w", encoding="ascii") as handle:
                handle.write("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
            before = len(server.events())
            code, _, err = cli.run(net + ["--endpoint-url", server.url, "--ca-bundle", bad,
                                          "--region", "us-east-1"])
            expect(code == 2, f"exit {code}: {err[:300]}")
            expect(err.startswith("wickr-list-users: cannot use the CA bundle: ") and bad in err,
                   err[:300])
            expect("connect" not in err and "--starting-token" not in err, err[:300])
            nothing_reached(before)
        runner.check("messages: a CA bundle that does not parse -> exit 2, nothing sent",
                     ca_that_does_not_parse)

        def http_to_tls_port():
            code, _, err = cli.run(net + ["--endpoint-url", f"http://127.0.0.1:{server.port}",
                                          "--region", "us-east-1", "--max-attempts", "1"])
            expect(code == 4, f"exit {code}: {err[:300]}")
            first = err.splitlines()[0]
            status = re.match(r"wickr-list-users: (WK_ERR_[A-Z_]+)", first)
            expect(status and first.count(status.group(1)) == 1, f"first line {first!r}")
            expect("use https://" in err, err[:300])
            expect("--starting-token" not in err, err[:300])
        runner.check("messages: http:// to a TLS port says what probably happened",
                     http_to_tls_port)

        def no_cursor_when_nothing_came():
            for network in ("00000401", "00000403"):
                code, _, err = cli.run(["--network-id", network, "--all"], server=server)
                expect(code == 3 and "service error" in err, f"exit {code}: {err[:300]}")
                expect("--starting-token" not in err, f"cursor after {network}: {err[-200:]}")
        runner.check("messages: no resume cursor after an authentication error on page 1",
                     no_cursor_when_nothing_came)

        def region_how_to_set():
            code, _, err = cli.run(net + ["--endpoint-url", server.url, "--ca-bundle", server.ca])
            expect(code == 2, f"exit {code}: {err[:300]}")
            for needle in ("no region is set", "--region", "AWS_REGION", "region = ",
                           "[default]", os.path.join(cli.home, ".aws", "config")):
                expect(needle in err, f"{needle!r} not in {err!r}")
        runner.check("messages: no region says how to set one", region_how_to_set)

        def bad_region_named():
            for args, env, source in (
                    (["--region", "us east"], {}, "--region"),
                    ([], {"AWS_REGION": "us_east"}, "AWS_REGION")):
                code, _, err = cli.run(net + ["--endpoint-url", server.url, "--ca-bundle",
                                              server.ca] + args, env=env)
                value = args[1] if args else env["AWS_REGION"]
                expect(code == 2, f"exit {code}: {err[:300]}")
                expect(f'the region "{value}" (from {source}) cannot be used: region byte offset'
                       in err, err[:300])
                expect("request signer" not in err, err[:300])
        runner.check("messages: a bad region is named with its source", bad_region_named)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--man", required=True)
    parser.add_argument("--completion", required=True)
    parser.add_argument("--wrapper", default="")
    parser.add_argument("--only")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    runner = Runner(args.only, args.verbose)
    workdir = tempfile.mkdtemp(prefix="wickr-polish-")
    try:
        cli = Cli(os.path.abspath(args.cli), workdir, args.wrapper.split())
        man_checks(runner, cli.path, args.man)
        completion_checks(runner, cli.path, args.completion)
        server_checks(runner, cli, workdir)
        message_checks(runner, cli, workdir)
    except Exception as error:  # a harness failure is a failure, not a pass
        runner.failed += 1
        print(f"FAIL harness: {type(error).__name__}: {error}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{runner.passed} passed, {runner.failed} failed")
    return 1 if runner.failed or runner.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
