#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs doxygen over the public headers (the project's Doxyfile, output in a
scratch directory) and fails on any warning: an undocumented parameter or
return value, a broken reference or a malformed command. Then, from the XML,
fails for every public function whose documentation has no @code example, and
when the table of link-time functions in docs/PORTING.md does not list exactly
the functions wk_port.h declares with the statuses (or type) each returns.

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


def porting_mismatches(source, port_functions):
    """Rows of the PORTING.md table against the declarations of wk_port.h."""
    row = re.compile(r"^\| `(wk_port_\w+)\(\)` \|[^|]*\| ([^|]*) \|")
    table = {}
    with open(os.path.join(source, "docs", "PORTING.md"), encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if m:
                cell = m.group(2)
                table[m.group(1)] = set(STATUS.findall(cell)) or {cell.strip("` ")}
    problems = []
    for name in sorted(set(table) | set(port_functions)):
        if name not in table:
            problems.append("docs/PORTING.md: %s (declared in wk_port.h) is not in the table" % name)
        elif name not in port_functions:
            problems.append("docs/PORTING.md: %s is not declared in wk_port.h" % name)
        elif table[name] != port_functions[name]:
            problems.append("docs/PORTING.md: %s returns %s, wk_port.h says %s" % (
                name, ", ".join(sorted(table[name])), ", ".join(sorted(port_functions[name]))))
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
    port_functions = {}
    xml_dir = os.path.join(work, "xml")
    for name in sorted(os.listdir(xml_dir)):
        if not name.endswith("_8h.xml"):
            continue
        root = ET.parse(os.path.join(xml_dir, name)).getroot()
        for member in root.iter("memberdef"):
            if member.get("kind") != "function":
                continue
            functions += 1
            if name == "wk__port_8h.xml":
                port_functions[member.findtext("name")] = returns_of(member)
            detail = member.find("detaileddescription")
            if detail is None or detail.find(".//programlisting") is None:
                missing.append("%s: %s has no @code example" % (
                    member.find("location").get("file").replace(source + "/", ""),
                    member.findtext("name")))
    porting = porting_mismatches(source, port_functions)
    for m in missing + porting:
        print(m)
    print("api docs: %d public functions, %d doxygen warnings, %d without an example, "
          "%d of %d port functions wrong in docs/PORTING.md"
          % (functions, len(warnings), len(missing), len(porting), len(port_functions)))
    return 1 if warnings or missing or porting or functions == 0 or not port_functions else 0


if __name__ == "__main__":
    sys.exit(main())
