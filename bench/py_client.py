#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Python peer for the end-to-end benchmark: what a user would write with
Debian's python3-botocore instead of using the CLI.

    py_client.py ENDPOINT_URL CA_BUNDLE NETWORK_ID MAX_RESULTS OUT_FILE

Pages through ListUsers over one kept-alive HTTPS connection
(http.client.HTTPSConnection, certificate and host name verified), signs each
request with botocore's SigV4Auth (service wickr), decodes each page with json
and writes one user per line to OUT_FILE, like the CLI's --output ndjson.
Credentials and region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_REGION. Exits 1 on any HTTP error.
"""

import http.client
import json
import os
import ssl
import sys
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main(argv):
    endpoint, ca_bundle, network_id, max_results, out_path = argv[1:6]
    url = urllib.parse.urlsplit(endpoint)
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    signer = SigV4Auth(credentials, "wickr", os.environ["AWS_REGION"])
    context = ssl.create_default_context(cafile=ca_bundle)
    conn = http.client.HTTPSConnection(url.hostname, url.port, context=context)
    token = None
    with open(out_path, "w", encoding="utf-8") as out:
        while True:
            params = {"maxResults": max_results}
            if token:
                params["nextToken"] = token
            request = AWSRequest(method="GET", url=f"{endpoint}/networks/{network_id}/users",
                                 params=params)
            signer.add_auth(request)
            prepared = request.prepare()
            target = urllib.parse.urlsplit(prepared.url)
            conn.request("GET", f"{target.path}?{target.query}", headers=dict(prepared.headers))
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                sys.stderr.write(f"HTTP {response.status}: {body[:300]!r}\n")
                return 1
            page = json.loads(body)
            for user in page.get("users", []):
                out.write(json.dumps(user, ensure_ascii=False))
                out.write("\n")
            token = page.get("nextToken")
            if not token:
                break
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
