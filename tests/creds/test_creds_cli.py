#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""wickr-list-users against providers that fail it, on 127.0.0.1 only.

    test_creds_cli.py WICKR_LIST_USERS

Each way the credentials stand-in can spoil its document (a field missing,
too long or not a time, keys expired on arrival, not JSON, an HTTP error, a
body cut short or dripped a byte at a time), from the container endpoint and
IMDSv2 and, for a few, the AWS IoT provider; and the IoT provider stalling
or unreachable. Each must end with the exit status the man page gives (7, "a
credential provider could not give credentials"; 2, "no credentials", when
IMDS does not answer its first request in time), a message naming the provider and the
problem (a connection's failure naming the address and the connector's
reason), no key from the document on either output (with --debug), and
nothing sent to the Wickr stand-in. Then credential_process: a helper whose
keys live 10 s carries a listing of about 20 s, run once per lifetime and
not once per page, with no request refused; a helper that prints Version 2,
and one that hangs with a child holding its output, fail with exit 7, the
latter when its timeout is spent, not when the child lets go.

Prints one line per check and a final "N passed, M failed".
"""

import os
import shlex
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_creds_e2e import (  # noqa: E402
    NETWORK_ID, PYTHON, STANDIN_DIR, USERS, StandIns, check, cli_users, run_cli, summary,
    wickr_requests,
)
# test_creds_e2e put the stand-ins on the path
from credentials_standin import IOT_NAMES  # noqa: E402
from wickr_standin import read_json_lines  # noqa: E402

EXIT_USAGE, EXIT_CREDENTIALS = 2, 7
CONTAINER = "the container credentials endpoint"
IMDS = "the EC2 instance metadata service (IMDSv2)"
IOT = "the AWS IoT credentials provider"

# Document mode -> what stderr must say of it ({Field}: the provider's name
# for that field), and the providers it is tried on.
FAULTS = [
    ("missing-key", ['"{AccessKeyId}": missing'], (CONTAINER, IMDS)),
    ("missing-secret", ['"{SecretAccessKey}": missing'], (CONTAINER, IMDS, IOT)),
    ("missing-token", ['"{Token}": missing'], (CONTAINER, IMDS)),
    ("missing-expiration", ['"{Expiration}": missing'], (CONTAINER, IMDS, IOT)),
    ("bad-expiration", ["WK_ERR_CREDENTIALS_EXPIRATION", "expiration "], (CONTAINER, IMDS, IOT)),
    ("expired", ["WK_ERR_CREDENTIALS_EXPIRED", "expired on arrival"], (CONTAINER, IMDS, IOT)),
    ("long-key", ['"{AccessKeyId}": longer than 128 bytes'], (CONTAINER, IMDS)),
    ("long-secret", ['"{SecretAccessKey}": longer than 128 bytes'], (CONTAINER, IMDS)),
    ("long-token", ['"{Token}": longer than 2048 bytes'], (CONTAINER, IMDS, IOT)),
    ("not-json", ["WK_ERR_JSON_SYNTAX"], (CONTAINER, IMDS, IOT)),
    ("status-500", ["HTTP 500"], (CONTAINER, IMDS, IOT)),
    # IMDS cuts its last answer, after the token and the role name: it is
    # there and failing (7), not absent (2)
    ("truncated", ["WK_ERR_HTTP_TRUNCATED"], (CONTAINER, IMDS, IOT)),
    ("imds-code", ['"Code"', "AssumeRoleUnauthorizedAccess"], (IMDS,)),
    ("imds-no-role", ["HTTP 404"], (IMDS,)),
]


def address(port):
    """How a failure names the provider's address."""
    return "the credentials provider 127.0.0.1 port %d " % port


def read(path):
    with open(path) as f:
        return f.read()


