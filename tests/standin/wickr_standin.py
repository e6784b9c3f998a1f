#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Local stand-in for the AWS Wickr Admin API, ListUsers operation only.

It exists so the wickr-list-users CLI can be tested end to end on loopback:
HTTPS (HTTP/1.1, keep-alive, threaded), SigV4 verification done independently
of the client with botocore, deterministic users, filters, sorting, opaque
pagination tokens and every modeled error on demand.

Behaviour that the real service does not document, as chosen here:

* Filters ``firstName``, ``lastName`` and ``username`` are case-insensitive
  substring matches (both sides ``str.casefold()``); a user without the field
  is treated as having an empty string, so an empty filter matches everyone.
  ``status`` matches the integer exactly, ``groupId`` matches when the user's
  ``securityGroups`` contains that exact id.
* ``sortFields`` is a ``+``-separated list of ``username``, ``firstName``,
  ``lastName``, ``status`` and ``groupId``.  Strings compare by
  ``casefold()`` then by code points; ``groupId`` sorts by the smallest id
  in ``securityGroups``; an absent value sorts before any present value.
  The sort is stable: ties keep the stored (generation) order in both
  directions.  Without ``sortFields`` the key is the stored order.
* ``sortDirection`` defaults to ``DESC`` as the API documentation says, also
  when no ``sortFields`` are given (so a plain listing is the stored order
  reversed).
* ``maxResults`` must be 1..100; it defaults to ``--page-size``.
* ``nextToken`` is standard base64 (``+ / =`` appear in every token) of the
  offset and a fingerprint of the query (network, filters, sort; not
  ``maxResults``, so the page size may change between pages).
* Query parameters the operation does not define, or a parameter given
  twice, are rejected with BadRequestError, to catch client typos.
* Only ``X-Amz-Date`` is accepted as the signing date (not ``Date``).

Faults, for reliability tests (all off by default; see ``--help``): every
page request (a signed, valid ListUsers call) gets a serial number n from 0.
With ``--fault-every E --fault-burst B``, requests whose n % E is one of the
last B positions get a fault; the kind is taken in turn from ``--fault``
(one kind per burst).  Kinds: ``429`` (RateLimitError with ``Retry-After``),
``500`` (InternalServerError), ``502``/``503``/``504`` (an HTML body with no
error type, as a load balancer answers), ``reset`` (part of the body, then a
TCP reset), ``truncate`` (part of the body, then an orderly close),
``drip`` (the headers, then one body byte per ``--drip-interval``),
``stall`` (the headers, then nothing for ``--stall-seconds``), ``reorder``
(as ``truncate`` but cut in the second half of the body, so that some users
came through, and the next request for the same page gets its users in
reverse order, as if the page changed between two reads).  A cut body
stops at a point that varies with n.  ``--close-after N`` closes every
connection after its Nth response without saying so (a stale keep-alive).
``--page-delay S`` waits S seconds before each page it answers (a listing
that outlives its temporary credentials).  ``--clock-offset S`` moves the server's clock (its ``Date`` header and the
15-minute signature window) by S seconds.  ``--no-resumption`` refuses
TLS session resumption: each connection gets a TLS context of its own, with
no session cache and no tickets, so every handshake is a full one.  Each
fault is logged as ``"fault"`` in the request's log line; each accepted
connection as ``{"event": "connection"}``, with ``"session_reused"`` (the
ssl module's word for a resumed TLS session) over TLS.

``--record-dir DIR`` keeps, for each accepted connection n (from 0), the raw
bytes the client sent, before any TLS processing, in ``DIR/client-n.bin``:
written as ``client-n.bin.part`` and renamed once the client has closed its
side, so a test can check that nothing but TLS records reached the server.

Run ``wickr_standin.py --help`` for the options.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import hmac
import ipaddress
import json
import os
import random
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

DEFAULT_NETWORK_ID = "12345678"
DEFAULT_ACCESS_KEY_ID = "AKIDSTANDINEXAMPLE"
DEFAULT_SECRET_ACCESS_KEY = "standin-secret-key-not-real"
DEFAULT_REGION = "us-east-1"
DEFAULT_SEED = 20240201
SIGNING_NAME = "wickr"
FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "truncate", "drip", "stall", "reorder")
MAX_CLOCK_SKEW = datetime.timedelta(minutes=15)
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"

# The User members in the Smithy model's order.
USER_FIELDS = (
    "userId", "firstName", "lastName", "username", "securityGroups", "isAdmin",
    "suspended", "status", "otpEnabled", "scimId", "type", "cell", "countryCode",
    "challengeFailures", "isInviteExpired", "isUser", "inviteCode",
    "codeValidation", "uname",
)
SORTABLE_FIELDS = ("username", "firstName", "lastName", "status", "groupId")
STRING_FILTERS = ("firstName", "lastName", "username")
QUERY_PARAMETERS = frozenset((
    "nextToken", "maxResults", "sortFields", "sortDirection", "firstName",
    "lastName", "username", "status", "groupId",
))

CORAL_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.coral.service/"
WICKR_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.wickr/"
SIGNATURE_MISMATCH_MESSAGE = (
    "The request signature we calculated does not match the signature you "
    "provided. Check your AWS Secret Access Key and signing method. Consult "
    "the service documentation for details.")
INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid."

