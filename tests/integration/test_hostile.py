#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Hostile responses through the CLI: every broken body gets a clear error.

    test_hostile.py --cli PATH --config WK_CONFIG_H [--wrapper CMD] [--only SUBSTRING] [-v]

A small raw HTTP server on 127.0.0.1 (plain HTTP, which the CLI accepts for an
explicit --endpoint-url) answers each request it reads with canned bytes:
trailing commas, cut bodies, control bytes, bad UTF-8, lone surrogates,
overflowing numbers, wrong types, HTML from a proxy, deep nesting, oversized
fields and header lines, broken chunked framing.  For each case the CLI must
exit with the documented code, name the status on stderr with a message that
points at the field or byte offset (computed here from the canned bytes), and
write only complete user records: exactly the users that came before the
failure, each one equal to what was sent.  A few well-formed but unusual
responses are checked to succeed, so that the rejections are not just a
client that refuses everything.  Last, well-formed responses whose text is
hostile (terminal controls, bidi overrides, bytes that are not UTF-8 in
headers) must reach the terminal escaped, in every output format and on
stderr.

Prints one line per check and a final ``N passed, M failed``; exits 1 on any
failure.
"""

import csv
import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading

NETWORK_ID = "12345678"
ACCESS_KEY = "AKIDHOSTILEEXAMPLE"
SECRET_KEY = "hostile-secret-key-not-real"
RUN_TIMEOUT = 60            # one CLI run, retries and backoff included
SOCKET_TIMEOUT = 5.0        # the server never waits longer than this for the client
MAX_REQUEST_HEAD = 65536
EXIT_SERVICE = 3
EXIT_RESPONSE = 5
# The build's Kconfig values (wk_config.h), read by load_config().
CFG = {}

MODEL_FIELDS = (
    "userId", "firstName", "lastName", "username", "securityGroups", "isAdmin",
    "suspended", "status", "otpEnabled", "scimId", "type", "cell", "countryCode",
    "challengeFailures", "isInviteExpired", "isUser", "inviteCode",
    "codeValidation", "uname",
)

# Complete, valid users that precede the hostile part of a body.
GOOD_USERS = [
    {"userId": "1001", "firstName": "Zoë", "lastName": "Weiß", "username": "zoe@example.com",
     "securityGroups": ["Gr0upA", "plus+slash/eq="], "isAdmin": True, "suspended": False,
     "status": 2, "otpEnabled": True, "scimId": "scim-1", "type": "user", "cell": "5550100",
     "countryCode": "+49", "challengeFailures": 2147483647, "isInviteExpired": False,
     "isUser": True, "inviteCode": "nul\u0000inside", "codeValidation": True,
     "uname": "a1b2c3"},
    {"username": "bot.\U0001F600", "status": 1, "challengeFailures": -2147483648,
     "firstName": "tab\there \"quoted\" \\ end"},
    {"username": "third@example.com", "status": 2, "securityGroups": []},
]


# --------------------------------------------------------------------------
# Canned responses
# --------------------------------------------------------------------------

def load_config(path):
    """CONFIG_WK_* integers of the build (the limits the diagnostics quote)."""
    with open(path, encoding="utf-8") as handle:
        for name, value in re.findall(r"^#define CONFIG_WK_(\w+) (\d+)$", handle.read(),
                                      re.MULTILINE):
            CFG[name] = int(value)
    for name in ("USER_WINDOW_SIZE", "NEXT_TOKEN_MAX", "JSON_MAX_DEPTH", "MAX_ATTEMPTS",
                 "HTTP_HEADER_LINE_MAX", "HTTP_MAX_HEADER_BYTES"):
        expect(name in CFG, f"{path} does not define CONFIG_WK_{name}")
    # The hostile sizes the cases use must exceed the limits they test.
    expect(CFG["USER_WINDOW_SIZE"] < 100 * 1024 and CFG["NEXT_TOKEN_MAX"] < 100 * 1024 and
           CFG["HTTP_HEADER_LINE_MAX"] < 70 * 1024 and CFG["JSON_MAX_DEPTH"] < 5000,
           "the configured limits are larger than the hostile inputs")


def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def users_body(good, hostile_user=b"", tail=b"]}", head=b'{"users":['):
    """A ListUsers body: the first ``good`` GOOD_USERS, then raw hostile bytes."""
    parts = [dump(u) for u in GOOD_USERS[:good]]
    if hostile_user:
        parts.append(hostile_user)
    return head + b",".join(parts) + tail


def response(body, status=b"200 OK", headers=None, length=True):
    """Status line, headers and body; Content-Length unless told otherwise."""
    lines = [b"HTTP/1.1 " + status, b"Content-Type: application/json",
             b"x-amzn-RequestId: 00000000-0000-4000-8000-000000000000"]
    if length:
        lines.append(b"Content-Length: %d" % len(body))
    lines += list(headers or [])
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def chunked(body, pieces=3, extra_headers=None):
    """The body split into chunks, properly framed."""
    step = max(1, len(body) // pieces)
    out = b""
    for i in range(0, len(body), step):
        piece = body[i:i + step]
        out += b"%x\r\n%s\r\n" % (len(piece), piece)
    return response(out + b"0\r\n\r\n", headers=[b"Transfer-Encoding: chunked"] +
                    list(extra_headers or []), length=False)


class Case:
    """One canned exchange and what the CLI must make of it.

    reply: bytes sent for every request; close: shut the connection after it.
    status: the WK_ERR_* name stderr must give (None for a success).
    category: cases of different categories must fail with different statuses.
    where: substrings the diagnostic must contain (field names, offsets).
    delivered: how many GOOD_USERS stdout must hold, complete and in order.
    attempts: requests the server must see (retried failures repeat).
    """

    def __init__(self, name, reply, status, category, where=(), delivered=0, close=False,
                 attempts=1, exit_code=EXIT_RESPONSE):
        self.name = name
        self.reply = reply
        self.status = status
        self.category = category
        self.where = list(where)
        self.delivered = delivered
        self.close = close
        self.attempts = attempts
        self.exit_code = exit_code if status else 0


def at(body, marker, delta=0, after=b""):
    """'body offset N': where marker starts in body (searched from where
    ``after`` starts, to skip the good users), plus delta."""
    index = body.index(marker, body.index(after) if after else 0)
    return f"body offset {index + delta}"


def http_at(reply, marker, delta=0):
    """'HTTP response byte N' for marker in the raw response."""
    return f"HTTP response byte {reply.index(marker) + delta}:"


def json_cases():
    cases = []

    def add(name, body, status, category, where, delivered, **kw):
        cases.append(Case(name, response(body), status, category, where, delivered, **kw))

    # Trailing commas, in each container the client reads.
    body = users_body(2, tail=b",]}")
    add("trailing comma in users", body, "WK_ERR_JSON_SYNTAX", "syntax",
        [at(body, b",]}", 1)], 2)
    body = users_body(1, b'{"username":"x","status":2,}')
    add("trailing comma in a user", body, "WK_ERR_JSON_SYNTAX", "syntax",
        ["users[1]", at(body, b",}", 1)], 1)
    body = users_body(1, tail=b"],}")
    add("trailing comma at top level", body, "WK_ERR_JSON_SYNTAX", "syntax",
        [at(body, b"],}", 2)], 1)

    # NUL and control characters inside strings (raw, not escaped).
    for label, raw in (("NUL", b"\x00"), ("U+0001", b"\x01"), ("LF", b"\n"),
                       ("U+001F", b"\x1f")):
        hostile = b'{"username":"ab' + raw + b'cd","status":2}'
        body = users_body(2, hostile)
        add(f"raw {label} in a string", body, "WK_ERR_JSON_STRING", "string",
            ["users[2]", 'field "username"', at(body, b"ab" + raw, 2, hostile)], 2)
    body = users_body(1, tail=b'],"nextToken":"t\x02"}')
    add("raw control byte in nextToken", body, "WK_ERR_JSON_STRING", "string",
        ["nextToken", at(body, b"\x02")], 1)

    # Invalid UTF-8.
    for label, raw in (("0xFF byte", b"\xff"), ("overlong '/'", b"\xc0\xaf"),
                       ("UTF-8 encoded surrogate", b"\xed\xa0\x80"),
                       ("cut 3-byte sequence", b"\xe2\x82"),
                       ("stray continuation byte", b"\x80"),
                       ("above U+10FFFF", b"\xf4\x90\x80\x80")):
        hostile = b'{"status":1,"lastName":"x' + raw + b'!"}'
        body = users_body(2, hostile)
        # The error is found at the first byte that cannot continue the sequence.
        bad = {"0xFF byte": 0, "overlong '/'": 0, "UTF-8 encoded surrogate": 1,
               "cut 3-byte sequence": 2, "stray continuation byte": 0,
               "above U+10FFFF": 1}[label]
        add(f"invalid UTF-8 ({label})", body, "WK_ERR_JSON_STRING", "string",
            ["users[2]", 'field "lastName"', at(body, b"x" + raw, 1 + bad, hostile)], 2)

    # Lone surrogates in \u escapes (well-formed JSON text, not valid Unicode).
    for label, esc, bad in (("high alone", b"\\ud800", 6), ("low alone", b"\\udc00", 5),
                            ("high then letter", b"\\ud800\\u0041", 11),
                            ("high then high", b"\\ud83d\\ud83d", 11)):
        hostile = b'{"firstName":"a' + esc + b'z","status":2}'
        body = users_body(1, hostile)
        add(f"lone surrogate ({label})", body, "WK_ERR_JSON_STRING", "string",
            ["users[1]", 'field "firstName"', at(body, b"a" + esc, 1 + bad, hostile)], 1)

    # Integers that do not fit int32, and non-integers.
    for field, value in (("status", b"2147483648"), ("status", b"-2147483649"),
                         ("challengeFailures", b"99999999999999999999999"),
                         ("challengeFailures", b"4294967296"), ("status", b"2.0"),
                         ("status", b"2e0")):
        hostile = b'{"username":"n","' + field.encode() + b'":' + value + b"}"
        body = users_body(2, hostile)
        add(f"{field} {value.decode()}", body, "WK_ERR_JSON_NUMBER", "number",
            ["users[2]", f'field "{field}"', at(body, b":" + value, 1, hostile)], 2)

    # Wrong JSON types for known fields.
    for field, value, label in (("status", b'"2"', "string for int"),
                                ("isAdmin", b'"true"', "string for bool"),
                                ("isAdmin", b"1", "number for bool"),
                                ("username", b"42", "number for string"),
                                ("firstName", b'{"a":1}', "object for string"),
                                ("securityGroups", b'"Gr0upA"', "string for list"),
                                ("challengeFailures", b"true", "bool for int")):
        hostile = b'{"userId":"7","' + field.encode() + b'":' + value + b"}"
        body = users_body(2, hostile)
        add(f"wrong type: {field} ({label})", body, "WK_ERR_JSON_TYPE", "type",
            ["users[2]", f'field "{field}"', at(body, b":" + value, 1, hostile)], 2)
    hostile = b'{"securityGroups":["a",7]}'
    body = users_body(1, hostile)
    add("wrong type: securityGroups entry", body, "WK_ERR_JSON_TYPE", "type",
        ["users[1]", 'field "securityGroups"', at(body, b",7]", 1, hostile)], 1)
    body = users_body(2, tail=b'],"nextToken":17}')
    add("wrong type: nextToken number", body, "WK_ERR_JSON_TYPE", "type",
        ['"nextToken"', at(body, b"17}")], 2)

    # "users" that is not a list, and list items that are not objects.
    for label, value in (("object", b'{"0":{}}'), ("string", b'"[]"'), ("number", b"3"),
                         ("true", b"true")):
        body = b'{"nextToken":null,"users":' + value + b"}"
        add(f"users is {label}", body, "WK_ERR_JSON_TYPE", "type",
            ['"users"', at(body, value)], 0)
    body = users_body(1, b'"bob"')
    add("users item is a string", body, "WK_ERR_JSON_TYPE", "type",
        ["users[1]", at(body, b'"bob"')], 1)
    body = b"[" + dump(GOOD_USERS[0]) + b"]"
    add("body is an array", body, "WK_ERR_JSON_TYPE", "type", ["body offset 0"], 0)

    # Two documents back to back, and other bytes after the document.
    first = users_body(1)
    body = first + users_body(1)
    add("two documents back to back", body, "WK_ERR_JSON_TRAILING", "trailing",
        [f"body offset {len(first)}"], 1)
    body = users_body(2) + b"\n \x00"
    add("NUL after the document", body, "WK_ERR_JSON_TRAILING", "trailing",
        [f"body offset {len(body) - 1}"], 2)

    # HTML from a proxy, answered with 200.
    html = b"<html><head><title>Proxy</title></head><body>Gateway says hi</body></html>\n"
    cases.append(Case("HTML body with 200", response(
        html, headers=[b"Server: proxy"]).replace(b"application/json", b"text/html"),
        "WK_ERR_JSON_SYNTAX", "syntax", ["body offset 0"], 0))

    # Deep nesting in members the client does not read.
    depth = CFG["JSON_MAX_DEPTH"]
    deep = b"[" * 5000 + b"]" * 5000
    body = b'{"extra":' + deep + b',"users":[]}'
    # The top-level object is level 1, so the depth-th "[" is the first too many.
    add("deep nesting in an unknown top-level member", body, "WK_ERR_JSON_TOO_DEEP", "deep",
        [at(body, b"[", depth - 1)], 0)
    prefix = b'{"username":"d","profile":'
    body = users_body(2, prefix + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}")
    # Levels 1 to 3 are the top object, users and the user: (depth - 2)-th "{" fails.
    add("deep nesting in an unknown user member", body, "WK_ERR_JSON_TOO_DEEP", "deep",
        ["users[2]", 'field "profile"', at(body, prefix, len(prefix) + 5 * (depth - 3))], 2)

    # 100 KB values: a user field and the nextToken are refused, naming the field.
    big = b"A" * (100 * 1024)
    hostile = b'{"username":"big","firstName":"' + big + b'"}'
    body = users_body(2, hostile)
    # The window holds the user's decoded strings, each with its NUL: "big"
    # takes 4 bytes, and the first byte of firstName past the rest fails.
    add("100 KB firstName", body, "WK_ERR_JSON_FIELD_TOO_LONG", "too-long",
        ["users[2]", 'field "firstName"', "CONFIG_WK_USER_WINDOW_SIZE",
         at(body, big, CFG["USER_WINDOW_SIZE"] - 4 - 1, hostile)], 2)
    # A member the client does not know takes no room, however large.
    body = users_body(2, b'{"notes":"' + big + b'",' + dump(GOOD_USERS[2])[1:])
    add("100 KB member the client does not know", body, None, "ok", [], 3)
    body = users_body(1, tail=b'],"nextToken":"' + big + b'"}')
    add("100 KB nextToken", body, "WK_ERR_JSON_FIELD_TOO_LONG", "too-long",
        ["nextToken", "CONFIG_WK_NEXT_TOKEN_MAX",
         at(body, big, CFG["NEXT_TOKEN_MAX"] - 1)], 1)

    # Bodies cut short.
    full = users_body(3)
    cut = full.index(dump(GOOD_USERS[2])) + 10
    cases.append(Case("cut body with Content-Length", response(full)[:len(response(full)) -
                      (len(full) - cut)], "WK_ERR_HTTP_TRUNCATED", "http-truncated",
                      [f"connection closed after {cut} of {len(full)} body bytes"], 2,
                      close=True, attempts=CFG["MAX_ATTEMPTS"]))
    cases.append(Case("cut body, no length, ended by close", response(full[:cut], length=False),
                      "WK_ERR_JSON_TRUNCATED", "json-truncated",
                      [f"body offset {cut}", "truncated"], 2, close=True,
                      attempts=CFG["MAX_ATTEMPTS"]))
    cases.append(Case("empty body, no length, ended by close", response(b"", length=False),
                      "WK_ERR_JSON_TRUNCATED", "json-truncated", ["empty body"], 0, close=True,
                      attempts=CFG["MAX_ATTEMPTS"]))
    return cases


def http_cases():
    cases = []
    body = users_body(2)
    long_value = b"v" * (70 * 1024)
    reply = response(body, headers=[b"X-Padding: " + long_value])
    cases.append(Case("70 KB header line", reply, "WK_ERR_HTTP_HEADER_TOO_LONG", "header-long",
                      [http_at(reply, b"X-Padding"),
                       f"line longer than {CFG['HTTP_HEADER_LINE_MAX']} bytes "
                       "(CONFIG_WK_HTTP_HEADER_LINE_MAX)"]))
    limit = CFG["HTTP_MAX_HEADER_BYTES"]
    many = [b"X-Filler-%05d: %s" % (i, b"f" * 40) for i in range(limit // 40)]
    reply = response(body, headers=many)
    cases.append(Case("head over the section limit, in short lines", reply,
                      "WK_ERR_HTTP_HEADER_TOO_LONG", "header-long",
                      [f"HTTP response byte {limit}:", f"longer than {limit} bytes"]))

    # Content-Length with Transfer-Encoding, and conflicting lengths.
    reply = chunked(body, extra_headers=[b"Content-Length: %d" % len(body)])
    cases.append(Case("Content-Length and Transfer-Encoding", reply, "WK_ERR_HTTP_FRAMING",
                      "framing", ["HTTP response byte ", "Transfer-Encoding"]))
    reply = response(body, headers=[b"Content-Length: %d" % (len(body) + 1)])
    cases.append(Case("two different Content-Lengths", reply, "WK_ERR_HTTP_FRAMING", "framing",
                      [http_at(reply, b"Content-Length: %d" % (len(body) + 1))]))
    reply = response(body, length=False, headers=[b"Content-Length: 12abc"])
    cases.append(Case("Content-Length not a number", reply, "WK_ERR_HTTP_CONTENT_LENGTH",
                      "content-length", [http_at(reply, b"Content-Length: 12abc")]))

    # Chunked framing errors, each after a first good chunk holding one user.
    good = b'{"users":[' + dump(GOOD_USERS[0]) + b","
    rest = dump(GOOD_USERS[1]) + b"]}"
    head = response(b"", headers=[b"Transfer-Encoding: chunked"], length=False)
    first = b"%x\r\n%s\r\n" % (len(good), good)
    # A chunk whose data arrived in full is delivered even if its CRLF is wrong:
    # the user in it is complete (delivered counts it).
    for label, tail, marker, delta, delivered in (
            ("chunk size not hex", b"zz\r\n" + rest + b"\r\n0\r\n\r\n", b"zz\r\n", 0, 1),
            ("chunk size overflows 64 bits",
             b"1" + b"0" * 16 + b"\r\n" + rest + b"\r\n0\r\n\r\n", b"1" + b"0" * 16, 16, 1),
            ("chunk data without CRLF", b"%x\r\n%sXX0\r\n\r\n" % (len(rest), rest), b"XX0", 0,
             2),
            ("chunk size line with bare LF", b"%x\n%s\r\n0\r\n\r\n" % (len(rest), rest),
             b"\n" + rest, 0, 1),
            ("negative chunk size", b"-5\r\n" + rest + b"\r\n0\r\n\r\n", b"-5\r\n", 0, 1)):
        reply = head + first + tail
        cases.append(Case(f"chunked: {label}", reply, "WK_ERR_HTTP_CHUNK", "chunk",
                          [http_at(reply, marker, delta)], delivered))
    reply = head + first + b"%x\r\n%s" % (len(rest) + 50, rest)
    received = len(good) + len(rest)
    cases.append(Case("chunked: closed inside a chunk", reply, "WK_ERR_HTTP_TRUNCATED",
                      "http-truncated",
                      [http_at(reply, rest, len(rest)),
                       f"closed in the chunked body after {received} bytes; "
                       f"expected at least {received + 50}"],
                      2, close=True, attempts=CFG["MAX_ATTEMPTS"]))
    return cases


def proxy_and_control_cases():
    cases = []
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>\n"
    reply = response(html, status=b"502 Bad Gateway").replace(b"application/json", b"text/html")
    # wk_users.h: a 5xx without an error type maps to WK_ERR_INTERNAL; retried.
    cases.append(Case("HTML body with 502", reply, "WK_ERR_INTERNAL", "service",
                      ["(HTTP 502)"], 0, attempts=CFG["MAX_ATTEMPTS"], exit_code=EXIT_SERVICE))

    # Well-formed but unusual: these must succeed, with every user intact.
    # Exactly CONFIG_WK_JSON_MAX_DEPTH levels, the top-level object included.
    levels = CFG["JSON_MAX_DEPTH"] - 1
    body = users_body(3, head=b'{"extra":' + b"[" * levels + b"]" * levels + b',"users":[')
    cases.append(Case("control: nesting up to the limit", response(body), None, "ok",
                      delivered=3))
    body = users_body(3, head=b'{"padding":"' + b"p" * (100 * 1024) + b'","users":[')
    cases.append(Case("control: 100 KB unknown member is skipped", response(body), None, "ok",
                      delivered=3))
    body = users_body(3)
    cases.append(Case("control: chunked in 1-byte pieces", chunked(body, pieces=len(body)),
                      None, "ok", delivered=3))
    cases.append(Case("control: body ended by close", response(body, length=False), None,
                      "ok", delivered=3, close=True))
    return cases


# --------------------------------------------------------------------------
# The raw server
# --------------------------------------------------------------------------

class CannedServer:
    """Answers every request it reads on 127.0.0.1 with the case's bytes.

    One thread; each connection is served in turn, request by request: it
    reads a whole request head first, then replies.  Every wait is bounded
    by SOCKET_TIMEOUT, and the thread stops when the case is over.
    """

    def __init__(self, case):
        self.case = case
        self.requests = []
        self.errors = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(SOCKET_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        # A connection of our own wakes accept() so the thread sees the flag.
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self.thread.join(timeout=SOCKET_TIMEOUT * 3)
        self.sock.close()
        expect(not self.thread.is_alive(), "the server thread did not stop")

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError as error:
                self.errors.append(f"accept: {error}")
                return
            if self.stopping.is_set():
                conn.close()
                return
            with conn:
                conn.settimeout(SOCKET_TIMEOUT)
                try:
                    self._connection(conn)
                except (socket.timeout, OSError) as error:
                    # The client may give up mid-reply (that is the point of most
                    # cases); only a server-side wait for the client is an error.
                    if isinstance(error, socket.timeout):
                        self.errors.append(f"timed out waiting for the client: {error}")

    def _read_head(self, conn):
        data = b""
        while b"\r\n\r\n" not in data:
            piece = conn.recv(4096)
            if not piece:
                return None if not data else data
            data += piece
            if len(data) > MAX_REQUEST_HEAD:
                raise OSError("request head too long")
        return data

    def _connection(self, conn):
        while not self.stopping.is_set():
            head = self._read_head(conn)
            if head is None:
                return
            self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
            conn.sendall(self.case.reply)
            if self.case.close:
                conn.shutdown(socket.SHUT_WR)
                # Wait for the client to close its side too, so that the
                # server's close cannot turn into a reset.
                while conn.recv(4096):
                    pass
                return


# --------------------------------------------------------------------------
# Running the CLI and judging the outcome
# --------------------------------------------------------------------------

# The check runner and expect() are test_cli.py's, so every suite reports alike.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (Runner, csv_cell, expect, run_checks, strict_equal,  # noqa: E402
                      suite_parser)


def run_cli_bytes(cli, wrapper, port, verbose, options=("--all", "--output", "ndjson")):
    """Exit code, stdout and stderr as bytes."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
           "LANG": "C.UTF-8", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
           "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    argv = wrapper + [cli, "--network-id", NETWORK_ID, "--region", "us-east-1",
                      "--endpoint-url", f"http://127.0.0.1:{port}", *options,
                      "--read-timeout", "5", "--call-timeout", "10"]
    proc = subprocess.run(argv, env=env, capture_output=True, timeout=RUN_TIMEOUT)
    if verbose:
        print(f"     exit {proc.returncode}; stderr: {proc.stderr[-2000:]!r}")
    return proc.returncode, proc.stdout, proc.stderr


