#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The CLI's configuration and paging against the stand-in, with botocore and the AWS CLI as references.

    test_cli_config.py --cli PATH [--only SUBSTRING] [-v]

Profiles, the credential chain's order and credential_process: for each case
botocore (python3-botocore) is asked which credentials it takes from the same
environment and files, and the CLI must sign with those, or the stand-in
refuses the signature. endpoint_url from the environment, a profile and a
[services] section. The paging flags, against what the AWS CLI's
documentation says of them (``aws help pagination``): every page by default,
--no-paginate for one, --page-size per request, --max-items with a
NextToken that --starting-token continues from. Prints one line per check
and ``N passed, M failed``.
"""

import base64
import datetime
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from test_cli import (  # noqa: E402
    NETWORK_ID, PYTHON, USER_COUNT, Cli, Runner, Standin, check_users, expect, expected_users,
    run_checks, server_cert_dir, suite_parser, write_file,
)
from wickr_standin import generate_users  # noqa: E402

KEY = "ASIACONFIGTESTKEY"
SECRET = "config-test-secret-not-real"
TOKEN = "config-test-session-token/+=-not-real"
NET = ["--network-id", NETWORK_ID]

# Prints what botocore's default chain gives for the environment it runs in:
# [access key, secret key, token], or ["error", message].
BOTOCORE_CHAIN = """
import json, sys
import botocore.session
try:
    session = botocore.session.Session(profile=sys.argv[1] or None)
    creds = session.get_credentials()
    frozen = creds.get_frozen_credentials() if creds is not None else None
    print(json.dumps(None if frozen is None else [frozen.access_key, frozen.secret_key,
                                                  frozen.token]))
except Exception as error:
    print(json.dumps(["error", type(error).__name__ + ": " + str(error)]))
"""

# A credential_process helper: HELPER_MODE says what it does.
HELPER = """
import json, os, sys, time
mode = os.environ.get("HELPER_MODE", "ok")
print("helper: asked for credentials", file=sys.stderr)
doc = {"Version": 1, "AccessKeyId": sys.argv[1], "SecretAccessKey": sys.argv[2],
       "SessionToken": sys.argv[3], "Expiration": sys.argv[4]}
if mode == "fail":
    print("helper: access denied by policy", file=sys.stderr)
    sys.exit(5)
if mode == "stall":
    time.sleep(30)
if mode == "missing":
    del doc["SecretAccessKey"]
if mode == "long":
    doc["SessionToken"] = "t" * 5000
