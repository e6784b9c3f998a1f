#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Cortex-M firmware lists users over a network, in QEMU.

    test_firmware.py --firmware ELF [--qemu qemu-system-arm] [--report FILE] [-v]

Creates a network namespace with a TAP device (192.0.2.1/24 on the kernel
side, as the lwIP TAP test), starts the stand-in server inside it on
192.0.2.1, and runs the firmware there on QEMU mps2-an386 with its LAN9118
attached to the TAP device (-nic tap), as 192.0.2.2. Nothing outside the
namespace is ever a target, and the namespace is removed at the end, also
after a failure.

Checks: the listing equals the stand-in's generated users exactly (250
users, pages of 100, on one kept-alive connection, one TLS handshake); a
connection reset in the middle of a body is retried and the listing is
still exact; a second listing on a new connection resumes the TLS
session the firmware kept (the firmware and the stand-in both say so) and
is exact too, its handshake measured against the full one; the TLS arena is shrunk from its measured high-water mark in
256-byte steps until the listing fails, which it must do cleanly (the
smallest arena that listed is recorded); a server whose certificate the firmware's trust anchor did not
sign is refused (WK_ERR_TLS_VERIFY, no request reaches it), and so is a
certificate from the trusted CA for another address; the listing is also
exact over an RSA-2048 chain with an intermediate CA (AWS's shape), whose
handshake and arena are measured too. The first run
is under -icount shift=0, so the firmware's timer counts instructions; its
measurements (RAM high-water marks, instructions per phase) go to --report
as JSON for scripts/footprint.

Exit status: 0 all passed, 1 a failure, 77 skipped (only when /dev/net/tun
does not exist; the reason is printed).
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lwip"))
sys.path.insert(0, os.path.join(HERE, "..", "standin"))

# The namespace, the certificates for 192.0.2.1 and the stand-in in it.
from test_lwip_tap import (HOST_ADDR, NETWORK_ID, REGION, TAP, USER_COUNT,  # noqa: E402
                           Standin, expect, in_namespace, make_certificates, may_run,
                           run_checks)
from wickr_standin import (DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY,  # noqa: E402
                           generate_users)

BOARD_ADDR = "192.0.2.2"
PAGE = 100
QEMU_TIMEOUT = 300
# One timer tick is 40 ns of QEMU's virtual clock: 25 MHz. Under
# -icount shift=0 a nanosecond is one instruction.
INSTRUCTIONS_PER_TICK = 40


def escape(value):
    """The firmware's escaping: printable ASCII as is, except ',', '\\' and
    '~'; those and anything else \\xNN."""
    out = []
    for b in value.encode("utf-8"):
        if b < 0x20 or b >= 0x7F or b in (0x2C, 0x5C, 0x7E):
            out.append(f"\\x{b:02x}")
        else:
            out.append(chr(b))
    return "".join(out)


def expected_line(user):
    def text(name):
        value = user.get(name)
        return "~" if value is None else escape(value)

    def flag(name):
        value = user.get(name)
        return "~" if value is None else ("true" if value else "false")

    status = user.get("status")
    groups = ",".join(escape(g) for g in user.get("securityGroups") or [])
    return "\t".join(["user", text("userId"), text("username"), text("firstName"),
                      text("lastName"), "~" if status is None else str(status),
                      flag("isAdmin"), flag("suspended"), groups])


class Board:
    """The firmware on QEMU, in the namespace, attached to the TAP device."""

    def __init__(self, ns, qemu, firmware, workdir):
        self.ns = ns
        self.qemu = qemu
        self.firmware = firmware
        self.workdir = workdir
        self.cred = os.path.join(workdir, "credentials")
        with open(self.cred, "w") as handle:
            handle.write(f"{DEFAULT_ACCESS_KEY_ID}\n{DEFAULT_SECRET_ACCESS_KEY}\n")

    def run(self, standin, ca, icount=False, arena=None, listings=None):
        args = [f"ip={BOARD_ADDR}", "mask=255.255.255.0", f"url=https://{HOST_ADDR}:{standin.port}",
                f"region={REGION}", f"network={NETWORK_ID}", f"page={PAGE}", f"ca={ca}",
                f"cred={self.cred}"] + ([f"arena={arena}"] if arena is not None else []) \
            + ([f"listings={listings}"] if listings is not None else [])
        # Semihosting output to its own file: QEMU's own warnings stay on stderr.
        console = os.path.join(self.workdir, "console")
        argv = [self.qemu, "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-serial", "none", "-chardev", f"file,id=console,path={console}",
                "-semihosting-config", "enable=on,target=native,chardev=console",
                "-nic", f"tap,ifname={TAP},script=no,downscript=no",
                "-kernel", self.firmware, "-append", " ".join(args)]
        if icount:
            argv[1:1] = ["-icount", "shift=0"]
        started = time.monotonic()
        proc = subprocess.run(self.ns.exec_argv(argv), capture_output=True,
                              timeout=QEMU_TIMEOUT)
        with open(console, "rb") as handle:
            out = handle.read().decode("utf-8", errors="replace")
        return proc.returncode, out, proc.stderr.decode(errors="replace"), \
            time.monotonic() - started


def parse(out):
    """Users, the last listing's counters, the error lines, the measurements."""
    users, listed, error, measures = [], None, None, {}
    for line in out.splitlines():
        kind = line.split("\t", 1)[0]
        if kind == "user":
            users.append(line)
        elif kind == "listed":
            f = line.split("\t")[1:]
            listed = {f[i]: int(f[i + 1]) for i in range(0, len(f), 2)}
            measures.setdefault("listed", []).append(listed)
        elif kind == "error":
            error = line if error is None else error + "\n" + line
        elif kind == "measure":
            f = line.split("\t")[1:]
            measures.setdefault(f[0], []).append(f[1:])
    return users, listed, error, measures


def check_exact(users, expected):
    expect(len(users) == len(expected), f"{len(users)} users listed, {len(expected)} expected")
    for i, (got, want) in enumerate(zip(users, expected)):
        expect(got == want, f"user {i}:\n  got  {got!r}\n  want {want!r}")


def checks(ns, board, workdir, report):
    expected = [expected_line(u) for u in generate_users(NETWORK_ID, USER_COUNT)]
    pages = -(-USER_COUNT // PAGE)
    state = {}

    def standin(name, extra=(), certificates=make_certificates):
        if name not in state:
            path = os.path.join(workdir, name)
            os.makedirs(path)
            state[name] = Standin(ns, path, extra, certificates)
        return state[name]

    def rsa_chain():
        # AWS's shape: RSA-2048, an intermediate CA, ECDHE-RSA.
        server = standin("rsa", certificates=lambda d: make_certificates(d, rsa=True))
        code, out, err, _ = board.run(server, server.ca, icount=True)
        users, listed, error, measures = parse(out)
        expect(code == 0, f"exit {code}: {error or err.strip()[-800:]}")
        check_exact(users, expected)
        expect(listed["connections"] == 1, f"counters {listed}")
        rsa = measurements(measures, 0)
        report["rsa_chain"] = {"full_handshake": rsa["instructions"]["full_handshake"],
                               "arena_peak": rsa["ram"]["arena_peak"]}

    def certificate_for_another_address():
        # Signed by the CA the firmware trusts, for 192.0.2.3: the chain
        # verifies, the address does not.
        server = standin("elsewhere",
                         certificates=lambda d: make_certificates(d, address="192.0.2.3"))
        code, out, err, _ = board.run(server, server.ca)
        users, listed, error, _ = parse(out)
        expect(code == 1 and not users and listed is None, f"exit {code}, {len(users)} users")
        expect(error is not None and "WK_ERR_TLS_VERIFY" in error, f"error line {error!r}")
        expect(not server.requests(), "a request reached the server")

    def whole_network():
        server = standin("plain")
        code, out, err, took = board.run(server, server.ca, icount=True)
        users, listed, error, measures = parse(out)
        expect(code == 0, f"exit {code}: {error or err.strip()[-800:]}")
        check_exact(users, expected)
        expect(listed == {"users": USER_COUNT, "pages": pages, "requests": pages,
                          "connections": 1, "retries": 0}, f"counters {listed}")
        logged = server.requests()
        expect(len(logged) == pages and all(r["status"] == 200 for r in logged),
               f"{len(logged)} requests logged, {pages} expected")
        connections = [e for e in server.events() if e.get("event") == "connection"]
        expect(len(connections) == 1, f"{len(connections)} TCP connections, 1 expected")
        report.update(measurements(measures, took))

    def second_listing_resumes():
        # Two listings, each on a new client and connection; the firmware
        # keeps the TLS session between them.
        server = standin("resume")
        code, out, err, _ = board.run(server, server.ca, icount=True, listings=2)
        users, _, error, measures = parse(out)
        expect(code == 0, f"exit {code}: {error or err.strip()[-800:]}")
        check_exact(users[:len(expected)], expected)
        check_exact(users[len(expected):], expected)
        one = {"users": USER_COUNT, "pages": pages, "requests": pages, "connections": 1,
               "retries": 0}
        expect(measures.get("listed") == [one, one], f"counters {measures.get('listed')}")
        opens = measures.get("open", [])
        expect([(s, kind) for s, _, kind in opens] == [("WK_OK", "full"), ("WK_OK", "resumed")],
               f"the firmware's handshakes: {opens}")
        reused = [e.get("session_reused") for e in server.events()
                  if e.get("event") == "connection"]
        expect(reused == [False, True], f"the stand-in's connections, session_reused: {reused}")
        full, resumed = (int(t) * INSTRUCTIONS_PER_TICK for _, t, _ in opens)
        report["resumption"] = {"full_handshake": full, "resumed_handshake": resumed}

    def smallest_arena():
        # The arena's high-water mark, rounded up to 256 bytes, must list
        # everything; below it the listing must fail cleanly (no fault).
        server = standin("plain")
        peak = report["ram"]["arena_peak"]
        size = -(-peak // 256) * 256
        smallest = None
        while size > 0:
            code, out, err, _ = board.run(server, server.ca, arena=size)
            users, listed, error, _ = parse(out)
            if code != 0:
                expect(code == 1 and error is not None,
                       f"arena {size}: exit {code}, not a clean failure: {err.strip()[-500:]}")
                break
            check_exact(users, expected)
            smallest = size
            size -= 256
        expect(smallest is not None, f"no listing with the arena at its peak ({peak} bytes)")
        report["ram"]["arena_smallest_passing"] = smallest

    def arena_too_small_to_start():
        server = standin("plain")
        before = len(server.events())
        code, out, err, _ = board.run(server, server.ca, arena=0)
        _, _, error, _ = parse(out)
        expect(code == 2 and error is not None and "arena=" in error,
               f"exit {code}: {error or err.strip()[-500:]}")
        expect(len(server.events()) == before, "the stand-in was contacted")

    def reset_mid_body():
        # Every second request: part of the body, then a TCP reset.
        server = standin("reset", ["--fault", "reset", "--fault-every", "2",
                                   "--fault-burst", "1"])
        code, out, err, _ = board.run(server, server.ca)
        users, listed, error, _ = parse(out)
        expect(code == 0, f"exit {code}: {error or err.strip()[-800:]}")
        check_exact(users, expected)
        faults = [r for r in server.requests() if r.get("fault") == "reset"]
        expect(len(faults) >= 1, "the stand-in reset no connection")
        expect(listed["retries"] == len(faults) and listed["users"] == USER_COUNT,
               f"counters {listed}, {len(faults)} resets")

    def untrusted_certificate():
        server = standin("plain")
        other = os.path.join(workdir, "other-ca")
        make_certificates(other)
        before = len(server.requests())
        code, out, err, _ = board.run(server, os.path.join(other, "ca.pem"))
        users, listed, error, _ = parse(out)
        expect(code == 1 and not users and listed is None, f"exit {code}, {len(users)} users")
        expect(error is not None and "WK_ERR_TLS_VERIFY" in error, f"error line {error!r}")
        expect(len(server.requests()) == before, "a request reached the server")

    def cleanup():
        for server in state.values():
            server.stop()

    return [
        ("firmware lists 250 users in 3 pages on one kept-alive TLS connection, exactly",
         whole_network),
        ("firmware's second listing resumes the TLS session, exactly", second_listing_resumes),
        ("firmware lists with the smallest TLS arena found, fails cleanly below it",
         smallest_arena),
        ("firmware refuses an arena it cannot start with, before any traffic",
         arena_too_small_to_start),
        ("firmware retries a connection reset mid-body, still exact", reset_mid_body),
        ("firmware refuses a server certificate its trust anchor did not sign",
         untrusted_certificate),
        ("firmware refuses a trusted certificate for another address",
         certificate_for_another_address),
        ("firmware lists over an RSA-2048 chain with an intermediate CA, exactly", rsa_chain),
    ], cleanup


def measurements(measures, took):
    """The firmware's own figures, as scripts/footprint publishes them."""
    def one(name):
        return int(measures[name][0][0])

    opens = [(s, int(t) * INSTRUCTIONS_PER_TICK) for s, t, _ in measures.get("open", [])]
    pages = [(int(u), int(t) * INSTRUCTIONS_PER_TICK) for u, t in measures.get("page", [])]
    full_pages = [t for u, t in pages[1:] if u == PAGE]  # the first includes the handshake
    pools = [{"index": int(i), "size": int(s), "count": int(n), "peak": int(m)}
             for i, s, n, m in measures.get("pool", [])]
    return {
        "seconds": round(took, 1),
        "instructions": {
            "full_handshake": opens[0][1] if opens else None,
            "sign_request": one("sign") * INSTRUCTIONS_PER_TICK,
            "page_of_100": min(full_pages) if full_pages else None,
            "per_user": (min(full_pages) // PAGE) if full_pages else None,
        },
        "ram": {
            "arena_size": one("arena_size"),
            "arena_peak": one("arena_peak"),
            "stack_peak": one("stack_peak"),
            "client_size": one("client_size"),
            "tls_connector_size": one("tls_connector_size"),
            "lwip_heap_size": one("lwip_heap_size"),
            "lwip_heap_peak": one("lwip_heap_peak"),
            "lwip_pools": pools,
        },
        "frames": {"rx": one("rx_frames"), "rx_dropped": one("rx_dropped"),
                   "tx": one("tx_frames")},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firmware", required=True, help="wk-firmware.elf")
    parser.add_argument("--qemu", default="qemu-system-arm")
    parser.add_argument("--report", help="write the firmware's measurements here (JSON)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    status = may_run()
    if status is not None:
        return status
    report = {}

    def body(ns, workdir):
        # The board's Ethernet takes full frames (the lwIP TAP test's 576
        # is for Debian's liblwip, not this lwIP).
        ns.ip("link", "set", TAP, "mtu", "1500")
        board = Board(ns, args.qemu, args.firmware, workdir)
        tests, cleanup = checks(ns, board, workdir, report)
        try:
            return run_checks(tests, args.verbose)
        finally:
            cleanup()
    passed, failed = in_namespace("wk-firmware-", body)
    if args.report and report:
        with open(args.report, "w") as handle:
            json.dump(report, handle, indent=1)
        print(f"measurements: {json.dumps(report)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
