#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A credential_process helper for the tests, on 127.0.0.1 only.

    credential_helper.py URL RUNS_FILE [MODE]

Asks the container credentials stand-in at URL for keys (which the Wickr
stand-in then accepts while they are unexpired), appends one line to
RUNS_FILE per run, so that a test counts how often it was run, and prints
them as credential_process's Version 1 document. MODE spoils the run:
``version-2`` prints ``"Version": 2``; ``hangs`` never finishes, and leaves
a child behind that holds its standard output open, as a shell script's
child would.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request


def main():
    url, runs_file = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "good"
    with open(runs_file, "a", encoding="utf-8") as handle:
        handle.write("%s %.3f\n" % (mode, time.time()))
    if mode == "hangs":
        subprocess.Popen(["sleep", "10"], stderr=subprocess.DEVNULL)  # keeps standard output
        time.sleep(10)
    with urllib.request.urlopen(url, timeout=10) as response:
        creds = json.load(response)
    print(json.dumps({"Version": 2 if mode == "version-2" else 1,
                      "AccessKeyId": creds["AccessKeyId"],
                      "SecretAccessKey": creds["SecretAccessKey"],
                      "SessionToken": creds["Token"], "Expiration": creds["Expiration"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
