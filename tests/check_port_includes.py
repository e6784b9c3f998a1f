#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A port, the self-test and every platform are built from the public headers
alone, as they would be against an installed package: none may see the
core's private headers (core/src).

Fails when a compile command of a file under port/ or platform/ names
core/src on its include path, or when such a file includes a private header
(wk_internal.h, any *_internal.h or *_invasive.h) or reaches into core/src.

    check_port_includes.py SOURCE_DIR COMPILE_COMMANDS_JSON...
"""
import json
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
PRIVATE = re.compile(r"(^|/)(\w+_internal|\w+_invasive)\.h$|core/src")


def sources(root):
    for top in ("port", "platform"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def main():
    root = os.path.realpath(sys.argv[1])
    core_src = os.path.join(root, "core", "src")
    problems = []
    seen = 0
    for db in sys.argv[2:]:
        with open(db, encoding="utf-8") as f:
            entries = json.load(f)
        for e in entries:
            path = os.path.realpath(os.path.join(e["directory"], e["file"]))
            rel = os.path.relpath(path, root)
            if not rel.startswith(("port" + os.sep, "platform" + os.sep)):
                continue
            seen += 1
            words = e.get("arguments") or e["command"].split()
            for i, w in enumerate(words):
                d = None
                if w in ("-I", "-isystem", "-iquote", "-idirafter") and i + 1 < len(words):
                    d = words[i + 1]
                elif w.startswith(("-I", "-isystem", "-iquote", "-idirafter")):
                    d = re.sub(r"^-(I|isystem|iquote|idirafter)", "", w)
                if d and os.path.realpath(os.path.join(e["directory"], d)) == core_src:
                    problems.append("%s: compiled with core/src on its include path" % rel)
    for path in sources(root):
        with open(path, encoding="utf-8", errors="replace") as f:
            for name in INCLUDE.findall(f.read()):
                if PRIVATE.search(name):
                    problems.append("%s: includes the core's private %s"
                                    % (os.path.relpath(path, root), name))
    for p in sorted(set(problems)):
        print(p)
    print("port includes: %d compile commands under port/ and platform/, %d problems"
          % (seen, len(set(problems))))
    return 1 if problems or seen == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
