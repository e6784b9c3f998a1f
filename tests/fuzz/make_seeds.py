#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora (corpus/http, corpus/users, corpus/client): a few
generated ListUsers pages, service errors and framing variants. Run it again
after changing it; the outputs are committed. The first byte of every seed is
the target's control byte (piece size, flags)."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def user(i):
    return {"userId": str(i), "firstName": f"F{i}", "lastName": "L\u00e9", "username": f"u{i}@x.com",
            "securityGroups": ["g1", "g2"], "isAdmin": i % 2 == 0, "suspended": False,
            "status": 1 + i % 2, "otpEnabled": True, "scimId": "s", "type": "user",
            "cell": "+1", "countryCode": "US", "challengeFailures": 0,
            "isInviteExpired": False, "isUser": True, "inviteCode": "c",
            "codeValidation": False, "uname": f"un{i}", "extra": {"x": [1, 2.5e3, None]}}


def pages():
    yield json.dumps({"users": [user(i) for i in range(3)], "nextToken": "tok+/="}).encode()
    yield json.dumps({"users": [user(7)]}, ensure_ascii=False).encode()
    yield b'{"nextToken":null,"users":[]}'
    yield b'{"users":[{"username":"\\ud83d\\ude00\\u0000"}],"skip":[[[{}]]]}'


def edges():
    """Bodies at the edges of the reader (users corpus only): names with
    escapes, numbers beyond int32, list limits, deep skipped values, literals,
    escapes and UTF-8 in values, wrong types."""
    yield b'{"users":[{"user\\u0049d":"1","status":2}, {"status":1.5}, {"status":2147483648}]}'
    yield b'{"users":[{"securityGroups":["a","b",1]},{"securityGroups":' + \
        json.dumps([f"g{i}" for i in range(17)]).encode() + b'}]}'
    yield b'{"users":[{"x":' + b'[' * 40 + b']' * 40 + b'}, {"isAdmin":tru}]}'
    yield b'{"users":[ {"cell" : "a\\u00e9\\ud83d\\ude00\\n" , "type":null,"isUser":"yes"} ,{"a":"\x01"}]}'
    yield b'{"users":[{"username":"caf\xc3\xa9","uname":"\xed\xa0\x80"},{"uname":"x"} , {} ]}'


def http(body, chunked=False, status=200, extra=b""):
    head = b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nx-amzn-RequestId: r-1\r\n" % status
    if chunked:
        out = head + b"Transfer-Encoding: chunked\r\n" + extra + b"\r\n"
        for i in range(0, len(body), 50):
            piece = body[i:i + 50]
            out += b"%x;ext=1\r\n%s\r\n" % (len(piece), piece)
        return out + b"0\r\nTrailer: t\r\n\r\n"
    return head + b"Content-Length: %d\r\n" % len(body) + extra + b"\r\n" + body


def write(kind, name, data):
    folder = os.path.join(HERE, "corpus", kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data)


def main():
    error = b'{"__type":"ValidationError","message":"bad","reasons":[{"field":"f","reason":"r"}]}'
    responses = []
    for i, body in enumerate(pages()):
        write("users", f"page{i}", bytes([7 * i + 3]) + body)
        responses.append(http(body, chunked=i % 2 == 1))
    for i, body in enumerate(edges()):
        write("users", f"edge{i}", bytes([(29 * i + 5) % 256]) + body)
    responses.append(http(error, status=422, extra=b"X-Amzn-Errortype: ValidationError:http://x\r\n"))
    responses.append(b"HTTP/1.1 100 Continue\r\n\r\n" + http(b'{"users":[]}'))
    responses.append(b"HTTP/1.0 200 OK\r\n\r\n" + b'{"users":[{"status":2}]}')
    responses.append(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>")
    for i, raw in enumerate(responses):
        write("http", f"response{i}", bytes([[0x00, 0x81, 0x05, 0xC0][i % 4]]) + raw)
        write("client", f"response{i}", bytes([i * 37 % 256]) + raw)


if __name__ == "__main__":
    main()