def run_cli(cli, wrapper, port, verbose):
    code, out, err = run_cli_bytes(cli, wrapper, port, verbose)
    return code, out, err.decode("utf-8", errors="replace")


def known_fields(user):
    return {name: user[name] for name in MODEL_FIELDS if name in user}


def judge(case, code, out, err, server):
    """Every assertion for one case; returns the status name stderr gave."""
    expect(not server.errors, f"server: {server.errors}")
    expect(SECRET_KEY not in err, "the secret key appeared on stderr")
    expect(len(server.requests) == case.attempts,
           f"{len(server.requests)} requests, expected {case.attempts}: {server.requests}")
    expect(all(r.startswith(f"GET /networks/{NETWORK_ID}/users") for r in server.requests),
           f"request lines {server.requests}")

    # Only complete records: every line ends, parses, and is the user that was sent.
    expect(out == b"" or out.endswith(b"\n"), f"stdout ends mid-line: {out[-80:]!r}")
    lines = out.decode("utf-8").splitlines()
    expect(len(lines) == case.delivered,
           f"{len(lines)} records on stdout, expected {case.delivered}")
    for i, line in enumerate(lines):
        strict_equal(json.loads(line), known_fields(GOOD_USERS[i]), f"record {i}")

    expect(code == case.exit_code, f"exit {code}, expected {case.exit_code}: {err.strip()!r}")
    if case.status is None:
        expect(err == "", f"stderr on success: {err!r}")
        return None
    first = err.splitlines()[0] if err else ""
    match = re.match(r"wickr-list-users: (?:service error )?(WK_[A-Z_0-9]+)", first)
    expect(match, f"stderr does not start with a status: {err!r}")
    expect(match.group(1) == case.status, f"status {match.group(1)}, expected {case.status}")
    for needle in case.where:
        expect(needle in first, f"{needle!r} not in {first!r}")
    # The way back in: the documented cursor line ends stderr for exit 3 and 5
    # once users were written; before that, the same command is the way back.
    last = err.splitlines()[-1]
    if case.delivered:
        expect(re.search(r"--starting-token (wk1:\d+:|wk2:\d+:[0-9a-f]{16}:)", last),
               f"no cursor line: {last!r}")
    else:
        expect("--starting-token" not in err, f"a cursor though nothing was written: {err!r}")
    return match.group(1)


