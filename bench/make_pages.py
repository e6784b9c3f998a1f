#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Write ListUsers response bodies made by the stand-in server's own code.

    make_pages.py OUT_DIR COUNT...

For each COUNT, OUT_DIR/page-COUNT.json is one page of COUNT users: the
stand-in's generator (generate_users) and its document layout
(response_document), serialized the way its handler does (json.dumps, UTF-8,
non-ASCII kept as is, as on the stand-in's first page). The page carries a
nextToken, as every page but the last does.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "standin"))

from wickr_standin import (DEFAULT_NETWORK_ID, encode_next_token,  # noqa: E402
                           generate_users, query_fingerprint, response_document)


def page_body(count):
    users = generate_users(DEFAULT_NETWORK_ID, count)
    token = encode_next_token(count, query_fingerprint(DEFAULT_NETWORK_ID, {}))
    return json.dumps(response_document(users, token, 0), ensure_ascii=False).encode("utf-8")


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out_dir = argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for text in argv[2:]:
        count = int(text)
        path = os.path.join(out_dir, f"page-{count}.json")
        tmp = path + ".tmp"
        with open(tmp, "wb") as handle:
            handle.write(page_body(count))
        os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