print(json.dumps(doc))
"""


def iso(seconds_from_now):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=seconds_from_now)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Setup:
    """Files and environment of one case, in a directory of its own."""

    def __init__(self, workdir, name):
        self.dir = os.path.join(workdir, "cases", name)
        os.makedirs(self.dir)
        self.env = {"AWS_CONFIG_FILE": os.path.join(self.dir, "config"),
                    "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.dir, "credentials")}

    def files(self, config="", credentials=""):
        write_file(self.env["AWS_CONFIG_FILE"], config)
        write_file(self.env["AWS_SHARED_CREDENTIALS_FILE"], credentials)

    def botocore(self, cli, profile=None, extra_env=None):
        env = cli.base_env()
        env.update(self.env)
        env.update(extra_env or {})
        proc = subprocess.run([PYTHON, "-c", BOTOCORE_CHAIN, profile or ""], env=env,
                              capture_output=True, timeout=60, check=True)
        return json.loads(proc.stdout)


def helper_command(workdir, expiration, secret=SECRET):
    path = os.path.join(workdir, "helper.py")
    if not os.path.exists(path):
        write_file(path, HELPER)
    return " ".join(shlex.quote(word) for word in (PYTHON, path, KEY, secret, TOKEN, expiration))


def config_tests(runner, workdir, cli):
    with Standin(workdir, "config-standin", "--access-key-id", KEY, "--secret-access-key",
                 SECRET, "--session-token", TOKEN, "--region", "us-east-1",
                 cert_dir=server_cert_dir(workdir, "config-standin")) as server:
        run_config_checks(runner, workdir, cli, server)
        run_paging_checks(runner, cli, server)


def run_config_checks(runner, workdir, cli, server):
    conn = ["--ca-bundle", server.ca, "--region", "us-east-1", "--endpoint-url", server.url]

    def run_case(setup, args, env=None):
        run_env = dict(setup.env)
        run_env.update(env or {})
        before = len(server.requests())
        code, out, err = cli.run(NET + conn + args, env=run_env, creds=False)
        return code, out, err, len(server.requests()) - before

    def same_as_botocore(name, config, credentials, profile=None, env=None):
        """Each place holds the stand-in's key with a secret naming the place;
        botocore picks one; that place then gets the real secret and the CLI
        must list with it (a wrong pick is a signature the stand-in refuses)."""
        def check():
            setup = Setup(workdir, name)
            setup.files(config, credentials)
            picked = setup.botocore(cli, profile, env)
            expect(picked and picked[0] == KEY and picked[1].startswith("secret-from-"),
                   f"botocore took {picked}")
            real = {k: v.replace(picked[1], SECRET) for k, v in (env or {}).items()}
            setup.files(config.replace(picked[1], SECRET),
                        credentials.replace(picked[1], SECRET))
            args = ["--profile", profile] if profile else []
            code, _, err, sent = run_case(setup, args + ["--max-results", "100"], real)
            expect(code == 0, f"botocore took {picked[1]}; the CLI: exit {code}: {err[:300]}")
            expect(sent >= 1, "nothing reached the stand-in")
        runner.check(f"config: {name}: the CLI takes what botocore takes", check)

    token = f"aws_session_token = {TOKEN}\n"
    keys = "aws_access_key_id = " + KEY + "\naws_secret_access_key = secret-from-{}\n" + token
    env_keys = {"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": "secret-from-env",
                "AWS_SESSION_TOKEN": TOKEN}
    same_as_botocore("AWS_DEFAULT_PROFILE over AWS_PROFILE", "",
                     "[a]\n" + keys.format("a") + "[b]\n" + keys.format("b"),
                     env={"AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"})
    same_as_botocore("environment keys over the profile's", "",
                     "[a]\n" + keys.format("a"), env=dict(env_keys, AWS_PROFILE="a"))
    same_as_botocore("--profile puts the environment's keys aside", "",
                     "[a]\n" + keys.format("a"), profile="a", env=env_keys)
    same_as_botocore("credentials file over the config file",
                     "[profile a]\n" + keys.format("config"),
                     "[a]\n" + keys.format("credentials"), profile="a")
    same_as_botocore("keys in the config file's [profile a]",
                     "[profile a]\nregion = us-east-1\n" + keys.format("config"), "", profile="a")
    same_as_botocore("[default] of the config file", "[default]\n" + keys.format("config"), "")

    helper = helper_command(workdir, iso(3600), "secret-from-process")
    same_as_botocore("credential_process over the config file's keys",
                     f"[profile p]\ncredential_process = {helper}\n" + keys.format("config"),
                     "", profile="p")
    same_as_botocore("the credentials file's keys over credential_process",
                     f"[profile p]\ncredential_process = {helper}\n",
                     "[p]\n" + keys.format("credentials"), profile="p")

    def process_end_to_end():
        setup = Setup(workdir, "process")
        setup.files(f"[profile p]\ncredential_process = {helper_command(workdir, iso(3600))}\n")
        code, out, err, sent = run_case(setup, ["--profile", "p", "--max-results", "100", "--all"])
        expect(code == 0, f"exit {code}: {err[:300]}")
        expect(len(json.loads(out)["users"]) == USER_COUNT, "every user")
        expect("helper: asked for credentials" in err, f"the helper's stderr: {err[:300]}")
        expect(SECRET not in err and TOKEN not in err, "a secret on stderr")
        picked = setup.botocore(cli, "p")
        expect(picked == [KEY, SECRET, TOKEN], f"botocore read {picked}")
    runner.check("config: credential_process lists users with no key in the environment or "
                 "files; botocore reads the same", process_end_to_end)

    failures = [
        ("fails", {"HELPER_MODE": "fail"}, 3600, [],
         ["failed with exit status 5", "helper: access denied by policy"]),
        ("stalls", {"HELPER_MODE": "stall"}, 3600, ["--credential-process-timeout", "0.5"],
         ["did not finish within 0.500 s"]),
        ("expired on arrival", {}, -60, [], ["expired"]),
        ("missing field", {"HELPER_MODE": "missing"}, 3600, [], ['field "SecretAccessKey": missing']),
        ("over-long value", {"HELPER_MODE": "long"}, 3600, [], ["SessionToken"]),
    ]
    for name, env, expires, args, wanted in failures:
        def failure(env=env, expires=expires, args=args, wanted=wanted, name=name):
            setup = Setup(workdir, "process " + name)
            setup.files(f"[profile p]\ncredential_process = "
                        f"{helper_command(workdir, iso(expires))}\n")
            code, out, err, sent = run_case(setup, ["--profile", "p"] + args, env)
            expect(code == 7, f"exit {code}: {err[:300]}")
            expect(out == b"", "output written")
            expect(sent == 0, f"{sent} requests sent")
            for text in wanted:
                expect(text in err, f"{text!r} not in {err[:400]!r}")
            expect(SECRET not in err and TOKEN not in err, "a secret on stderr")
            # botocore has no timeout (it would wait) and no limit on a value's length
            if name not in ("stalls", "over-long value"):
                picked = setup.botocore(cli, "p", env)
                expect(picked is None or picked[0] == "error", f"botocore accepted {picked[:1]}")
        runner.check(f"config: credential_process {name}: exit 7, nothing sent", failure)

    # Each setting wickr-list-users does not support, named in its error with
    # what to use instead, never a bare "no credentials"; the profile it
    # could fall back on (s) has keys.
    role = "role_arn = arn:aws:iam::123456789012:role/x\n"
    sso = "uses IAM Identity Center (sso_account_id, sso_role_name)"
    for name, settings, named in [
            ("role_arn with source_profile", role + "source_profile = s\n",
             "uses role_arn with source_profile"),
            ("role_arn with credential_source", role + "credential_source = Ec2InstanceMetadata\n",
             "uses role_arn with credential_source"),
            ("web_identity_token_file", role + "web_identity_token_file = /var/run/token\n",
             "uses web_identity_token_file"),
            ("sso_start_url (legacy SSO)", "sso_account_id = 123456789012\nsso_role_name = r\n"
             "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n", sso),
            ("sso_session", "sso_session = corp\nsso_account_id = 123456789012\n"
             "sso_role_name = r\n", sso)]:
        def unsupported(settings=settings, named=named, name=name):
            setup = Setup(workdir, "unsupported " + name)
            setup.files("[profile r]\n" + settings + "[profile s]\n" + keys.format("s")
                        + "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n")
            code, out, err, sent = run_case(setup, ["--profile", "r"])
            expect(code == 2 and out == b"" and sent == 0, f"exit {code}, {sent} sent")
            expect(f"profile 'r' {named}, which wickr-list-users does not support; use a profile "
                   "with credential_process" in err, err[:400])
            expect("no credentials" not in err, err[:400])
        runner.check(f"config: a profile with {name} is named, nothing sent", unsupported)

    def helper_missing():
        setup = Setup(workdir, "process missing")
        setup.files("[profile p]\ncredential_process = /nonexistent/helper --flag 'x y'\n")
        code, out, err, sent = run_case(setup, ["--profile", "p"])
        expect(code == 7 and out == b"" and sent == 0, f"exit {code}, {sent} sent: {err[:300]}")
        expect("cannot run credential_process '/nonexistent/helper': No such file" in err,
               err[:300])
    runner.check("config: credential_process that cannot be started: exit 7, nothing sent",
                 helper_missing)

    def profile_name_escaped():
        setup = Setup(workdir, "profile escaped")
        setup.files("[profile p]\n" + keys.format("p"))
        code, out, err, sent = run_case(setup, ["--profile", "ev\x1b[2Jil"])
        expect(code == 2 and out == b"" and sent == 0, f"exit {code}, {sent} sent: {err[:300]}")
        expect("profile 'ev\\x1b[2Jil'" in err and "\x1b" not in err, repr(err[:300]))
    runner.check("config: a refused setting is quoted escaped (no raw ESC on stderr)",
                 profile_name_escaped)

    def endpoints():
        closed = "https://127.0.0.1:9"
        setup = Setup(workdir, "endpoints")
        base = ["--ca-bundle", server.ca, "--region", "us-east-1"]
        env = {"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET,
               "AWS_SESSION_TOKEN": TOKEN}
        env.update(setup.env)

        def lists(more_env, what):
            before = len(server.requests())
            code, _, err = cli.run(NET + base, env=dict(env, **more_env), creds=False)
            expect(code == 0, f"{what}: exit {code}: {err[:300]}")
            expect(len(server.requests()) > before, f"{what}: not sent to the stand-in")
        setup.files(f"[default]\nendpoint_url = {closed}\nservices = here\n"
                    f"[services here]\nwickr =\n  endpoint_url = {server.url}\n")
        lists({}, "the services section over the profile's endpoint_url")
        lists({"AWS_ENDPOINT_URL": server.url, "AWS_ENDPOINT_URL_WICKR": server.url},
              "the environment")
        lists({"AWS_ENDPOINT_URL": closed, "AWS_ENDPOINT_URL_WICKR": server.url},
              "AWS_ENDPOINT_URL_WICKR over AWS_ENDPOINT_URL")
        setup.files(f"[default]\nendpoint_url = {server.url}\n")
        lists({}, "the profile's endpoint_url")
    runner.check("config: endpoint_url from the environment, [services] and the profile",
                 endpoints)


def run_paging_checks(runner, cli, server):
    every = expected_users(generate_users(NETWORK_ID, USER_COUNT), {})
    env = {"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN}

    def listing(args, fmt="json"):
        """The document (or stdout, stderr) and the requests it took."""
        before = len(server.requests())
        code, out, err = cli.run(NET + ["--output", fmt] + args, env=env, server=server,
                                 creds=False)
        expect(code == 0, f"{args}: exit {code}: {err[:300]}")
        sent = server.requests()[before:]
        return (json.loads(out) if fmt == "json" else (out, err)), sent

    def every_page_by_default():
        for extra in ([], ["--all"]):
            doc, sent = listing(extra)
            check_users(doc["users"], every)
            expect(list(doc) == ["users"], f"{extra}: members {list(doc)}")
            expect(len(sent) == -(-USER_COUNT // 10), f"{extra}: {len(sent)} requests")
    runner.check("paging: every page by default (and with --all)", every_page_by_default)

    def page_size():
        doc, sent = listing(["--page-size", "100"])
        check_users(doc["users"], every)
        expect(len(sent) == 3 and all("maxResults=100" in r["query"] for r in sent),
               f"{[r['query'] for r in sent]}")
    runner.check("paging: --page-size sets each request's maxResults", page_size)

    def no_paginate():
        doc, sent = listing(["--no-paginate", "--page-size", "7"])
        check_users(doc["users"], every[:7])
        expect(len(sent) == 1 and list(doc) == ["users", "nextToken"], f"{list(doc)}")
        rest, _ = listing(["--starting-token", doc["nextToken"]])
        check_users(rest["users"], every[7:])
    runner.check("paging: --no-paginate, one page and its nextToken; --starting-token takes it",
                 no_paginate)

    def max_items_chain():
        got = []
        token = None
        for _ in range(30):
            args = ["--max-items", "40", "--page-size", "15"]
            doc, sent = listing(args + (["--starting-token", token] if token else []))
            expect(len(doc["users"]) == min(40, USER_COUNT - len(got)), f"{len(doc['users'])}")
            expect(len(sent) <= 4, f"{len(sent)} requests for 40 users in pages of 15")
            got += doc["users"]
            token = doc.get("NextToken")
            expect("nextToken" not in doc, "a service nextToken with --max-items")
            if token is None:
                break
        check_users(got, every)
    runner.check("paging: --max-items with NextToken, continued by --starting-token, "
                 "lists every user once", max_items_chain)

    def max_items_at_page_end():
        doc, sent = listing(["--max-items", "20", "--page-size", "10"])
        check_users(doc["users"], every[:20])
        expect(len(sent) == 2, f"{len(sent)} requests: a page not needed was asked for")
        rest, _ = listing(["--starting-token", doc["NextToken"]])
        check_users(rest["users"], every[20:])
        (_, err), _ = listing(["--max-items", "5"], fmt="table")
        expect("more users follow: continue with --starting-token wk2:5:" in err, err[:300])
    runner.check("paging: --max-items at a page's end; table's NextToken on stderr",
                 max_items_at_page_end)

    def aws_cli_token():
        first, _ = listing(["--no-paginate", "--page-size", "10"])
        encoded = base64.b64encode(json.dumps(
            {"nextToken": first["nextToken"], "boto_truncate_amount": 3}).encode()).decode()
        doc, _ = listing(["--starting-token", encoded, "--page-size", "10"])
        check_users(doc["users"], every[13:])
    runner.check("paging: --starting-token takes the AWS CLI's NextToken", aws_cli_token)


def main():
    args = suite_parser(__doc__).parse_args()
    runner = Runner(args.only, args.verbose)

    def body(workdir):
        cli = Cli(os.path.abspath(args.cli), workdir, shlex.split(args.wrapper))
        config_tests(runner, workdir, cli)
    return run_checks(runner, "wickr-config-", body)


if __name__ == "__main__":
    sys.exit(main())