# Network ids that answer with a modeled error.  ``carrier`` says where the
# error type travels, so clients are exercised on all three restJson1 ways.
SPECIAL_ERROR_NETWORKS = {
    "00000400": ("BadRequestError", 400, "header",
                 "The request was invalid: \"networkId\" is reserved for tests."),
    "00000401": ("UnauthorizedError", 401, "code",
                 "The request was not authenticated."),
    "00000403": ("ForbiddenError", 403, "__type",
                 "Access to network 00000403 is forbidden."),
    "00000404": ("ResourceNotFoundError", 404, "header-suffix",
                 "Network 00000404 was not found."),
    "00000422": ("ValidationError", 422, "__type",
                 "One or more fields failed validation."),
    "00000429": ("RateLimitError", 429, "code", "Too many requests sent"),
    "00000500": ("InternalServerError", 500, "header-suffix",
                 "An unexpected error occurred (simulated)."),
}
SPECIAL_VALIDATION_REASONS = [
    {"field": "networkId", "reason": "network 00000422 always fails validation"},
    {"field": "maxResults", "reason": "second reason, with \"quotes\" and a \\ backslash"},
]


# --------------------------------------------------------------------------
# Deterministic users
# --------------------------------------------------------------------------

_FIRST_NAMES = (
    "Alice", "alice", "ALICIA", "Bob", "Émile", "Jürgen", "Zoë", "中文",
    "O'Brien", "Ann \"Nan\"", "Back\\slash", "Grinning 😀", "Straßer", "Chloé",
    "Dmitri", "", "Ngozi", "Åsa",
)
_LAST_NAMES = (
    "Anderson", "Müller", "Weiß", "Groß", "王小明", "Quote\"d", "Path\\Name",
    "Éclair", "Ng", "van der Berg", "Smile 😀", "Brown", "brown", "Østergaard",
    "Nakamura",
)
_GROUP_IDS = ("BCTY8Qhe", "Gr0upA", "plus+slash/eq=", "colon:group", "Ünïcode-grp",
              "zz-last")
_EXTRA_USER_FIELDS = (
    ("profile", {"avatar": {"url": "https://example.invalid/a.png", "sizes": [16, 32]},
                 "tags": ["x", {"nested": [None, True, 1.5e3]}]}),
    ("lastSeen", 1704067200.25),
    ("flags", [True, False, None, [], {}]),
    ("note", "unknown \"field\" \\ with text"),
)


def _ascii_slug(text, fallback):
    folded = unicodedata.normalize("NFKD", text.casefold())
    slug = re.sub(r"[^a-z0-9]+", "", folded)
    return slug or fallback


def _optional_fields(rng, index):
    """Which model fields a user carries: all, a minimal set, or a random mix."""
    if index % 4 == 0:
        return set(USER_FIELDS)
    if index % 4 == 1:
        return {"username", "status"}
    chosen = {name for name in USER_FIELDS if rng.random() < 0.55}
    return chosen | {"username"}


def _make_user(rng, index):
    first = _FIRST_NAMES[rng.randrange(len(_FIRST_NAMES))]
    last = _LAST_NAMES[rng.randrange(len(_LAST_NAMES))]
    is_bot = index % 11 == 5
    local = f"{_ascii_slug(first, 'user')}.{_ascii_slug(last, 'x')}.{index}"
    if index % 13 == 4:
        local = f"josé.{index}"  # non-ASCII in the username too
    username = f"{local}bot" if is_bot else f"{local}@example.com"
    groups = sorted(rng.sample(_GROUP_IDS, rng.randrange(0, 4)))
    values = {
        "userId": str(1000 + index),
        "firstName": first,
        "lastName": last,
        "username": username,
        "securityGroups": groups,
        "isAdmin": rng.random() < 0.2,
        "suspended": rng.random() < 0.1,
        "status": rng.choice((1, 2)),
        "otpEnabled": rng.random() < 0.5,
        "scimId": f"scim-{rng.getrandbits(32):08x}",
        "type": "bot" if is_bot else "user",
        "cell": f"{rng.randrange(10**9, 10**10)}",
        "countryCode": rng.choice(("+1", "+49", "+81", "+44")),
        "challengeFailures": rng.choice((0, 1, 3, 2147483647)),
        "isInviteExpired": rng.random() < 0.3,
        "isUser": not is_bot,
        "inviteCode": f"INVITE{rng.randrange(100000):05d}",
        "codeValidation": rng.random() < 0.5,
        "uname": f"{rng.getrandbits(64):016x}",
    }
    # Control characters only in fields the table output does not show.
    if index % 17 == 6:
        values["scimId"] = "tab\there\nnewline\x01\x1f end"
    if index % 19 == 7:
        values["inviteCode"] = "nul\x00inside"
    present = _optional_fields(rng, index)
    return {name: values[name] for name in USER_FIELDS if name in present}


def _add_unknown_fields(rng, user, index):
    """Unknown members at the front, middle or end, which clients must skip."""
    if index % 7 != 3:
        return user
    extras = dict(_EXTRA_USER_FIELDS[: 1 + index % len(_EXTRA_USER_FIELDS)])
    items = list(user.items())
    cut = rng.randrange(len(items) + 1)
    return dict(items[:cut] + list(extras.items()) + items[cut:])


def generate_users(network_id, n, seed=DEFAULT_SEED):
    """Return ``n`` deterministic users for ``network_id`` in stored order.

    Each user is a dict with model fields in model order (some users have all
    19, others a subset) plus, on some users, unknown extra members placed
    anywhere; ``USER_FIELDS`` lists the model fields.  Usernames are unique.
    """
    rng = random.Random(f"wickr-standin:{network_id}:{n}:{seed}")
    return [_add_unknown_fields(rng, _make_user(rng, i), i) for i in range(n)]


def model_fields(user):
    """The user restricted to model fields, as a client is expected to keep it."""
    return {name: user[name] for name in USER_FIELDS if name in user}


# --------------------------------------------------------------------------
# Test certificates
# --------------------------------------------------------------------------