def fault_checks(cli, work, certs, creds_file, base, wickr, start):
    mode_file = os.path.join(work, "document-mode")
    standin = os.path.join(STANDIN_DIR, "credentials_standin.py")
    servers = {kind: start("faulty-" + kind, [standin, kind, "--cert-dir", certs,
                                              "--credentials-file", creds_file,
                                              "--document-file", mode_file])
               for kind in ("container", "imds", "iot")}
    no_imds = dict(base, AWS_EC2_METADATA_DISABLED="true")

    def iot_flags(port):
        return ["--iot-credentials-endpoint", "https://127.0.0.1:%d" % port,
                "--iot-role-alias", "wickr-reader", "--iot-thing-name", "gateway-17",
                "--iot-certificate", os.path.join(certs, "device.pem"),
                "--iot-private-key", os.path.join(certs, "device.key")]

    how = {
        CONTAINER: (servers["container"], dict(no_imds, AWS_CONTAINER_CREDENTIALS_FULL_URI=
                                               "http://127.0.0.1:%d/v2/credentials/standin"
                                               % servers["container"].port), []),
        IMDS: (servers["imds"], dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d"
                                     % servers["imds"].port), []),
        IOT: (servers["iot"], no_imds, iot_flags(servers["iot"].port)),
    }

    def fails(name, env, args, wanted, code=EXIT_CREDENTIALS, server=None, mode=None,
              slower_than=None, faster_than=10):
        """The run exits @p code at once, saying each of @p wanted, showing no
        key it was handed (also with --debug), writing no user and sending
        nothing to Wickr; @p server answered it last with the document @p mode."""
        sent, handed = len(wickr_requests(wickr)), len(read_json_lines(creds_file))
        asked = len(server.requests()) if server is not None else 0
        rc, out, err, took = run_cli(cli, env, ["--debug"] + args, timeout=60)
        leaked = [value[4:20] for creds in read_json_lines(creds_file)[handed:]
                  for value in (creds["AccessKeyId"], creds["SecretAccessKey"], creds["Token"])
                  if value[4:20] in out + err]
        missing = [text for text in wanted if text not in err]
        check(name, rc == code and out == "" and not missing and not leaked
              and len(wickr_requests(wickr)) == sent and took < faster_than
              and (slower_than is None or took > slower_than)
              and (server is None or len(server.requests()) > asked
                   and server.requests()[-1].get("document") == mode),
              "rc %d (want %d), %.1f s, missing %r, leaked %r, %d sent to Wickr, stdout %r, "
              "stderr %r" % (rc, code, took, missing, leaked, len(wickr_requests(wickr)) - sent,
                             out[:200], err[:600]))

    def serve(mode):
        with open(mode_file, "w") as f:
            f.write(mode)

    for mode, wanted, providers in FAULTS:
        serve(mode)
        for provider in providers:
            server, env, args = how[provider]
            names = IOT_NAMES if provider == IOT else {name: name for name in IOT_NAMES}
            fails("cli %s, document %s: exit 7, says so, no key shown, nothing sent"
                  % (provider, mode), env, args,
                  [provider] + [text.format(**names) for text in wanted], server=server, mode=mode)
    # Each read is quick, the answer never done: the budget is per answer.
    serve("drip")
    server, env, args = how[CONTAINER]
    fails("cli %s dripping a byte every 0.5 s: 3 attempts of 2 s, exit 7, nothing sent"
          % CONTAINER, env, args, [CONTAINER, "WK_ERR_TIMEOUT", address(server.port)],
          server=server, mode="drip", slower_than=5.5, faster_than=10)
    # IMDS drips its last answer, after the token and the role name: there
    # and failing (7), unlike one that does not answer at all (2, below)
    server, env, args = how[IMDS]
    fails("cli %s dripping its credentials a byte every 0.5 s: exit 7 after 1 s, nothing sent"
          % IMDS, env, args, [IMDS, "WK_ERR_TIMEOUT", address(server.port)],
          server=server, mode="drip", slower_than=0.9, faster_than=4)
    os.remove(mode_file)

    stall = start("stall", [standin, "iot", "--cert-dir", certs, "--stall"])
    fails("cli %s stalling: one attempt of 10 s, exit 7, nothing sent" % IOT, no_imds,
          iot_flags(stall.port), [IOT, "WK_ERR_TIMEOUT", address(stall.port)], slower_than=9.5,
          faster_than=14)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    fails("cli %s unreachable: exit 7 at once, nothing sent" % IOT, no_imds,
          iot_flags(closed_port), [IOT, "WK_ERR_CONNECT", address(closed_port),
                                   "connection refused"], faster_than=3)
    fails("cli %s stalling: 'no credentials' (exit 2) after 1 s, nothing sent" % IMDS,
          dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d" % stall.port), [],
          ["no credentials", IMDS, "WK_ERR_TIMEOUT", address(stall.port)], code=EXIT_USAGE,
          slower_than=0.5, faster_than=4)


