#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""wickr-list-users-lwip end to end: lwIP in user space on a TAP device.

    test_lwip_tap.py --program PATH --cli PATH [--valgrind] [-v]

Creates a network namespace with a TAP device (192.0.2.1/24 on the kernel
side), starts the stand-in server inside it on 192.0.2.1, and runs the lwIP
program there as 192.0.2.2, attached to the TAP device.  All traffic stays
in that namespace: it has no other interface than the TAP device and its
own loopback, and it is removed at the end, also after a failure.

Checks: the whole network, paged, equals the stand-in's generated users;
the output is byte for byte what the Linux CLI (kernel sockets, same
namespace) writes; the bytes went through the TAP device; certificate
verification, a refused port, a host name without DNS and a missing TAP
device each fail the way they should.  Started with standard output closed
the program refuses to run and puts nothing on the link; with standard
error closed, --debug lines go nowhere, not into the TAP device (every frame
on it is captured), and the server receives only TLS records.

Exit status: 0 all passed, 1 a failure, 77 skipped (only when /dev/net/tun
does not exist; the reason is printed).
"""

import argparse
import datetime
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "..", "standin", "wickr_standin.py")
sys.path.insert(0, os.path.join(HERE, "..", "standin"))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

# Data only: the users the stand-in serves and its default credentials.
from wickr_standin import (DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY,  # noqa: E402
                           USER_FIELDS, generate_users, read_json_lines, stop_process,
                           wait_for_port)
# What only TLS records look like, and what must not travel in clear.
from test_std_fds import PLAINTEXT, Recordings  # noqa: E402

PYTHON = "/usr/bin/python3"
SKIP = 77
NETWORK_ID = "12345678"
USER_COUNT = 250
REGION = "us-east-1"
TAP = "wktap0"
# TEST-NET-1 (RFC 5737): documentation addresses, used only inside the namespace.
HOST_ADDR = "192.0.2.1"
LWIP_ADDR = "192.0.2.2"
PREFIX = 24
# Debian 12's liblwip overruns its receive buffers on frames above 592 bytes;
# the program refuses a larger MTU (checked below), so the link uses 576.
MTU = 576
NS_PREFIX = "wk-lwip-"
RUN_TIMEOUT = 120


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def run(argv, check=True, closed=None, **kw):
    """Run argv; `closed` names a standard descriptor (1 or 2) to start it without."""
    if closed is not None:
        kw.update(preexec_fn=lambda: os.close(closed),
                  stdout=None if closed == 1 else subprocess.PIPE,
                  stderr=None if closed == 2 else subprocess.PIPE)
    else:
        kw["capture_output"] = True
    proc = subprocess.run(argv, timeout=RUN_TIMEOUT, **kw)
    if check and proc.returncode != 0:
        raise Failure(f"{' '.join(argv)}: exit {proc.returncode}: "
                      f"{proc.stderr.decode(errors='replace').strip()}")
    return proc


# --------------------------------------------------------------------------
# Namespace and TAP device
# --------------------------------------------------------------------------

def remove_stale_namespaces():
    """Namespaces an earlier run of this test left behind when it was killed."""
    listing = run(["ip", "netns", "list"]).stdout.decode()
    for name in re.findall(rf"^({NS_PREFIX}(\d+))\b", listing, re.M):
        if not os.path.exists(f"/proc/{name[1]}"):
            run(["ip", "netns", "del", name[0]], check=False)


class Namespace:
    def __init__(self):
        self.name = f"{NS_PREFIX}{os.getpid()}"

    def __enter__(self):
        run(["ip", "netns", "add", self.name])
        try:
            self.ip("link", "set", "lo", "up")
            self.ip("tuntap", "add", "dev", TAP, "mode", "tap")
            self.ip("addr", "add", f"{HOST_ADDR}/{PREFIX}", "dev", TAP)
            self.ip("link", "set", TAP, "mtu", str(MTU), "up")
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc):
        self.remove()

    def remove(self):
        run(["ip", "netns", "del", self.name], check=False)

    def ip(self, *args):
        return run(["ip", "-n", self.name] + list(args))

    def exec_argv(self, argv):
        return ["ip", "netns", "exec", self.name] + list(argv)

    def tap_bytes(self):
        """(bytes the kernel received from lwIP, bytes it sent to lwIP) on the TAP device."""
        info = json.loads(self.ip("-s", "-j", "link", "show", "dev", TAP).stdout)[0]
        return info["stats64"]["rx"]["bytes"], info["stats64"]["tx"]["bytes"]

    def devices(self):
        return [d["ifname"] for d in json.loads(self.ip("-j", "link", "show").stdout)]


# Every frame on the TAP device, in both directions, as 4-byte length + frame.
CAPTURE = r'''
import signal, socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))  # ETH_P_ALL
s.bind((sys.argv[1], 0))
s.settimeout(0.1)
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
print("ready", flush=True)
with open(sys.argv[2], "wb") as out:
    while not stop:
        try:
            frame = s.recv(65536)
        except socket.timeout:
            continue
        out.write(len(frame).to_bytes(4, "big") + frame)
'''


class Capture:
    """Frames on the TAP device while the block runs (inside the namespace)."""

    def __init__(self, ns, path):
        self.ns = ns
        self.path = path
        self.frames = []

    def __enter__(self):
        self.proc = subprocess.Popen(self.ns.exec_argv([PYTHON, "-c", CAPTURE, TAP, self.path]),
                                     stdout=subprocess.PIPE)
        expect(self.proc.stdout.readline().strip() == b"ready", "capture did not start")
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        with open(self.path, "rb") as handle:
            data = handle.read()
        while data:
            n = int.from_bytes(data[:4], "big")
            self.frames.append(data[4:4 + n])
            data = data[4 + n:]


# --------------------------------------------------------------------------
# Certificates for 192.0.2.1 (the stand-in's own cover 127.0.0.1 only)
# --------------------------------------------------------------------------

def make_certificates(cert_dir, address=HOST_ADDR, rsa=False):
    """ca.pem, server.pem and server.key for a server at `address` (an IP
    SAN only). P-256 and no intermediate by default; with `rsa`, RSA-2048
    with an intermediate CA, the shape of AWS's chains (server.pem then
    holds the server's certificate and the intermediate's)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric import rsa as rsa_keys
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def new_key():
        if rsa:
            return rsa_keys.generate_private_key(public_exponent=65537, key_size=2048)
        return ec.generate_private_key(ec.SECP256R1())

    def name(text):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    def issue(subject, key, issuer, issuer_key, ca, path_length=None, san=None):
        builder = (x509.CertificateBuilder()
                   .subject_name(subject).issuer_name(issuer)
                   .public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length),
                                  critical=True))
        if san is not None:
            # IP SAN only: the TLS port's own IP SAN check is exercised too.
            builder = (builder
                       .add_extension(x509.SubjectAlternativeName(
                           [x509.IPAddress(ipaddress.ip_address(san))]), critical=False)
                       .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                                      critical=False))
        return builder.sign(issuer_key, hashes.SHA256())

    os.makedirs(cert_dir)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = new_key()
    ca_name = name("wickr-lite lwIP test CA")
    ca_cert = issue(ca_name, ca_key, ca_name, ca_key, True, path_length=1 if rsa else 0)
    chain = []
    issuer_name, issuer_key = ca_name, ca_key
    if rsa:
        mid_key = new_key()
        mid_name = name("wickr-lite lwIP test intermediate CA")
        chain.append(issue(mid_name, mid_key, ca_name, ca_key, True, path_length=0))
        issuer_name, issuer_key = mid_name, mid_key
    key = new_key()
    cert = issue(name("lwip test server"), key, issuer_name, issuer_key, False, san=address)
    pem = serialization.Encoding.PEM
    for file_name, data in (("ca.pem", ca_cert.public_bytes(pem)),
                            ("server.pem", b"".join(c.public_bytes(pem) for c in [cert] + chain)),
                            ("server.key", key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption()))):
        with open(os.path.join(cert_dir, file_name), "wb") as handle:
            handle.write(data)


