#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The README's Layout table must name every top-level directory of the
tree, every port adapter under port/ and every program under platform/, so
that a reader who goes by it finds everything (and nothing that is gone)."""
import os
import re
import sys

root = sys.argv[1]
text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
section = re.search(r"^## Layout\n(.*?)^## ", text, re.S | re.M)
if not section:
    sys.exit("README.md has no '## Layout' section")
rows = [line for line in section.group(1).splitlines() if line.startswith("| `")]
first = {}  # first column's paths -> the row's text
for row in rows:
    cells = row.split("|")
    for path in re.findall(r"`([^`]+)`", cells[1]):
        first[path.rstrip("/")] = cells[2]

problems = []
tracked = {e for e in os.listdir(root) if not e.startswith(".") and not e.startswith("build")}
for entry in sorted(tracked):
    is_dir = os.path.isdir(os.path.join(root, entry))
    if is_dir and entry != "platform" and entry not in first:
        problems.append("top-level directory %s/ has no row" % entry)
for path in first:
    if not os.path.exists(os.path.join(root, path)):
        problems.append("row %s names nothing in the tree" % path)
for prog in sorted(os.listdir(os.path.join(root, "platform"))):
    if "platform/" + prog not in first:
        problems.append("platform/%s/ has no row" % prog)
port_row = first.get("port", "")
for adapter in sorted(os.listdir(os.path.join(root, "port"))):
    if os.path.isdir(os.path.join(root, "port", adapter)) and adapter != "include" \
            and "`%s`" % adapter not in port_row:
        problems.append("port/%s/ is not named in the port/ row" % adapter)
for p in problems:
    print("README layout:", p)
if problems:
    sys.exit(1)
print("README layout names all %d top-level directories, programs and port adapters" % len(first))