def ensure_certificates(cert_dir):
    """Create a test CA and a server certificate in ``cert_dir`` unless present.

    The server certificate names 127.0.0.1 as an IP SAN and localhost as a DNS
    SAN, and also carries "127.0.0.1" as a DNS SAN because some TLS stacks
    (mbedTLS 2.x) only match host names against DNS SANs.
    """
    paths = {name: os.path.join(cert_dir, name) for name in ("ca.pem", "server.pem", "server.key")}
    if all(os.path.exists(p) for p in paths.values()):
        return paths
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    os.makedirs(cert_dir, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wickr-standin test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True,
            crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        # The address only as an iPAddress: clients reach 127.0.0.1 by
        # address, and no dNSName or CN holding its text may be what verifies.
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            x509.DNSName("localhost"),
        ]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    _write_atomically(paths["ca.pem"], ca_cert.public_bytes(pem))
    _write_atomically(paths["server.pem"], server_cert.public_bytes(pem))
    _write_atomically(paths["server.key"], server_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths


def read_json_lines(path):
    """The records of a JSON-lines file (a log this stand-in or a helper
    writes), blank lines skipped; [] while the file does not exist yet."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


def _write_atomically(path, data):
    """Write via a temporary file and rename, so readers never see half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

class ApiError(Exception):
    """An error response: HTTP status, error type, message, where the type goes."""

    def __init__(self, status, error_type, message, carrier="header", reasons=None,
                 suffix=""):
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message
        self.carrier = carrier
        self.reasons = reasons
        self.suffix = suffix


def _auth_error(status, error_type, message):
    return ApiError(status, error_type, message, carrier="header", suffix=CORAL_SUFFIX)


def _signature_mismatch():
    return _auth_error(403, "InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE)


# --------------------------------------------------------------------------
# Strict query parsing (what AWS does before canonicalizing)
# --------------------------------------------------------------------------

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
_HEX = frozenset(b"0123456789abcdefABCDEF")


def percent_decode_strict(text):
    """Decode a query key or value; None when it is not strictly encoded.

    Only unreserved characters may appear literally; everything else must be
    a ``%XX`` escape, and the decoded bytes must be UTF-8.
    """
    raw = text.encode("latin-1", errors="replace") if isinstance(text, str) else text
    out = bytearray()
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == 0x25:  # '%'
            if i + 3 > len(raw):
                return None
            if raw[i + 1] not in _HEX or raw[i + 2] not in _HEX:
                return None
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        elif byte in _UNRESERVED:
            out.append(byte)
            i += 1
        else:
            return None
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


def parse_query_strict(raw_query):
    """Split the raw query into decoded (key, value) pairs, or None if malformed."""
    if raw_query == "":
        return []
    pairs = []
    for piece in raw_query.split("&"):
        if piece == "":
            return None
        key, _, value = piece.partition("=")
        decoded_key = percent_decode_strict(key)
        decoded_value = percent_decode_strict(value)
        if not decoded_key or decoded_value is None:
            return None
        pairs.append((decoded_key, decoded_value))
    return pairs


# --------------------------------------------------------------------------
# SigV4 verification with botocore
# --------------------------------------------------------------------------

class _ExactHeadersSigV4Auth(SigV4Auth):
    """SigV4Auth that signs exactly the headers the request says it signed.

    Stock botocore drops a few headers (User-Agent, Expect) and adds Host;
    a verifier must reproduce the client's ``SignedHeaders`` list instead.
    """

    def __init__(self, credentials, service_name, region_name, signed_names):
        super().__init__(credentials, service_name, region_name)
        self._signed_names = signed_names

    def headers_to_sign(self, request):
        selected = HTTPHeaders()
        for name in self._signed_names:
            for value in request.headers.get_all(name) or []:
                selected[name] = value
        return selected


_AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256\s+(.*)$", re.S)


def parse_authorization(value):
    """Credential, SignedHeaders and Signature from an Authorization header."""
    match = _AUTH_RE.match(value)
    if not match:
        raise _auth_error(400, "IncompleteSignatureException",
                          "Authorization header requires the AWS4-HMAC-SHA256 algorithm.")
    parts = {}
    for component in match.group(1).split(","):
        name, sep, item = component.strip().partition("=")
        if sep:
            parts[name] = item
    for required in ("Credential", "SignedHeaders", "Signature"):
        if not parts.get(required):
            raise _auth_error(400, "IncompleteSignatureException",
                              f"Authorization header requires '{required}' parameter.")
    scope = parts["Credential"].split("/")
    if len(scope) != 5:
        raise _auth_error(400, "IncompleteSignatureException",
                          "Authorization header requires a Credential of the form "
                          "'<key>/<date>/<region>/<service>/aws4_request'.")
    return {
        "access_key": scope[0], "date": scope[1], "region": scope[2],
        "service": scope[3], "terminator": scope[4],
        "signed_headers": parts["SignedHeaders"].split(";"),
        "signature": parts["Signature"],
    }


def _check_scope(auth, amz_date, region):
    if auth["date"] != amz_date[:8]:
        raise _auth_error(403, "InvalidSignatureException",
                          "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                          f"version of date from HTTP: '{auth['date']}' != "
                          f"'{amz_date[:8]}', from '{amz_date}'.")
    if auth["region"] != region:
        raise _auth_error(403, "InvalidSignatureException",
                          f"Credential should be scoped to a valid region, not '{auth['region']}'.")
    if auth["service"] != SIGNING_NAME:
        raise _auth_error(403, "InvalidSignatureException",
                          f"Credential should be scoped to correct service: '{SIGNING_NAME}'.")
    if auth["terminator"] != "aws4_request":
        raise _auth_error(403, "InvalidSignatureException",
                          "Credential should be scoped with a valid terminator: "
                          f"'aws4_request', not '{auth['terminator']}'.")


SKEW_MESSAGE = "The difference between the request time and the current time is too large."


def _check_date(amz_date, now, skew_error="signature"):
    try:
        # strptime alone takes unpadded fields ("20261101T12175Z"); AWS does not.
        if not re.fullmatch(r"\d{8}T\d{6}Z", amz_date or ""):
            raise ValueError(amz_date)
        signed_at = datetime.datetime.strptime(amz_date, AMZ_DATE_FORMAT)
    except ValueError:
        raise _auth_error(400, "IncompleteSignatureException",
                          "Authorization header requires existence of either a "
                          "'X-Amz-Date' or a 'Date' header.") from None
    stamp = now.strftime(AMZ_DATE_FORMAT)
    if skew_error == "tooskewed" and abs(signed_at - now) > MAX_CLOCK_SKEW:
        raise _auth_error(403, "RequestTimeTooSkewed", SKEW_MESSAGE)
    if signed_at < now - MAX_CLOCK_SKEW:
        earliest = (now - MAX_CLOCK_SKEW).strftime(AMZ_DATE_FORMAT)
        raise _auth_error(403, "InvalidSignatureException",
                          f"Signature expired: {amz_date} is now earlier than {earliest} "
                          f"({stamp} - 15 min.)")
    if signed_at > now + MAX_CLOCK_SKEW:
        latest = (now + MAX_CLOCK_SKEW).strftime(AMZ_DATE_FORMAT)
        raise _auth_error(403, "InvalidSignatureException",
                          f"Signature not yet current: {amz_date} is still later than "
                          f"{latest} ({stamp} + 15 min.)")


def _check_session_token(headers, expected_token):
    received = headers.get("X-Amz-Security-Token")
    if expected_token is None and received is None:
        return
    if expected_token is None or received is None or not hmac.compare_digest(
            received.encode("utf-8", "surrogateescape"), expected_token.encode("utf-8")):
        raise _auth_error(403, "UnrecognizedClientException", INVALID_TOKEN_MESSAGE)


def expected_signature(method, raw_path, params, headers, body, auth, secret_key, amz_date,
                       host_header):
    """The signature botocore computes for this request (hex)."""
    credentials = Credentials(auth["access_key"], secret_key)
    signer = _ExactHeadersSigV4Auth(credentials, SIGNING_NAME, auth["region"],
                                    [n.lower() for n in auth["signed_headers"]])
    request = AWSRequest(method=method, url=f"https://{host_header}{raw_path}",
                         data=body or None, params=params)
    for name in auth["signed_headers"]:
        for value in headers.get_all(name) or []:
            request.headers[name.lower()] = value
    request.context["timestamp"] = amz_date
    canonical = signer.canonical_request(request)
    return signer.signature(signer.string_to_sign(request, canonical), request)


EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired"


def issued_credentials(config, headers, now):
    """``config`` with the keys of the temporary credentials the request names.

    The credentials stand-ins (credentials_standin.py) append each set they
    hand out to ``config.credentials_file`` (JSON lines); a request signed
    with one is accepted only while it is unexpired (``now``: naive UTC).
    """
    authorization = headers.get("Authorization")
    if not authorization:
        return config  # verify_sigv4 names what is missing
    access_key = parse_authorization(authorization)["access_key"]
    for entry in read_json_lines(config.credentials_file):
        if entry["AccessKeyId"] == access_key:
            expiration = datetime.datetime.strptime(entry["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
            if now >= expiration:
                raise _auth_error(403, "ExpiredTokenException", EXPIRED_TOKEN_MESSAGE)
            return argparse.Namespace(**dict(vars(config), access_key_id=access_key,
                                             secret_access_key=entry["SecretAccessKey"],
                                             session_token=entry["Token"]))
    raise _auth_error(403, "UnrecognizedClientException", INVALID_TOKEN_MESSAGE)


def verify_sigv4(method, raw_path, raw_query, headers, body, config, now=None):
    """Check a request's SigV4 signature; return its decoded query pairs.

    Raises ApiError with the AWS error type on any failure.  ``config`` holds
    access_key_id, secret_access_key, session_token and region.
    """
    authorization = headers.get("Authorization")
    if not authorization:
        raise _auth_error(403, "MissingAuthenticationTokenException",
                          "Missing Authentication Token")
    auth = parse_authorization(authorization)
    amz_date = headers.get("X-Amz-Date")
    if not amz_date:
        raise _auth_error(400, "IncompleteSignatureException",
                          "Authorization header requires existence of either a "
                          "'X-Amz-Date' or a 'Date' header.")
    if auth["access_key"] != config.access_key_id:
        raise _auth_error(403, "UnrecognizedClientException", INVALID_TOKEN_MESSAGE)
    _check_scope(auth, amz_date, config.region)
    signed = [name.lower() for name in auth["signed_headers"]]
    if auth["signed_headers"] != sorted(set(signed)):
        # The signer must list exactly what it signed: lower case, sorted, once each.
        raise _signature_mismatch()
    if "host" not in signed:
        raise _auth_error(403, "InvalidSignatureException",
                          "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                          "Authorization.")
    if "x-amz-date" not in signed:
        raise _auth_error(403, "InvalidSignatureException",
                          "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.")
    _check_date(amz_date, now or datetime.datetime.utcnow(),
                getattr(config, "skew_error", "signature"))
    _check_session_token(headers, config.session_token)
    params = parse_query_strict(raw_query)
    if params is None or any(not headers.get_all(name) for name in signed):
        raise _signature_mismatch()
    declared_hash = headers.get("X-Amz-Content-SHA256")
    if declared_hash is not None and declared_hash != hashlib.sha256(body).hexdigest():
        raise _signature_mismatch()
    computed = expected_signature(method, raw_path, params, headers, body, auth,
                                  config.secret_access_key, amz_date, headers.get("Host"))
    if not hmac.compare_digest(computed.encode("ascii"),
                               auth["signature"].encode("utf-8", "surrogateescape")):
        raise _signature_mismatch()
    return params


# --------------------------------------------------------------------------
# ListUsers
# --------------------------------------------------------------------------

_TOKEN_MAGIC = b"\xfb\xff\xbf"  # encodes to "+/+/": every token needs URL encoding


def query_fingerprint(network_id, query):
    """What a page token is bound to: everything that shapes the result list."""
    bound = {key: query.get(key) for key in
             ("sortFields", "firstName", "lastName", "username", "status", "groupId")}
    bound["networkId"] = network_id
    bound["sortDirection"] = query.get("sortDirection", "DESC")
    text = json.dumps(bound, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).digest()[:16]


def encode_next_token(offset, fingerprint):
    return base64.b64encode(_TOKEN_MAGIC + struct.pack(">I", offset) + fingerprint).decode("ascii")


def decode_next_token(token, fingerprint):
    """The offset a token stands for; BadRequestError when it is not ours."""
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 23 or raw[:3] != _TOKEN_MAGIC or not hmac.compare_digest(raw[7:], fingerprint):
        raise ApiError(400, "BadRequestError",
                       "The nextToken is invalid or does not belong to this query.")
    return struct.unpack(">I", raw[3:7])[0]


def _parse_int(text):
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else None


def validate_list_query(query):
    """Collect ValidationError reasons for the typed parameters."""
    reasons = []
    if "maxResults" in query:
        value = _parse_int(query["maxResults"])
        if value is None or not 1 <= value <= 100:
            reasons.append({"field": "maxResults",
                            "reason": "maxResults must be an integer between 1 and 100"})
    if "sortFields" in query:
        names = query["sortFields"].split("+")
        unknown = [name for name in names if name not in SORTABLE_FIELDS]
        if unknown:
            reasons.append({"field": "sortFields",
                            "reason": "unsupported sort field(s): " + ", ".join(unknown)})
    if "sortDirection" in query and query["sortDirection"] not in ("ASC", "DESC"):
        reasons.append({"field": "sortDirection", "reason": "sortDirection must be ASC or DESC"})
    if "status" in query and _parse_int(query["status"]) not in (1, 2):
        reasons.append({"field": "status", "reason": "status must be 1 (PENDING) or 2 (ACTIVE)"})
    if reasons:
        raise ApiError(422, "ValidationError", "Request validation failed", reasons=reasons)


def _matches(user, query):
    for field in STRING_FILTERS:
        if field in query and query[field].casefold() not in user.get(field, "").casefold():
            return False
    if "status" in query and user.get("status") != int(query["status"]):
        return False
    if "groupId" in query and query["groupId"] not in user.get("securityGroups", []):
        return False
    return True


def _sort_value(user, field):
    if field == "groupId":
        groups = user.get("securityGroups") or []
        value = min(groups) if groups else None
    else:
        value = user.get(field)
    if value is None:
        return (0,)
    if isinstance(value, str):
        return (1, value.casefold(), value)
    return (1, value)


def select_users(users, query):
    """Filter and sort as documented at the top of this file."""
    indexed = [(i, u) for i, u in enumerate(users) if _matches(u, query)]
    descending = query.get("sortDirection", "DESC") == "DESC"
    if "sortFields" in query:
        fields = query["sortFields"].split("+")
        indexed.sort(key=lambda item: tuple(_sort_value(item[1], f) for f in fields),
                     reverse=descending)
    elif descending:
        indexed.reverse()
    return [user for _, user in indexed]


# Filtered and sorted listings by query (paging parameters aside), so that a
# listing of N pages filters and sorts once instead of N times.
_SELECTIONS = {}
_SELECTIONS_MAX = 32


def _selection(users, network_id, query):
    key = (id(users), network_id,
           tuple(sorted((k, v) for k, v in query.items() if k not in ("nextToken", "maxResults"))))
    entry = _SELECTIONS.get(key)
    if entry is None or entry[0] is not users:  # an id can be reused once a list is freed
        entry = (users, select_users(users, query))
        if len(_SELECTIONS) >= _SELECTIONS_MAX:
            _SELECTIONS.clear()
        _SELECTIONS[key] = entry
    return entry[1]


def list_users_page(users, network_id, query, default_page_size):
    """(page users, next token or None, page index) for a validated query."""
    validate_list_query(query)
    page_size = int(query.get("maxResults", default_page_size))
    selected = _selection(users, network_id, query)
    fingerprint = query_fingerprint(network_id, query)
    offset = decode_next_token(query["nextToken"], fingerprint) if "nextToken" in query else 0
    if offset > len(selected):
        raise ApiError(400, "BadRequestError", "The nextToken is past the end of the results.")
    end = offset + page_size
    token = encode_next_token(end, fingerprint) if end < len(selected) else None
    return selected[offset:end], token, offset // page_size


def response_document(page, token, page_index):
    """Vary member order and add unknown top-level members between pages."""
    doc = {}
    if page_index % 3 == 1:
        doc["summary"] = {"page": page_index, "cursor": [1, {"deep": [None, "x"]}], "ok": True}
    if token is not None and page_index % 2 == 1:
        doc["nextToken"] = token
    doc["users"] = page
    if token is not None and page_index % 2 == 0:
        doc["nextToken"] = token
    if page_index % 3 == 2:
        doc["serverTimeMs"] = 1704067200123
    return doc


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

_PATH_RE = re.compile(r"^/networks/([^/]*)/users$")


class StandinHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wickr-standin/1.0"
    timeout = 30  # idle keep-alive connections are closed after this

    def log_message(self, format, *args):  # noqa: A002 - the base class name
        """Quiet: the JSON --log replaces the access log."""

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_PUT(self):
        self._handle()

    def do_DELETE(self):
        self._handle()

    def do_PATCH(self):
        self._handle()

    def _read_body(self):
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit():
            raise ApiError(400, "BadRequestError", "Invalid Content-Length.")
        return self.rfile.read(int(length))

    def _handle(self):
        raw_path, _, raw_query = self.path.partition("?")
        self.request_id = str(uuid.uuid4())
        self.log_entry = {"method": self.command, "path": raw_path, "query": raw_query,
                          "status": None, "error": None, "requestId": self.request_id}
        if isinstance(self.connection, ssl.SSLSocket):
            # The record protection this client got: the benchmark prices it.
            self.log_entry["cipher"] = self.connection.cipher()[0]
        try:
            body = self._read_body()
            config = self.server.config
            if getattr(config, "credentials_file", None):
                config = issued_credentials(config, self.headers, self.server.now())
            params = verify_sigv4(self.command, raw_path, raw_query, self.headers, body,
                                  config, self.server.now())
            self._route(raw_path, params)
        except ApiError as error:
            self._send_error(error)
        except (ConnectionError, ssl.SSLError, socket.timeout):
            raise
        except Exception:  # a stand-in bug: report it, answer like the service would
            traceback.print_exc()
            self._send_error(ApiError(500, "InternalServerError", "stand-in failure"))
        finally:
            if self.log_entry is not None:  # no response was started
                self.server.log_event(self.log_entry)

    def _route(self, raw_path, params):
        match = _PATH_RE.match(raw_path)
        if not match or self.command != "GET":
            raise ApiError(404, "UnknownOperationException", "Unknown operation.",
                           suffix=CORAL_SUFFIX)
        network_id = match.group(1)
        query = {}
        for key, value in params:
            if key not in QUERY_PARAMETERS:
                raise ApiError(400, "BadRequestError", f"Unknown query parameter '{key}'.")
            if key in query:
                raise ApiError(400, "BadRequestError", f"Query parameter '{key}' given twice.")
            query[key] = value
        if network_id in SPECIAL_ERROR_NETWORKS:
            raise _special_error(network_id)
        if not re.fullmatch(r"[0-9]{8}", network_id):
            raise ApiError(422, "ValidationError", "Request validation failed",
                           reasons=[{"field": "networkId",
                                     "reason": "networkId must be 8 digits"}])
        if network_id != self.server.config.network_id:
            raise ApiError(404, "ResourceNotFoundError", f"Network {network_id} not found.")
        page, token, page_index = list_users_page(self.server.users, network_id, query,
                                                  self.server.config.page_size)
        if self.server.take_reorder(self.log_entry["query"]):
            page = list(reversed(page))
            self.log_entry["reordered"] = True
        serial, fault = self.server.next_fault()
        if fault is None:
            time.sleep(self.server.config.page_delay)
            self._send_page(response_document(page, token, page_index), page_index)
        else:
            self._send_fault(fault, serial, response_document(page, token, page_index))

    def date_time_string(self, timestamp=None):
        """The Date header, on the server's (possibly offset) clock."""
        if timestamp is None:
            timestamp = time.time() + self.server.config.clock_offset
        return super().date_time_string(timestamp)

    def _after_response(self):
        """--close-after: drop the connection silently after N responses."""
        self.responses_sent = getattr(self, "responses_sent", 0) + 1
        close_after = self.server.config.close_after
        if close_after and self.responses_sent >= close_after:
            self.close_connection = True

    def _send_fault(self, fault, serial, doc):
        self.log_entry["fault"] = fault
        if fault == "429":
            raise ApiError(429, "RateLimitError", "Too many requests sent", carrier="code")
        if fault == "500":
            raise ApiError(500, "InternalServerError",
                           "An unexpected error occurred (simulated fault).")
        if fault in ("502", "503", "504"):
            self._send_proxy_error(int(fault))
            return
        if fault == "reorder":
            self.server.reorder_next(self.log_entry["query"])
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        self._common_headers(200, length=len(body))
        self.end_headers()
        self.close_connection = True
        if fault == "stall":
            time.sleep(self.server.config.stall_seconds)
            return
        if fault == "drip":
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                time.sleep(self.server.config.drip_interval)
            return
        if fault == "reorder":
            cut = len(body) * (50 + (serial * 37) % 45) // 100
        else:
            cut = len(body) * (5 + (serial * 37) % 90) // 100
        self.wfile.write(body[:cut])
        if fault == "reset":
            # Linger 0 makes close() send RST; the read side holds a reference too.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
        elif isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.unwrap()  # close_notify: an orderly end, mid-body
            except (OSError, ValueError):
                pass
        else:
            self.connection.shutdown(socket.SHUT_WR)

    def _send_proxy_error(self, status):
        reason = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}[status]
        body = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode("ascii")
        self.log_entry.update(status=status, error=None)
        self.server.log_event(self.log_entry)
        self.log_entry = None
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self._after_response()

    def _common_headers(self, status, error_type=None, length=None):
        # Log before the client can see the response: a test that reads the
        # log right after the client exits must find the line.
        self.log_entry.update(status=status, error=error_type)
        self.server.log_event(self.log_entry)
        self.log_entry = None
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-RequestId", self.request_id)
        if length is not None:
            self.send_header("Content-Length", str(length))

    def _send_page(self, doc, page_index):
        ascii_only = (page_index // 2) % 2 == 1
        body = json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8")
        self.log_entry["bytes"] = len(body)  # before any chunk framing
        mode = self.server.config.chunked
        chunked = mode == "always" or (mode == "alternate" and page_index % 2 == 1)
        if not chunked:
            self._common_headers(200, length=len(body))
            self.end_headers()
            self.wfile.write(body)
            self._after_response()
            return
        self._common_headers(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        rng = random.Random(page_index)
        offset = 0
        while offset < len(body):
            size = rng.choice((1, 2, 17, 256, 1000, 4096))
            piece = body[offset:offset + size]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            offset += size
        self.wfile.write(b"0\r\n\r\n")
        self._after_response()

    def _send_error(self, error):
        doc = {"message": error.message}
        if error.reasons is not None:
            doc["reasons"] = error.reasons
        if error.carrier == "code":
            doc["code"] = error.error_type
        elif error.carrier == "__type":
            doc["__type"] = f"com.amazonaws.wickr#{error.error_type}"
        body = json.dumps(doc).encode("utf-8")
        self._common_headers(error.status, error.error_type, len(body))
        if error.carrier.startswith("header"):
            self.send_header("X-Amzn-Errortype", error.error_type + error.suffix)
        if error.status == 429 and self.server.config.retry_after != "none":
            self.send_header("Retry-After", self.server.config.retry_after)
        self.end_headers()
        self.wfile.write(body)
        self._after_response()


def _special_error(network_id):
    error_type, status, carrier, message = SPECIAL_ERROR_NETWORKS[network_id]
    suffix = WICKR_SUFFIX if carrier == "header-suffix" else ""
    reasons = SPECIAL_VALIDATION_REASONS if error_type == "ValidationError" else None
    return ApiError(status, error_type, message, carrier=carrier.split("-")[0],
                    reasons=reasons, suffix=suffix)


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config, ssl_context):
        """ssl_context: None (plain HTTP) or a function that makes a server
        context; every connection shares one unless --no-resumption."""
        self.config = config
        self.ssl_context = ssl_context
        self._shared_context = ssl_context() if ssl_context is not None else None
        self.users = generate_users(config.network_id, config.users, config.seed)
        if config.hostile_usernames:
            for user in self.users[2::7]:
                # a screen clear, a bell and an 8-bit CSI (U+009B) in a shown field
                user["username"] = "\x1b[2J\x07\u009b31m" + user["username"]
        self._log_lock = threading.Lock()
        self._log_file = open(config.log, "a", encoding="utf-8") if config.log else None
        self._fault_lock = threading.Lock()
        self._page_requests = 0
        self._record_lock = threading.Lock()
        self._record_serial = 0
        self._reorder_queries = set()
        super().__init__((config.bind, config.port), StandinHandler)

    def now(self):
        """The server's clock (UTC, naive, as botocore's), moved by --clock-offset."""
        return datetime.datetime.utcnow() + datetime.timedelta(seconds=self.config.clock_offset)

    def next_fault(self):
        """(serial, fault kind or None) for the next page request; see the module doc."""
        with self._fault_lock:
            serial = self._page_requests
            self._page_requests += 1
        every, burst, kinds = self.config.fault_every, self.config.fault_burst, self.config.fault
        if not every or not kinds or serial % every < every - burst:
            return serial, None
        return serial, kinds[(serial // every) % len(kinds)]

    def reorder_next(self, query):
        """The next request with this query string gets its page reversed."""
        with self._fault_lock:
            self._reorder_queries.add(query)

    def take_reorder(self, query):
        with self._fault_lock:
            if query in self._reorder_queries:
                self._reorder_queries.remove(query)
                return True
            return False

    def log_event(self, event):
        if self._log_file is None:
            return
        line = json.dumps(event, ensure_ascii=True)
        with self._log_lock:
            self._log_file.write(line + "\n")
            self._log_file.flush()

    def _recording_relay(self, client):
        """--record-dir: the handler gets one end of a socket pair; two threads
        copy between the other end and the client, recording what the client
        sends.  Returns the handler's end."""
        with self._record_lock:
            serial = self._record_serial
            self._record_serial += 1
        path = os.path.join(self.config.record_dir, f"client-{serial}.bin")
        inner, outer = socket.socketpair()

        def pump(src, dst, record):
            forward = True
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    if record is not None:
                        record.write(data)
                        record.flush()
                    if forward:
                        try:
                            dst.sendall(data)
                        except OSError:
                            forward = False  # the handler is done; keep recording
            except OSError:
                pass
            finally:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        def from_client():
            with open(path + ".part", "wb") as record:
                pump(client, outer, record)
            os.replace(path + ".part", path)

        threads = [threading.Thread(target=from_client, daemon=True),
                   threading.Thread(target=pump, args=(outer, client, None), daemon=True)]
        for thread in threads:
            thread.start()

        def close_when_done():
            for thread in threads:
                thread.join()
            outer.close()
            client.close()
        threading.Thread(target=close_when_done, daemon=True).start()
        return inner

    def finish_request(self, request, client_address):
        """TLS handshake in the connection's own thread, so one stuck client
        cannot stall accept()."""
        # Headers and body go out in separate writes; without NODELAY, Nagle
        # plus delayed ACKs would add ~40 ms to every response.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.config.record_dir:
            request = self._recording_relay(request)
        event = {"event": "connection"}
        if self.ssl_context is not None:
            request.settimeout(StandinHandler.timeout)
            # --no-resumption: a context of its own knows no earlier session
            context = self.ssl_context() if self.config.no_resumption else self._shared_context
            try:
                request = context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as error:
                self.log_event({"event": "tls_handshake_failed", "error": str(error)})
                return
            event["session_reused"] = request.session_reused
        self.log_event(event)
        try:
            super().finish_request(request, client_address)
        finally:
            try:
                request.close()
            except OSError:
                pass

    def shutdown_request(self, request):
        if self.config.record_dir:
            return  # the relay closes the client's socket once both directions end
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError)):
            return  # the client went away; nothing to report
        super().handle_error(request, client_address)

    def server_close(self):
        super().server_close()
        if self._log_file is not None:
            self._log_file.close()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Local stand-in for Wickr ListUsers.")
    parser.add_argument("--bind", default="127.0.0.1", help="loopback address (127.0.0.0/8 only)")
    parser.add_argument("--netns", metavar="NAME",
                        help="also accept a non-loopback --bind, but only when running inside "
                             "the network namespace NAME made by 'ip netns add' (namespace tests)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the bound port here once listening")
    parser.add_argument("--cert-dir", help="directory with (or for) ca.pem, server.pem, server.key")
    parser.add_argument("--network-id", default=DEFAULT_NETWORK_ID)
    parser.add_argument("--users", type=int, default=250)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--page-size", type=int, default=10,
                        help="page size when maxResults is absent")
    parser.add_argument("--access-key-id", default=DEFAULT_ACCESS_KEY_ID)
    parser.add_argument("--secret-access-key", default=DEFAULT_SECRET_ACCESS_KEY)
    parser.add_argument("--session-token", default=None,
                        help="when set, every request must carry this X-Amz-Security-Token")
    parser.add_argument("--credentials-file", metavar="PATH",
                        help="accept instead the temporary credentials listed here (JSON lines "
                             "that credentials_standin.py writes), each only until it expires")
    parser.add_argument("--region", default=DEFAULT_REGION)
    parser.add_argument("--log", help="append one JSON line per request")
    parser.add_argument("--chunked", choices=("always", "never", "alternate"), default="alternate")
    parser.add_argument("--plain-http", action="store_true", help="no TLS (debugging only)")
    parser.add_argument("--record-dir", metavar="DIR",
                        help="keep the raw bytes each client sent in DIR/client-N.bin")
    faults = parser.add_argument_group("faults (see the module documentation)")
    faults.add_argument("--fault", type=lambda v: v.split(","), default=[],
                        help="comma-separated kinds: " + ",".join(FAULT_KINDS))
    faults.add_argument("--fault-every", type=int, default=0, metavar="E",
                        help="fault period in page requests (0: no faults)")
    faults.add_argument("--fault-burst", type=int, default=1, metavar="B",
                        help="faulted requests at the end of each period")
    faults.add_argument("--retry-after", default="1",
                        help="Retry-After of 429 answers, in seconds, or 'none'")
    faults.add_argument("--drip-interval", type=float, default=1.0, help="seconds per byte")
    faults.add_argument("--stall-seconds", type=float, default=30.0)
    faults.add_argument("--hostile-usernames", action="store_true",
                        help="every 7th username (from the 3rd) starts with terminal controls")
    faults.add_argument("--no-resumption", action="store_true",
                        help="refuse TLS session resumption (no session cache, no tickets)")
    faults.add_argument("--page-delay", type=float, default=0.0, metavar="S",
                        help="seconds to wait before answering each page")
    faults.add_argument("--close-after", type=int, default=0, metavar="N",
                        help="close each connection silently after N responses")
    faults.add_argument("--clock-offset", type=float, default=0.0, metavar="S",
                        help="seconds added to the server's clock")
    faults.add_argument("--skew-error", choices=("signature", "tooskewed"), default="signature",
                        help="InvalidSignatureException 'Signature expired' or RequestTimeTooSkewed")
    args = parser.parse_args(argv)
    try:
        loopback = ipaddress.IPv4Address(args.bind).is_loopback
    except ipaddress.AddressValueError:
        loopback = False
    if not loopback and not (args.netns and _inside_netns(args.netns)):
        parser.error(f"refusing to bind {args.bind!r}: only 127.0.0.0/8 is allowed "
                     "(or, with --netns, an address inside that test namespace)")
    if not args.plain_http and not args.cert_dir:
        parser.error("--cert-dir is required unless --plain-http is given")
    if not 1 <= args.page_size <= 100:
        parser.error("--page-size must be 1..100")
    unknown = [kind for kind in args.fault if kind not in FAULT_KINDS]
    if unknown:
        parser.error(f"unknown --fault kind(s): {', '.join(unknown)}")
    if args.fault_every and not 1 <= args.fault_burst <= args.fault_every:
        parser.error("--fault-burst must be 1..--fault-every")
    return args


def _inside_netns(name):
    """True when this process runs in the named namespace and it is not PID 1's."""
    def ns_id(path):
        info = os.stat(path)
        return info.st_dev, info.st_ino
    try:
        inside = ns_id("/proc/self/ns/net") == ns_id(os.path.join("/run/netns", name))
    except OSError:
        return False
    try:
        return inside and ns_id("/proc/1/ns/net") != ns_id("/proc/self/ns/net")
    except OSError:
        return inside  # PID 1 is not ours to inspect; 'ip netns add' made a new namespace


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def server_tls_context(cert_dir, tickets=True):
    """TLS 1.2 or later with the test server certificate (made if absent);
    tickets=False: no session tickets (no resumption)."""
    paths = ensure_certificates(cert_dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(paths["server.pem"], paths["server.key"])
    if not tickets:
        context.options |= ssl.OP_NO_TICKET
    return context


def serve(server, port_file):
    """Serve until SIGTERM or Ctrl-C; the port goes to port_file once listening."""
    # SIGTERM (how tests stop the server) takes the same clean path as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    if port_file:
        _write_atomically(port_file, b"%d\n" % server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def wait_for_port(proc, port_file, timeout=30.0):
    """The port that a stand-in started as proc writes to port_file once it
    listens (serve()); None when proc ends first or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    with open(port_file, encoding="ascii") as handle:
        return int(handle.read())


def stop_process(proc, timeout=10.0):
    """Ends proc if it still runs: SIGTERM (serve() closes cleanly), then
    SIGKILL when it has not exited within timeout seconds."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def main(argv=None):
    config = parse_args(argv)
    make_context = None
    if not config.plain_http:
        ensure_certificates(config.cert_dir)

        def make_context():
            return server_tls_context(config.cert_dir, tickets=not config.no_resumption)
    return serve(StandinServer(config, make_context), config.port_file)


if __name__ == "__main__":
    sys.exit(main())