# --------------------------------------------------------------------------
# The stand-in, inside the namespace
# --------------------------------------------------------------------------

class Standin:
    def __init__(self, ns, workdir, extra=(), certificates=make_certificates):
        self.dir = os.path.join(workdir, "standin")
        os.makedirs(self.dir)
        self.recordings = Recordings(os.path.join(workdir, "recordings"))
        os.makedirs(self.recordings.dir)
        self.cert_dir = os.path.join(workdir, "certs")
        certificates(self.cert_dir)
        self.log = os.path.join(self.dir, "requests.log")
        port_file = os.path.join(self.dir, "port")
        self.stderr = open(os.path.join(self.dir, "stderr"), "wb")
        self.proc = subprocess.Popen(ns.exec_argv([
            PYTHON, STANDIN, "--bind", HOST_ADDR, "--netns", ns.name, "--port", "0",
            "--port-file", port_file, "--cert-dir", self.cert_dir, "--network-id", NETWORK_ID,
            "--users", str(USER_COUNT), "--region", REGION, "--log", self.log,
            "--record-dir", self.recordings.dir] + list(extra)),
            stdout=subprocess.DEVNULL, stderr=self.stderr)
        self.port = wait_for_port(self.proc, port_file)
        if self.port is None:
            self.stop()
            raise Failure(f"stand-in did not start: {self.read_stderr()}")

    def stop(self):
        stop_process(self.proc)
        self.stderr.close()

    def read_stderr(self):
        with open(self.stderr.name, "rb") as handle:
            return handle.read().decode(errors="replace")[-2000:]

    @property
    def ca(self):
        return os.path.join(self.cert_dir, "ca.pem")

    def url(self, host=HOST_ADDR, port=None):
        return f"https://{host}:{port or self.port}"

    def events(self):
        return read_json_lines(self.log)

    def requests(self):
        return [e for e in self.events() if "method" in e]


