#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Peak heap of the CLI does not grow with the size of the network.

    test_heap.py --cli PATH [--small N] [--large N] [--tolerance PCT]

Lists every user of a stand-in network of --small (100) and of --large
(20,000) users over TLS, 100 per page, under valgrind massif, and compares
the peak heap (largest mem_heap_B + mem_heap_extra_B over all snapshots) of
the two runs: they must be within --tolerance (5) percent of each other.
The core never allocates; what massif sees is mbedTLS (handshake, record
buffers, certificates) and the C library, so a leak per page or per user, or
a buffer that grows with the body, shows up as a difference.

Massif rather than a malloc-counting LD_PRELOAD shim: valgrind is already a
test dependency, massif counts every allocator entry point (including
aligned and reallocated blocks) without project code to maintain, and the
run is dominated by the Python stand-in anyway (see the printed times).

Prints both figures and a final ``N passed, M failed``; exits 1 on failure.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

# The stand-in process wrapper and its defaults, shared with the CLI tests.
from test_cli import ACCESS_KEY, NETWORK_ID, SECRET_KEY, Standin  # noqa: E402

PAGE_SIZE = 100
RUN_TIMEOUT = 120


def massif_peak(path):
    """Largest mem_heap_B + mem_heap_extra_B of any snapshot in a massif file."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    peaks = []
    for snapshot in text.split("snapshot=")[1:]:
        heap = re.search(r"^mem_heap_B=(\d+)$", snapshot, re.MULTILINE)
        extra = re.search(r"^mem_heap_extra_B=(\d+)$", snapshot, re.MULTILINE)
        if heap is None or extra is None:
            raise AssertionError(f"{path}: snapshot without heap figures")
        peaks.append(int(heap.group(1)) + int(extra.group(1)))
    if not peaks:
        raise AssertionError(f"{path}: no snapshots")
    return max(peaks)


def measure(cli, workdir, users, cert_dir):
    """(peak heap bytes, seconds) of one --all listing of `users` users."""
    name = f"users-{users}"
    out_file = os.path.join(workdir, f"massif.{users}")
    with Standin(workdir, name, "--users", str(users), cert_dir=cert_dir) as server:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir,
               "LANG": "C.UTF-8", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
        argv = ["valgrind", "--tool=massif", "--pages-as-heap=no", "--peak-inaccuracy=0.0",
                f"--massif-out-file={out_file}", cli, "--network-id", NETWORK_ID,
                "--endpoint-url", server.url, "--ca-bundle", server.ca, "--region", "us-east-1",
                "--max-results", str(PAGE_SIZE), "--all", "--output", "ndjson"]
        start = time.monotonic()
        proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
        seconds = time.monotonic() - start
        stderr = proc.stderr.decode("utf-8", errors="replace")
        if proc.returncode != 0:
            raise AssertionError(f"{users} users: exit {proc.returncode}: {stderr[-800:]}")
        pages = [r for r in server.requests() if r.get("status") == 200]
        expected_pages = -(-users // PAGE_SIZE)
        if len(pages) != expected_pages:
            raise AssertionError(f"{users} users: {len(pages)} pages served, "
                                 f"expected {expected_pages}")
    return massif_peak(out_file), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="path to wickr-list-users")
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--tolerance", type=float, default=5.0, help="percent")
    args = parser.parse_args()
    passed = failed = 0
    workdir = tempfile.mkdtemp(prefix="wickr-heap-")
    try:
        if shutil.which("valgrind") is None:
            raise AssertionError("valgrind is not installed (scripts/deps.d/test.txt lists it)")
        cert_dir = os.path.join(workdir, "certs")
        small, small_s = measure(os.path.abspath(args.cli), workdir, args.small, cert_dir)
        large, large_s = measure(os.path.abspath(args.cli), workdir, args.large, cert_dir)
        print(f"peak heap, {args.small} users: {small} bytes ({small_s:.1f} s under massif)")
        print(f"peak heap, {args.large} users: {large} bytes ({large_s:.1f} s under massif)")
        if min(small, large) <= 0:
            raise AssertionError("massif saw no heap at all: nothing was measured")
        growth = abs(large - small) * 100.0 / min(small, large)
        print(f"difference: {growth:.2f}% (limit {args.tolerance}%)")
        if growth > args.tolerance:
            raise AssertionError(f"peak heap differs by {growth:.2f}%")
        passed += 1
        print("ok   heap: peak heap independent of the network size")
    except Exception as error:  # a harness failure is a failure, not a pass
        failed += 1
        print(f"FAIL heap: {type(error).__name__}: {error}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
