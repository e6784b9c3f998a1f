#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Integration tests: the stand-in Wickr server, then the wickr-list-users CLI.

    test_cli.py [--cli PATH] [--only SUBSTRING] [-v]

Part 1 talks to the stand-in directly with requests signed by botocore, to
prove the server's SigV4 verification, paging and errors.  Part 2 (with
--cli) drives the CLI against the stand-in and compares its output with
expectations computed here from ``generate_users``; the filter and sort rules
are re-implemented in this file on purpose (see ``expected_users``) instead of
calling the server's code.

Prints one line per check and a final ``N passed, M failed``; exits 1 on any
failure.
"""

import argparse
import csv
import datetime
import io
import http.client
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import urllib.parse
import uuid
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "..", "standin", "wickr_standin.py")
sys.path.insert(0, os.path.join(HERE, "..", "standin"))

import botocore.auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.utils import percent_encode_sequence  # noqa: E402

# Data only, not the handler: the users and the canned error messages.
from wickr_standin import (SPECIAL_ERROR_NETWORKS, generate_users, read_json_lines,  # noqa: E402
                           stop_process, wait_for_port)

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
NETWORK_ID = "12345678"
USER_COUNT = 250
ACCESS_KEY = "AKIDSTANDINEXAMPLE"
SECRET_KEY = "standin-secret-key-not-real"
TOKEN_ACCESS_KEY = "ASIASTANDINTEMPORARY"
TOKEN_SECRET_KEY = "standin-temporary-secret-not-real"
SESSION_TOKEN = "standin-session-token/with+special=chars-not-real"
TOKEN_REGION = "eu-central-1"
SECRETS = (SECRET_KEY, TOKEN_SECRET_KEY, SESSION_TOKEN)
RUN_TIMEOUT = 60

# The User members in the model's order (wickr-list-users.md, section 4).
MODEL_FIELDS = (
    "userId", "firstName", "lastName", "username", "securityGroups", "isAdmin",
    "suspended", "status", "otpEnabled", "scimId", "type", "cell", "countryCode",
    "challengeFailures", "isInviteExpired", "isUser", "inviteCode",
    "codeValidation", "uname",
)
MODELED_ERRORS = {
    "00000400": ("BadRequestError", 400),
    "00000401": ("UnauthorizedError", 401),
    "00000403": ("ForbiddenError", 403),
    "00000404": ("ResourceNotFoundError", 404),
    "00000422": ("ValidationError", 422),
    "00000429": ("RateLimitError", 429),
    "00000500": ("InternalServerError", 500),
}


# --------------------------------------------------------------------------
# Expectations, written independently of the server
# --------------------------------------------------------------------------

def known_fields(user):
    return {name: user[name] for name in MODEL_FIELDS if name in user}


def _sort_key(user, field):
    """Absent sorts first; strings by casefold, then code points."""
    if field == "groupId":
        value = min(user["securityGroups"]) if user.get("securityGroups") else None
    else:
        value = user.get(field)
    if value is None:
        return (0,)
    return (1, value.casefold(), value) if isinstance(value, str) else (1, value)


def expected_users(users, params):
    """The full result list the documented stand-in rules give for params."""
    result = list(users)
    for field in ("firstName", "lastName", "username"):
        if field in params:
            needle = params[field].casefold()
            result = [u for u in result if needle in u.get(field, "").casefold()]
    if "status" in params:
        result = [u for u in result if u.get("status") == int(params["status"])]
    if "groupId" in params:
        result = [u for u in result if params["groupId"] in u.get("securityGroups", [])]
    descending = params.get("sortDirection", "DESC") == "DESC"
    if "sortFields" in params:
        fields = params["sortFields"].split("+")
        # Two passes keep ties in stored order in both directions.
        keyed = [(tuple(_sort_key(u, f) for f in fields), i, u) for i, u in enumerate(result)]
        keyed.sort(key=lambda item: (item[0], item[1] if not descending else -item[1]))
        if descending:
            keyed.reverse()
        result = [u for _, _, u in keyed]
    elif descending:
        result = result[::-1]
    return [known_fields(u) for u in result]


def strict_equal(left, right, where="$"):
    """Deep equality that also insists on identical JSON types (True is not 1)."""
    if type(left) is not type(right):
        raise AssertionError(f"{where}: type {type(left).__name__} != {type(right).__name__}"
                             f" ({left!r} vs {right!r})")
    if isinstance(left, dict):
        if list(left) != list(right) and set(left) != set(right):
            raise AssertionError(f"{where}: keys {sorted(left)} != {sorted(right)}")
        for key in left:
            strict_equal(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        if len(left) != len(right):
            raise AssertionError(f"{where}: length {len(left)} != {len(right)}")
        for i, (a, b) in enumerate(zip(left, right)):
            strict_equal(a, b, f"{where}[{i}]")
    elif left != right:
        raise AssertionError(f"{where}: {left!r} != {right!r}")


def check_users(got, expected):
    """Same users, same order, same fields, and each object in model order."""
    strict_equal(got, expected, "users")
    for i, user in enumerate(got):
        if list(user) != [f for f in MODEL_FIELDS if f in user]:
            raise AssertionError(f"users[{i}] fields not in model order: {list(user)}")


# --------------------------------------------------------------------------
# The stand-in server process
# --------------------------------------------------------------------------

class Standin:
    """One stand-in server process on 127.0.0.1 with its own temp directory."""

    def __init__(self, workdir, name, *extra_args, cert_dir=None):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir)
        self.cert_dir = cert_dir or os.path.join(self.dir, "certs")
        self.log_path = os.path.join(self.dir, "requests.log")
        self.port_file = os.path.join(self.dir, "port")
        self.args = [PYTHON, STANDIN, "--port", "0", "--port-file", self.port_file,
                     "--cert-dir", self.cert_dir, "--log", self.log_path,
                     "--network-id", NETWORK_ID, "--users", str(USER_COUNT), *extra_args]
        self.proc = None
        self.port = None

    def __enter__(self):
        self.stderr = open(os.path.join(self.dir, "stderr"), "wb")
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=self.stderr)
        self.port = wait_for_port(self.proc, self.port_file)
        if self.port is None:
            self.stop()
            raise RuntimeError(f"stand-in did not start: {self.read_stderr()}")
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        stop_process(self.proc)
        self.stderr.close()

    def read_stderr(self):
        with open(os.path.join(self.dir, "stderr"), encoding="utf-8", errors="replace") as f:
            return f.read()

    @property
    def ca(self):
        return os.path.join(self.cert_dir, "ca.pem")

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def requests(self):
        """The request lines of the log (not connection events)."""
        return [e for e in self.events() if "method" in e]

    def events(self):
        return read_json_lines(self.log_path)


# --------------------------------------------------------------------------
# A botocore-signed client for talking to the stand-in directly
# --------------------------------------------------------------------------

class FixedClock(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def error_type(self):
        """The restJson1 error code: header, then body code, then __type, sanitized."""
        raw = self.headers.get("x-amzn-errortype")
        doc = self.json() if self.body else {}
        if raw is None:
            raw = doc.get("code") or doc.get("__type")
        raw = raw.split(",")[0].split(":")[0]
        return raw.split("#", 1)[1] if "#" in raw else raw


class SignedClient:
    """Signs with botocore exactly as a restJson1 botocore client would."""

    def __init__(self, server, access_key=ACCESS_KEY, secret_key=SECRET_KEY, token=None,
                 region="us-east-1"):
        self.server = server
        self.credentials = Credentials(access_key, secret_key, token)
        self.region = region
        context = ssl.create_default_context(cafile=server.ca)
        self.conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context,
                                                timeout=30)

    def close(self):
        self.conn.close()

    def sign(self, path, params, at=None):
        """(url query string, headers) signed for GET path?params."""
        query = percent_encode_sequence(params) if params else ""
        url = f"{self.server.url}{path}" + (f"?{query}" if query else "")
        request = AWSRequest(method="GET", url=url)
        signer = botocore.auth.SigV4Auth(self.credentials, "wickr", self.region)
        if at is None:
            signer.add_auth(request)
        else:
            FixedClock.fixed = at
            with mock.patch.object(botocore.auth.datetime, "datetime", FixedClock):
                signer.add_auth(request)
        headers = dict(request.headers.items())
        headers["Host"] = f"127.0.0.1:{self.server.port}"
        return query, headers

    def send(self, path, query, headers):
        target = path + (f"?{query}" if query else "")
        self.conn.request("GET", target, headers=headers)
        resp = self.conn.getresponse()
        body = resp.read()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)

    def get(self, params=(), network_id=NETWORK_ID, at=None):
        path = f"/networks/{network_id}/users"
        query, headers = self.sign(path, list(params), at)
        return self.send(path, query, headers)


def fetch_all_direct(client, params):
    """Follow nextToken over one keep-alive connection; return (users, responses)."""
    users, responses, token = [], [], None
    for _ in range(1000):
        page_params = list(params) + ([("nextToken", token)] if token else [])
        resp = client.get(page_params)
        assert resp.status == 200, (resp.status, resp.body[:300])
        doc = resp.json()
        users.extend(known_fields(u) for u in doc["users"])
        responses.append(resp)
        token = doc.get("nextToken")
        if token is None:
            return users, responses
    raise AssertionError("pagination did not end")


# --------------------------------------------------------------------------
# Runner
# --------------------------------------------------------------------------

class Runner:
    def __init__(self, only=None, verbose=False):
        self.passed = 0
        self.failed = 0
        self.only = only
        self.verbose = verbose

    def check(self, name, func, *args):
        if self.only and self.only not in name:
            return
        try:
            func(*args)
        except Exception as error:  # any failure is reported, never swallowed
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            if self.verbose:
                traceback.print_exc()
        else:
            self.passed += 1
            print(f"ok   {name}")
        sys.stdout.flush()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def suite_parser(doc, cli_required=True, wrapper=True):
    """The options the CLI suites share: --cli, --wrapper (a command prefix
    for the CLI, unless the suite has none), --only and -v. A suite adds its
    own before parse_args()."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--cli", required=cli_required, help="path to wickr-list-users")
    if wrapper:
        parser.add_argument("--wrapper", default="",
                            help="command prefix for the CLI, e.g. 'valgrind -q --error-exitcode=99'")
    parser.add_argument("--only", help="run only checks whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def run_checks(runner, prefix, body):
    """body(workdir) in a fresh temporary directory, removed after; a harness
    error counts as a failure. Prints the closing line; returns the exit status."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    try:
        body(workdir)
    except Exception as error:  # a harness failure is a failure, not a pass
        runner.failed += 1
        print(f"FAIL harness: {type(error).__name__}: {error}")
        traceback.print_exc()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{runner.passed} passed, {runner.failed} failed")
    return 1 if runner.failed or runner.passed == 0 else 0


# --------------------------------------------------------------------------
# Part 1: the stand-in on its own
# --------------------------------------------------------------------------

PARAM_CASES = [
    ("default order", []),
    ("firstName alice (case-insensitive)", [("firstName", "alice")]),
    ("firstName UTF-8", [("firstName", "中文")]),
    ("firstName emoji", [("firstName", "😀")]),
    ("lastName with quote", [("lastName", "quote\"")]),
    ("lastName backslash", [("lastName", "path\\")]),
    ("lastName sharp s", [("lastName", "WEIß")]),
    ("username", [("username", ".1")]),
    ("username non-ASCII", [("username", "josé")]),
    ("status 1", [("status", "1")]),
    ("status 2", [("status", "2")]),
    ("groupId plain", [("groupId", "BCTY8Qhe")]),
    ("groupId + / =", [("groupId", "plus+slash/eq=")]),
    ("groupId colon", [("groupId", "colon:group")]),
    ("groupId UTF-8", [("groupId", "Ünïcode-grp")]),
    ("sort username ASC", [("sortFields", "username"), ("sortDirection", "ASC")]),
    ("sort username DESC", [("sortFields", "username"), ("sortDirection", "DESC")]),
    ("sort lastName+firstName ASC", [("sortFields", "lastName+firstName"),
                                     ("sortDirection", "ASC")]),
    ("sort lastName+firstName default dir", [("sortFields", "lastName+firstName")]),
    ("sort status+groupId DESC", [("sortFields", "status+groupId"), ("sortDirection", "DESC")]),
    ("sortDirection alone ASC", [("sortDirection", "ASC")]),
    ("combined filters", [("status", "2"), ("lastName", "b"), ("sortFields", "firstName"),
                          ("sortDirection", "ASC")]),
    ("no match", [("username", "nobody-has-this")]),
]


def direct_tests(runner, workdir):
    users = generate_users(NETWORK_ID, USER_COUNT)
    with Standin(workdir, "direct") as server, \
            Standin(workdir, "direct-token", "--access-key-id", TOKEN_ACCESS_KEY,
                    "--secret-access-key", TOKEN_SECRET_KEY, "--session-token",
                    SESSION_TOKEN, "--region", TOKEN_REGION,
                    cert_dir=server_cert_dir(workdir, "direct")) as token_server:
        client = SignedClient(server)
        try:
            run_direct_checks(runner, server, token_server, client, users)
        finally:
            client.close()
        if server.proc.poll() is not None:
            raise RuntimeError("stand-in died: " + server.read_stderr())
        stderr = server.read_stderr()
        runner.check("direct: server wrote nothing to stderr",
                     lambda: expect(stderr == "", stderr[:500]))


def server_cert_dir(workdir, name):
    return os.path.join(workdir, name, "certs")


def run_direct_checks(runner, server, token_server, client, users):
    def full_listing():
        got, responses = fetch_all_direct(client, [])
        check_users(got, expected_users(users, {}))
        framings = {r.headers.get("transfer-encoding", "content-length") for r in responses}
        expect(framings == {"chunked", "content-length"}, f"framings {framings}")
        escaped = [b"\\u" in r.body for r in responses]
        expect(any(escaped) and not all(escaped), "need both \\u-escaped and raw UTF-8 pages")
        expect(any("\\ud83d\\ude00" in r.body.decode() for r in responses),
               "an escaped emoji should appear as a surrogate pair")
        expect(any("😀".encode() in r.body for r in responses), "raw UTF-8 emoji expected")
        tokens = [r.json().get("nextToken") for r in responses[:-1]]
        expect(all(t and "+" in t and "/" in t and "=" in t for t in tokens),
               "tokens carry + / =")
        expect(len(responses) == USER_COUNT // 10, f"{len(responses)} pages")
        doc_keys = {tuple(r.json()) for r in responses}
        expect(len(doc_keys) > 2, "top-level members vary (unknown members, order)")
    runner.check("direct: full listing across pages, both framings, keep-alive", full_listing)

    for name, params in PARAM_CASES + [("maxResults 1", [("maxResults", "1")]),
                                       ("maxResults 100", [("maxResults", "100")])]:
        def case(params=params):
            got, responses = fetch_all_direct(client, params)
            expected = expected_users(users, dict(params))
            check_users(got, expected)
            size = int(dict(params).get("maxResults", 10))
            expect(all(len(r.json()["users"]) <= size for r in responses), "page size")
            expect(len(responses) == max(1, -(-len(expected) // size)), "page count")
        runner.check(f"direct: params {name}", case)

    def nonempty_cases():
        for name, params in PARAM_CASES:
            if name != "no match":
                expect(expected_users(users, dict(params)), f"{name} selects nobody")
        expect(expected_users(users, {"firstName": "alice"}) !=
               expected_users(users, {"firstName": "Alice"}) or
               len(expected_users(users, {"firstName": "alice"})) > len(
                   [u for u in users if "alice" in u.get("firstName", "")]),
               "case-insensitive filter must select more than a case-sensitive one")
    runner.check("direct: parameter cases are meaningful", nonempty_cases)

    def token_changes_with_page_size():
        first = client.get([("maxResults", "7")]).json()
        second = client.get([("maxResults", "5"), ("nextToken", first["nextToken"])]).json()
        expected = expected_users(users, {})
        check_users([known_fields(u) for u in second["users"]], expected[7:12])
    runner.check("direct: nextToken then a different page size", token_changes_with_page_size)

    def generated_data_shape():
        complete = [u for u in users if all(f in u for f in MODEL_FIELDS)]
        partial = [u for u in users if not all(f in u for f in MODEL_FIELDS)]
        expect(complete and partial, "both complete and partial users")
        expect(len({u["username"] for u in users}) == len(users), "unique usernames")
        texts = json.dumps(users, ensure_ascii=False)
        for needle in ("é", "ß", "中文", "😀", '\\"', "\\\\", "\\u0000", "\\t"):
            expect(needle in texts, f"generated data lacks {needle!r}")
        expect(any(set(u) - set(MODEL_FIELDS) for u in users), "unknown members")
    runner.check("direct: generated users cover the interesting cases", generated_data_shape)

    def query_encoding_round_trip():
        # Values that need encoding: + / = : and UTF-8, in one signed request.
        params = [("groupId", "plus+slash/eq="), ("username", ":"),
                  ("firstName", "é"), ("sortFields", "lastName+firstName")]
        resp = client.get(params)
        expect(resp.status == 200, f"{resp.status} {resp.body[:200]}")
        check_users([known_fields(u) for u in resp.json()["users"]],
                    expected_users(users, dict(params))[:10])
    runner.check("direct: accepts botocore-signed + / = : UTF-8 values", query_encoding_round_trip)

    path = f"/networks/{NETWORK_ID}/users"

    def tampered(mutate, expected_type="InvalidSignatureException", params=None):
        query, headers = client.sign(path, params or [("username", "a+b"), ("maxResults", "5")])
        query, headers = mutate(query, headers)
        resp = client.send(path, query, headers)
        expect(resp.status in (400, 403), f"status {resp.status}")
        expect(resp.error_type() == expected_type, f"type {resp.error_type()}")
        return resp

    def reject_changed_value():
        tampered(lambda q, h: (q.replace("maxResults=5", "maxResults=6"), h))
    runner.check("direct: rejects a changed query value", reject_changed_value)

    def reject_literal_plus():
        resp = tampered(lambda q, h: (q.replace("%2B", "+"), h))
        expect(resp.json()["message"].startswith("The request signature we calculated"),
               resp.json()["message"])
        expect(resp.headers["x-amzn-errortype"].startswith(
            "InvalidSignatureException:http://internal.amazon.com/"), "errortype suffix")
    runner.check("direct: rejects a literal '+' in the query", reject_literal_plus)

    runner.check("direct: rejects a malformed % escape",
                 lambda: tampered(lambda q, h: (q + "%2", h)))
    runner.check("direct: rejects a literal '/' in a value",
                 lambda: tampered(lambda q, h: (q.replace("%2F", "/"), h),
                                  params=[("groupId", "a/b")]))
    runner.check("direct: rejects a changed signed header (Host)",
                 lambda: tampered(lambda q, h: (q, {**h, "Host": f"localhost:{server.port}"})))

    def accept_lowercase_escapes():
        query, headers = client.sign(path, [("groupId", "plus+slash/eq=")])
        lowered = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), query)
        expect(lowered != query, "nothing to lower-case")
        resp = client.send(path, lowered, headers)
        expect(resp.status == 200, f"{resp.status} {resp.body[:200]}")
    runner.check("direct: decodes and re-encodes escapes as AWS does", accept_lowercase_escapes)

    def auth_failure(make_client, expected_type, message_start, params=(), at=None,
                     strip_auth=False):
        other = make_client()
        try:
            if strip_auth:
                query, headers = other.sign(path, list(params))
                headers.pop("Authorization")
                resp = other.send(path, query, headers)
            else:
                resp = other.get(params, at=at)
        finally:
            other.close()
        expect(resp.status == 403, f"status {resp.status}")
        expect(resp.error_type() == expected_type, f"type {resp.error_type()}")
        expect(resp.json()["message"].startswith(message_start), resp.json()["message"])
        expect(uuid.UUID(resp.headers["x-amzn-requestid"]), "request id")

    runner.check("direct: wrong secret -> InvalidSignatureException", auth_failure,
                 lambda: SignedClient(server, secret_key="wrong-secret"),
                 "InvalidSignatureException", "The request signature we calculated")
    runner.check("direct: unknown key -> UnrecognizedClientException", auth_failure,
                 lambda: SignedClient(server, access_key="AKIDUNKNOWN"),
                 "UnrecognizedClientException", "The security token included")
    runner.check("direct: no Authorization -> MissingAuthenticationTokenException",
                 auth_failure, lambda: SignedClient(server),
                 "MissingAuthenticationTokenException", "Missing Authentication Token",
                 (), None, True)
    runner.check("direct: stale date -> Signature expired", auth_failure,
                 lambda: SignedClient(server), "InvalidSignatureException", "Signature expired: ",
                 (), datetime.datetime.utcnow() - datetime.timedelta(minutes=20))
    runner.check("direct: wrong region scope", auth_failure,
                 lambda: SignedClient(server, region="eu-west-1"),
                 "InvalidSignatureException", "Credential should be scoped")

    def reject_mangled_signed_headers():
        # A correct signature announced with SignedHeaders out of order or in
        # upper case must fail: the signer has to list exactly what it signed.
        other = SignedClient(server)
        try:
            query, headers = other.sign(path, [("maxResults", "3")])
            auth = headers["Authorization"]
            for bad in ("SignedHeaders=x-amz-date;host", "SignedHeaders=Host;X-Amz-Date"):
                changed = dict(headers)
                changed["Authorization"] = re.sub(r"SignedHeaders=[^,]+", bad, auth)
                resp = other.send(path, query, changed)
                expect(resp.status == 403 and resp.error_type() == "InvalidSignatureException",
                       f"{bad}: {resp.status} {resp.error_type()}")
        finally:
            other.close()
    runner.check("direct: rejects SignedHeaders not lower case and sorted",
                 reject_mangled_signed_headers)

    def reject_unpadded_date():
        # A client that forgot to zero-pad would sign with this very string, so
        # a signature check cannot catch it: the date check must.
        import wickr_standin  # noqa: E402 (the stand-in's own module, on sys.path)
        now = datetime.datetime(2026, 11, 1, 12, 17, 5)
        wickr_standin._check_date("20261101T121705Z", now)
        try:
            wickr_standin._check_date("20261101T12175Z", now)
        except wickr_standin.ApiError:
            return
        raise AssertionError("an X-Amz-Date without zero padding was accepted")
    runner.check("direct: rejects an X-Amz-Date without zero padding", reject_unpadded_date)

    def token_ok():
        other = SignedClient(token_server, TOKEN_ACCESS_KEY, TOKEN_SECRET_KEY, SESSION_TOKEN,
                             TOKEN_REGION)
        try:
            resp = other.get([("maxResults", "3")])
        finally:
            other.close()
        expect(resp.status == 200, f"{resp.status} {resp.body[:200]}")
    runner.check("direct: session token accepted", token_ok)
    runner.check("direct: wrong session token", auth_failure,
                 lambda: SignedClient(token_server, TOKEN_ACCESS_KEY, TOKEN_SECRET_KEY,
                                      "wrong-token", TOKEN_REGION),
                 "UnrecognizedClientException", "The security token included in the request")
    runner.check("direct: missing session token", auth_failure,
                 lambda: SignedClient(token_server, TOKEN_ACCESS_KEY, TOKEN_SECRET_KEY, None,
                                      TOKEN_REGION),
                 "UnrecognizedClientException", "The security token included in the request")

    def modeled_errors():
        carriers = set()
        for network_id, (error_type, status) in MODELED_ERRORS.items():
            resp = client.get([("maxResults", "5")], network_id=network_id)
            expect(resp.status == status, f"{network_id}: {resp.status}")
            expect(resp.error_type() == error_type, f"{network_id}: {resp.error_type()}")
            expect(resp.json().get("message"), f"{network_id}: message")
            uuid.UUID(resp.headers["x-amzn-requestid"])
            doc = resp.json()
            carriers.add("header" if "x-amzn-errortype" in resp.headers else
                         "code" if "code" in doc else "__type")
            if error_type == "ValidationError":
                expect(len(doc["reasons"]) == 2, "two reasons")
        expect(carriers == {"header", "code", "__type"}, f"carriers {carriers}")
    runner.check("direct: every modeled error, all three type carriers", modeled_errors)

    def request_error(params, network_id, status, error_type, field=None):
        resp = client.get(params, network_id=network_id)
        expect(resp.status == status, f"status {resp.status} {resp.body[:200]}")
        expect(resp.error_type() == error_type, f"type {resp.error_type()}")
        if field:
            expect([r["field"] for r in resp.json()["reasons"]] == [field], resp.json())

    runner.check("direct: maxResults 0 -> ValidationError", request_error,
                 [("maxResults", "0")], NETWORK_ID, 422, "ValidationError", "maxResults")
    runner.check("direct: maxResults 101 -> ValidationError", request_error,
                 [("maxResults", "101")], NETWORK_ID, 422, "ValidationError", "maxResults")
    runner.check("direct: bad sort field -> ValidationError", request_error,
                 [("sortFields", "username+age")], NETWORK_ID, 422, "ValidationError",
                 "sortFields")
    runner.check("direct: bad token -> BadRequestError", request_error,
                 [("nextToken", "not-a-token")], NETWORK_ID, 400, "BadRequestError")
    runner.check("direct: unknown network -> ResourceNotFoundError", request_error,
                 [], "87654321", 404, "ResourceNotFoundError")

    def token_bound_to_query():
        token = client.get([("status", "2")]).json()["nextToken"]
        resp = client.get([("status", "1"), ("nextToken", token)])
        expect(resp.status == 400 and resp.error_type() == "BadRequestError",
               f"{resp.status} {resp.body[:200]}")
    runner.check("direct: token from another query -> BadRequestError", token_bound_to_query)

    def log_lines():
        entries = server.requests()
        expect(entries, "no log lines")
        for entry in entries:
            expect(set(entry) >= {"method", "path", "query", "status", "error", "requestId"},
                   f"log entry {entry}")
        expect(any(e["error"] == "InvalidSignatureException" for e in entries), "error types")
    runner.check("direct: --log has one JSON line per request", log_lines)


def refuses_non_loopback(runner, workdir):
    def run():
        proc = subprocess.run([PYTHON, STANDIN, "--bind", "0.0.0.0", "--plain-http"],
                              capture_output=True, timeout=RUN_TIMEOUT)
        expect(proc.returncode == 2 and b"refusing" in proc.stderr, proc.stderr[-300:])
    runner.check("direct: refuses to bind a non-loopback address", run)


# --------------------------------------------------------------------------
# Part 2: the CLI
# --------------------------------------------------------------------------

class Cli:
    def __init__(self, path, workdir, wrapper):
        self.path = path
        self.wrapper = wrapper
        self.home = os.path.join(workdir, "home")
        os.makedirs(os.path.join(self.home, ".aws"), exist_ok=True)
        self.stderr_seen = []

    def base_env(self):
        # IMDS, the chain's last place, would be asked at 169.254.169.254: loopback only here
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "LANG": "C.UTF-8", "TZ": "UTC", "AWS_EC2_METADATA_DISABLED": "true"}
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def run(self, args, env=None, server=None, creds=True):
        run_env = self.base_env()
        if creds:
            run_env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        run_env.update(env or {})
        argv = self.wrapper + [self.path]
        if server is not None:
            argv += ["--endpoint-url", server.url, "--ca-bundle", server.ca,
                     "--region", "us-east-1"]
        argv += list(args)
        proc = subprocess.run(argv, env=run_env, capture_output=True, timeout=RUN_TIMEOUT)
        stderr = proc.stderr.decode("utf-8", errors="replace")
        self.stderr_seen.append((argv, stderr))
        return proc.returncode, proc.stdout, stderr

    def json_ok(self, args, server, **kw):
        code, out, err = self.run(args, server=server, **kw)
        expect(code == 0, f"exit {code}: {err.strip()[:500]}")
        return json.loads(out.decode("utf-8"))


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


CLI_PARAM_FLAGS = {
    "firstName": "--first-name", "lastName": "--last-name", "username": "--username",
    "status": "--status", "groupId": "--group-id", "sortFields": "--sort-fields",
    "sortDirection": "--sort-direction", "maxResults": "--max-results",
}


def table_cells(user):
    """The table row the contract describes: the cells, unpadded and unescaped."""
    def cell(name):
        value = user.get(name)
        if value is None or value == []:
            return "-"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return ",".join(value)
        return str(value)
    return [cell(name) for name in ("username", "firstName", "lastName", "status", "isAdmin",
                                    "suspended", "securityGroups")]


# What the table and guarded csv show escaped, as \xHH a byte: C0, DEL, C1
# and the bidi embeddings, overrides and isolates.
HIDDEN = set(range(0x20)) | set(range(0x7f, 0xa0)) | set(range(0x202a, 0x202f)) | \
    set(range(0x2066, 0x206a))


def escape_cell(text):
    """The table's escapes: '\\' doubled, hidden characters as \\xHH a byte."""
    return "".join("\\\\" if c == "\\" else
                   "".join(f"\\x{b:02x}" for b in c.encode()) if ord(c) in HIDDEN else c
                   for c in text)


def columns_of(text):
    """Terminal columns: 2 for East Asian wide and fullwidth, 0 for combining marks."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def split_at_columns(line, starts):
    """The cells of a table line whose columns begin at the display columns `starts`."""
    cells, current, col = [], "", 0
    bounds = list(starts[1:])
    for c in line:
        if bounds and col >= bounds[0]:
            cells.append(current)
            current = ""
            bounds.pop(0)
        current += c
        col += columns_of(c)
    cells.append(current)
    return [cell.rstrip(" ") for cell in cells]


def csv_cell(user, name, raw=False):
    """The CSV field the contract describes, as the csv module reads it back:
    byte for byte with --csv-raw; else escaped as the table is, and a value
    that starts like a formula behind a "'". securityGroups is a record of
    the IDs separated by spaces, an ID quoted there when it must be."""
    value = user.get(name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        special = (" ", '"', "\r", "\n") if raw else (" ", '"')
        items = [v if raw else escape_cell(v) for v in value]
        text = " ".join(f'"{v.replace(chr(34), 2 * chr(34))}"'
                        if v == "" or any(c in v for c in special) else v for v in items)
    else:
        text = value if raw else escape_cell(value)
    return "'" + text if not raw and text[:1] in ("=", "+", "-", "@") else text


def cli_tests(runner, workdir, cli_path, wrapper):
    users = generate_users(NETWORK_ID, USER_COUNT)
    cli = Cli(cli_path, workdir, wrapper)
    with Standin(workdir, "cli") as server, \
            Standin(workdir, "cli-token", "--access-key-id", TOKEN_ACCESS_KEY,
                    "--secret-access-key", TOKEN_SECRET_KEY, "--session-token",
                    SESSION_TOKEN, "--region", TOKEN_REGION,
                    cert_dir=server_cert_dir(workdir, "cli")) as token_server:
        run_cli_checks(runner, cli, server, token_server, users, workdir)

    def no_secrets():
        expect(sum(1 for _, stderr in cli.stderr_seen if stderr) >= 10, "too few stderr texts")
        for argv, stderr in cli.stderr_seen:
            for secret in SECRETS:
                expect(secret not in stderr, f"secret on stderr of {argv[1:4]}")
    runner.check("cli: stderr never contains a secret key or session token", no_secrets)


def run_cli_checks(runner, cli, server, token_server, users, workdir):
    net = ["--network-id", NETWORK_ID]
    page = net + ["--no-paginate"]  # one page, as `aws ... --no-paginate`

    def help_and_version():
        code, out, _ = cli.run(["--help"], creds=False)
        expect(code == 0 and b"--network-id" in out, f"--help exit {code}")
        code, out, _ = cli.run(["--version"], creds=False)
        expect(code == 0 and re.match(rb"wickr-list-users \d+\.\d+\.\d+\n[Mm]bed TLS \d", out),
               f"--version exit {code}: {out!r}")
    runner.check("cli: --help and --version", help_and_version)

    def all_users():
        code, out, err = cli.run(net + ["--all"], server=server)
        expect(code == 0, f"exit {code}: {err[:500]}")
        text = out.decode("utf-8")
        expect(text.startswith('{\n    "users": ['), f"json layout: {text[:40]!r}")
        doc = json.loads(text)
        expect(list(doc) == ["users"], f"members {list(doc)}")
        check_users(doc["users"], expected_users(users, {}))
        expect(len(server.requests()) >= USER_COUNT // 10, "pages fetched")
    runner.check("cli: --all returns every generated user in server order", all_users)

    def all_users_page_size():
        doc = cli.json_ok(net + ["--all", "--max-results", "100"], server)
        check_users(doc["users"], expected_users(users, {}))
    runner.check("cli: --all with --max-results 100", all_users_page_size)

    def page_then_token():
        first = cli.json_ok(page + ["--max-results", "7"], server)
        expected = expected_users(users, {})
        check_users(first["users"], expected[:7])
        token = first["nextToken"]
        expect(all(c in token for c in "+/="), "token needs encoding")
        second = cli.json_ok(page + ["--max-results", "7", "--next-token", token],
                             server)
        check_users(second["users"], expected[7:14])
        third = cli.json_ok(page + ["--max-results=7",
                                   f"--next-token={second['nextToken']}"], server)
        check_users(third["users"], expected[14:21])
    runner.check("cli: one page + nextToken, then --next-token continues", page_then_token)

    def last_page_has_no_token():
        first = cli.json_ok(page + ["--max-results", "100", "--sort-fields", "username"], server)
        second = cli.json_ok(page + ["--max-results", "100", "--sort-fields", "username",
                                    "--next-token", first["nextToken"]], server)
        third = cli.json_ok(page + ["--max-results", "100", "--sort-fields", "username",
                                   "--next-token", second["nextToken"]], server)
        expect("nextToken" not in third, "last page has no nextToken")
        check_users(first["users"] + second["users"] + third["users"],
                    expected_users(users, {"sortFields": "username"}))
    runner.check("cli: last page has no nextToken", last_page_has_no_token)

    cases = PARAM_CASES + [("maxResults 1", [("maxResults", "1")]),
                           ("maxResults 100", [("maxResults", "100")]),
                           ("status ACTIVE", [("status", "ACTIVE")]),
                           ("status PENDING", [("status", "PENDING")])]
    for name, params in cases:
        def case(params=params):
            args = list(net) + ["--all"]
            for key, value in params:
                args += [CLI_PARAM_FLAGS[key], value]
            expectation = dict(params)
            if "status" in expectation:
                expectation["status"] = {"ACTIVE": "2", "PENDING": "1"}.get(
                    expectation["status"], expectation["status"])
            before = len(server.requests())
            doc = cli.json_ok(args, server)
            check_users(doc["users"], expected_users(users, expectation))
            sent = server.requests()[before:]
            expect(sent, "no request reached the server")
            received = urllib.parse.parse_qsl(sent[0]["query"], keep_blank_values=True)
            for pair in expectation.items():
                expect(pair in received, f"{pair} not in the query {sent[0]['query']!r}")
            if "maxResults" in expectation:
                count = len(expected_users(users, expectation))
                expect(len(sent) == max(1, -(-count // int(expectation["maxResults"]))),
                       f"{len(sent)} requests for page size {expectation['maxResults']}")
        runner.check(f"cli: params {name}", case)

    def ndjson_page():
        code, out, err = cli.run(page + ["--output", "ndjson", "--max-results", "5",
                                        "--sort-fields", "lastName+firstName",
                                        "--sort-direction", "ASC"], server=server)
        expect(code == 0, f"exit {code}: {err[:300]}")
        lines = out.decode("utf-8").splitlines()
        expect(len(lines) == 6, f"{len(lines)} lines")
        expect(all("\n" not in line and not line.startswith(" ") for line in lines), "compact")
        records = [json.loads(line) for line in lines]
        check_users(records[:5], expected_users(users, {"sortFields": "lastName+firstName",
                                                        "sortDirection": "ASC"})[:5])
        expect(list(records[5]) == ["nextToken"], f"last line {records[5]}")
    runner.check("cli: --output ndjson page ends with the nextToken line", ndjson_page)

    def ndjson_all():
        code, out, err = cli.run(net + ["--output", "ndjson", "--all"], server=server)
        expect(code == 0, f"exit {code}: {err[:300]}")
        records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
        check_users(records, expected_users(users, {}))
    runner.check("cli: --output ndjson --all", ndjson_all)

    def table():
        params = {"sortFields": "username", "sortDirection": "ASC", "maxResults": "40"}
        code, out, err = cli.run(page + ["--output", "table", "--sort-fields", "username",
                                        "--sort-direction", "ASC", "--max-results", "40"],
                                 server=server)
        expect(code == 0, f"exit {code}: {err[:300]}")
        lines = out.decode("utf-8").splitlines()
        expected = expected_users(users, params)[:40]
        expect(len(lines) == len(expected) + 1, f"{len(lines)} lines")
        header = lines[0]
        columns = ["username", "firstName", "lastName", "status", "isAdmin", "suspended",
                   "securityGroups"]
        # one page: every column is as wide as its widest cell, two spaces apart
        rows = [[escape_cell(c) for c in table_cells(user)] for user in expected]
        widths = [max(columns_of(c) for c in [name] + [r[i] for r in rows])
                  for i, name in enumerate(columns)]
        starts = [sum(widths[:i]) + 2 * i for i in range(len(columns))]
        expect(split_at_columns(header, starts) == columns, f"header {header!r}")
        for line, row in zip(lines[1:], rows):
            expect(split_at_columns(line, starts) == row, f"{line!r} != {row}")
            expect(not line.endswith(" "), f"trailing blanks: {line!r}")
    runner.check("cli: --output table (aligned to the page)", table)

    def csv_all(raw):
        code, out, err = cli.run(net + ["--output", "csv", "--all"] + (["--csv-raw"] if raw else []),
                                 server=server)
        expect(code == 0 and err == "", f"exit {code}: {err[:300]}")
        text = out.decode("utf-8")
        outside_quotes = re.sub(r'"(?:[^"]|"")*"', "", text)
        expect(outside_quotes.endswith("\r\n") and
               outside_quotes.count("\n") == outside_quotes.count("\r\n"), "CRLF line ends")
        expect(raw or text.count("\n") == len(users) + 1, "guarded: one line a record")
        records = list(csv.reader(io.StringIO(text, newline="")))
        expect(records[0] == list(MODEL_FIELDS), f"header {records[0]}")
        wanted = [[csv_cell(u, name, raw) for name in MODEL_FIELDS]
                  for u in expected_users(users, {})]
        expect(len(records) - 1 == len(wanted), f"{len(records) - 1} records")
        for got, want in zip(records[1:], wanted):
            expect(got == want, f"{got} != {want}")
    runner.check("cli: --output csv --all reads back with the csv module, guarded", csv_all,
                 False)
    runner.check("cli: --output csv --all --csv-raw reads back byte for byte", csv_all, True)

    def table_csv_page_token():
        for fmt in ("table", "csv"):
            code, _, err = cli.run(page + ["--output", fmt, "--max-results", "5"], server=server)
            expect(code == 0 and re.fullmatch(r"wickr-list-users: more users follow: continue "
                                              r"with --next-token \S+\n", err), f"{fmt}: {err!r}")
    runner.check("cli: table and csv pages name the --next-token on stderr", table_csv_page_token)

    def profile_credentials():
        creds = os.path.join(workdir, "profile", "credentials")
        write_file(creds, f"[default]\naws_access_key_id = {ACCESS_KEY}\n"
                          f"aws_secret_access_key = {SECRET_KEY}\n")
        doc = cli.json_ok(page + ["--max-results", "3"], server, creds=False,
                          env={"AWS_SHARED_CREDENTIALS_FILE": creds})
        check_users(doc["users"], expected_users(users, {})[:3])
    runner.check("cli: credentials from AWS_SHARED_CREDENTIALS_FILE", profile_credentials)

    def home_profile_named():
        write_file(os.path.join(cli.home, ".aws", "credentials"),
                   "[default]\naws_access_key_id = AKIDNOTTHISONE\naws_secret_access_key = x\n\n"
                   f"[tester]\naws_access_key_id = {ACCESS_KEY}\n"
                   f"aws_secret_access_key = {SECRET_KEY}\n")
        doc = cli.json_ok(page + ["--max-results", "3"], server, creds=False,
                          env={"AWS_PROFILE": "tester"})
        check_users(doc["users"], expected_users(users, {})[:3])
    runner.check("cli: named profile from ~/.aws/credentials", home_profile_named)

    def token_from_env_region_from_config():
        config = os.path.join(workdir, "cfg", "config")
        write_file(config, f"[default]\nregion = {TOKEN_REGION}\n")
        code, out, err = cli.run(
            page + ["--max-results", "4", "--endpoint-url", token_server.url],
            creds=False, env={"AWS_ACCESS_KEY_ID": TOKEN_ACCESS_KEY,
                              "AWS_SECRET_ACCESS_KEY": TOKEN_SECRET_KEY,
                              "AWS_SESSION_TOKEN": SESSION_TOKEN,
                              "AWS_CONFIG_FILE": config, "AWS_CA_BUNDLE": token_server.ca})
        expect(code == 0, f"exit {code}: {err[:300]}")
        check_users(json.loads(out)["users"], expected_users(users, {})[:4])
    runner.check("cli: AWS_SESSION_TOKEN + region from AWS_CONFIG_FILE + AWS_CA_BUNDLE",
                 token_from_env_region_from_config)

    def token_from_profile():
        write_file(os.path.join(cli.home, ".aws", "credentials"),
                   f"[temp]\naws_access_key_id = {TOKEN_ACCESS_KEY}\n"
                   f"aws_secret_access_key = {TOKEN_SECRET_KEY}\n"
                   f"aws_session_token = {SESSION_TOKEN}\n")
        write_file(os.path.join(cli.home, ".aws", "config"),
                   f"[default]\nregion = us-west-2\n\n[profile temp]\nregion = {TOKEN_REGION}\n")
        code, out, err = cli.run(
            page + ["--max-results", "2", "--endpoint-url", token_server.url,
                   "--ca-bundle", token_server.ca],
            creds=False, env={"AWS_PROFILE": "temp"})
        expect(code == 0, f"exit {code}: {err[:300]}")
        check_users(json.loads(out)["users"], expected_users(users, {})[:2])
    runner.check("cli: session token and region from the [profile NAME] files",
                 token_from_profile)

    def missing_token_is_service_error():
        code, _, err = cli.run(
            net + ["--endpoint-url", token_server.url, "--ca-bundle", token_server.ca,
                   "--region", TOKEN_REGION],
            creds=False, env={"AWS_ACCESS_KEY_ID": TOKEN_ACCESS_KEY,
                              "AWS_SECRET_ACCESS_KEY": TOKEN_SECRET_KEY,
                              "AWS_SESSION_TOKEN": "wrong-token-value"})
        expect(code == 3 and "UnrecognizedClientException" in err, f"exit {code}: {err[:300]}")
    runner.check("cli: wrong session token -> exit 3 UnrecognizedClientException",
                 missing_token_is_service_error)

    for network_id, (error_type, status) in MODELED_ERRORS.items():
        def modeled(network_id=network_id, error_type=error_type, status=status):
            before = len(server.requests())
            code, out, err = cli.run(["--network-id", network_id], server=server)
            expect(code == 3, f"exit {code}: {err[:300]}")
            expect(out.strip() == b"" or not json.loads(out).get("users"), "no users output")
            entry = server.requests()[before:]
            # Throttling and 5xx errors may be retried; client errors must not be.
            retryable = status in (429, 500)
            expect(len(entry) == 1 or (retryable and 1 <= len(entry) <= 10),
                   f"{len(entry)} requests")
            prefix = f"wickr-list-users: service error {error_type} (HTTP {status}): "
            lines = err.splitlines()
            message = SPECIAL_ERROR_NETWORKS[network_id][3]
            expect(lines and lines[0] == prefix + message, f"first line {lines[:1]}")
            expect(f"  request id: {entry[-1]['requestId']}" in lines, f"request id in {lines}")
            if error_type == "ValidationError":
                expect("  reason: networkId: network 00000422 always fails validation" in lines,
                       f"reasons in {lines}")
                expect(sum(line.startswith("  reason: ") for line in lines) == 2, "two reasons")
        runner.check(f"cli: {error_type} -> exit 3 with type, message, request id", modeled)

    def validation_reason_from_server():
        code, _, err = cli.run(net + ["--next-token", "bm90LWEtdG9rZW4="], server=server)
        expect(code == 3 and "service error BadRequestError (HTTP 400)" in err, err[:300])
    runner.check("cli: foreign nextToken -> exit 3 BadRequestError", validation_reason_from_server)

    def wrong_secret():
        code, _, err = cli.run(net, server=server, env={"AWS_SECRET_ACCESS_KEY": "wrong"})
        expect(code == 3, f"exit {code}")
        expect("service error InvalidSignatureException (HTTP 403): The request signature"
               in err, err[:300])
    runner.check("cli: wrong secret -> InvalidSignatureException", wrong_secret)

    def unknown_key():
        code, _, err = cli.run(net, server=server, env={"AWS_ACCESS_KEY_ID": "AKIDUNKNOWNKEY"})
        expect(code == 3 and "service error UnrecognizedClientException (HTTP 403)" in err,
               f"exit {code}: {err[:300]}")
    runner.check("cli: unknown key -> UnrecognizedClientException", unknown_key)

    invalid_inputs = [
        ("network id too short", ["--network-id", "1234567"]),
        ("network id not digits", ["--network-id", "1234567a"]),
        ("missing network id", []),
        ("maxResults 0", net + ["--max-results", "0"]),
        ("maxResults 101", net + ["--max-results", "101"]),
        ("maxResults not a number", net + ["--max-results", "ten"]),
        ("bad sort field", net + ["--sort-fields", "username+age"]),
        ("bad direction", net + ["--sort-direction", "UP"]),
        ("bad status", net + ["--status", "3"]),
        ("bad status name", net + ["--status", "DELETED"]),
        ("bad output", net + ["--output", "xml"]),
        ("unknown flag", net + ["--colour"]),
    ]
    for name, args in invalid_inputs:
        def invalid(args=args):
            before = len(server.requests())
            code, out, err = cli.run(args, server=server)
            expect(code == 2, f"exit {code}: {err[:300]}")
            expect(err.startswith("wickr-list-users: "), f"stderr {err[:200]!r}")
            expect(len(server.requests()) == before, "a request reached the server")
        runner.check(f"cli: invalid input ({name}) -> exit 2, nothing sent", invalid)

    def wrong_ca():
        other_ca_dir = os.path.join(workdir, "other-ca")
        subprocess.run([PYTHON, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                        "import wickr_standin as w; w.ensure_certificates(sys.argv[2])",
                        os.path.dirname(STANDIN), other_ca_dir], check=True, timeout=RUN_TIMEOUT)
        before_requests = len(server.requests())
        before_events = len(server.events())
        code, _, err = cli.run(net + ["--ca-bundle", os.path.join(other_ca_dir, "ca.pem")],
                               server=server)
        expect(code == 4, f"exit {code}: {err[:300]}")
        expect(len(server.requests()) == before_requests, "a request got through")
        expect(any(e.get("event") == "tls_handshake_failed"
                   for e in server.events()[before_events:]), "server saw no failed handshake")
    runner.check("cli: wrong CA -> exit 4", wrong_ca)

    def refused():
        with socket.socket() as holder:  # bound but not listening: connections are refused
            holder.bind(("127.0.0.1", 0))
            port = holder.getsockname()[1]
            code, _, err = cli.run(net + ["--endpoint-url", f"https://127.0.0.1:{port}",
                                          "--ca-bundle", server.ca, "--region", "us-east-1"])
        expect(code == 4, f"exit {code}: {err[:300]}")
        expect(err.startswith("wickr-list-users: "), err[:200])
    runner.check("cli: connection refused -> exit 4", refused)

    # getaddrinfo() reads each as 127.0.0.1, where the stand-in listens; TLS
    # would then have checked the text as a name. Refused before any connection.
    for host in ("0x7f.0.0.1", "0x7f000001", "127.1", "2130706433", "0177.0.0.1"):
        def address_in_other_form(host=host):
            before = len(server.events())
            code, out, err = cli.run(net + ["--endpoint-url", f"https://{host}:{server.port}",
                                            "--ca-bundle", server.ca, "--region", "us-east-1"])
            expect(code == 2 and out == b"", f"exit {code}: {err[:300]}")
            expect("non-canonical IPv4" in err, err[:300])
            expect(len(server.events()) == before, "the stand-in saw a connection")
        runner.check(f"cli: endpoint host {host} -> exit 2, no connection", address_in_other_form)

    def output_lost():
        # Users handed to a full disk are counted by the client yet never
        # written: a resume cursor would skip them, so none may be offered.
        argv = cli.wrapper + [cli.path] + net + [
            "--all", "--max-results", "10", "--output", "ndjson", "--endpoint-url", server.url,
            "--ca-bundle", server.ca, "--region", "us-east-1"]
        env = cli.base_env()
        env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        with open("/dev/full", "wb") as full:
            proc = subprocess.run(argv, env=env, stdout=full, stderr=subprocess.PIPE,
                                  timeout=RUN_TIMEOUT)
        err = proc.stderr.decode("utf-8", errors="replace")
        expect(proc.returncode != 0, "a full disk must fail the run")
        expect("--starting-token" not in err, f"cursor offered after lost output: {err[:300]}")
        expect("no exact resume point" in err, err[:300])
    runner.check("cli: output to a full disk -> failure, no resume cursor", output_lost)


# --------------------------------------------------------------------------

def main():
    args = suite_parser(__doc__, cli_required=False).parse_args()
    runner = Runner(args.only, args.verbose)

    def body(workdir):
        direct_tests(runner, workdir)
        refuses_non_loopback(runner, workdir)
        if args.cli:
            expect_cli = os.path.abspath(args.cli)
            if not os.access(expect_cli, os.X_OK):
                runner.failed += 1
                print(f"FAIL cli: {expect_cli} is not an executable")
            else:
                cli_tests(runner, workdir, expect_cli, shlex.split(args.wrapper))
    return run_checks(runner, "wickr-it-", body)


if __name__ == "__main__":
    sys.exit(main())
