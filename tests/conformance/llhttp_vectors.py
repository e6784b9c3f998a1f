#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The llhttp test vectors as an oracle for wk_http_parser_*.

    llhttp_vectors.py --driver PATH --vectors DIR --differences FILE [-v]

Reads every case of DIR/response/*.md and DIR/request-framing/*.md (format in
tests/vectors/http/README.md), builds its bytes, runs them through
http_vector_driver whole, one byte at a time and in 7-byte pieces (all three
must agree), and compares the outcome with llhttp's expected events: accept or
reject, status code, header names and values, body bytes after de-chunking,
message boundaries. Offsets and error codes are llhttp's own and are not
compared.

A case listed in the differences file must instead end with the status named
there (each line gives the reason); a listed case that agrees with llhttp
after all is reported as stale. Exit status 1 on any mismatch.

Request cases are turned into responses: the request line becomes a status
line of the same version, only the first message is kept, and a request that
had neither Content-Length nor Transfer-Encoding gets "Content-Length: 0" as
its last header (a request without them has no body; a response without them
would run until the connection closes). Cases that fail in the request line
itself (methods, targets) have no response equivalent and are left out.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

FLAGS_INPUT = re.compile(r"^off=(\d+) (.*)$")
SPAN = re.compile(r'^len=(\d+) span\[([a-z_]+)\]=(?:"(.*)"|([a-z]+))$')
LOG_WORDS = {"cr": "\r", "lf": "\n", "crlf": "\r\n"}  # spans that are only line ends
LOG_ESCAPES = {"r": "\r", "n": "\n", "t": "\t", "f": "\f", '"': '"', "\\": "\\"}


# Cases that agree with llhttp today; fewer means vectors went unread.
MIN_AGREEING = 123


def span_bytes(raw, off, length, text):
    """A span's bytes: the log's text when it decodes to len bytes (its escaping
    is loose: a lone backslash is written as is), else the input at off."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in LOG_ESCAPES:
            out.append(LOG_ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    try:
        data = "".join(out).encode("latin-1")
    except UnicodeEncodeError:
        data = b""
    return data if len(data) == length else raw[off:off + length]


def decode_raw(text):
    """The raw message block as bytes (README: 'Format of one case')."""
    out = bytearray()
    lines = text.split("\n")
    joined = ""
    for i, line in enumerate(lines):
        if line.endswith("\\") and not line.endswith("\\\\") and i + 1 < len(lines):
            joined += line[:-1]
        else:
            joined += line + ("\n" if i + 1 < len(lines) else "")
    i = 0
    while i < len(joined):
        c = joined[i]
        if c == "\n":
            out += b"\r\n"
            i += 1
        elif c == "\\" and i + 1 < len(joined):
            n = joined[i + 1]
            simple = {"r": b"\r", "n": b"\n", "t": b"\t", "f": b"\f"}
            if n in simple:
                out += simple[n]
                i += 2
            elif n == "x" and re.match(r"[0-9a-fA-F]{2}", joined[i + 2:i + 4]):
                # llhttp's harness turns \xHH into the character U+00HH of a
                # string it then sends as UTF-8 (its logged offsets count two
                # bytes for \xff), so the same is done here.
                out += chr(int(joined[i + 2:i + 4], 16)).encode("utf-8")
                i += 4
            elif n in "01234567":
                m = re.match(r"[0-7]{1,3}", joined[i + 1:])
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
            else:
                out += c.encode()
                i += 1
        else:
            out += c.encode("utf-8")
            i += 1
    return bytes(out)


def parse_md(path):
    cases = []
    title = None
    meta = None
    seen = {}
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    i = 0
    raw = None
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            title = line.lstrip("#").strip()
        elif i + 1 < len(lines) and re.match(r"^[=-]{3,}$", lines[i + 1]) and line.strip():
            title = line.strip()
        m = re.match(r"^<!-- meta=(.*) -->$", line)
        if m:
            meta = json.loads(m.group(1))
        if line == "```http":
            j = i + 1
            while lines[j] != "```":
                j += 1
            raw = decode_raw("\n".join(lines[i + 1:j]))
            i = j
        elif line == "```log":
            j = i + 1
            while lines[j] != "```":
                j += 1
            n = seen.get(title, 0) + 1
            seen[title] = n
            name = title if n == 1 else f"{title} #{n}"
            cases.append({"title": name, "meta": meta, "raw": raw, "log": lines[i + 1:j]})
            i = j
            meta = None
            raw = None
        i += 1
    return cases


def expected_events(case):
    """llhttp's messages: status, headers, body, complete; and whether it failed."""
    raw = case["raw"]
    messages = []
    error = None
    header_kind = None
    for line in case["log"]:
        m = FLAGS_INPUT.match(line)
        if not m:
            continue
        off, rest = int(m.group(1)), m.group(2)
        span = SPAN.match(rest)
        if rest == "message begin":
            messages.append({"status": None, "headers": [], "body": b"", "complete": False})
            header_kind = None
        elif span:
            length, kind = int(span.group(1)), span.group(2)
            text = span.group(3)
            if text is None:
                text = LOG_WORDS.get(span.group(4), "")
            data = span_bytes(raw, off, length, text)
            msg = messages[-1]
            # Trailer fields (after the head) are skipped by the parser (wk_http.h).
            if kind.startswith("header") and msg["status"] is not None:
                continue
            if kind == "header_field":
                if header_kind != "field":
                    msg["headers"].append([b"", []])
                msg["headers"][-1][0] += data
                header_kind = "field"
            elif kind == "header_value":
                msg["headers"][-1][1].append(data)
                header_kind = "value"
            elif kind == "body":
                msg["body"] += data
        elif rest.startswith("headers complete"):
            code = re.search(r"status=(\d+)", rest)
            messages[-1]["status"] = int(code.group(1)) if code else 200  # a request: see as_response
            messages[-1]["end_of_head"] = off
        elif rest == "message complete":
            messages[-1]["complete"] = True
            messages[-1]["end"] = off
        elif rest.startswith("error"):
            error = rest
            break
    return messages, error


def as_response(case):
    """A request case as a response case (see the module doc), or None."""
    raw = case["raw"]
    messages, error = expected_events(case)
    first_eol = raw.find(b"\n")
    request_line = raw[:first_eol + 1]
    m = re.search(rb" HTTP/(\d)\.(\d)\r?\n$", request_line)
    if not m or not messages:
        return None
    err_at = re.match(r"^off=(\d+) error", next((l for l in case["log"] if " error " in l), ""))
    if err_at and int(err_at.group(1)) <= first_eol:
        return None  # about the request line itself: nothing to translate
    msg = messages[0]
    framed = any(name.lower() in (b"content-length", b"transfer-encoding")
                 for name, _ in msg["headers"])
    end = msg.get("end")
    rest = raw[first_eol + 1:end] if end is not None else raw[first_eol + 1:]
    status_line = b"HTTP/%s.%s 200 OK\r\n" % (m.group(1), m.group(2))
    head_end = msg.get("end_of_head")
    msg = dict(msg)
    blank = (b"\r\n" + rest).find(b"\r\n\r\n")
    if not framed and head_end is not None and blank >= 0:
        # last header, so no header line changes meaning (e.g. by being folded)
        cut = blank
        rest = rest[:cut] + b"Content-Length: 0\r\n" + rest[cut:]
        msg["headers"] = msg["headers"] + [[b"Content-Length", [b"0"]]]
    new = dict(case)
    new["raw"] = status_line + rest
    new["expected"] = ([msg], error if not msg["complete"] else None)
    return new


def normalize_value(spans):
    # llhttp reports a value as spans, one per obs-fold line, keeping their
    # whitespace; the parser trims the value and joins folds with one space
    # (wk_http.h), so compare that way.
    parts = [span.strip(b" \t") for span in spans]
    return b" ".join(part for part in parts if part)


def run_driver(driver, raw, eof, step):
    with tempfile.NamedTemporaryFile(delete=False) as handle:
        handle.write(raw)
        path = handle.name
    try:
        args = [driver, path, "--step", str(step)]
        if eof:
            args.append("--eof")
        out = subprocess.run(args, capture_output=True, check=True, timeout=30).stdout
    finally:
        os.unlink(path)
    messages = []
    result = None
    diag = ""
    for line in out.decode("utf-8", "replace").splitlines():
        word, _, rest = line.partition(" ")
        if word == "message":
            messages.append({"status": None, "headers": [], "body": b"", "complete": False})
        elif word == "status":
            messages[-1]["status"] = int(rest)
        elif word == "header":
            name, value = rest.split(" ")
            unhex = (lambda h: b"" if h == "-" else bytes.fromhex(h))
            messages[-1]["headers"].append([unhex(name), unhex(value)])
        elif word == "body":
            messages[-1]["body"] += bytes.fromhex(rest)
        elif word == "complete":
            messages[-1]["complete"] = True
        elif word == "result":
            result, _, diag = rest.partition(" ")
    if messages and messages[-1]["status"] is None and not messages[-1]["complete"]:
        messages.pop()  # a message that never got a head
    return {"messages": messages, "result": result, "diag": diag}


def compare(expected, ours):
    """'' when our outcome matches llhttp's, else what differs."""
    messages, error = expected
    mid_message = bool(messages) and not messages[-1]["complete"]
    # Interim 1xx heads (not 101) are skipped by the parser and never reported;
    # a message whose head never completed reported nothing either.
    messages = [m for m in messages
                if m["status"] is not None and not (100 <= m["status"] < 200
                                                    and m["status"] != 101 and m["complete"])]
    got = ours["messages"]
    result = ours["result"]
    if error is not None:
        if not result.startswith("WK_ERR"):
            return f"llhttp rejects ({error}), ours {result}"
        messages = [m for m in messages if m["complete"]]
        got = [m for m in got if m["complete"]]
    elif mid_message:
        if result != "WK_PARTIAL":
            return f"llhttp waits for more input, ours {result} ({ours['diag']})"
    elif result != "WK_OK":
        return f"llhttp accepts, ours {result} ({ours['diag']})"
    if len(messages) != len(got):
        return f"{len(messages)} messages expected, {len(got)} seen"
    for i, (want, have) in enumerate(zip(messages, got)):
        if want["status"] != have["status"]:
            return f"message {i}: status {have['status']}, expected {want['status']}"
        want_headers = [(n, normalize_value(v)) for n, v in want["headers"]]
        have_headers = [(n, v) for n, v in have["headers"]]
        if want_headers != have_headers:
            return f"message {i}: headers {have_headers}, expected {want_headers}"
        if want["body"] != have["body"]:
            return f"message {i}: body {have['body'][:80]!r}, expected {want['body'][:80]!r}"
    return ""


def load_differences(path):
    """{(file, title): (status, reason)} from 'file | title | STATUS | reason' lines."""
    table = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4 or not parts[3]:
                raise SystemExit(f"bad line in {path}: {line}")
            table[(parts[0], parts[1])] = (parts[2], parts[3])
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--differences", required=True)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    differences = load_differences(args.differences)
    used = set()
    counts = {"agree": 0, "differ": 0, "failed": 0}
    for sub in ("response", "request-framing"):
        folder = os.path.join(args.vectors, sub)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md"):
                continue
            rel = f"{sub}/{name}"
            for case in parse_md(os.path.join(folder, name)):
                meta = case["meta"] or {}
                kind = meta.get("type", "")
                if sub == "request-framing":
                    case = as_response(case)
                    if case is None:
                        continue
                else:
                    case["expected"] = expected_events(case)
                eof = kind == "response-finish"
                runs = [run_driver(args.driver, case["raw"], eof, step) for step in (0, 1, 7)]
                key = (rel, case["title"])
                problem = ""
                for other in runs[1:]:
                    if (other["result"], other["messages"]) != (runs[0]["result"], runs[0]["messages"]):
                        problem = f"split feeding changed the outcome: {other['result']} vs {runs[0]['result']}"
                mismatch = compare(case["expected"], runs[0])
                if key in differences:
                    used.add(key)
                    want, reason = differences[key]
                    if runs[0]["result"] != want:
                        problem = problem or f"listed as {want} ({reason}), ours {runs[0]['result']} ({runs[0]['diag']})"
                    elif not mismatch:
                        problem = problem or "listed as a difference but agrees with llhttp"
                    state = "differ"
                else:
                    problem = problem or mismatch
                    state = "agree"
                if problem:
                    counts["failed"] += 1
                    print(f"FAIL {rel}: {case['title']} [{kind}]: {problem}")
                else:
                    counts[state] += 1
                    if args.v:
                        print(f"ok   {rel}: {case['title']} [{state}] {runs[0]['result']}")
    for key in sorted(set(differences) - used):
        counts["failed"] += 1
        print(f"FAIL differences list names a case that does not exist: {key[0]} | {key[1]}")
    if counts["agree"] < MIN_AGREEING:
        counts["failed"] += 1
        print(f"FAIL only {counts['agree']} cases agree; at least {MIN_AGREEING} did "
              "(the vectors were not all read?)")
    print(f"llhttp vectors: {counts['agree']} agree, {counts['differ']} listed differences, "
          f"{counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
