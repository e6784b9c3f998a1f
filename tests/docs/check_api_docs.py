#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs doxygen over the public headers (the project's Doxyfile, output in a
scratch directory) and fails on any warning: an undocumented parameter or
return value, a broken reference or a malformed command. Then, from the XML,
fails for every public function whose documentation has no @code example, and
when a table of docs/PORTING.md does not list exactly the functions its
header declares, with the statuses (or type) each returns: the link-time
functions of wk_port.h, and the TLS contract of wk_tls.h.

    check_api_docs.py DOXYGEN SOURCE_DIR WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET


STATUS = re.compile(r"\bWK_(?:OK|PARTIAL|WOULD_BLOCK|STOPPED|ERR_[A-Z0-9_]+)\b")


def returns_of(member):
    """What a function returns: its statuses from @return, or its C type."""
    ret = member.find(".//simplesect[@kind='return']")
    statuses = set(STATUS.findall("".join(ret.itertext()))) if ret is not None else set()
    return statuses or {"".join(member.find("type").itertext()).strip()}


# The tables of docs/PORTING.md: the prefix of their rows, and the header whose
# declarations they must list exactly.
TABLES = (("wk_port_", "wk_port.h", "wk__port_8h.xml"),
          ("wk_tls_", "wk_tls.h", "wk__tls_8h.xml"))


def porting_mismatches(source, prefix, header, declared):
    """Rows of a PORTING.md table against the declarations of its header."""
    row = re.compile(r"^\| `(%s\w+)\(\)` \|[^|]*\| ([^|]*) \|" % prefix)
    table = {}
    with open(os.path.join(source, "docs", "PORTING.md"), encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if m:
                cell = m.group(2)
                table[m.group(1)] = set(STATUS.findall(cell)) or {cell.strip("` ")}
    problems = []
    for name in sorted(set(table) | set(declared)):
        if name not in table:
            problems.append("docs/PORTING.md: %s (declared in %s) is not in the table" % (name, header))
        elif name not in declared:
            problems.append("docs/PORTING.md: %s is not declared in %s" % (name, header))
        elif table[name] != declared[name]:
            problems.append("docs/PORTING.md: %s returns %s, %s says %s" % (
                name, ", ".join(sorted(table[name])), header, ", ".join(sorted(declared[name]))))
    return problems


def main():
    doxygen, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    warn_log = os.path.join(work, "warnings.log")
    with open(os.path.join(source, "Doxyfile"), encoding="utf-8") as f:
        config = f.read()
    # Later assignments win: keep the checkout clean, collect the warnings.
    # HTML stays on: doxygen 1.9.4 generating XML alone reports "parameters
    # of member ... are not documented" for every function, documented or not.
    config += "\nOUTPUT_DIRECTORY = %s\nWARN_LOGFILE = %s\nGENERATE_HTML = YES\nGENERATE_XML = YES\n" % (
        work, warn_log)
    run = subprocess.run([doxygen, "-"], input=config, text=True, cwd=source,
                         capture_output=True, check=False)
    if run.returncode != 0:
        print(run.stdout + run.stderr)
        print("FAIL: doxygen exited %d" % run.returncode)
        return 1
    # One warning is its line plus indented continuation lines ("  parameter
    # 'x'"); with two output formats doxygen reports some twice: count once.
    warnings = []
    with open(warn_log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            if line.startswith(" ") and warnings:
                warnings[-1] += "\n" + line.rstrip()
            else:
                warnings.append(line.rstrip())
    warnings = list(dict.fromkeys(warnings))
    for w in warnings:
        print(w.replace(source + "/", ""))

    missing = []
    functions = 0
    declared = {xml: {} for _, _, xml in TABLES}
    xml_dir = os.path.join(work, "xml")
    for name in sorted(os.listdir(xml_dir)):
        if not name.endswith("_8h.xml"):
            continue
        root = ET.parse(os.path.join(xml_dir, name)).getroot()
        for member in root.iter("memberdef"):
            if member.get("kind") != "function":
                continue
            functions += 1
            if name in declared:
                declared[name][member.findtext("name")] = returns_of(member)
            detail = member.find("detaileddescription")
            if detail is None or detail.find(".//programlisting") is None:
                missing.append("%s: %s has no @code example" % (
                    member.find("location").get("file").replace(source + "/", ""),
                    member.findtext("name")))
    porting = []
    for prefix, header, xml in TABLES:
        porting += porting_mismatches(source, prefix, header, declared[xml])
    listed = sum(len(d) for d in declared.values())
    for m in missing + porting:
        print(m)
    print("api docs: %d public functions, %d doxygen warnings, %d without an example, "
          "%d of %d port and TLS contract functions wrong in docs/PORTING.md"
          % (functions, len(warnings), len(missing), len(porting), listed))
    return 1 if warnings or missing or porting or functions == 0 or not all(declared.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
