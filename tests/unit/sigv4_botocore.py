#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Cross-check the SigV4 signer against botocore.

Signs Wickr-shaped requests (service "wickr", GET /networks/{id}/users with
ListUsers query parameters) with botocore's SigV4Auth and with sigv4_tool,
and requires the same Authorization and X-Amz-Date values.

Usage: sigv4_botocore.py PATH_TO_sigv4_tool
Needs Debian's python3-botocore (run with /usr/bin/python3).
"""
import datetime
import subprocess
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import normalize_url_path

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = ("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+token/"
         "with+plus/and/slash==")

# Query strings are SigV4-encoded already ('+' as %2B), as the client sends
# them; botocore signs them as given in the URL. The signer under test signs
# path, query and headers as given (wk_sigv4.h), so sigv4_tool gets them as
# botocore canonicalizes them: the pairs sorted, the path normalized, the
# header names lower-cased and sorted.
CASES = [
    dict(name="list-users-minimal", region="us-east-1",
         path="/networks/12345678/users", query="", token=None,
         when=datetime.datetime(2025, 1, 15, 8, 30, 0)),
    dict(name="list-users-sort-plus", region="us-east-1",
         path="/networks/12345678/users",
         query="sortFields=lastName%2BfirstName&maxResults=10&sortDirection=ASC",
         token=TOKEN, when=datetime.datetime(2025, 6, 30, 23, 59, 59)),
    dict(name="list-users-next-token", region="eu-west-2",
         path="/networks/87654321/users",
         query=("nextToken=v1%3Apagination%3A6ba7b810-9dad-11d1-80b4-00c04fd430c8"
                "&maxResults=100&status=2"),
         token=TOKEN, when=datetime.datetime(2024, 2, 29, 0, 0, 0)),
    dict(name="list-users-utf8-filters", region="ap-southeast-2",
         path="/networks/00000000/users",
         query=("firstName=%C3%89lodie&lastName=O%27Brien&username=a%2Bb%40example.com"
                "&groupId=g-1_2.3~4"),
         token=None, when=datetime.datetime(2031, 12, 31, 12, 0, 0),
         headers={"Accept": "application/json"}),
    dict(name="list-users-fips-host", region="us-gov-west-1",
         host="admin.wickr-fips.us-gov-west-1.amazonaws.com",
         path="/networks/12345678/users", query="maxResults=1&maxResults=2",
         token=TOKEN, when=datetime.datetime(2026, 3, 1, 1, 2, 3)),
    dict(name="dot-segments-normalized", region="us-east-1",
         path="/networks/./12345678//users", query="", token=None,
         when=datetime.datetime(2025, 1, 15, 8, 30, 0)),
    dict(name="post-with-body", region="us-east-1", method="POST",
         path="/networks/12345678/users", query="",
         body='[{"username":"alice@example.com","securityGroupIds":["sg1"]}]',
         headers={"Content-Type": "application/json"},
         token=TOKEN, when=datetime.datetime(2025, 5, 5, 5, 5, 5)),
]


def botocore_sign(case):
    host = case.get("host", "admin.wickr.%s.amazonaws.com" % case["region"])
    url = "https://%s%s" % (host, case["path"])
    if case["query"]:
        url += "?" + case["query"]
    headers = dict(case.get("headers", {}))
    request = AWSRequest(method=case.get("method", "GET"), url=url, headers=headers,
                         data=case.get("body", "").encode())
    creds = Credentials(AKID, SECRET, case["token"])
    with mock.patch("botocore.auth.datetime") as patched:
        patched.datetime.utcnow.return_value = case["when"]
        SigV4Auth(creds, "wickr", case["region"]).add_auth(request)
    return host, request.headers["Authorization"], request.headers["X-Amz-Date"]


def canonical_query(query):
    """The pairs of an encoded query sorted by key, then value (byte order)."""
    pairs = [p.split("=", 1) for p in query.split("&") if p]
    return "&".join("%s=%s" % (k, v) for k, v in sorted(pairs))


def tool_sign(tool, case, host):
    when = case["when"].replace(tzinfo=datetime.timezone.utc)
    argv = [tool, "--access-key", AKID, "--secret", SECRET, "--region", case["region"],
            "--service", "wickr", "--time", str(int(when.timestamp())),
            "--method", case.get("method", "GET"), "--path", normalize_url_path(case["path"])]
    if case["query"]:
        argv += ["--query", canonical_query(case["query"])]
    if case["token"]:
        argv += ["--token", case["token"]]
    headers = dict((name.lower(), value.strip()) for name, value in case.get("headers", {}).items())
    headers["host"] = host
    for name in sorted(headers):
        argv += ["--header", "%s:%s" % (name, headers[name])]
    if "body" in case:
        argv += ["--body", case["body"]]
    run = subprocess.run(argv, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return None, None, run.stderr
    lines = run.stdout.split("\n")
    auth = lines[0][len("Authorization: "):]
    date = lines[1][len("X-Amz-Date: "):]
    return auth, date, run.stdout


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    failures = 0
    for case in CASES:
        host, want_auth, want_date = botocore_sign(case)
        if want_date != case["when"].strftime("%Y%m%dT%H%M%SZ"):
            # botocore did not take the frozen time: the comparison would be meaningless.
            print("FAIL %s: botocore signed at %s, not the case's time" % (case["name"], want_date))
            failures += 1
            continue
        got_auth, got_date, detail = tool_sign(sys.argv[1], case, host)
        if got_auth == want_auth and got_date == want_date:
            print("ok   %s" % case["name"])
        else:
            failures += 1
            print("FAIL %s\n  botocore: %s %s\n  wickr-lite: %s %s\n%s"
                  % (case["name"], want_date, want_auth, got_date, got_auth, detail))
    print("sigv4 vs botocore: %d of %d cases agree" % (len(CASES) - failures, len(CASES)))
    return 1 if failures or not CASES else 0


if __name__ == "__main__":
    sys.exit(main())
