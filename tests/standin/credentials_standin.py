#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Local stand-ins for the providers of temporary AWS credentials.

One server per run, on loopback only, of one kind:

* ``iot``: the AWS IoT credentials provider. HTTPS with mutual TLS: the
  client must present a certificate issued by the test device CA
  (``--cert-dir``/device-ca.pem; device.pem and device.key are made for the
  client, and rogue.pem/rogue.key from another CA, which is refused in the
  handshake). ``GET /role-aliases/{alias}/credentials`` with
  ``x-amzn-iot-thingname`` answers
  ``{"credentials": {"accessKeyId", "secretAccessKey", "sessionToken", "expiration"}}``.
* ``container``: the ECS/EKS container credentials endpoint, plain HTTP:
  ``GET --path`` (with ``Authorization: --auth-token`` when given) answers
  ``{"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn"}``.
* ``imds``: EC2 instance metadata, IMDSv2 only: ``PUT /latest/api/token``
  with ``X-aws-ec2-metadata-token-ttl-seconds``, then with the token
  ``GET /latest/meta-data/iam/security-credentials/`` (the role name) and
  ``.../{role}`` (the credentials, with ``"Code": "Success"``).

Each answer hands out new keys that expire ``--lifetime`` seconds later and
appends them (one JSON line) to ``--credentials-file``, which the Wickr
stand-in (``wickr_standin.py --credentials-file``) reads to accept requests
signed with them while they are unexpired. ``--log`` gets one JSON line per
request, so tests count how often the provider was asked. ``--stall`` accepts
connections and never answers (a provider that hangs).