# --------------------------------------------------------------------------
# Running the two programs
# --------------------------------------------------------------------------

class Programs:
    def __init__(self, ns, standin, workdir, lwip_path, cli_path):
        self.ns = ns
        self.standin = standin
        self.lwip_path = lwip_path
        self.cli_path = cli_path
        self.home = os.path.join(workdir, "home")
        os.makedirs(self.home)
        self.outputs = []

    def env(self, tapif=True):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": self.home, "LANG": "C.UTF-8",
               "AWS_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY_ID,
               "AWS_SECRET_ACCESS_KEY": DEFAULT_SECRET_ACCESS_KEY}
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        if tapif:
            env["PRECONFIGURED_TAPIF"] = TAP
        return env

    def run(self, which, args, endpoint=None, ca=None, tapif=True, wrapper=(), closed=None):
        path = self.lwip_path if which == "lwip" else self.cli_path
        argv = list(wrapper) + [path]
        if which == "lwip":
            argv += ["--lwip-address", LWIP_ADDR, "--lwip-netmask", "255.255.255.0"]
        argv += ["--endpoint-url", endpoint or self.standin.url(), "--ca-bundle",
                 ca or self.standin.ca, "--region", REGION, "--network-id", NETWORK_ID]
        argv += list(args)
        proc = run(self.ns.exec_argv(argv), check=False, env=self.env(tapif), closed=closed)
        out = proc.stdout or b""
        err = proc.stderr or b""
        self.outputs.append(out + err)
        return proc.returncode, out, err.decode(errors="replace")


def model_order(user):
    return {name: user[name] for name in USER_FIELDS if name in user}