def run_cases(runner, cli, wrapper, cases):
    seen = {}
    for case in cases:
        def one(case=case):
            with CannedServer(case) as server:
                code, out, err = run_cli(cli, wrapper, server.port, runner.verbose)
            status = judge(case, code, out, err, server)
            if status is not None:
                seen.setdefault(case.category, set()).add(status)
        runner.check(f"hostile: {case.name}", one)

    def distinct():
        # One status per kind of damage, and no two kinds sharing one.
        for category, statuses in seen.items():
            expect(len(statuses) == 1, f"{category}: several statuses {sorted(statuses)}")
        owners = {}
        for category, statuses in seen.items():
            status = next(iter(statuses))
            expect(status not in owners, f"{category} and {owners.get(status)} share {status}")
            owners[status] = category
        expect(len(owners) >= 12, f"only {len(owners)} kinds observed")
    runner.check("hostile: each kind of damage has its own status", distinct)


# --------------------------------------------------------------------------
# Hostile text in well-formed responses
# --------------------------------------------------------------------------

# Code points that drive a terminal or reorder text: C0, DEL, C1, and the
# bidi embeddings, overrides and isolates.
HIDDEN = set(range(0x20)) | set(range(0x7f, 0xa0)) | set(range(0x202a, 0x202f)) | \
    set(range(0x2066, 0x206a))