``--document MODE`` spoils the credentials document (IMDS: its last answer;
the token and the role name stay good), so that clients are tested against
each way a provider can fail them: ``missing-key``, ``missing-secret``,
``missing-token``, ``missing-expiration`` (that field left out),
``bad-expiration`` (not a time), ``expired`` (a minute ago), ``long-key``,
``long-secret``, ``long-token`` (longer than any client keeps: 200, 200 and
5000 bytes), ``not-json`` (the keys as ``name=value`` lines), ``status-500``
(an error, no keys), ``truncated`` (half the body, then the connection
closes), ``drip`` (the body a byte every half second: each read is quick,
the answer never done), ``imds-code`` (IMDS: ``"Code": "AssumeRoleUnauthorizedAccess"``),
``imds-no-role`` (IMDS: no role to list, HTTP 404, as on an instance
without an instance profile).
The default, ``good``, answers as AWS does. ``--document-file FILE`` reads
the mode from FILE at each request (a missing or empty file is ``good``), so
that one stand-in serves every case.
"""

import argparse
import datetime
import ipaddress
import json
import os
import re
import secrets
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wickr_standin import _write_atomically, serve, server_tls_context  # noqa: E402

ROLE_NAME = "wickr-standin-role"
EXPIRATION_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_IOT_PATH = re.compile(r"^/role-aliases/([\w=,@-]+)/credentials$")
# --document's modes (see above); the fields that some leave out or lengthen.
DOCUMENT_MODES = ("good", "missing-key", "missing-secret", "missing-token", "missing-expiration",
                  "bad-expiration", "expired", "long-key", "long-secret", "long-token", "not-json",
                  "status-500", "truncated", "drip", "imds-code", "imds-no-role")
_MISSING = {"missing-key": "AccessKeyId", "missing-secret": "SecretAccessKey",
            "missing-token": "Token", "missing-expiration": "Expiration"}
_LONGER = {"long-key": ("AccessKeyId", "A" * 200), "long-secret": ("SecretAccessKey", "s" * 200),
           "long-token": ("Token", "t" * 5000)}
# The AWS IoT document's names for the AWS field names.
IOT_NAMES = {"AccessKeyId": "accessKeyId", "SecretAccessKey": "secretAccessKey",
             "Token": "sessionToken", "Expiration": "expiration"}


def ensure_device_certificates(cert_dir):
    """A device CA with one device certificate, and a rogue one from another CA."""
    names = ("device-ca.pem", "device.pem", "device.key", "rogue.pem", "rogue.key")
    paths = {name: os.path.join(cert_dir, name) for name in names}
    if all(os.path.exists(p) for p in paths.values()):
        return paths
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    pem = serialization.Encoding.PEM

    def name(text):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    def issue(subject, key, issuer, issuer_key, is_ca):
        builder = (x509.CertificateBuilder()
                   .subject_name(subject).issuer_name(issuer).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True))
        if not is_ca:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    def key_pem(key):
        return key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    os.makedirs(cert_dir, exist_ok=True)
    ca_key, rogue_ca_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    device_key, rogue_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = issue(name("device test CA"), ca_key, name("device test CA"), ca_key, True)
    device = issue(name("gateway-17"), device_key, ca.subject, ca_key, False)
    rogue = issue(name("gateway-17"), rogue_key, name("rogue CA"), rogue_ca_key, False)
    _write_atomically(paths["device-ca.pem"], ca.public_bytes(pem))
    _write_atomically(paths["device.pem"], device.public_bytes(pem))
    _write_atomically(paths["device.key"], key_pem(device_key))
    _write_atomically(paths["rogue.pem"], rogue.public_bytes(pem))
    _write_atomically(paths["rogue.key"], key_pem(rogue_key))
    return paths


def document_mode(config):
    """The spoiled document to hand out now (--document-file over --document)."""
    if config.document_file:
        try:
            with open(config.document_file, encoding="utf-8") as handle:
                mode = handle.read().strip() or "good"
        except FileNotFoundError:
            mode = "good"
        if mode not in DOCUMENT_MODES:
            raise ValueError("unknown document mode %r in %s" % (mode, config.document_file))
        return mode
    return config.document


def spoil(creds, mode):
    """The credentials document for @p mode; the keys recorded stay as issued,
    so a test can tell whether any of them leaked."""
    doc = dict(creds)
    if mode in _MISSING:
        del doc[_MISSING[mode]]
    elif mode in _LONGER:
        field, more = _LONGER[mode]
        doc[field] += more
    elif mode == "bad-expiration":
        doc["Expiration"] = "2026-13-45T25:61:00Z"
    elif mode == "expired":
        moment = datetime.datetime.utcnow() - datetime.timedelta(seconds=60)
        doc["Expiration"] = moment.strftime(EXPIRATION_FORMAT)
    return doc


def issue_credentials(server):
    """New keys, recorded for the Wickr stand-in; the AWS field names."""
    expiration = (datetime.datetime.utcnow().replace(microsecond=0)
                  + datetime.timedelta(seconds=server.config.lifetime))
    creds = {
        "AccessKeyId": "ASIA" + secrets.token_hex(8).upper(),
        "SecretAccessKey": secrets.token_urlsafe(30),
        "Token": "IQoJ" + secrets.token_urlsafe(300),
        "Expiration": expiration.strftime(EXPIRATION_FORMAT),
    }
    if server.config.credentials_file:
        with server.lock, open(server.config.credentials_file, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(creds) + "\n")
    return creds


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, body, content_type="application/json", mode=None):
        data = body.encode("utf-8")
        # Logged before the answer: once a client has it, its request is in
        # the log, in the order the client made them.
        entry = {"kind": self.server.config.kind, "method": self.command, "path": self.path,
                 "status": status}
        if mode is not None:
            entry["document"] = mode
        self.server.log_event(entry)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "drip":
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.5)
            return
        if mode == "truncated":
            self.wfile.write(data[:len(data) // 2])
            self.close_connection = True  # the rest never comes
            if isinstance(self.connection, ssl.SSLSocket):
                self.connection.unwrap()  # an orderly TLS close: the body is cut, not the TLS
            return
        self.wfile.write(data)

    def _send_credentials(self, shape):
        """Issue keys and answer with them as @p shape (AWS field names in,
        the provider's document out), spoiled as the document mode says."""
        mode = document_mode(self.server.config)
        if mode == "status-500":
            return self._send(500, json.dumps({"message": "Internal Server Error"}), mode=mode)
        doc = spoil(issue_credentials(self.server), mode)
        if mode == "not-json":
            return self._send(200, "".join("%s=%s\n" % item for item in doc.items()), "text/plain",
                              mode=mode)
        return self._send(200, json.dumps(shape(doc, mode)), mode=mode)

    def do_GET(self):
        getattr(self, "_" + self.server.config.kind)()

    def do_PUT(self):
        self.do_GET()

    def _iot(self):
        match = _IOT_PATH.match(self.path)
        if self.command != "GET" or not match:
            return self._send(404, json.dumps({"message": "Not Found"}))
        if not self.headers.get("x-amzn-iot-thingname"):
            return self._send(400, json.dumps({"message": "Missing thing name"}))
        return self._send_credentials(lambda doc, mode: {"credentials": {
            IOT_NAMES[name]: value for name, value in doc.items()}})

    def _container(self):
        config = self.server.config
        if self.command != "GET" or self.path != config.path:
            return self._send(404, json.dumps({"message": "Not Found"}))
        if config.auth_token is not None and self.headers.get("Authorization") != config.auth_token:
            return self._send(401, json.dumps({"message": "Unauthorized"}))
        return self._send_credentials(lambda doc, mode: dict(
            doc, RoleArn="arn:aws:iam::123456789012:role/" + ROLE_NAME))

    def _imds(self):
        tokens = self.server.imds_tokens
        if self.command == "PUT" and self.path == "/latest/api/token":
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return self._send(400, "", "text/plain")
            token = secrets.token_urlsafe(40)
            tokens[token] = time.monotonic() + int(ttl)
            return self._send(200, token, "text/plain")
        if self.command != "GET":
            return self._send(405, "", "text/plain")
        token = self.headers.get("X-aws-ec2-metadata-token")
        if token is None or tokens.get(token, 0) < time.monotonic():
            return self._send(401, "", "text/plain")  # IMDSv2 only: no token, no answer
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            if document_mode(self.server.config) == "imds-no-role":  # an instance without a role
                return self._send(404, "", "text/plain", mode="imds-no-role")
            return self._send(200, ROLE_NAME, "text/plain")
        if self.path == base + ROLE_NAME:
            now = datetime.datetime.utcnow().strftime(EXPIRATION_FORMAT)
            return self._send_credentials(lambda doc, mode: dict(
                doc, Code="AssumeRoleUnauthorizedAccess" if mode == "imds-code" else "Success",
                LastUpdated=now, Type="AWS-HMAC"))
        return self._send(404, "", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, config, ssl_context):
        super().__init__((config.bind, config.port), Handler)
        self.config = config
        self.ssl_context = ssl_context
        self.lock = threading.Lock()
        self.imds_tokens = {}
        self._log = open(config.log, "a", encoding="utf-8") if config.log else None

    def log_event(self, entry):
        if self._log is not None:
            with self.lock:
                self._log.write(json.dumps(entry) + "\n")
                self._log.flush()

    def finish_request(self, request, client_address):
        if self.config.stall:
            time.sleep(60)  # accept, read nothing, answer nothing
            return
        if self.ssl_context is not None:
            request.settimeout(Handler.timeout)
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as error:
                self.log_event({"event": "tls_handshake_failed", "error": str(error)})
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # a client that went away


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("iot", "container", "imds"))
    parser.add_argument("--bind", default="127.0.0.1", help="loopback address (127.0.0.0/8)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the bound port here once listening")
    parser.add_argument("--cert-dir", help="iot: server and device certificates (made if absent)")
    parser.add_argument("--credentials-file", help="append each set handed out (JSON lines)")
    parser.add_argument("--lifetime", type=int, default=3600, help="seconds the keys live")
    parser.add_argument("--path", default="/v2/credentials/standin", help="container: the URI path")
    parser.add_argument("--auth-token", help="container: the Authorization value required")
    parser.add_argument("--log", help="append one JSON line per request")
    parser.add_argument("--stall", action="store_true", help="accept and never answer")
    parser.add_argument("--document", choices=DOCUMENT_MODES, default="good",
                        help="spoil the credentials document this way")
    parser.add_argument("--document-file", metavar="FILE",
                        help="read the document mode from FILE at each request")
    args = parser.parse_args(argv)
    try:
        loopback = ipaddress.IPv4Address(args.bind).is_loopback
    except ipaddress.AddressValueError:
        loopback = False
    if not loopback:
        parser.error(f"refusing to bind {args.bind!r}: only 127.0.0.0/8 is allowed")
    if args.kind == "iot" and not args.cert_dir:
        parser.error("iot needs --cert-dir")
    return args


def main(argv=None):
    config = parse_args(argv)
    context = None
    if config.kind == "iot":
        context = server_tls_context(config.cert_dir)
        context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: no device certificate, no answer
        context.load_verify_locations(ensure_device_certificates(config.cert_dir)["device-ca.pem"])
    return serve(Server(config, context), config.port_file)


if __name__ == "__main__":
    sys.exit(main())