def process_checks(cli, work, certs, creds_file, base, wickr, start, meanwhile):
    """credential_process, its helper asking a container stand-in whose keys live 10 s;
    @p meanwhile runs while the 20 s listing does."""
    short = start("process-container", [os.path.join(STANDIN_DIR, "credentials_standin.py"),
                                        "container", "--credentials-file", creds_file,
                                        "--lifetime", "10"])
    url = "http://127.0.0.1:%d/v2/credentials/standin" % short.port
    no_imds = dict(base, AWS_EC2_METADATA_DISABLED="true")

    def profile(name, mode):
        runs = os.path.join(work, name + ".runs")
        config = os.path.join(work, name + ".config")
        command = " ".join(shlex.quote(word) for word in (
            PYTHON, os.path.join(HERE, "credential_helper.py"), url, runs, mode))
        with open(config, "w") as f:
            f.write("[profile p]\ncredential_process = %s\n" % command)
        return dict(no_imds, AWS_CONFIG_FILE=config), runs

    def runs_of(path):
        if not os.path.exists(path):
            return 0
        with open(path) as f:
            return sum(1 for _ in f)

    # ---- 25 pages 0.8 s apart with keys that live 10 s -----------------------------------
    slow = start("process-slow-wickr", [os.path.join(STANDIN_DIR, "wickr_standin.py"),
                                        "--cert-dir", certs, "--credentials-file", creds_file,
                                        "--users", str(USERS), "--page-delay", "0.8"])
    env, runs = profile("refresh", "good")
    env["AWS_ENDPOINT_URL"] = "https://127.0.0.1:%d" % slow.port
    outputs = [os.path.join(work, "refresh." + name) for name in ("out", "err")]
    began = time.monotonic()
    with open(outputs[0], "w") as out, open(outputs[1], "w") as err:
        listing = subprocess.Popen([cli, "--network-id", NETWORK_ID, "--output", "ndjson",
                                    "--profile", "p", "--debug"], stdout=out, stderr=err, env=env)
    try:
        meanwhile()
        rc = listing.wait(timeout=120)
    finally:
        listing.kill()
    took = time.monotonic() - began
    out, err = (read(path) for path in outputs)
    ran, asked = runs_of(runs), len(short.requests())
    pages = len(wickr_requests(slow))
    refused = [r for r in slow.requests() if r.get("error")]
    # the first run is the chain's, before the client: --debug tells of the others
    said = err.count("credentials: from credential_process (asked")
    check("cli credential_process: a 20 s listing with 10 s keys completes, the helper ran %d "
          "times for %d pages" % (ran, pages),
          rc == 0 and cli_users(out) == USERS and took >= 19 and 2 <= ran <= 4 and asked == ran
          and said == ran - 1 and pages == 25, "rc %d ran %d asked %d said %d pages %d %.1f s err %r"
          % (rc, ran, asked, said, pages, took, err[-600:]))
    check("cli credential_process: no page refused, none signed with expired keys", refused == [],
          repr(refused[:3]))

    sent = len(wickr_requests(wickr))
    env, runs = profile("version-2", "version-2")
    rc, out, err, _ = run_cli(cli, env, ["--profile", "p"])
    last = read_json_lines(creds_file)[-1]
    check("cli credential_process printing Version 2: exit 7, names the field, nothing sent",
          rc == EXIT_CREDENTIALS and out == "" and runs_of(runs) == 1
          and 'field "Version": 2 is not the supported version 1' in err
          and last["SecretAccessKey"] not in err and last["Token"] not in err
          and len(wickr_requests(wickr)) == sent, "rc %d err %r" % (rc, err[:600]))

    env, runs = profile("hangs", "hangs")
    rc, out, err, took = run_cli(cli, env, ["--profile", "p", "--credential-process-timeout", "1"])
    check("cli credential_process hanging, its child holding its output: stopped after 1 s, "
          "exit 7, nothing sent", rc == EXIT_CREDENTIALS and out == "" and runs_of(runs) == 1
          and "did not finish within 1.000 s" in err and 0.9 < took < 5
          and len(wickr_requests(wickr)) == sent, "rc %d %.1f s err %r" % (rc, took, err[:600]))


def main():
    cli = sys.argv[1]
    stand_ins = StandIns("wk-creds-cli-")
    try:
        wickr, base = stand_ins.start_wickr()
        args = (cli, stand_ins.work, stand_ins.certs, stand_ins.creds_file, base, wickr,
                stand_ins.start)
        process_checks(*args, meanwhile=lambda: fault_checks(*args))
    finally:
        stand_ins.stop()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