# Text fields as the service might send them (JSON escapes or raw UTF-8).
HOSTILE_USER = {
    "username": "evil\u001b[2J\u0007\u009b31m\u0085x",
    "firstName": "\u202eevil\u2066",
    "lastName": "del\u007fend",
    "securityGroups": ["Gr0up,A", "B", "s p", "q\"t"],
    "status": 2,
    "scimId": "a;=1+1",
    "type": "\tTAB",
    "cell": "=HYPERLINK(\"http://x\",\"y\")",
    "countryCode": "+44",
    "challengeFailures": -3,
    "uname": "@SUM(1)",
}


def terminal_safe(data, allowed="\n"):
    """The bytes are UTF-8 and hold nothing that drives a terminal."""
    text = data.decode("utf-8")  # raises on a byte that is not UTF-8
    bad = sorted({f"U+{ord(c):04X}" for c in text if ord(c) in HIDDEN and c not in allowed})
    expect(not bad, f"raw {bad} in {text[:300]!r}")
    return text


def error_reply(type_bytes, request_id, body):
    return (b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
            b"X-Amzn-Errortype: " + type_bytes + b"\r\nx-amzn-RequestId: " + request_id +
            b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def text_cases(runner, cli, wrapper):
    def run(reply, options):
        case = Case("text", reply, None, "ok")
        with CannedServer(case) as server:
            return run_cli_bytes(cli, wrapper, server.port, runner.verbose, options)

    # A lone 0x9B is CSI on an 8-bit terminal; C0 0xAF an overlong '/'.
    reply = error_reply(b"Evil\x9b2J\xc0\xafT\xe2\x80\xaeype", b"req\xed\xa0\x80\x9bid",
                        b'{"message":"msg\\u202e\\u0085end"}')

    def service_error_headers():
        code, out, err = run(reply, ("--max-results", "1"))
        expect(code == EXIT_SERVICE and out == b"", f"exit {code}: {err!r}")
        text = terminal_safe(err)
        expect("service error Evil\\x9b2J\\xc0\\xafT\\xe2\\x80\\xaeype (HTTP 400): "
               "msg\\xe2\\x80\\xae\\xc2\\x85end\n" in text, text)
        expect("  request id: req\\xed\\xa0\\x80\\x9bid\n" in text, text)
    runner.check("hostile text: service error type and request id escaped on stderr",
                 service_error_headers)

    def debug_lines():
        code, _, err = run(reply, ("--max-results", "1", "--debug"))
        expect(code == EXIT_SERVICE, f"exit {code}")
        text = terminal_safe(err)
        expect("< X-Amzn-Errortype: Evil\\x9b2J\\xc0\\xafT\\xe2\\x80\\xaeype\n" in text, text)
    runner.check("hostile text: --debug lines escaped", debug_lines)

    page = response(b'{"users":[' + dump(HOSTILE_USER) + b"]}")

    def table():
        code, out, err = run(page, ("--output", "table"))
        expect(code == 0 and err == b"", f"exit {code}: {err!r}")
        text = terminal_safe(out)
        expect("evil\\x1b[2J\\x07\\xc2\\x9b31m\\xc2\\x85x  \\xe2\\x80\\xaeevil\\xe2\\x81\\xa6  "
               "del\\x7fend  2" in text, text)
        # a ',' inside an ID is escaped: the list splits back at the others
        expect(text.endswith("Gr0up\\x2cA,B,s p,q\"t\n"), text)
    runner.check("hostile text: table cells escaped", table)

    def json_formats():
        for fmt in ("json", "ndjson"):
            code, out, err = run(page, ("--output", fmt))
            expect(code == 0 and err == b"", f"{fmt}: exit {code}: {err!r}")
            terminal_safe(out)  # escaped as \\u00XX / \\u202E: the same JSON data
            doc = json.loads(out)
            strict_equal(doc["users"] if fmt == "json" else [doc], [HOSTILE_USER], fmt)
    runner.check("hostile text: json and ndjson escape C1, DEL and bidi controls", json_formats)

    def csv_formats():
        for raw in (False, True):
            code, out, err = run(page, ("--output", "csv") + (("--csv-raw",) if raw else ()))
            expect(code == 0 and err == b"", f"exit {code}: {err!r}")
            records = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
            want = [csv_cell(HOSTILE_USER, name, raw) for name in MODEL_FIELDS]
            expect(records[1:] == [want], f"raw={raw}: {records[1:]} != {want}")
            # the securityGroups cell is a space-separated record of the IDs
            groups = next(csv.reader([records[1][MODEL_FIELDS.index("securityGroups")]],
                                     delimiter=" "))
            expect(groups == HOSTILE_USER["securityGroups"], f"raw={raw}: {groups}")
            if not raw:
                terminal_safe(out, allowed="\r\n")
                # no cell a spreadsheet would run, and ';' cannot start one either
                formula = [c for c in records[1] if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
                expect(formula == ["-3"], f"cells that start a formula: {formula}")
                expect(b',"a;=1+1",' in out, out)
    runner.check("hostile text: csv guarded against formulas and escaped; --csv-raw exact",
                 csv_formats)


def main():
    parser = suite_parser(__doc__)
    parser.add_argument("--config", required=True,
                        help="the build's generated wk_config.h (limits the messages quote)")
    args = parser.parse_args()
    runner = Runner(args.only, args.verbose)
    cli = os.path.abspath(args.cli)

    def body(_workdir):
        expect(os.access(cli, os.X_OK), f"{cli} is not an executable")
        load_config(args.config)
        cases = json_cases() + http_cases() + proxy_and_control_cases()
        run_cases(runner, cli, shlex.split(args.wrapper), cases)
        text_cases(runner, cli, shlex.split(args.wrapper))
    return run_checks(runner, "wickr-hostile-", body)


if __name__ == "__main__":
    sys.exit(main())