def strict_equal(left, right, where="$"):
    """Deep equality that also insists on identical JSON types (True is not 1)."""
    expect(type(left) is type(right), f"{where}: {type(left).__name__} vs {type(right).__name__}")
    if isinstance(left, dict):
        expect(list(left) == list(right), f"{where}: keys {list(left)} != {list(right)}")
        for key in left:
            strict_equal(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        expect(len(left) == len(right), f"{where}: length {len(left)} != {len(right)}")
        for i, (a, b) in enumerate(zip(left, right)):
            strict_equal(a, b, f"{where}[{i}]")
    else:
        expect(left == right, f"{where}: {left!r} != {right!r}")


def checks(progs, ns, standin, valgrind):
    users = [model_order(u) for u in generate_users(NETWORK_ID, USER_COUNT)]
    page = 7
    listing = ["--all", "--sort-direction", "ASC", "--max-results", str(page)]

    def whole_network():
        before_log = len(standin.requests())
        rx0, tx0 = ns.tap_bytes()
        code, out, err = progs.run("lwip", listing)
        rx1, tx1 = ns.tap_bytes()
        expect(code == 0, f"exit {code}: {err.strip()[:800]}")
        doc = json.loads(out.decode("utf-8"))
        # Stored order (ASC without sortFields), every user, every field, in model order.
        strict_equal(doc, {"users": users})
        pages = -(-USER_COUNT // page)
        logged = standin.requests()[before_log:]
        expect(len(logged) == pages and all(r["status"] == 200 for r in logged),
               f"{len(logged)} requests logged, {pages} pages expected: " +
               "\n".join(f"{r['status']} {r['query']}" for r in logged))
        # The bytes crossed the TAP device, i.e. lwIP's stack, in both directions:
        # at least the users' JSON towards lwIP, at least the requests from it.
        floor = len(json.dumps(users, separators=(",", ":"), ensure_ascii=False).encode())
        expect(tx1 - tx0 >= floor, f"TAP carried {tx1 - tx0} bytes to lwIP, < {floor}")
        expect(rx1 - rx0 >= pages * 200, f"TAP carried {rx1 - rx0} bytes from lwIP")
        return out

    def same_as_cli(args):
        def check():
            code_l, out_l, err_l = progs.run("lwip", args)
            code_c, out_c, err_c = progs.run("cli", args)
            expect(code_c == 0, f"CLI exit {code_c}: {err_c.strip()[:500]}")
            expect(code_l == 0, f"lwIP exit {code_l}: {err_l.strip()[:500]}")
            expect(out_l == out_c, f"outputs differ:\nlwIP: {out_l[:300]!r}\nCLI:  {out_c[:300]!r}")
            return out_l
        return check

    def valgrind_clean():
        # ASan cannot see into liblwip (not instrumented); valgrind can.
        code, out, err = progs.run("lwip", listing, wrapper=[
            "valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite"])
        expect(code == 0, f"exit {code}: {err.strip()[-1500:]}")
        strict_equal(json.loads(out.decode("utf-8")), {"users": users})

    def untrusted_ca():
        before = len(standin.requests())
        code, out, err = progs.run("lwip", ["--all"], ca="/etc/ssl/certs/ca-certificates.crt")
        expect(code == 4 and out == b"", f"exit {code}, {len(out)} bytes out")
        expect("WK_ERR_TLS_VERIFY" in err and "rejected" in err, err.strip()[:500])
        expect(len(standin.requests()) == before, "a request got through")

    def silent_server():
        # Accepts (in the kernel's backlog) and never answers: without a working
        # SO_RCVTIMEO the handshake would wait forever.
        silent = subprocess.Popen(ns.exec_argv([PYTHON, "-c", (
            "import socket, sys, time\n"
            "s = socket.socket(); s.bind((sys.argv[1], 8443)); s.listen(8)\n"
            "print('ready', flush=True); time.sleep(600)"), HOST_ADDR]),
            stdout=subprocess.PIPE)
        try:
            expect(silent.stdout.readline().strip() == b"ready", "silent server did not start")
            started = time.monotonic()
            code, out, err = progs.run("lwip", ["--connect-timeout", "1"],
                                       endpoint=standin.url(port=8443))
            elapsed = time.monotonic() - started
        finally:
            silent.kill()
            silent.wait()
        expect(code == 4 and out == b"", f"exit {code}")
        expect("WK_ERR_TIMEOUT" in err and "timed out" in err, err.strip()[:500])
        expect(elapsed < 60, f"took {elapsed:.1f} s")

    def refused_port():
        code, out, err = progs.run("lwip", [], endpoint=standin.url(port=1))
        expect(code == 4 and out == b"", f"exit {code}")
        expect("WK_ERR_CONNECT" in err and "refused or reset" in err, err.strip()[:500])

    def name_without_dns():
        code, out, err = progs.run("lwip", [], endpoint=standin.url(host="localhost"))
        expect(code == 4 and out == b"", f"exit {code}")
        expect("WK_ERR_DNS" in err and "no DNS" in err, err.strip()[:500])

    def no_tap_device_named():
        code, out, err = progs.run("lwip", [], tapif=False)
        expect(code == 2 and out == b"", f"exit {code}")
        expect("PRECONFIGURED_TAPIF" in err, err.strip()[:500])
        expect(sorted(ns.devices()) == sorted(["lo", TAP]), f"devices now {ns.devices()}")

    def refuses_large_mtu():
        ns.ip("link", "set", TAP, "mtu", "1500")
        try:
            code, out, err = progs.run("lwip", [])
        finally:
            ns.ip("link", "set", TAP, "mtu", str(MTU))
        expect(code == 2 and out == b"", f"exit {code}")
        expect("has MTU 1500" in err, err.strip()[:500])

    def stdout_closed():
        rx0, _ = ns.tap_bytes()
        before = len(standin.events())
        code, _, err = progs.run("lwip", listing, closed=1)
        expect(code == 2 and "standard output is closed" in err, f"exit {code}: {err[:500]}")
        expect(ns.tap_bytes()[0] == rx0, "lwIP put frames on the TAP device")
        expect(len(standin.events()) == before, "the stand-in was contacted")

    def stderr_closed_debug():
        standin.recordings.new()
        with Capture(ns, os.path.join(progs.home, "frames")) as capture:
            code, out, _ = progs.run("lwip", listing + ["--debug"], closed=2)
        expect(code == 0, f"exit {code}")
        strict_equal(json.loads(out.decode("utf-8")), {"users": users})
        standin.recordings.expect_only_tls(1)
        expect(len(capture.frames) > 2 * -(-USER_COUNT // page), f"{len(capture.frames)} frames")
        for frame in capture.frames:
            for needle in PLAINTEXT:
                expect(needle not in frame, f"{needle!r} in clear in a frame on the TAP device")

    def no_secret_in_output():
        for text in progs.outputs:
            expect(DEFAULT_SECRET_ACCESS_KEY.encode() not in text, "secret key in output")

    return [
        ("lwIP lists the whole network, paged, exactly (json)", whole_network),
        ("lwIP json --all equals the CLI's", same_as_cli(listing)),
        ("lwIP ndjson page with nextToken equals the CLI's",
         same_as_cli(["--no-paginate", "--output", "ndjson", "--max-results", "25"])),
        ("lwIP table page equals the CLI's", same_as_cli(["--no-paginate", "--output", "table"])),
        ("lwIP refuses a server its CA bundle does not trust", untrusted_ca),
        *([("lwIP listing is clean under valgrind", valgrind_clean)] if valgrind else []),
        ("lwIP times out on a silent server (SO_RCVTIMEO)", silent_server),
        ("lwIP reports a refused port", refused_port),
        ("lwIP without DNS refuses a host name", name_without_dns),
        ("lwIP needs PRECONFIGURED_TAPIF and creates no device", no_tap_device_named),
        ("lwIP refuses a TAP MTU its receive buffers cannot take", refuses_large_mtu),
        ("lwIP with stdout closed refuses to run, nothing on the link", stdout_closed),
        ("lwIP with stderr closed: --debug goes nowhere, only TLS on the link",
         stderr_closed_debug),
        ("no secret in any output", no_secret_in_output),
    ]


def may_run():
    """None when the test can run here; else its exit status, said why."""
    if not os.path.exists("/dev/net/tun"):
        print("SKIP: /dev/net/tun does not exist (no TUN/TAP in this kernel or container), "
              "so no TAP device can be made")
        return SKIP
    if os.geteuid() != 0:
        print("FAIL: needs root (CAP_NET_ADMIN) to create a network namespace and a TAP device")
        return 1
    return None


def run_checks(named_checks, verbose):
    """Runs each (name, function), going on after a failure; returns (passed, failed)."""
    passed = failed = 0
    for name, func in named_checks:
        started = time.monotonic()
        try:
            func()
            passed += 1
            print(f"PASS {name} ({time.monotonic() - started:.2f} s)")
        except Exception as error:  # noqa: BLE001 - report and go on
            failed += 1
            print(f"FAIL {name}: {error}")
            if verbose or not isinstance(error, Failure):
                traceback.print_exc()
    return passed, failed


def in_namespace(prefix, body):
    """body(ns, workdir) -> (passed, failed), run in a fresh network namespace
    and temporary directory. A setup Failure counts as a failure, and so does
    a namespace left behind. Returns (passed, failed)."""
    remove_stale_namespaces()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix=prefix) as workdir:
        try:
            with Namespace() as ns:
                passed, failed = body(ns, workdir)
        except Failure as error:
            print(f"FAIL setup: {error}")
            failed += 1
    # The namespace must be gone whatever happened above.
    if Namespace().name in run(["ip", "netns", "list"]).stdout.decode():
        print("FAIL the test namespace was not removed")
        failed += 1
    return passed, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", required=True, help="wickr-list-users-lwip")
    parser.add_argument("--cli", required=True, help="wickr-list-users")
    parser.add_argument("--valgrind", action="store_true",
                        help="also run one listing under valgrind (not with sanitizers)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    status = may_run()
    if status is not None:
        return status

    def body(ns, workdir):
        standin = Standin(ns, workdir)
        result = (0, 0)
        try:
            progs = Programs(ns, standin, workdir, args.program, args.cli)
            result = run_checks(checks(progs, ns, standin, args.valgrind), args.verbose)
        finally:
            standin.stop()
            stderr = standin.read_stderr().strip()
            if stderr and (result[1] or args.verbose):
                print(f"stand-in stderr:\n{stderr}")
        return result
    passed, failed = in_namespace("wk-lwip-", body)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
