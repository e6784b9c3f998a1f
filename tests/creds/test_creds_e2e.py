#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Temporary credentials end to end, on 127.0.0.1 only.

    test_creds_e2e.py CREDS_E2E [WICKR_LIST_USERS]

Starts the Wickr stand-in, which accepts only the temporary credentials the
provider stand-ins hand out and only while they are unexpired, and one
provider stand-in at a time (AWS IoT with mutual TLS, container, IMDSv2).
creds_e2e lists every user with a client that asks the provider itself,
with no key in its environment or in a file. botocore reads the same
container and IMDS stand-ins with the same environment and must get
the keys they handed out. Then the failures: a device certificate from
another CA, none at all, a key that is not the certificate's, IMDS
disabled, an unreachable and a stalling provider; each fails with its
status and sends nothing to Wickr. Last, a listing that outlives its
credentials completes, asking the provider only as often as they expire.
With WICKR_LIST_USERS, the program does the same through its credential
chain: each provider lists every user, the failures exit 7 (or 2: "no
credentials" when IMDS does not answer) with nothing sent to Wickr, and a
20 s listing outlives the 10 s keys of the container endpoint, the client
asking again as they expire (credential_process's: test_creds_cli.py); a
provider gone mid-listing is warned of, with why, and the listing stops
before the keys expire.

Prints one line per check and a final "N passed, M failed".
"""

import datetime
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN_DIR = os.path.join(HERE, "..", "standin")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
NETWORK_ID = "12345678"
USERS = 250

sys.path.insert(0, STANDIN_DIR)
import botocore.session  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from wickr_standin import read_json_lines, stop_process, wait_for_port  # noqa: E402

RESULTS = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    RESULTS["passed" if ok else "failed"] += 1
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else ": " + detail))


def summary():
    """The last line, and the exit status."""
    print("%d passed, %d failed" % (RESULTS["passed"], RESULTS["failed"]))
    return 1 if RESULTS["failed"] else 0


class Server:
    """A stand-in process; its port once it listens."""

    def __init__(self, work, name, args):
        self.port_file = os.path.join(work, name + ".port")
        self.log = os.path.join(work, name + ".log")
        self.proc = subprocess.Popen([PYTHON] + args + ["--port-file", self.port_file,
                                                        "--log", self.log],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.port = wait_for_port(self.proc, self.port_file)
        if self.port is None:
            raise RuntimeError("%s did not start: %s" % (name, self.proc.stderr.read()))

    def requests(self):
        return read_json_lines(self.log)

    def stop(self):
        stop_process(self.proc)


class StandIns:
    """A work directory and the stand-ins started in it, stopped together."""

    def __init__(self, prefix):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.certs = os.path.join(self.work, "certs")
        self.creds_file = os.path.join(self.work, "issued.jsonl")
        self.servers = []

    def start(self, name, args):
        server = Server(self.work, name, args)
        self.servers.append(server)
        return server

    def start_wickr(self):
        """The Wickr stand-in, accepting only the keys that the provider
        stand-ins record in the issuing file; the environment that reaches it
        with no key."""
        wickr = self.start("wickr", [os.path.join(STANDIN_DIR, "wickr_standin.py"), "--cert-dir",
                                     self.certs, "--credentials-file", self.creds_file,
                                     "--users", str(USERS)])
        return wickr, {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.work,  # no ~/.aws here
            "AWS_CONFIG_FILE": os.path.join(self.work, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.work, "no-credentials"),
            "AWS_ENDPOINT_URL": "https://127.0.0.1:%d" % wickr.port,
            "AWS_REGION": "us-east-1",
            "AWS_CA_BUNDLE": os.path.join(self.certs, "ca.pem"),
        }

    def stop(self):
        for server in self.servers:
            server.stop()


def run(program, kind, env, timeout=120):
    start = time.monotonic()
    proc = subprocess.run([program, kind, NETWORK_ID], env=env, capture_output=True, text=True,
                          timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def wickr_requests(wickr):
    return [r for r in wickr.requests() if r.get("path", "").startswith("/networks/")]


def botocore_credentials(env):
    """What botocore's default chain finds with exactly this environment."""
    with mock.patch.dict(os.environ, env, clear=True):
        session = botocore.session.Session()
        creds = session.get_credentials()
        return None if creds is None else creds.get_frozen_credentials()


def run_cli(cli, env, args=(), timeout=120):
    start = time.monotonic()
    proc = subprocess.run([cli, "--network-id", NETWORK_ID, "--output", "ndjson"] + list(args),
                          env=env, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def cli_users(out):
    """Users in ndjson output (the last line may be {"nextToken": ...})."""
    return sum(1 for line in out.splitlines() if "nextToken" not in json.loads(line))


def cli_checks(cli, work, certs, creds_file, base, start, servers, closed_port, token_file):
    """The same providers through wickr-list-users: its chain finds each one
    (no key in the environment or a file), its run refreshes between pages."""
    wickr, iot, imds, stall = servers["wickr"], servers["iot"], servers["imds"], servers["stall"]
    exit_usage, exit_credentials = 2, 7
    no_imds = dict(base, AWS_EC2_METADATA_DISABLED="true")

    def nothing_sent(before):
        return len(wickr_requests(wickr)) == before

    def secrets_absent(text):
        last = read_json_lines(creds_file)[-1]
        return last["SecretAccessKey"] not in text and last["Token"] not in text

    config = os.path.join(work, "cli-config")
    with open(config, "w") as f:
        f.write("[profile device]\niot_credentials_endpoint = https://127.0.0.1:%d\n"
                "iot_role_alias = wickr-reader\niot_thing_name = gateway-17\n"
                "iot_certificate = %s\niot_private_key = %s\n"
                % (iot.port, os.path.join(certs, "device.pem"), os.path.join(certs, "device.key")))
    asked = len(iot.requests())
    rc, out, err, _ = run_cli(cli, dict(no_imds, AWS_CONFIG_FILE=config), ["--profile", "device"])
    check("cli iot: a profile with iot_credentials_endpoint lists every user",
          rc == 0 and cli_users(out) == USERS and len(iot.requests()) == asked + 1,
          "rc %d err %r" % (rc, err))
    before = len(wickr_requests(wickr))
    rc, out, err, _ = run_cli(cli, no_imds, [
        "--iot-credentials-endpoint", "https://127.0.0.1:%d" % iot.port, "--iot-role-alias", "wickr-reader",
        "--iot-thing-name", "gateway-17", "--iot-certificate", os.path.join(certs, "rogue.pem"),
        "--iot-private-key", os.path.join(certs, "rogue.key")])
    check("cli iot: a certificate from another CA is refused, exit 7, nothing sent to Wickr",
          rc == exit_credentials and "AWS IoT credentials provider" in err and nothing_sent(before),
          "rc %d err %r" % (rc, err))

    container = start("cli-container", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                                        "--credentials-file", creds_file,
                                        "--auth-token", "Bearer standin-container-token"])
    cont_url = "http://127.0.0.1:%d/v2/credentials/standin" % container.port
    rc, out, err, _ = run_cli(cli, dict(no_imds, AWS_CONTAINER_CREDENTIALS_FULL_URI=cont_url,
                                        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file), ["--debug"])
    check("cli container: lists every user; --debug names the provider and the expiration, no secret",
          rc == 0 and cli_users(out) == USERS
          and "credentials: from the container credentials endpoint (asked 1 time), with a session "
              "token, expiring " in err and secrets_absent(err), "rc %d err %r" % (rc, err[-800:]))

    rc, out, err, _ = run_cli(cli, dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d"
                                        % imds.port), ["--debug"])
    check("cli imds: the chain's last place lists every user",
          rc == 0 and cli_users(out) == USERS and "from the EC2 instance metadata service (IMDSv2)" in err
          and secrets_absent(err), "rc %d err %r" % (rc, err[-800:]))

    before = len(wickr_requests(wickr))
    rc, out, err, took = run_cli(cli, dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d"
                                           % closed_port))
    check("cli imds: none answering is 'no credentials' (exit 2) at once, nothing sent",
          rc == exit_usage and err.startswith("wickr-list-users: no credentials:")
          and "did not answer (WK_ERR_CONNECT" in err and took < 10 and nothing_sent(before),
          "rc %d err %r %.1fs" % (rc, err, took))
    rc, out, err, took = run_cli(cli, dict(no_imds, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/c"
                                           % stall.port))
    check("cli container: a stalling endpoint, 3 attempts of 2 s, exit 7, nothing sent",
          rc == exit_credentials and "WK_ERR_TIMEOUT" in err and 5.5 < took < 15 and out == ""
          and nothing_sent(before), "rc %d err %r %.1fs" % (rc, err, took))
    rc, out, err, took = run_cli(cli, dict(no_imds, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/c"
                                           % closed_port))
    check("cli container: an unreachable endpoint, exit 7, nothing sent",
          rc == exit_credentials and "WK_ERR_CONNECT" in err and took < 10 and nothing_sent(before),
          "rc %d err %r %.1fs" % (rc, err, took))
    dead = start("cli-dead", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                              "--credentials-file", os.path.join(work, "dead.jsonl"), "--lifetime", "0"])
    rc, out, err, _ = run_cli(cli, dict(no_imds, AWS_CONTAINER_CREDENTIALS_FULL_URI=
                                        "http://127.0.0.1:%d/v2/credentials/standin" % dead.port))
    check("cli container: credentials expired on arrival, exit 7, nothing sent",
          rc == exit_credentials and "WK_ERR_CREDENTIALS_EXPIRED" in err and nothing_sent(before),
          "rc %d err %r" % (rc, err))

    # ---- 25 pages 0.8 s apart with keys that live 10 s ------------------------------------
    slow = start("cli-slow-wickr", [os.path.join(STANDIN_DIR, "wickr_standin.py"), "--cert-dir", certs,
                                    "--credentials-file", creds_file, "--users", str(USERS),
                                    "--page-delay", "0.8"])
    short = start("cli-short", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                                "--credentials-file", creds_file, "--lifetime", "10"])
    rc, out, err, took = run_cli(cli, dict(
        no_imds, AWS_ENDPOINT_URL="https://127.0.0.1:%d" % slow.port,
        AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/v2/credentials/standin" % short.port),
        ["--debug"])
    asked = len(short.requests())
    said = err.count("credentials: from the container credentials endpoint")
    refused = [r for r in slow.requests() if r.get("error")]
    check("cli: a 20 s listing with 10 s credentials completes, the provider asked %d times" % asked,
          rc == 0 and cli_users(out) == USERS and took >= 19 and 2 <= asked <= 4 and said == asked
          and "(asked %d times)" % asked in err, "rc %d asked %d said %d err %r %.1fs"
          % (rc, asked, said, err[-600:], took))
    check("cli: no page reached Wickr unsigned or with expired credentials", refused == [],
          repr(refused[:3]))

    # ---- the provider goes away mid-listing: stop before the keys expire -------------------
    gone = start("cli-gone", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                              "--credentials-file", creds_file, "--lifetime", "10"])
    env = dict(no_imds, AWS_ENDPOINT_URL="https://127.0.0.1:%d" % slow.port,
               AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/v2/credentials/standin" % gone.port)
    began = time.monotonic()
    proc = subprocess.Popen([cli, "--network-id", NETWORK_ID, "--output", "ndjson"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not gone.requests() and time.monotonic() - began < 10:
        time.sleep(0.05)
    gone.stop()
    out, err = proc.communicate(timeout=60)
    refused = [r for r in slow.requests() if r.get("error")]
    # the advisory ask's warning says why: the address, the connector's reason
    warned = [line for line in err.splitlines() if "warning: refreshing the credentials failed" in line]
    check("cli: a provider gone before the keys expire: warned of with why, exit 7 before they "
          "expire, a cursor to go on",
          proc.returncode == exit_credentials and warned
          and all("the credentials provider 127.0.0.1 port %d failed: WK_ERR_CONNECT" % gone.port
                  in line and "connection refused" in line for line in warned)
          and "nothing more was sent" in err and "--starting-token wk" in err
          and 0 < cli_users(out) < USERS and time.monotonic() - began < 11 and refused == [],
          "rc %d err %r refused %r" % (proc.returncode, err[-600:], refused[:3]))


def main():
    program = sys.argv[1]
    cli = sys.argv[2] if len(sys.argv) > 2 else None
    stand_ins = StandIns("wk-creds-")
    work, certs, creds_file = stand_ins.work, stand_ins.certs, stand_ins.creds_file
    start = stand_ins.start
    try:
        wickr, base = stand_ins.start_wickr()
        want = "users %d fetches 1\n" % USERS

        # ---- AWS IoT credentials provider, mutual TLS ----------------------------------
        iot = start("iot", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "iot",
                            "--cert-dir", certs, "--credentials-file", creds_file])
        iot_env = dict(base, WK_IOT_ENDPOINT="https://127.0.0.1:%d" % iot.port,
                       WK_IOT_ROLE_ALIAS="wickr-reader", WK_IOT_THING_NAME="gateway-17",
                       WK_IOT_CERT=os.path.join(certs, "device.pem"),
                       WK_IOT_KEY=os.path.join(certs, "device.key"))
        rc, out, err, _ = run(program, "iot", iot_env)
        check("iot: lists every user with the device certificate from files", rc == 0 and out == want,
              "rc %d out %r err %r" % (rc, out, err))
        got = iot.requests()
        check("iot: one request, with the role alias and thing name",
              len(got) == 1 and got[0]["path"] == "/role-aliases/wickr-reader/credentials", repr(got))
        rc, out, err, _ = run(program, "iot", dict(iot_env, WK_IOT_IN_MEMORY="1"))
        check("iot: the same with the certificate and key in memory", rc == 0 and out == want,
              "rc %d err %r" % (rc, err))
        for name, env, status in (
                ("a certificate from another CA", dict(iot_env, WK_IOT_CERT=os.path.join(certs, "rogue.pem"),
                                                       WK_IOT_KEY=os.path.join(certs, "rogue.key")), "TLS handshake"),
                ("no certificate", {k: v for k, v in iot_env.items() if k not in ("WK_IOT_CERT", "WK_IOT_KEY")},
                 "TLS handshake"),
                ("a key that is not the certificate's", dict(iot_env, WK_IOT_KEY=os.path.join(certs, "rogue.key")),
                 "WK_ERR_CREDENTIALS_SOURCE")):
            before, issued_before = len(wickr_requests(wickr)), len(read_json_lines(creds_file))
            refused_before = sum("tls_handshake_failed" in r.get("event", "") for r in iot.requests())
            rc, out, err, _ = run(program, "iot", env)
            refused = sum("tls_handshake_failed" in r.get("event", "") for r in iot.requests())
            check("iot: %s is refused (%s), nothing sent to Wickr" % (name, status),
                  rc == 1 and status in err and len(wickr_requests(wickr)) == before
                  and len(read_json_lines(creds_file)) == issued_before
                  and refused == refused_before + (status == "TLS handshake"),
                  "rc %d err %r" % (rc, err))

        # ---- Container credentials ---------------------------------------------------
        token_file = os.path.join(work, "container-token")
        with open(token_file, "w") as f:
            f.write("Bearer standin-container-token")
        container = start("container", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                                        "--credentials-file", creds_file,
                                        "--auth-token", "Bearer standin-container-token"])
        cont_env = dict(base, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/v2/credentials/standin"
                        % container.port, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file)
        rc, out, err, _ = run(program, "container", cont_env)
        check("container: lists every user with a token file", rc == 0 and out == want,
              "rc %d out %r err %r" % (rc, out, err))
        rc, out, err, _ = run(program, "container",
                              dict({k: v for k, v in cont_env.items() if k != "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"},
                                   AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer wrong"))
        check("container: a wrong token is the provider's 401", rc == 1 and
              err.startswith("WK_ERR_CREDENTIALS_PROVIDER: container credentials endpoint answered HTTP 401"),
              "rc %d err %r" % (rc, err))
        # Debian 12's botocore (1.29) knows the token variable, not the token file.
        token_env = dict({k: v for k, v in cont_env.items() if k != "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"},
                         AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer standin-container-token")
        rc, out, err, _ = run(program, "container", token_env)
        check("container: lists every user with a token variable", rc == 0 and out == want,
              "rc %d out %r err %r" % (rc, out, err))
        frozen = botocore_credentials(token_env)
        last = read_json_lines(creds_file)[-1]
        check("container: botocore gets the keys the endpoint handed out",
              frozen is not None and (frozen.access_key, frozen.secret_key, frozen.token)
              == (last["AccessKeyId"], last["SecretAccessKey"], last["Token"]), repr(frozen))

        # ---- IMDSv2 --------------------------------------------------------------------
        imds = start("imds", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "imds",
                              "--credentials-file", creds_file])
        imds_env = dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d" % imds.port)
        rc, out, err, _ = run(program, "imds", imds_env)
        check("imds: lists every user", rc == 0 and out == want, "rc %d out %r err %r" % (rc, out, err))
        got = [(r["method"], r["path"]) for r in imds.requests()]
        check("imds: token, role name, credentials", got == [
            ("PUT", "/latest/api/token"), ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/wickr-standin-role")], repr(got))
        frozen = botocore_credentials(imds_env)
        last = read_json_lines(creds_file)[-1]
        check("imds: botocore gets the keys the service handed out",
              frozen is not None and (frozen.access_key, frozen.secret_key, frozen.token)
              == (last["AccessKeyId"], last["SecretAccessKey"], last["Token"]), repr(frozen))
        before = len(imds.requests())
        disabled = dict(imds_env, AWS_EC2_METADATA_DISABLED="true")
        rc, out, err, _ = run(program, "imds", disabled)
        check("imds: AWS_EC2_METADATA_DISABLED=true asks nothing, like botocore",
              rc == 1 and err.startswith("WK_ERR_CREDENTIALS_SOURCE") and len(imds.requests()) == before
              and botocore_credentials(disabled) is None, "rc %d err %r" % (rc, err))

        # ---- Unreachable and stalling providers ------------------------------------------
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        before = len(wickr_requests(wickr))
        rc, out, err, took = run(program, "imds",
                                 dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d" % closed_port))
        check("imds: an unreachable service fails at once, nothing sent to Wickr",
              rc == 1 and err.startswith("WK_ERR_CONNECT") and took < 10
              and len(wickr_requests(wickr)) == before, "rc %d err %r %.1fs" % (rc, err, took))
        stall = start("stall", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "imds", "--stall"])
        rc, out, err, took = run(program, "imds",
                                 dict(base, AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:%d" % stall.port))
        check("imds: a stalling service times out after 1 s (one attempt)",
              rc == 1 and err.startswith("WK_ERR_TIMEOUT") and took < 5, "rc %d err %r %.1fs" % (rc, err, took))
        rc, out, err, took = run(program, "container",
                                 dict(base, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/c" % stall.port))
        check("container: a stalling endpoint times out after 3 attempts of 2 s",
              rc == 1 and err.startswith("WK_ERR_TIMEOUT") and 5.5 < took < 15
              and len(wickr_requests(wickr)) == before, "rc %d err %r %.1fs" % (rc, err, took))

        # ---- The Wickr stand-in refuses expired credentials --------------------------------
        past = (datetime.datetime.utcnow() - datetime.timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with open(creds_file, "a") as f:
            f.write(json.dumps({"AccessKeyId": "ASIAEXPIREDSTANDIN", "SecretAccessKey": "s",
                                "Token": "t", "Expiration": past}) + "\n")
        request = AWSRequest(method="GET", url="https://127.0.0.1:%d/networks/%s/users" % (wickr.port, NETWORK_ID))
        SigV4Auth(Credentials("ASIAEXPIREDSTANDIN", "s", "t"), "wickr", "us-east-1").add_auth(request)
        conn = http.client.HTTPSConnection("127.0.0.1", wickr.port, context=ssl.create_default_context(
            cafile=os.path.join(certs, "ca.pem")), timeout=10)
        conn.request("GET", "/networks/%s/users" % NETWORK_ID, headers=dict(request.headers))
        response = conn.getresponse()
        check("wickr stand-in: expired temporary credentials are ExpiredTokenException",
              response.status == 403 and response.getheader("x-amzn-ErrorType", "").startswith(
                  "ExpiredTokenException"), "%d %r" % (response.status, response.getheaders()))
        conn.close()

        # ---- A listing that outlives its credentials ---------------------------------------
        def expired_refusals():
            return sum(r.get("error") == "ExpiredTokenException" for r in wickr.requests())
        refused_before = expired_refusals()
        short = start("short", [os.path.join(STANDIN_DIR, "credentials_standin.py"), "container",
                                "--credentials-file", creds_file, "--lifetime", "10"])
        rc, out, err, took = run(program, "container", dict(
            base, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/v2/credentials/standin" % short.port,
            WK_PAGE_DELAY_MS="800"))
        asked = len(short.requests())
        fetches = int(out.split()[-1]) if rc == 0 else -1
        # 25 pages 0.8 s apart: about 20 s with keys that live 10 s and are
        # refreshed in the last 2 (a quarter of their life): 3 fetches, 2 at least.
        check("a 20 s listing with 10 s credentials completes, the provider asked %d times" % asked,
              rc == 0 and out.startswith("users %d " % USERS) and took >= 19 and fetches == asked
              and 2 <= asked <= 4, "rc %d out %r err %r %.1fs" % (rc, out, err, took))
        check("no request reached Wickr with expired credentials",
              expired_refusals() == refused_before,
              repr([r for r in wickr.requests() if r.get("error")][-3:]))

        if cli is not None:
            cli_checks(cli, work, certs, creds_file, base, start,
                       {"wickr": wickr, "iot": iot, "imds": imds, "stall": stall},
                       closed_port, token_file)
    finally:
        stand_ins.stop()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
